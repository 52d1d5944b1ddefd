// Package criteria defines every criterion a pass can be ranked or optimized
// by, and evaluates them on a frame: the 12 custom criteria built on linear
// regression of the balance/equity points, the composite objectives
// (profit × profit factor, profit per drawdown, ...), MetaTrader 5's own
// "balance" and "balance + X" criteria, and each of the 41 pass statistics.
//
// Each criterion has a stable snake_case name, a direction (higher or lower
// is better) and a formula; All lists them and ByName finds one. An Evaluator
// computes many criteria for many frames without allocating; Rank and
// Spearman order passes and compare orderings.
//
// No value leaves this package as NaN or ±Inf: zero denominators give the
// value docs/criteria.md names (usually 0) and products or ratios that would
// overflow saturate at ±stats.MaxFloat.
package criteria

import (
	"errors"
	"fmt"
	"strings"

	"github.com/passframes/passframes/stats"
	"github.com/passframes/passframes/tester"
)

// The series the regression-based criteria use (Options.By).
const (
	ByBalance = "balance"
	ByEquity  = "equity"
)

// The kinds of criteria, in the order All lists them.
const (
	KindCustom    = "custom"    // the 12 regression-based criteria of docs/criteria.md
	KindComposite = "composite" // products and ratios of statistics (the annealing article)
	KindMT5       = "mt5"       // MetaTrader 5's balance and "balance + X"
	KindStatistic = "statistic" // one of the 41 pass statistics
)

// ErrNoPoints reports a criterion that needs the balance/equity points asked
// of a frame that has none (results imported without them).
var ErrNoPoints = errors.New("criterion needs balance/equity points and the frame has none")

// Frame is what the criteria read of one pass: its statistics and, when the
// frame has them, its compact balance and equity points.
type Frame struct {
	Stats stats.Stats
	// Balance and Equity are the pass's points (docs/points.md), of equal length.
	Balance, Equity []float64
	// EquityMode is tester.MinMax or tester.Min, as a string; any other value
	// (including "") is taken as tester.MinMax, the default.
	EquityMode string
	// HasPoints is false for results imported without points; criteria that
	// need them are then unavailable.
	HasPoints bool
	// Given, when not nil, tells which statistics the frame really has
	// (Given[i] for statistic i): results imported from a file that lacks
	// some hold 0 there, and the criteria built on them are unavailable.
	Given *[stats.Count]bool
}

// Options are the user's settings for the criteria.
type Options struct {
	// By chooses the series the regression-based criteria use: ByBalance
	// (the default when empty) or ByEquity.
	By string
	// Ratio weighs one term of the three profit_*_r2 sums. 0 means the
	// default, 1.
	Ratio float64
}

// normalize fills in defaults and checks the options.
func (o Options) normalize() (Options, error) {
	switch o.By {
	case "":
		o.By = ByBalance
	case ByBalance, ByEquity:
	default:
		return o, fmt.Errorf("criteria: option by = %q: want %q or %q", o.By, ByBalance, ByEquity)
	}
	if o.Ratio == 0 {
		o.Ratio = 1
	}
	if o.Ratio != sat(o.Ratio) {
		return o, fmt.Errorf("criteria: option ratio = %v: want a finite number", o.Ratio)
	}
	return o, nil
}

// Direction says whether a criterion is better when higher or when lower.
type Direction int

const (
	Max Direction = iota // higher is better
	Min                  // lower is better
)

// String returns "max" or "min".
func (d Direction) String() string {
	if d == Min {
		return "min"
	}
	return "max"
}

// Better reports whether value a is strictly better than b in direction d.
func (d Direction) Better(a, b float64) bool {
	if d == Min {
		return a < b
	}
	return a > b
}

// Criterion describes one criterion.
type Criterion struct {
	Name        string
	Direction   Direction
	Description string // the formula in words
	// NeedsPoints is true for criteria that read the balance/equity points.
	// equity_rel and c_recovery_factor read them only in equity mode "min";
	// Available tells for a given frame.
	NeedsPoints bool
	Kind        string // KindCustom, KindComposite, KindMT5, KindStatistic or KindFormula

	f    formula
	expr *formulaExpr // a formula criterion (DefineFormula); nil otherwise
}

// Available reports whether c can be computed for f: true unless c needs
// points that f lacks.
func (c Criterion) Available(f *Frame) bool {
	if c.expr != nil {
		return formulaAvailable(c, f)
	}
	if f.Given != nil {
		for _, i := range uses(c) {
			if !f.Given[i] {
				return false
			}
		}
	}
	if !c.NeedsPoints || f.HasPoints {
		return true
	}
	switch c.f {
	case fEquityRel, fCRecoveryFactor:
		return f.EquityMode != string(tester.Min)
	}
	return false
}

// All returns every criterion in a stable order: the 12 custom criteria in the
// order of docs/criteria.md, the composite objectives, MetaTrader 5's criteria,
// then the 41 statistics in docs/statistics.md order, then the formulas defined
// with DefineFormula, by name.
func All() []Criterion {
	return append(append([]Criterion(nil), registry...), formulaList()...)
}

// ByName returns the criterion with the given name. An exact match wins; a
// name differing only in letter case (profit_r_equity_r2) is accepted too.
func ByName(name string) (Criterion, error) {
	if i, ok := byName[name]; ok {
		return registry[i], nil
	}
	if c, ok := lookupFormula(name); ok {
		return c, nil
	}
	for _, c := range registry {
		if strings.EqualFold(c.Name, name) {
			return c, nil
		}
	}
	names := make([]string, len(registry))
	for i, c := range registry {
		names[i] = c.Name
	}
	return Criterion{}, fmt.Errorf("criteria: unknown criterion %q; known: %s", name, strings.Join(names, ", "))
}
