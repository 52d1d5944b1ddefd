// Package experts holds the built-in trading strategies (MovingAverage,
// MACross, SmaCross) and a registry that names them and declares their inputs.
package experts

import (
	"fmt"
	"strings"

	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/tester"
)

// Def describes an expert: its name, its inputs and how to build one pass of it.
type Def struct {
	Name        string
	Description string
	// Params are the expert's inputs, in the order New receives their values.
	Params []optimize.Decl
	// Demo is the parameter space collect explores when none is given: a
	// small grid that runs in seconds on the bundled sample.
	Demo           []string
	DemoConstraint string
	// New builds the expert for one pass; values follow Params. Indicators come
	// from env, so passes with the same periods share them.
	New func(env *tester.Env, values []float64) (tester.Expert, error)
}

// All returns the built-in experts, then those added with Register.
func All() []Def {
	return append(builtins(), registeredDefs()...)
}

func builtins() []Def {
	defs := []Def{movingAverageDef, maCrossDef, smaCrossDef}
	for i := range defs {
		defs[i].New = checkCount(defs[i])
	}
	return defs
}

// checkCount wraps an expert's constructor so that a wrong number of input
// values is an error rather than an index out of range.
func checkCount(d Def) func(*tester.Env, []float64) (tester.Expert, error) {
	build := d.New
	return func(env *tester.Env, values []float64) (tester.Expert, error) {
		if len(values) != len(d.Params) {
			return nil, fmt.Errorf("%s takes %d inputs, got %d", d.Name, len(d.Params), len(values))
		}
		return build(env, values)
	}
}

// Lookup returns the expert with the given name (case-insensitive).
func Lookup(name string) (Def, error) {
	var names []string
	for _, d := range All() {
		if strings.EqualFold(d.Name, name) {
			return d, nil
		}
		names = append(names, d.Name)
	}
	return Def{}, fmt.Errorf("unknown expert %q (built-in: %s)", name, strings.Join(names, ", "))
}

// Defaults returns the default value of every input of d.
func (d Def) Defaults() []float64 {
	v := make([]float64, len(d.Params))
	for i, p := range d.Params {
		v[i] = p.Default
	}
	return v
}

func intParam(values []float64, i int, name string, min int) (int, error) {
	v := int(values[i])
	if float64(v) != values[i] || v < min {
		return 0, fmt.Errorf("%s must be a whole number >= %d, got %g", name, min, values[i])
	}
	return v, nil
}
