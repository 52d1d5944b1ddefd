package optimize

import (
	"math"
	"math/rand/v2"
	"slices"
)

// maxMisses bounds the consecutive rejected draws (repeats or infeasible
// points) of the random optimizer on a space it cannot enumerate; it then
// considers the feasible part of the space covered.
const maxMisses = 1 << 20

// random draws uniform grid points without repetition. It starts with
// rejection sampling; once its rejected draws add up to the grid size it lists
// the unseen feasible points (which costs about as much as the draws already
// wasted) and samples that list without replacement, so covering a small or
// tightly constrained grid ends exactly when every feasible point is out.
// Both phases draw uniformly from the unseen feasible points.
type random struct {
	tracker
	dims     []Dim
	levels   []int64 // grid values per dim; 0 for a continuous dim
	feasible func([]float64) bool
	rng      *rand.Rand
	seen     *Seen
	size     int64 // grid size; 0 when continuous or too large to enumerate
	budget   int
	proposed int
	misses   int64 // rejected draws in total
	streak   int   // rejected draws since the last accepted one
	rest     []int64
	listed   bool // rest holds the unseen feasible grid indices
	done     bool
}

// NewRandom returns random search: uniform points on the grid (uniform in
// [start, stop] for a dim with step 0), feasible, never repeated, until
// p.Budget points are proposed or every feasible grid point has been. With a
// budget ≤ 0 it covers the whole grid in random order; with a budget ≤ 0 and
// a continuous dim, or with an empty dim, it proposes nothing. The same seed
// gives the same points.
func NewRandom(p Problem) Optimizer {
	r := &random{
		tracker:  newTracker(),
		dims:     slices.Clone(p.Dims),
		levels:   make([]int64, len(p.Dims)),
		feasible: p.Feasible,
		rng:      rand.New(rand.NewPCG(uint64(p.Seed), 0x9e3779b97f4a7c15)),
		seen:     NewSeen(),
		budget:   p.Budget,
	}
	continuous := false
	for i, d := range r.dims {
		if d.Step <= 0 {
			continuous = true
			if !(d.Start <= d.Stop) || math.IsInf(d.Start, 0) || math.IsInf(d.Stop, 0) {
				r.done = true
			}
			continue
		}
		n, err := levels(d)
		if err != nil {
			r.done = true
		}
		r.levels[i] = n
	}
	if size, err := gridSize(r.dims); err == nil && size <= countLimit {
		r.size = size
	}
	if p.Budget <= 0 && continuous {
		r.done = true
	}
	return r
}

// Ask returns at most n new random points (at least one is asked for when
// n < 1).
func (r *random) Ask(n int) [][]float64 {
	n = max(n, 1)
	var out [][]float64
	for len(out) < n && !r.done && (r.budget <= 0 || r.proposed < r.budget) {
		x := r.draw()
		if x == nil {
			r.done = true
			break
		}
		out = append(out, x)
		r.proposed++
	}
	r.asked = out
	return out
}

// draw returns a new feasible point, or nil when none is left.
func (r *random) draw() []float64 {
	for !r.listed {
		if r.size > 0 && int64(r.seen.Len()) >= r.size {
			return nil
		}
		x := r.sample()
		if (r.feasible == nil || r.feasible(x)) && r.seen.Add(x) {
			r.streak = 0
			return x
		}
		r.misses++
		r.streak++
		switch {
		case r.size > 0 && r.misses >= r.size:
			r.list()
		case r.size == 0 && r.streak >= maxMisses:
			return nil
		}
	}
	if len(r.rest) == 0 {
		return nil
	}
	j := r.rng.IntN(len(r.rest))
	idx := r.rest[j]
	r.rest[j] = r.rest[len(r.rest)-1]
	r.rest = r.rest[:len(r.rest)-1]
	x := make([]float64, len(r.dims))
	gridPoint(r.dims, idx, x)
	r.seen.Add(x)
	return x
}

// sample draws one uniform point.
func (r *random) sample() []float64 {
	x := make([]float64, len(r.dims))
	for i, d := range r.dims {
		if n := r.levels[i]; n > 0 {
			x[i] = gridValue(d, r.rng.Int64N(n))
			continue
		}
		if d.Integer {
			lo, hi := math.Ceil(d.Start), math.Floor(d.Stop)
			if lo <= hi {
				x[i] = lo + float64(r.rng.Int64N(int64(hi-lo)+1))
			} else {
				x[i] = d.Snap(d.Start) // no integer inside: the nearest one
			}
			continue
		}
		x[i] = d.Start + r.rng.Float64()*(d.Stop-d.Start)
	}
	return x
}

// list switches to sampling from the explicit list of unseen feasible points.
func (r *random) list() {
	x := make([]float64, len(r.dims))
	for idx := int64(0); idx < r.size; idx++ {
		gridPoint(r.dims, idx, x)
		if (r.feasible == nil || r.feasible(x)) && !r.seen.Has(x) {
			r.rest = append(r.rest, idx)
		}
	}
	r.listed = true
}
