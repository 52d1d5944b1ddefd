// Package teststand rates optimizers on the test functions of the test-stand article and
// of the same author's later articles, so that every method of the project
// can be compared with the published tables.
//
// Two stands are defined:
//
//   - "seed" (the test-stand article): Skin, Forest and Megacity with 2, 40 and 1000
//     parameters; the best value after 1,000 and after 10,000 evaluations,
//     averaged over 5 runs, then scaled to [0, 1]; the final score is the
//     mean of the 18 scaled numbers.
//   - "current" (the revised stand used by every rating table since December
//     2023): Hilly, Forest and Megacity with 10, 50 and 1000 parameters, each
//     pair of parameters scaled to [0, 1] before averaging over the pairs;
//     10,000 evaluations, 10 runs; the final result is the sum of the 9 test
//     results, shown as a percentage of 9.
//
// A function of n parameters is the mean of the two-variable function over
// the n/2 consecutive pairs (x1, x2), (x3, x4), …
package teststand

import (
	"fmt"
	"strings"

	"github.com/passframes/passframes/optimize"
)

// Stand is one rating protocol.
type Stand struct {
	Name      string
	Functions []Function
	Params    []int // parameters per test (twice the number of pairs)
	// Checkpoints are the evaluation counts at which the best is recorded;
	// the last one is the budget of a run.
	Checkpoints []int
	Repeats     int // runs per test, averaged
	// PairScaling scales every pair to [0, 1] before averaging (current
	// stand); otherwise the raw mean is averaged over runs and scaled then.
	PairScaling bool
}

// SeedStand is the test-stand article's stand.
var SeedStand = Stand{
	Name:        "seed",
	Functions:   []Function{Skin, Forest, Megacity},
	Params:      []int{2, 40, 1000},
	Checkpoints: []int{1000, 10000},
	Repeats:     5,
}

// CurrentStand is the revised stand of the published rating tables.
var CurrentStand = Stand{
	Name:        "current",
	Functions:   []Function{Hilly, ForestCurrent, MegacityCurrent},
	Params:      []int{10, 50, 1000},
	Checkpoints: []int{10000},
	Repeats:     10,
	PairScaling: true,
}

// Lookup returns the stand called "seed" or "current".
func Lookup(name string) (Stand, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "seed":
		return SeedStand, nil
	case "current", "":
		return CurrentStand, nil
	}
	return Stand{}, fmt.Errorf("unknown test stand %q (valid: seed, current)", name)
}

// Budget is the evaluations of one run.
func (s Stand) Budget() int { return s.Checkpoints[len(s.Checkpoints)-1] }

// Tests is the number of scaled results that make up the final score.
func (s Stand) Tests() int { return len(s.Functions) * len(s.Params) * len(s.Checkpoints) }

// Problem is the optimization problem of function f with n parameters:
// continuous dims alternating the x and y ranges.
func (s Stand) Problem(f Function, n int, budget int, seed int64) optimize.Problem {
	dims := make([]optimize.Dim, n)
	for i := range dims {
		lo, hi := f.XMin, f.XMax
		if i%2 == 1 {
			lo, hi = f.YMin, f.YMax
		}
		dims[i] = optimize.Dim{Name: fmt.Sprintf("x%d", i+1), Start: lo, Stop: hi}
	}
	return optimize.Problem{Dims: dims, Budget: budget, Seed: seed}
}

// Objective is what the optimizer maximizes on a test: the mean over pairs of
// the scaled function (current stand) or of the raw function (seed stand). A
// coordinate outside the range or NaN scores the function's minimum. An odd
// trailing parameter is ignored.
func (s Stand) Objective(f Function, x []float64) float64 {
	pairs := len(x) / 2
	if pairs == 0 {
		return 0
	}
	sum := 0.0
	for i := range pairs {
		if s.PairScaling {
			sum += f.Scaled(x[2*i], x[2*i+1])
		} else {
			sum += f.Value(x[2*i], x[2*i+1])
		}
	}
	return sum / float64(pairs)
}

// Score maps a best value averaged over runs to the stand's [0, 1] result.
func (s Stand) Score(f Function, v float64) float64 {
	if s.PairScaling {
		return Scale(v, 0, 1)
	}
	return Scale(v, f.Min, f.Max)
}

// MaxFinal is the best possible final score: the number of tests for the
// current stand (a sum), 1 for the seed stand (a mean).
func (s Stand) MaxFinal() float64 {
	if s.PairScaling {
		return float64(s.Tests())
	}
	return 1
}
