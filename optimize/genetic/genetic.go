// Package genetic is a real-coded genetic algorithm for the tester's parameter
// space, in the spirit of MT5's "fast genetic based algorithm".
package genetic

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/passframes/passframes/optimize"
)

// Selection is how parents are picked.
type Selection int

const (
	// Tournament picks the best of TournamentSize random members.
	Tournament Selection = iota
	// Rank picks a member with probability falling linearly with its rank.
	Rank
)

func (s Selection) String() string {
	switch s {
	case Tournament:
		return "tournament"
	case Rank:
		return "rank"
	}
	return fmt.Sprintf("Selection(%d)", int(s))
}

// ParseSelection reads "tournament" and "rank".
func ParseSelection(s string) (Selection, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "tournament":
		return Tournament, nil
	case "rank":
		return Rank, nil
	}
	return 0, fmt.Errorf("unknown selection %q (want tournament or rank)", s)
}

// Options are the algorithm's settings; DefaultOptions gives the defaults.
type Options struct {
	Population     int // members kept between generations
	Selection      Selection
	TournamentSize int
	Crossover      float64 // probability that a child mixes two parents
	Mutation       float64 // per-gene mutation probability; 0 means 1/D
	Elite          int     // best members that survive unchanged
	// Patience stops the run after this many generations without a better
	// best; 0 never stops for that.
	Patience int

	Bits     float64 // log-uniform mutation: |step| = range·2^(−u·Bits)
	Reset    float64 // share of mutations that redraw the gene uniformly
	Children int     // children per generation (0 = population)
	Plus     bool    // (μ+λ) survival instead of generational with elite
}

// DefaultOptions are the defaults.
func DefaultOptions() Options {
	return Options{Population: 50, Selection: Tournament, TournamentSize: 2, Crossover: 0.9, Elite: 1, Patience: 0}
}

const maxRedraws = 100

// Optimizer is the genetic algorithm. Build it with New.
type Optimizer struct {
	dims     []optimize.Dim
	feasible func([]float64) bool
	opt      Options
	rng      *rand.Rand
	seen     *optimize.Seen
	budget   int
	mutation float64

	pop      []member // sorted best first
	brood    []member // the generation being evaluated
	next     int
	asked    int
	proposed int
	done     bool
	gen      int
	stale    int
	genBest  float64

	evals     int
	best      float64
	bestPoint []float64
}

type member struct {
	x []float64
	f float64
}

// New builds the algorithm for p.
func New(p optimize.Problem, o Options) (*Optimizer, error) {
	d := len(p.Dims)
	if d == 0 {
		return nil, fmt.Errorf("genetic: no dimensions to optimize")
	}
	switch {
	case o.Population < 2:
		return nil, fmt.Errorf("genetic: population %d is below 2", o.Population)
	case o.Selection != Tournament && o.Selection != Rank:
		return nil, fmt.Errorf("genetic: unknown selection %d", int(o.Selection))
	case o.Selection == Tournament && o.TournamentSize < 1:
		return nil, fmt.Errorf("genetic: tournament size %d is below 1", o.TournamentSize)
	case !(o.Crossover >= 0 && o.Crossover <= 1):
		return nil, fmt.Errorf("genetic: crossover %g is not a probability", o.Crossover)
	case !(o.Mutation >= 0 && o.Mutation <= 1):
		return nil, fmt.Errorf("genetic: mutation %g is not a probability", o.Mutation)
	case o.Elite < 0 || o.Elite >= o.Population:
		return nil, fmt.Errorf("genetic: elite %d must be in [0, population)", o.Elite)
	case o.Patience < 0:
		return nil, fmt.Errorf("genetic: patience %d is negative", o.Patience)
	}
	for _, dim := range p.Dims {
		if !(dim.Start <= dim.Stop) || math.IsInf(dim.Start, 0) || math.IsInf(dim.Stop, 0) {
			return nil, fmt.Errorf("genetic: dim %q: bounds [%g, %g] are not a finite range", dim.Name, dim.Start, dim.Stop)
		}
	}
	g := &Optimizer{
		dims:     p.Dims,
		feasible: p.Feasible,
		opt:      o,
		rng:      rand.New(rand.NewPCG(uint64(p.Seed), 0x67656e65)), // "gene"
		seen:     optimize.NewSeen(),
		budget:   p.Budget,
		mutation: o.Mutation,
		best:     -math.MaxFloat64,
		genBest:  -math.MaxFloat64,
	}
	if g.mutation == 0 {
		g.mutation = 1 / float64(d)
	}
	return g, nil
}

// Ask returns up to n members of the current generation, breeding the next
// one when it is spent. n < 1 is taken as 1.
func (g *Optimizer) Ask(n int) [][]float64 {
	n = max(n, 1)
	if g.next >= len(g.brood) {
		g.survive()
		g.breed()
	}
	k := min(n, len(g.brood)-g.next)
	out := make([][]float64, k)
	for i := range k {
		out[i] = g.brood[g.next+i].x
	}
	g.asked = k
	g.next += k
	return out
}

func (g *Optimizer) survive() {
	if len(g.brood) == 0 {
		return
	}
	if g.opt.Plus {
		g.pop = append(g.pop, g.brood...)
	} else {
		keep := min(g.opt.Elite, len(g.pop))
		g.pop = append(g.pop[:keep], g.brood...)
	}
	slices.SortStableFunc(g.pop, func(a, b member) int { return cmp.Compare(b.f, a.f) })
	if len(g.pop) > g.opt.Population {
		g.pop = g.pop[:g.opt.Population]
	}
	g.brood = nil
	g.gen++
	if g.best > g.genBest {
		g.genBest = g.best
		g.stale = 0
	} else {
		g.stale++
		if g.opt.Patience > 0 && g.stale >= g.opt.Patience {
			g.done = true
		}
	}
}

func (g *Optimizer) breed() {
	g.brood = g.brood[:0]
	g.next = 0
	if g.done {
		return
	}
	children := g.opt.Children
	if children == 0 {
		children = g.opt.Population
	}
	for range children {
		if g.budget > 0 && g.proposed >= g.budget {
			break
		}
		if x := g.child(); x != nil {
			g.brood = append(g.brood, member{x: x, f: -math.MaxFloat64})
			g.proposed++
		}
	}
	if len(g.brood) == 0 {
		g.done = true
	}
}

func (g *Optimizer) child() []float64 {
	x := make([]float64, len(g.dims))
	for range maxRedraws {
		if len(g.pop) == 0 {
			for j, d := range g.dims {
				x[j] = uniform(d, g.rng)
			}
		} else {
			a := g.pick()
			copy(x, a)
			if g.rng.Float64() < g.opt.Crossover {
				b := g.pick()
				for j := range x {
					if g.rng.Float64() < 0.5 {
						x[j] = b[j]
					}
				}
			}
			for j, d := range g.dims {
				if g.rng.Float64() < g.mutation {
					x[j] = g.mutate(d, x[j])
				}
			}
		}
		if (g.feasible == nil || g.feasible(x)) && g.seen.Add(x) {
			return x
		}
	}
	return nil
}

func (g *Optimizer) mutate(d optimize.Dim, v float64) float64 {
	if g.opt.Bits == 0 || g.rng.Float64() < g.opt.Reset {
		return uniform(d, g.rng)
	}
	span := d.Stop - d.Start
	mag := span * math.Exp2(-g.rng.Float64()*g.opt.Bits)
	if d.Step > 0 {
		mag = max(mag, d.Step)
	}
	if g.rng.IntN(2) == 0 {
		mag = -mag
	}
	n := v + mag
	if n < d.Start || n > d.Stop {
		n = v - mag
	}
	if n < d.Start || n > d.Stop {
		return uniform(d, g.rng)
	}
	return d.Snap(n)
}

func (g *Optimizer) pick() []float64 {
	if g.opt.Selection == Rank {
		n := len(g.pop)
		// P(rank i) ∝ n − i: draw from the triangular distribution.
		i := int(float64(n) * (1 - math.Sqrt(g.rng.Float64())))
		return g.pop[min(i, n-1)].x
	}
	best := g.rng.IntN(len(g.pop))
	for range g.opt.TournamentSize - 1 {
		if c := g.rng.IntN(len(g.pop)); c < best {
			best = c
		}
	}
	return g.pop[best].x
}

// Tell takes the values of the last Ask's points, in order.
func (g *Optimizer) Tell(values []float64) {
	if len(values) != g.asked {
		panic(fmt.Sprintf("genetic: Tell got %d values for %d points", len(values), g.asked))
	}
	first := g.next - g.asked
	for i, v := range values {
		if math.IsNaN(v) {
			v = -math.MaxFloat64
		}
		m := &g.brood[first+i]
		m.f = v
		g.evals++
		if v > g.best || g.bestPoint == nil {
			g.best = v
			g.bestPoint = append(g.bestPoint[:0], m.x...)
		}
	}
	g.asked = 0
}

// State reports the evaluations, the best point and the generation.
func (g *Optimizer) State() optimize.State {
	return optimize.State{
		Evaluations: g.evals,
		Best:        g.best,
		BestPoint:   append([]float64(nil), g.bestPoint...),
		Extra:       map[string]float64{"generation": float64(g.gen)},
	}
}

func uniform(d optimize.Dim, r *rand.Rand) float64 {
	if n := d.Levels(); n > 0 {
		return d.Snap(d.Start + float64(r.IntN(n))*d.Step)
	}
	return d.Snap(d.Start + r.Float64()*(d.Stop-d.Start))
}
