// Package rnd is the test-stand article's baseline population algorithm ("RND"): a
// population sorted best first and a colony of half its size. The first
// colony is uniform at random; every later colony member picks a random
// parent from the population and, gene by gene, copies the parent's gene with
// probability 0.5 or draws a fresh uniform value. The evaluated colony
// replaces the worse half of the population, which is then sorted again.
//
// It is the yardstick of the test stand: any optimizer worth its name beats it.
package rnd

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/passframes/passframes/optimize"
)

// DefaultPopulation is the test-stand article's population size.
const DefaultPopulation = 50

// maxRedraws bounds the redraws of a colony member that lands on an
// infeasible or already evaluated point; the member is then left out of this
// epoch.
const maxRedraws = 100

// Optimizer is the RND population algorithm. Build it with New.
type Optimizer struct {
	dims     []optimize.Dim
	feasible func([]float64) bool
	rng      *rand.Rand
	seen     *optimize.Seen
	budget   int
	popSize  int

	pop      []member // sorted best first; only evaluated members
	colony   []member // the current epoch's members
	next     int      // first colony member not yet asked
	asked    int      // colony members handed out by the last Ask
	proposed int
	done     bool

	optimize.Best // evaluations and the best so far
}

type member struct {
	x []float64
	f float64
}

// New builds RND for p with the given population size (0 means 50; at least
// 2, so that the colony is not empty).
func New(p optimize.Problem, population int) (*Optimizer, error) {
	if len(p.Dims) == 0 {
		return nil, fmt.Errorf("rnd: no dimensions to optimize")
	}
	if population == 0 {
		population = DefaultPopulation
	}
	if population < 2 {
		return nil, fmt.Errorf("rnd: population %d is below 2", population)
	}
	for _, d := range p.Dims {
		if !(d.Start <= d.Stop) || math.IsInf(d.Start, 0) || math.IsInf(d.Stop, 0) {
			return nil, fmt.Errorf("rnd: dim %q: bounds [%g, %g] are not a finite range", d.Name, d.Start, d.Stop)
		}
	}
	return &Optimizer{
		dims:     p.Dims,
		feasible: p.Feasible,
		rng:      rand.New(rand.NewPCG(uint64(p.Seed), 0x726e64)), // "rnd"
		seen:     optimize.NewSeen(),
		budget:   p.Budget,
		popSize:  population,
	}, nil
}

// Ask returns up to n members of the current colony, breeding the next
// colony when the current one is spent. n < 1 is taken as 1.
func (o *Optimizer) Ask(n int) [][]float64 {
	n = max(n, 1)
	if o.next >= len(o.colony) {
		o.settle()
		o.breed()
	}
	k := min(n, len(o.colony)-o.next)
	out := make([][]float64, k)
	for i := range k {
		out[i] = o.colony[o.next+i].x
	}
	o.asked = k
	o.next += k
	return out
}

// breed fills the colony of the next epoch.
func (o *Optimizer) breed() {
	o.colony = o.colony[:0]
	o.next = 0
	if o.done {
		return
	}
	size := o.popSize / 2
	for range size {
		if o.budget > 0 && o.proposed >= o.budget {
			break
		}
		if x := o.child(); x != nil {
			o.colony = append(o.colony, member{x: x, f: -math.MaxFloat64})
			o.proposed++
		}
	}
	if len(o.colony) == 0 {
		o.done = true // nothing new turned up: the space is covered or the budget spent
	}
}

// child draws one new colony member, or nil when every redraw was infeasible
// or already evaluated.
func (o *Optimizer) child() []float64 {
	x := make([]float64, len(o.dims))
	for range maxRedraws {
		if len(o.pop) == 0 {
			for j, d := range o.dims {
				x[j] = d.Uniform(o.rng)
			}
		} else {
			parent := o.pop[o.rng.IntN(len(o.pop))].x
			for j, d := range o.dims {
				if o.rng.Float64() < 0.5 {
					x[j] = parent[j]
				} else {
					x[j] = d.Uniform(o.rng)
				}
			}
		}
		if (o.feasible == nil || o.feasible(x)) && o.seen.Add(x) {
			return x
		}
	}
	return nil
}

// settle moves the evaluated colony into the worse half of the population
// and sorts it best first (a stable sort, so ties keep their order).
func (o *Optimizer) settle() {
	if len(o.colony) == 0 {
		return
	}
	keep := min(len(o.pop), o.popSize-len(o.colony))
	o.pop = append(o.pop[:keep], o.colony...)
	o.colony = nil
	slices.SortStableFunc(o.pop, func(a, b member) int { return cmp.Compare(b.f, a.f) })
}

// Tell takes the values of the last Ask's points, in order.
func (o *Optimizer) Tell(values []float64) {
	if len(values) != o.asked {
		panic(fmt.Sprintf("rnd: Tell got %d values for %d points", len(values), o.asked))
	}
	first := o.next - o.asked
	for i, v := range values {
		v = optimize.Comparable(v)
		m := &o.colony[first+i]
		m.f = v
		o.Note(m.x, v)
	}
	o.asked = 0
}

// State reports the evaluations and the best point.
func (o *Optimizer) State() optimize.State {
	return o.Best.State(map[string]float64{"population": float64(len(o.pop))})
}
