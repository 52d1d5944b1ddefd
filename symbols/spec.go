// Package symbols builds the specification of a traded symbol as MetaTrader 5
// users know it (digits, point, contract size, volume limits, currencies,
// leverage, commission, swap, spread) from layers: the tester's defaults,
// what the data shows (inference), a preset, a specification file and
// explicit settings. Each value remembers which layer gave it.
package symbols

import (
	"fmt"
	"math"
	"strings"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/tester"
)

// Spec is a resolved symbol specification, as stored in run.json
// "symbol_spec"; Source maps each field's json name to where it came from.
type Spec = frames.SymbolSpec

// Where a value came from (Spec.Source values; a file is "file:<path>" and a
// preset "preset:<name>").
const (
	SourceDefault  = "default"  // the tester's default
	SourceInferred = "inferred" // read from the data's prices or the symbol's name
	SourceAccount  = "account"  // an unknown currency, taken as the account currency
	SourceFlag     = "flag"     // set explicitly on the command line
)

// Partial is one layer of settings: a nil field leaves the value of the
// layers below it. Its TOML keys are the names of run.json's symbol_spec.
type Partial struct {
	Digits         *int     `toml:"digits"`
	Point          *float64 `toml:"point"`
	TickSize       *float64 `toml:"tick_size"`
	ContractSize   *float64 `toml:"contract_size"`
	VolumeMin      *float64 `toml:"volume_min"`
	VolumeStep     *float64 `toml:"volume_step"`
	VolumeMax      *float64 `toml:"volume_max"`
	BaseCurrency   *string  `toml:"base_currency"`
	ProfitCurrency *string  `toml:"profit_currency"`
	MarginCurrency *string  `toml:"margin_currency"`
	Leverage       *float64 `toml:"leverage"`
	Spread         *float64 `toml:"spread"`
	FixedSpread    *bool    `toml:"fixed_spread"`
	Commission     *float64 `toml:"commission"`
	SwapLong       *float64 `toml:"swap_long"`
	SwapShort      *float64 `toml:"swap_short"`
}

// Layer is a Partial and the name of its source ("preset:index", ...).
type Layer struct {
	Source string
	Values Partial
}

// Resolve builds the specification of symbol for an account in
// accountCurrency: the tester's defaults, then each layer in order (later
// layers win). Currencies no layer names are taken from the others (the base
// from the profit currency, the margin from the base) and finally from the
// account, so a symbol nothing is known about never needs a conversion.
func Resolve(symbol, accountCurrency string, layers ...Layer) Spec {
	d := tester.DefaultConfig().Symbol
	s := Spec{Name: symbol, Digits: d.Digits, Point: d.Point, TickSize: d.Point, ContractSize: d.ContractSize,
		VolumeMin: d.VolumeMin, VolumeStep: d.VolumeStep, VolumeMax: d.VolumeMax, Spread: d.Spread,
		Source: map[string]string{}}
	for _, k := range []string{"digits", "point", "tick_size", "contract_size", "volume_min", "volume_step",
		"volume_max", "leverage", "spread", "fixed_spread", "commission", "swap_long", "swap_short"} {
		s.Source[k] = SourceDefault
	}
	tickSet := false
	for _, l := range layers {
		tickSet = apply(&s, l) || tickSet
	}
	if !tickSet { // MetaTrader's tick size is the point unless a symbol says otherwise
		s.TickSize = s.Point
		s.Source["tick_size"] = s.Source["point"]
	}
	fillCurrencies(&s, accountCurrency)
	return s
}

// apply sets the fields l gives and reports whether it set the tick size.
// A layer that gives digits without a point (or a point without digits)
// gives both: a point is 10^-digits.
func apply(s *Spec, l Layer) bool {
	p, src := l.Values, l.Source
	switch {
	case p.Digits != nil && p.Point == nil:
		p.Point = f(PointOf(*p.Digits))
	case p.Point != nil && p.Digits == nil && *p.Point > 0:
		p.Digits = i(max(0, int(math.Round(-math.Log10(*p.Point)))))
	}
	set(&s.Digits, p.Digits, "digits", src, s)
	set(&s.Point, p.Point, "point", src, s)
	set(&s.TickSize, p.TickSize, "tick_size", src, s)
	set(&s.ContractSize, p.ContractSize, "contract_size", src, s)
	set(&s.VolumeMin, p.VolumeMin, "volume_min", src, s)
	set(&s.VolumeStep, p.VolumeStep, "volume_step", src, s)
	set(&s.VolumeMax, p.VolumeMax, "volume_max", src, s)
	set(&s.BaseCurrency, upper(p.BaseCurrency), "base_currency", src, s)
	set(&s.ProfitCurrency, upper(p.ProfitCurrency), "profit_currency", src, s)
	set(&s.MarginCurrency, upper(p.MarginCurrency), "margin_currency", src, s)
	set(&s.Leverage, p.Leverage, "leverage", src, s)
	set(&s.Spread, p.Spread, "spread", src, s)
	set(&s.FixedSpread, p.FixedSpread, "fixed_spread", src, s)
	set(&s.Commission, p.Commission, "commission", src, s)
	set(&s.SwapLong, p.SwapLong, "swap_long", src, s)
	set(&s.SwapShort, p.SwapShort, "swap_short", src, s)
	return p.TickSize != nil
}

func set[T any](dst *T, v *T, key, src string, s *Spec) {
	if v != nil {
		*dst = *v
		s.Source[key] = src
	}
}

func upper(p *string) *string {
	if p == nil {
		return nil
	}
	u := strings.ToUpper(strings.TrimSpace(*p))
	return &u
}

// fillCurrencies completes the currencies no layer named.
func fillCurrencies(s *Spec, account string) {
	account = strings.ToUpper(account)
	if s.ProfitCurrency == "" {
		s.ProfitCurrency, s.Source["profit_currency"] = account, SourceAccount
	}
	if s.BaseCurrency == "" { // a CFD's base is the currency it is quoted in
		s.BaseCurrency, s.Source["base_currency"] = s.ProfitCurrency, s.Source["profit_currency"]
	}
	if s.MarginCurrency == "" { // MetaTrader's Forex margin is in the base currency
		s.MarginCurrency, s.Source["margin_currency"] = s.BaseCurrency, s.Source["base_currency"]
	}
}

// Validate reports the values of s that cannot work, naming the source of
// each.
func Validate(s Spec) error {
	bad := problems(s)
	if len(bad) == 0 {
		return nil
	}
	msgs := make([]string, len(bad))
	for k, p := range bad {
		msgs[k] = fmt.Sprintf("%s (%s): %s", p.key, s.Source[p.key], p.msg)
	}
	return fmt.Errorf("symbol %s: %s", s.Name, strings.Join(msgs, "; "))
}

// problem is one value that cannot work.
type problem struct{ key, msg string }

func problems(s Spec) []problem {
	var bad []problem
	check := func(ok bool, key, format string, args ...any) {
		if !ok {
			bad = append(bad, problem{key, fmt.Sprintf(format, args...)})
		}
	}
	check(s.Digits >= 0 && s.Digits <= 10, "digits", "want 0..10, got %d", s.Digits)
	check(s.Point > 0, "point", "want > 0, got %g", s.Point)
	check(s.TickSize > 0, "tick_size", "want > 0, got %g", s.TickSize)
	check(s.ContractSize > 0, "contract_size", "want > 0, got %g", s.ContractSize)
	check(s.VolumeMin > 0, "volume_min", "want > 0, got %g", s.VolumeMin)
	check(s.VolumeStep > 0, "volume_step", "want > 0, got %g", s.VolumeStep)
	check(s.VolumeMax >= s.VolumeMin, "volume_max", "%g is below volume_min %g", s.VolumeMax, s.VolumeMin)
	check(s.Leverage >= 0, "leverage", "want >= 0 (0: the account's), got %g", s.Leverage)
	check(s.Spread >= 0, "spread", "want >= 0, got %g", s.Spread)
	check(s.Commission >= 0, "commission", "want >= 0, got %g", s.Commission)
	for _, c := range []struct{ key, v string }{{"base_currency", s.BaseCurrency},
		{"profit_currency", s.ProfitCurrency}, {"margin_currency", s.MarginCurrency}} {
		check(isCurrency(c.v), c.key, "want a three-letter currency code such as USD, got %q", c.v)
	}
	return bad
}

// isCurrency reports whether c looks like a currency code: three letters.
func isCurrency(c string) bool {
	if len(c) != 3 {
		return false
	}
	for _, r := range c {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// Tester returns the tester's settings for s (money stays in the profit
// currency: the conversion is separate, see Convert).
func Tester(s Spec) tester.Symbol {
	return tester.Symbol{ContractSize: s.ContractSize, Point: s.Point, Digits: s.Digits,
		VolumeMin: s.VolumeMin, VolumeStep: s.VolumeStep, VolumeMax: s.VolumeMax, Leverage: s.Leverage,
		Spread: s.Spread, FixedSpread: s.FixedSpread, Commission: s.Commission,
		SwapLong: s.SwapLong, SwapShort: s.SwapShort}
}

// PointOf is the point of prices quoted with digits decimals, 10^-digits,
// written as the literal a person would type (0.001, not a computed power).
func PointOf(digits int) float64 {
	points := [...]float64{1, 0.1, 0.01, 0.001, 0.0001, 0.00001, 0.000001, 0.0000001, 0.00000001,
		0.000000001, 0.0000000001}
	if digits < 0 || digits >= len(points) {
		return math.Pow(10, -float64(digits))
	}
	return points[digits]
}
