// Package optimize holds the parameter space of an expert (from flags or an MT5
// .set file, with constraints), and the optimizers that search it: grid, random,
// anneal, swarm, genetic and rnd, all behind the Optimizer interface.
package optimize

import (
	"math"
	"math/rand/v2"
)

// Dim is one optimized dimension: values start + k·step within [start, stop].
// Step 0 means continuous.
type Dim struct {
	Name              string
	Start, Step, Stop float64
	Integer           bool // values are whole numbers (the input is an int)
}

// Uniform draws a value of d uniformly with r: a uniform grid level when d
// has a step, a uniform real in [Start, Stop] when it is continuous. Every
// optimizer draws its random points with it.
func (d Dim) Uniform(r *rand.Rand) float64 {
	if n := d.Levels(); n > 0 {
		return d.Snap(d.Start + float64(r.IntN(n))*d.Step)
	}
	return d.Snap(d.Start + r.Float64()*(d.Stop-d.Start))
}

// Comparable returns an objective value v as optimizers compare it: a NaN
// (an objective the pass could not compute) becomes the worst value,
// −MaxFloat64, so that every comparison with it stays meaningful.
func Comparable(v float64) float64 {
	if math.IsNaN(v) {
		return -math.MaxFloat64
	}
	return v
}

// Snap returns the grid value nearest to v, clamped to [Start, Stop].
func (d Dim) Snap(v float64) float64 {
	if math.IsNaN(v) {
		v = d.Start
	}
	if v < d.Start {
		v = d.Start
	}
	if v > d.Stop {
		v = d.Stop
	}
	if d.Step > 0 {
		k := math.Round((v - d.Start) / d.Step)
		v = d.Start + k*d.Step
		if v > d.Stop+1e-9*math.Max(1, math.Abs(d.Stop)) {
			v -= d.Step
		}
	}
	if d.Integer {
		v = math.Round(v)
	}
	return v
}

// Levels is the number of grid values of the dimension (0 when continuous).
func (d Dim) Levels() int {
	if d.Step <= 0 {
		return 0
	}
	return int(math.Floor((d.Stop-d.Start)/d.Step+1e-9)) + 1
}

// Optimizer proposes points to evaluate and learns from their objective values,
// which it maximizes. A driver calls Ask, evaluates every returned point (in
// parallel if it likes), then calls Tell with the values in the same order, and
// repeats until Ask returns no point. Points are on the grid of the dims, inside
// bounds, and never repeated within a run. Implementations are deterministic
// for a seed and are not safe for concurrent use.
type Optimizer interface {
	// Ask returns at most n new points, each with one value per dim. An empty
	// result means the optimizer is done (converged, covered or out of budget).
	Ask(n int) [][]float64
	// Tell passes the objective values of the points of the last Ask.
	Tell(values []float64)
	// State reports the optimizer's progress after the last Tell.
	State() State
}

// State is an optimizer's progress, recorded per step so convergence can be drawn.
type State struct {
	Evaluations int                // points told so far
	Best        float64            // best value so far (-math.MaxFloat64 before any)
	BestPoint   []float64          // the point that gave Best
	Extra       map[string]float64 // method-specific figures, e.g. "temperature"
}

// Problem is what every optimizer is built from.
type Problem struct {
	Dims []Dim
	// Feasible reports whether a point satisfies the run's constraints; an
	// optimizer never proposes an infeasible point. Nil means every point is.
	Feasible func(x []float64) bool
	// Budget caps the number of points proposed in the run; 0 means no cap
	// beyond the optimizer's own stopping rule (or the grid size).
	Budget int
	Seed   int64
}
