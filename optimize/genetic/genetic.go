// Package genetic is a real-coded genetic algorithm for the tester's
// parameter space, playing the part of MT5's "fast genetic based algorithm":
// a population kept best first, parents picked by tournament or rank,
// two-point crossover, mutation on the grid, and (μ+λ) survival, so the best
// members are never lost (elitism). It stops when the budget is spent, when
// neither the population's variations nor random draws find a new point (a
// small grid is covered) or after Patience generations without a better best.
//
// Mutation is where most of the search happens. A child gets one mutation
// event plus a self-adapted number of extra ones (each member carries its own
// rate, inherited with a log-normal jitter, so the rate that produces good
// children spreads). An event either redraws Block adjacent genes uniformly
// (a jump that lets neighbouring, interacting parameters move together) or
// moves one gene by a power-law step between range·2^−Bits and the whole
// range (fine tuning and medium moves alike, without a step size to tune).
//
// Resets are focused: for every position the algorithm keeps a running
// estimate of what a reset there cost the parent, and each reset goes to the
// cheapest of Focus random positions. Redrawing a gene that is already good
// costs a lot, redrawing one that is not costs little, so the resets flow to
// the parameters that still have room to improve.
//
// A generation is Children children, or as many as the driver asks for at
// once when that is more, so a batch of n parallel evaluations is always
// filled; the points therefore depend on the batch size, as MT5's depend on
// its number of agents.
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
	Population int // members kept between generations (μ)
	Children   int // children per generation (λ), at least the driver's batch
	// Initial is the number of random members of the first generation;
	// 0 means 10 × Population, but no more than a tenth of the budget (and
	// no fewer than Population).
	Initial        int
	Selection      Selection
	TournamentSize int
	Crossover      float64 // probability that a child takes a segment of a second parent
	Reset          float64 // share of mutation events that redraw a block uniformly
	Block          int     // adjacent genes a reset redraws together
	Focus          int     // candidate positions per reset; the cheapest one is reset
	Bits           float64 // the smallest power-law step is range·2^−Bits
	// Patience stops the run after this many generations without a better
	// best. 0 means never when the problem has a budget, and 1000 when it
	// has none.
	Patience int
}

// DefaultOptions are the defaults, tuned on the test stand (package
// teststand): population 10, one child per generation (steady state), 100
// random members to start, tournaments of 5, crossover 0.5, 60 % of the
// mutations resets of 2 adjacent genes focused over 5 candidates, power-law
// steps down to 2^−14 of the range.
func DefaultOptions() Options {
	return Options{
		Population: 10, Children: 1, Selection: Tournament, TournamentSize: 5,
		Crossover: 0.5, Reset: 0.6, Block: 2, Focus: 5, Bits: 14,
	}
}

const (
	maxRedraws      = 100  // tries for a child that is feasible and new
	defaultPatience = 1000 // generations, when the run has no budget
	initialsPerSlot = 10   // Initial = 10 × Population by default
	startEvents     = 1.0  // mean extra mutation events of a random member
	eventsJitter    = 0.3  // log-normal step of the self-adapted rate
	costSmoothing   = 0.5  // weight of a new reset cost in the running estimate
)

// Optimizer is the genetic algorithm. Build it with New.
type Optimizer struct {
	dims     []optimize.Dim
	feasible func([]float64) bool
	opt      Options
	rng      *rand.Rand
	seen     *optimize.Seen
	budget   int

	pop      []member // sorted best first
	spare    []member // the array of the previous population, reused
	brood    []member // the generation being evaluated
	next     int      // first brood member not yet asked
	asked    int      // brood members handed out by the last Ask
	proposed int
	done     bool

	gen     int
	stale   int // generations without a better best
	genBest float64
	cost    []float64 // running cost of a reset starting at each position

	optimize.Best // evaluations and the best so far
}

type member struct {
	x      []float64
	f      float64
	events float64 // self-adapted mean of extra mutation events
	parent float64 // value of the parent the child was copied from
	reset  int     // position of the child's only change, a reset; -1 otherwise
}

// New builds the algorithm for p.
func New(p optimize.Problem, o Options) (*Optimizer, error) {
	d := len(p.Dims)
	if d == 0 {
		return nil, fmt.Errorf("genetic: no dimensions to optimize")
	}
	if err := o.check(); err != nil {
		return nil, fmt.Errorf("genetic: %w", err)
	}
	for _, dim := range p.Dims {
		if !(dim.Start <= dim.Stop) || math.IsInf(dim.Start, 0) || math.IsInf(dim.Stop, 0) {
			return nil, fmt.Errorf("genetic: dim %q: bounds [%g, %g] are not a finite range", dim.Name, dim.Start, dim.Stop)
		}
	}
	if o.Initial == 0 {
		o.Initial = initialsPerSlot * o.Population
		if p.Budget > 0 {
			o.Initial = max(min(o.Initial, p.Budget/10), o.Population)
		}
	}
	if o.Patience == 0 && p.Budget <= 0 {
		o.Patience = defaultPatience
	}
	return &Optimizer{
		dims:     p.Dims,
		feasible: p.Feasible,
		opt:      o,
		rng:      rand.New(rand.NewPCG(uint64(p.Seed), 0x67656e65)), // "gene"
		seen:     optimize.NewSeen(),
		budget:   p.Budget,
		genBest:  -math.MaxFloat64,
		cost:     make([]float64, d),
	}, nil
}

func (o Options) check() error {
	switch {
	case o.Population < 1:
		return fmt.Errorf("population %d is below 1", o.Population)
	case o.Children < 1:
		return fmt.Errorf("children %d is below 1", o.Children)
	case o.Initial < 0:
		return fmt.Errorf("initial %d is negative", o.Initial)
	case o.Selection != Tournament && o.Selection != Rank:
		return fmt.Errorf("unknown selection %d", int(o.Selection))
	case o.TournamentSize < 1:
		return fmt.Errorf("tournament size %d is below 1", o.TournamentSize)
	case !(o.Crossover >= 0 && o.Crossover <= 1):
		return fmt.Errorf("crossover %g is not a probability", o.Crossover)
	case !(o.Reset >= 0 && o.Reset <= 1):
		return fmt.Errorf("reset %g is not a probability", o.Reset)
	case o.Block < 1:
		return fmt.Errorf("block %d is below 1", o.Block)
	case o.Focus < 1:
		return fmt.Errorf("focus %d is below 1", o.Focus)
	case !(o.Bits > 0 && o.Bits <= 52):
		return fmt.Errorf("bits %g is not in (0, 52]", o.Bits)
	case o.Patience < 0:
		return fmt.Errorf("patience %d is negative", o.Patience)
	}
	return nil
}

// Ask returns up to n members of the current generation, breeding the next
// one (of at least n children) when it is spent. n < 1 is taken as 1.
func (g *Optimizer) Ask(n int) [][]float64 {
	n = max(n, 1)
	if g.next >= len(g.brood) {
		g.survive()
		g.breed(n)
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

// survive merges the evaluated generation into the population and keeps the
// best Population members. Children come first, so that on a tie the new
// member wins: the search drifts along plateaus instead of stalling on them.
func (g *Optimizer) survive() {
	if len(g.brood) == 0 {
		return
	}
	merged := append(append(g.spare[:0], g.brood...), g.pop...)
	slices.SortStableFunc(merged, func(a, b member) int { return cmp.Compare(b.f, a.f) })
	g.pop, g.spare = merged[:min(len(merged), g.opt.Population)], g.pop[:0]
	g.brood = g.brood[:0]
	g.gen++
	if g.Value() > g.genBest {
		g.genBest = g.Value()
		g.stale = 0
		return
	}
	g.stale++
	if g.opt.Patience > 0 && g.stale >= g.opt.Patience {
		g.done = true
	}
}

// breed fills the next generation: random members first, children of the
// population afterwards.
func (g *Optimizer) breed(n int) {
	g.brood = g.brood[:0]
	g.next = 0
	if g.done {
		return
	}
	size := max(g.opt.Children, n)
	if len(g.pop) == 0 {
		size = max(g.opt.Initial, n)
	}
	for range size {
		if g.budget > 0 && g.proposed >= g.budget {
			break
		}
		if m, ok := g.child(); ok {
			g.brood = append(g.brood, m)
			g.proposed++
		}
	}
	if len(g.brood) == 0 {
		g.done = true // nothing new turned up: the space is covered or the budget spent
	}
}

// child makes one new member that is feasible and was never proposed. When
// the variations of the population keep landing on known points (its
// neighbourhood is covered), a uniform random member takes the place.
func (g *Optimizer) child() (member, bool) {
	m := member{x: make([]float64, len(g.dims)), events: startEvents, reset: -1}
	for try := range 2 * maxRedraws {
		if len(g.pop) == 0 || try >= maxRedraws {
			for j, d := range g.dims {
				m.x[j] = d.Uniform(g.rng)
			}
			m.parent, m.events, m.reset = -math.MaxFloat64, startEvents, -1
		} else {
			g.vary(&m)
		}
		if (g.feasible == nil || g.feasible(m.x)) && g.seen.Add(m.x) {
			return m, true
		}
	}
	return m, false
}

// vary fills m from the population: a copy of a parent, maybe a segment of a
// second parent, then the mutation events.
func (g *Optimizer) vary(m *member) {
	a := g.pick()
	copy(m.x, a.x)
	m.parent, m.events, m.reset = a.f, a.events, -1
	crossed := g.rng.Float64() < g.opt.Crossover
	if crossed {
		g.crossover(m.x, g.pick().x)
	}
	m.events *= math.Exp(eventsJitter * g.rng.NormFloat64())
	m.events = min(max(m.events, 0.01), float64(len(m.x)))
	events := 1
	for g.rng.Float64() < m.events/(1+m.events) {
		events++
	}
	for range events {
		if g.rng.Float64() >= g.opt.Reset {
			j := g.rng.IntN(len(m.x))
			m.x[j] = g.step(g.dims[j], m.x[j])
			continue
		}
		j := g.cheapest()
		for k := j; k < min(j+g.opt.Block, len(m.x)); k++ {
			m.x[k] = g.dims[k].Uniform(g.rng)
		}
		if events == 1 && !crossed {
			m.reset = j // the only change: its cost can be measured
		}
	}
}

// crossover copies into x a random segment of b (two-point crossover on a
// ring of genes: a random start and a random length).
func (g *Optimizer) crossover(x, b []float64) {
	n := len(x)
	start, length := g.rng.IntN(n), 1+g.rng.IntN(n)
	for k := range length {
		j := (start + k) % n
		x[j] = b[j]
	}
}

// cheapest returns the position, among Focus random ones, whose resets have
// cost the least so far.
func (g *Optimizer) cheapest() int {
	j := g.rng.IntN(len(g.cost))
	for range g.opt.Focus - 1 {
		if c := g.rng.IntN(len(g.cost)); g.cost[c] < g.cost[j] {
			j = c
		}
	}
	return j
}

// step moves v by ±range·2^(−u·Bits), u uniform in [0, 1), at least one grid
// step; a move out of range goes the other way, and if that is out too the
// gene is redrawn.
func (g *Optimizer) step(d optimize.Dim, v float64) float64 {
	mag := (d.Stop - d.Start) * math.Exp2(-g.rng.Float64()*g.opt.Bits)
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
		return d.Uniform(g.rng)
	}
	return d.Snap(n)
}

// pick selects a parent.
func (g *Optimizer) pick() *member {
	n := len(g.pop)
	if g.opt.Selection == Rank {
		// P(rank i) ∝ n − i: invert the triangular distribution.
		i := int(float64(n) * (1 - math.Sqrt(g.rng.Float64())))
		return &g.pop[min(i, n-1)]
	}
	best := g.rng.IntN(n)
	for range g.opt.TournamentSize - 1 {
		best = min(best, g.rng.IntN(n)) // the population is sorted best first
	}
	return &g.pop[best]
}

// Tell takes the values of the last Ask's points, in order.
func (g *Optimizer) Tell(values []float64) {
	if len(values) != g.asked {
		panic(fmt.Sprintf("genetic: Tell got %d values for %d points", len(values), g.asked))
	}
	first := g.next - g.asked
	for i, v := range values {
		v = optimize.Comparable(v)
		m := &g.brood[first+i]
		m.f = v
		if m.reset >= 0 {
			g.cost[m.reset] += costSmoothing * (max(m.parent-v, 0) - g.cost[m.reset])
		}
		g.Note(m.x, v)
	}
	g.asked = 0
}

// State reports the evaluations, the best point and, in Extra, the
// generation.
func (g *Optimizer) State() optimize.State {
	return g.Best.State(map[string]float64{"generation": float64(g.gen)})
}
