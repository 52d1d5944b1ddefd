package optimize

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Type is the type of an expert input.
type Type int

// The input types an expert can declare. Bool values are carried as 0 and 1.
const (
	Int Type = iota
	Double
	Bool
)

var typeNames = [...]string{Int: "int", Double: "double", Bool: "bool"}

// String returns "int", "double" or "bool".
func (t Type) String() string {
	if t < 0 || int(t) >= len(typeNames) {
		return fmt.Sprintf("Type(%d)", int(t))
	}
	return typeNames[t]
}

func (t Type) valid() bool { return t >= Int && t <= Bool }

// MarshalText writes the type by name, so manifests read "int" rather than 0.
func (t Type) MarshalText() ([]byte, error) {
	if !t.valid() {
		return nil, fmt.Errorf("invalid parameter type %d", int(t))
	}
	return []byte(t.String()), nil
}

// UnmarshalText reads a type written by MarshalText.
func (t *Type) UnmarshalText(b []byte) error {
	for i, name := range typeNames {
		if string(b) == name {
			*t = Type(i)
			return nil
		}
	}
	return fmt.Errorf("unknown parameter type %q (want int, double or bool)", b)
}

// Decl declares one input of an expert: its name, default value and type.
type Decl struct {
	Name    string
	Default float64
	Type    Type
}

// Param is one input of an expert as a run uses it: the five fields of an MT5
// .set line (value, start, step, stop, optimize) plus the name and type.
// A fixed parameter (Optimize false) always takes Value; an optimized one takes
// the values Start + k·Step within [Start, Stop].
type Param struct {
	Name     string  `json:"name"`
	Type     Type    `json:"type"`
	Value    float64 `json:"value"`
	Start    float64 `json:"start"`
	Step     float64 `json:"step"`
	Stop     float64 `json:"stop"`
	Optimize bool    `json:"optimize"`
}

// Dim returns the optimized dimension the parameter spans.
func (p Param) Dim() Dim {
	return Dim{Name: p.Name, Start: p.Start, Step: p.Step, Stop: p.Stop, Integer: p.Type != Double}
}

// defaultParam is the parameter an expert's declaration gives before any
// .set file or flag: fixed at the default, with a range of that one value.
func defaultParam(d Decl) Param {
	p := Param{Name: d.Name, Type: d.Type, Value: d.Default, Start: d.Default, Stop: d.Default}
	if d.Type != Double {
		p.Step = 1
	}
	return p
}

// check validates a parameter against its type: integral values for Int, 0/1
// for Bool, and for an optimized one a non-empty range with a positive step.
// The range fields of a fixed parameter are not checked: MT5 writes whatever
// was last in its dialog there.
func (p *Param) check() error {
	if err := p.Type.checkValue("value", p.Value); err != nil {
		return err
	}
	if !p.Optimize {
		return nil
	}
	if p.Type == Bool {
		// MT5 writes 0 as the step of a bool; its only grid is false, true.
		p.Step = 1
	}
	for _, f := range []struct {
		what string
		v    float64
	}{{"start", p.Start}, {"step", p.Step}, {"stop", p.Stop}} {
		if err := p.Type.checkValue(f.what, f.v); err != nil {
			return err
		}
	}
	if p.Step <= 0 {
		return fmt.Errorf("step %s must be > 0", formatNumber(p.Step))
	}
	if p.Start > p.Stop {
		return fmt.Errorf("start %s > stop %s", p.format(p.Start), p.format(p.Stop))
	}
	return nil
}

// checkValue reports whether v is a valid value of the type.
func (t Type) checkValue(what string, v float64) error {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return fmt.Errorf("%s %v is not a finite number", what, v)
	case t == Int && v != math.Trunc(v):
		return fmt.Errorf("%s %s is not an integer", what, formatNumber(v))
	case t == Int && math.Abs(v) > 1<<53:
		return fmt.Errorf("%s %s is out of the integer range", what, formatNumber(v))
	case t == Bool && v != 0 && v != 1:
		return fmt.Errorf("%s %s is not a bool (0 or 1)", what, formatNumber(v))
	}
	return nil
}

// errEmpty reports an empty field where a number is needed.
var errEmpty = errors.New("empty value")

// parseValue reads one value of the given type: a number, or for Bool one of
// true, false, 0, 1 (any case).
func parseValue(t Type, s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errEmpty
	}
	if t == Bool {
		switch strings.ToLower(s) {
		case "true", "1":
			return 1, nil
		case "false", "0":
			return 0, nil
		}
		return 0, fmt.Errorf("%q is not a bool (true, false, 1 or 0)", s)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if t == Int && v != math.Trunc(v) {
		return 0, fmt.Errorf("%q is not an integer", s)
	}
	return v, nil
}

// format writes a value of the parameter as a trader would type it.
func (p Param) format(v float64) string {
	if p.Type == Bool {
		return strconv.FormatBool(v != 0)
	}
	return formatNumber(v)
}

// formatNumber writes v in plain decimal (no exponent: MT5 does not read one).
func formatNumber(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// String writes the parameter in the --param syntax: Name=value when fixed,
// Name=start:stop:step when optimized.
func (p Param) String() string {
	if !p.Optimize {
		return p.Name + "=" + p.format(p.Value)
	}
	if p.Type == Bool {
		return p.Name + "=" + p.format(p.Start) + ":" + p.format(p.Stop)
	}
	return p.Name + "=" + p.format(p.Start) + ":" + p.format(p.Stop) + ":" + formatNumber(p.Step)
}
