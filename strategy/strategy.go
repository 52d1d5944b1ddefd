// Package strategy reads rule-based strategies from TOML files and runs them
// in the tester like the built-in experts.
//
// A strategy file declares inputs and four rules (buy, sell, close_buy,
// close_sell) written as expressions over price series, indicators and
// inputs, with optional stops, lot sizing and trading hours. Expressions are
// parsed with expr-lang's parser and checked once; for each pass they are
// turned into whole-series arrays over the bars (every distinct indicator and
// sub-expression computed once and shared through the tester.Env cache), so
// the per-bar work of a pass is reading a few precomputed values.
// docs/strategies.md documents the format and every function.
package strategy

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"strings"

	"github.com/passframes/passframes/experts"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/tester"
)

// Strategy is a checked strategy file.
type Strategy struct {
	Name        string
	Description string
	File        string // the path it was read from
	Text        string // the file's text
	Inputs      []optimize.Decl
	// Demo is the grid of the inputs that declare a range; Constraint the
	// file's constraint over the inputs.
	Demo       []string
	Constraint string

	rules   [4]*node // buy, sell, close_buy, close_sell; nil when absent
	stops   [4]*node // buy_sl, buy_tp, sell_sl, sell_tp as levels, or distances
	isLevel [4]bool
	lots    lotRule
	hours   *hourFilter
}

const (
	ruleBuy = iota
	ruleSell
	ruleCloseBuy
	ruleCloseSell
)

const (
	stopBuySL = iota
	stopBuyTP
	stopSellSL
	stopSellTP
)

// lotRule sizes an order: fixed lots when Fixed is set and positive for the
// pass, otherwise a share of equity as notional, or a risk share on the stop
// distance.
type lotRule struct {
	fixed, equityPct, riskPct *node
}

// Load reads and checks the strategy file at path.
func Load(path string) (*Strategy, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, text)
}

// Parse checks the text of a strategy file; name locates errors.
func Parse(name string, text []byte) (*Strategy, error) {
	f, src, err := decode(name, text)
	if err != nil {
		return nil, err
	}
	s := &Strategy{Name: f.Name, Description: f.Description, File: name, Text: string(text), Constraint: f.Constraint}
	if s.Name == "" {
		return nil, src.errAt("name", "the strategy needs a name (name = \"...\")")
	}
	c := &compiler{src: src, inputs: map[string]int{}}
	if err := s.readInputs(f, c); err != nil {
		return nil, err
	}
	if err := s.readRules(f, c); err != nil {
		return nil, err
	}
	if err := s.readStops(f, c); err != nil {
		return nil, err
	}
	if err := s.readLots(f, c); err != nil {
		return nil, err
	}
	if f.Hours != nil {
		if s.hours, err = readHours(f.Hours, src); err != nil {
			return nil, err
		}
	}
	return s, nil
}

var inputTypes = map[string]optimize.Type{"int": optimize.Int, "double": optimize.Double, "bool": optimize.Bool}

func (s *Strategy) readInputs(f *document, c *compiler) error {
	for i, in := range f.Inputs {
		at := func(field string) string { return fmt.Sprintf("input.%d.%s", i, field) }
		if in.Name == "" || !isIdent(in.Name) {
			return c.src.errAt(at("name"), "input %d needs a name made of letters, digits and _", i+1)
		}
		if _, dup := c.inputs[in.Name]; dup {
			return c.src.errAt(at("name"), "input %s is declared twice", in.Name)
		}
		if _, clash := baseSeries[in.Name]; clash {
			return c.src.errAt(at("name"), "input %s has the name of a series", in.Name)
		}
		if _, clash := functions[in.Name]; clash {
			return c.src.errAt(at("name"), "input %s has the name of a function", in.Name)
		}
		t, ok := inputTypes[in.Type]
		if !ok {
			return c.src.errAt(at("type"), "input %s: type must be int, double or bool, got %q", in.Name, in.Type)
		}
		def, err := inputDefault(in, t)
		if err != nil {
			return c.src.errAt(at("default"), "input %s: %v", in.Name, err)
		}
		if err := s.readRange(in, t, at, c.src); err != nil {
			return err
		}
		c.inputs[in.Name] = len(s.Inputs)
		ty := tNum
		if t == optimize.Bool {
			ty = tBool
		}
		c.types = append(c.types, ty)
		s.Inputs = append(s.Inputs, optimize.Decl{Name: in.Name, Default: def, Type: t})
	}
	return nil
}

func isIdent(name string) bool {
	for i, r := range name {
		ok := r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (i > 0 && r >= '0' && r <= '9')
		if !ok {
			return false
		}
	}
	return name != ""
}

func inputDefault(in input, t optimize.Type) (float64, error) {
	switch v := in.Default.(type) {
	case nil:
		return 0, fmt.Errorf("a default value is required")
	case bool:
		if t != optimize.Bool {
			return 0, fmt.Errorf("default %v is not a %s", v, t)
		}
		return boolValue(v), nil
	case int64:
		if t == optimize.Bool {
			return 0, fmt.Errorf("default of a bool input must be true or false")
		}
		return float64(v), nil
	case float64:
		if t == optimize.Int && v != math.Trunc(v) {
			return 0, fmt.Errorf("default %g is not a whole number, but the input is an int", v)
		}
		if t == optimize.Bool {
			return 0, fmt.Errorf("default of a bool input must be true or false")
		}
		return v, nil
	}
	return 0, fmt.Errorf("default must be a number or true/false")
}

// readRange checks an input's optional range and adds it to the demo grid.
func (s *Strategy) readRange(in input, t optimize.Type, at func(string) string, src *source) error {
	parts := []*float64{in.Start, in.Step, in.Stop}
	names := []string{"start", "step", "stop"}
	set := 0
	for i, p := range parts {
		if p == nil {
			continue
		}
		set++
		if t != optimize.Double && *p != math.Trunc(*p) {
			return src.errAt(at(names[i]), "input %s: %s %g is not a whole number, but the input is %s", in.Name, names[i], *p, t)
		}
	}
	switch {
	case set == 0:
		return nil
	case set != 3:
		return src.errAt(at(names[0]), "input %s: a range needs start, step and stop together", in.Name)
	case *in.Step <= 0:
		return src.errAt(at("step"), "input %s: step must be > 0, got %g", in.Name, *in.Step)
	case *in.Start > *in.Stop:
		return src.errAt(at("stop"), "input %s: stop %g is below start %g", in.Name, *in.Stop, *in.Start)
	case t == optimize.Bool && (*in.Start < 0 || *in.Stop > 1):
		return src.errAt(at("start"), "input %s: a bool range lies within 0..1", in.Name)
	}
	if t == optimize.Bool { // the grid spells a bool range by its values
		s.Demo = append(s.Demo, fmt.Sprintf("%s=%t:%t", in.Name, *in.Start == 1, *in.Stop == 1))
		return nil
	}
	s.Demo = append(s.Demo, fmt.Sprintf("%s=%g:%g:%g", in.Name, *in.Start, *in.Stop, *in.Step))
	return nil
}

func (s *Strategy) readRules(f *document, c *compiler) error {
	texts := [4]string{f.Rules.Buy, f.Rules.Sell, f.Rules.CloseBuy, f.Rules.CloseSell}
	keys := [4]string{"rules.buy", "rules.sell", "rules.close_buy", "rules.close_sell"}
	for i, text := range texts {
		if strings.TrimSpace(text) == "" {
			continue
		}
		n, err := c.compile(keys[i], text, tBool, false)
		if err != nil {
			return err
		}
		s.rules[i] = n
	}
	if s.rules[ruleBuy] == nil && s.rules[ruleSell] == nil {
		return c.src.errAt("rules", "the strategy needs a buy or a sell rule in [rules]")
	}
	return nil
}

// exprText reads a TOML value that holds an expression: a string or a number.
func exprText(v any) (string, bool) {
	switch v := v.(type) {
	case nil:
		return "", false
	case string:
		return v, strings.TrimSpace(v) != ""
	case int64:
		return fmt.Sprint(v), true
	case float64:
		return formatNum(v), true
	}
	return fmt.Sprint(v), true
}

func (s *Strategy) readStops(f *document, c *compiler) error {
	st := f.Stops
	dist := [2]any{st.SL, st.TP}
	levels := [4]any{st.BuySL, st.BuyTP, st.SellSL, st.SellTP}
	levelKeys := [4]string{"stops.buy_sl", "stops.buy_tp", "stops.sell_sl", "stops.sell_tp"}
	for i, v := range levels {
		text, ok := exprText(v)
		if !ok {
			continue
		}
		n, err := c.compile(levelKeys[i], text, tNum, false)
		if err != nil {
			return err
		}
		s.stops[i], s.isLevel[i] = n, true
	}
	for k, key := range []string{"stops.sl", "stops.tp"} {
		text, ok := exprText(dist[k])
		if !ok {
			continue
		}
		n, err := c.compile(key, text, tNum, false)
		if err != nil {
			return err
		}
		for _, slot := range []int{k, k + 2} { // buy_sl/sell_sl or buy_tp/sell_tp
			if s.stops[slot] != nil {
				return c.src.errAt(key, "%s and %s both set the same stop: keep one", key, levelKeys[slot])
			}
			s.stops[slot] = n
		}
	}
	return nil
}

func (s *Strategy) readLots(f *document, c *compiler) error {
	parts := []struct {
		key string
		v   any
		dst **node
	}{
		{"lots.fixed", f.Lots.Fixed, &s.lots.fixed},
		{"lots.equity_percent", f.Lots.EquityPercent, &s.lots.equityPct},
		{"lots.risk_percent", f.Lots.RiskPercent, &s.lots.riskPct},
	}
	for _, p := range parts {
		text, ok := exprText(p.v)
		if !ok {
			continue
		}
		n, err := c.compile(p.key, text, tNum, true)
		if err != nil {
			return err
		}
		*p.dst = n
	}
	l := s.lots
	switch {
	case l.equityPct != nil && l.riskPct != nil:
		return c.src.errAt("lots.risk_percent", "lots: give equity_percent or risk_percent, not both")
	case l.fixed == nil && l.equityPct == nil && l.riskPct == nil:
		return c.src.errAt("lots", "the strategy needs a [lots] table: fixed, equity_percent or risk_percent")
	case l.riskPct != nil && (s.stops[stopBuySL] == nil && s.rules[ruleBuy] != nil || s.stops[stopSellSL] == nil && s.rules[ruleSell] != nil):
		return c.src.errAt("lots.risk_percent", "lots: risk_percent sizes on the stop distance, so every opening side needs a stop loss (stops.sl, or buy_sl/sell_sl)")
	}
	return nil
}

// Info is what a run records about the strategy (run.json's strategy).
func (s *Strategy) Info() *frames.StrategyInfo {
	sum := sha256.Sum256([]byte(s.Text))
	return &frames.StrategyInfo{Name: s.Name, File: s.File, SHA256: hex.EncodeToString(sum[:]), Text: s.Text}
}

// Def makes the strategy an expert collect can run like a built-in one.
func (s *Strategy) Def() experts.Def {
	return experts.Def{
		Name:           s.Name,
		Description:    s.Description,
		Params:         s.Inputs,
		Demo:           s.Demo,
		DemoConstraint: s.Constraint,
		New: func(env *tester.Env, values []float64) (tester.Expert, error) {
			return s.New(env, values)
		},
	}
}

// New builds the strategy for one pass with the inputs' values (in the
// order of Inputs): it evaluates every rule, stop and lot expression over the
// whole series, through env's shared array cache.
func (s *Strategy) New(env *tester.Env, values []float64) (tester.Expert, error) {
	if len(values) != len(s.Inputs) {
		return nil, fmt.Errorf("%s takes %d inputs, got %d", s.Name, len(s.Inputs), len(values))
	}
	for i, d := range s.Inputs {
		v := values[i]
		if math.IsNaN(v) || (d.Type != optimize.Double && v != math.Trunc(v)) || (d.Type == optimize.Bool && v != 0 && v != 1) {
			return nil, fmt.Errorf("input %s must be a %s value, got %g", d.Name, d.Type, v)
		}
	}
	ev := &evaluator{env: env, inputs: values}
	e := &expert{s: s}
	for i, n := range s.rules {
		if n == nil {
			continue
		}
		r, err := ev.rule(n)
		if err != nil {
			return nil, err
		}
		e.rules[i] = r
	}
	for i, n := range s.stops {
		if n == nil {
			continue
		}
		v, _, err := ev.eval(n)
		if err != nil {
			return nil, err
		}
		e.stops[i], e.hasStop[i] = v, true
	}
	if err := e.sizeRule(ev); err != nil {
		return nil, err
	}
	if s.hours != nil {
		mask, err := env.Array(s.hours.key(), func() ([]float64, error) { return s.hours.mask(env.Bars.Time), nil })
		if err != nil {
			return nil, err
		}
		e.allowed = mask
	}
	if e.wake = wakePlan(e.rules); wakeWorthIt(e.wake) {
		return wakingExpert{e}, nil
	}
	return e, nil
}

// FromInfo rebuilds the strategy a run recorded (run.json's strategy), from
// the text kept there, so a run can be resumed or repeated without the file.
// It refuses a text whose SHA-256 is not the recorded one.
func FromInfo(info *frames.StrategyInfo) (*Strategy, error) {
	sum := sha256.Sum256([]byte(info.Text))
	if hex.EncodeToString(sum[:]) != info.SHA256 {
		return nil, fmt.Errorf("%s: the strategy text kept in the run does not match its SHA-256 %s", info.File, info.SHA256)
	}
	return Parse(info.File, []byte(info.Text))
}
