// Package swarm is particle swarm optimization over the tester's parameter
// space, as the swarm article describes it: particles with a position, a velocity and
// their own best point, split into "social groups" that each keep a best
// point; every move is clamped to [start, stop] and snapped to the step.
//
// A move onto a point that was already evaluated is skipped (it is not an
// evaluation and the particle stays where it was), and a cycle in which every
// particle of a swarm is skipped ends that swarm: its part of the space is
// covered. In parallel mode the optimizer runs independent swarms of one group
// each, every swarm seeded by its group number, sharing the set of evaluated
// points — the article's way of spreading a swarm over test agents.
//
// Cycles are synchronous: every particle of a cycle moves with the bests known
// at the end of the previous cycle, so the points do not depend on how a
// driver batches them. The first cycle evaluates the random start positions.
package swarm

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/passframes/passframes/optimize"
)

// Options are the swarm's settings; DefaultOptions gives the swarm article's.
type Options struct {
	// Particles per swarm; 0 means 5·D.
	Particles int
	// Groups is the number of social groups; 0 means ⌊√(5·D)⌋ (at least 1).
	// In parallel mode it is the number of independent swarms.
	Groups int
	// Inertia keeps the velocity; Self pulls toward the particle's own best,
	// Group toward its group's best.
	Inertia, Self, Group float64
	// Cycles caps the cycles of a swarm; 0 means no cap when the problem has a
	// budget (the budget or coverage ends the run) and 100 when it has none.
	Cycles int
	// Parallel runs Groups independent swarms of one group each.
	Parallel bool
	// Seen is the set of evaluated points, shared with other optimizers of the
	// same run (other shards); nil means a set of its own.
	Seen *optimize.Seen
}

// DefaultOptions are the swarm article's: 5·D particles, √(5·D) groups, inertia 0.8,
// self 0.4, group 0.4.
func DefaultOptions() Options {
	return Options{Inertia: 0.8, Self: 0.4, Group: 0.4}
}

const (
	sizeFactor    = 5   // the swarm article's AUTO_SIZE_FACTOR
	defaultCycles = 100 // the swarm article's default when nothing else ends the run
	maxStartDraws = 100 // redraws of a start position that is infeasible or known
)

// Optimizer is the particle swarm. Build it with New.
type Optimizer struct {
	dims     []optimize.Dim
	feasible func([]float64) bool
	opt      Options
	seen     *optimize.Seen
	budget   int
	cycles   int

	swarms   []*flock
	queue    []move // proposals of the current cycle not yet asked
	asked    []move // proposals of the last Ask
	proposed int

	skipped       int
	optimize.Best // evaluations and the best so far
}

// move is one particle's proposed point in the current cycle.
type move struct {
	f *flock
	p *particle
	x []float64
}

type flock struct {
	rng       *rand.Rand
	particles []*particle
	groups    []*group
	cycle     int
	done      bool
}

type particle struct {
	pos, vel, best []float64
	bestValue      float64
	group          int
}

type group struct {
	best      []float64
	bestValue float64
}

// New builds a swarm for p.
func New(p optimize.Problem, o Options) (*Optimizer, error) {
	d := len(p.Dims)
	if d == 0 {
		return nil, fmt.Errorf("swarm: no dimensions to optimize")
	}
	for _, dim := range p.Dims {
		if !(dim.Start <= dim.Stop) || math.IsInf(dim.Start, 0) || math.IsInf(dim.Stop, 0) {
			return nil, fmt.Errorf("swarm: dim %q: bounds [%g, %g] are not a finite range", dim.Name, dim.Start, dim.Stop)
		}
	}
	switch {
	case o.Particles < 0:
		return nil, fmt.Errorf("swarm: particles %d is negative", o.Particles)
	case o.Groups < 0:
		return nil, fmt.Errorf("swarm: groups %d is negative", o.Groups)
	case o.Cycles < 0:
		return nil, fmt.Errorf("swarm: cycles %d is negative", o.Cycles)
	case !finite(o.Inertia) || !finite(o.Self) || !finite(o.Group):
		return nil, fmt.Errorf("swarm: inertia %g, self %g and group %g must be finite", o.Inertia, o.Self, o.Group)
	}
	if o.Particles == 0 {
		o.Particles = sizeFactor * d
	}
	if o.Groups == 0 {
		o.Groups = max(1, int(math.Sqrt(float64(sizeFactor*d))))
	}
	if !o.Parallel && o.Groups > o.Particles {
		return nil, fmt.Errorf("swarm: %d groups for %d particles", o.Groups, o.Particles)
	}
	s := &Optimizer{
		dims:     p.Dims,
		feasible: p.Feasible,
		opt:      o,
		seen:     o.Seen,
		budget:   p.Budget,
		cycles:   o.Cycles,
	}
	if s.seen == nil {
		s.seen = optimize.NewSeen()
	}
	if s.cycles == 0 && p.Budget <= 0 {
		s.cycles = defaultCycles
	}
	if o.Parallel {
		for g := range o.Groups {
			s.swarms = append(s.swarms, s.newFlock(p.Seed, uint64(g), 1))
		}
	} else {
		s.swarms = []*flock{s.newFlock(p.Seed, 0, o.Groups)}
	}
	return s, nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// newFlock makes a swarm whose random stream is the run's seed and its number.
func (s *Optimizer) newFlock(seed int64, number uint64, groups int) *flock {
	f := &flock{rng: rand.New(rand.NewPCG(uint64(seed), 0x737761726d^number))} // "swarm"
	d := len(s.dims)
	for range groups {
		f.groups = append(f.groups, &group{best: make([]float64, d), bestValue: -math.MaxFloat64})
	}
	for range s.opt.Particles {
		p := &particle{
			pos:       make([]float64, d),
			vel:       make([]float64, d),
			best:      make([]float64, d),
			bestValue: -math.MaxFloat64,
		}
		if groups > 1 {
			p.group = f.rng.IntN(groups)
		}
		f.particles = append(f.particles, p)
	}
	return f
}

// Ask returns up to n points of the current cycle, starting the next cycle
// when the current one is spent. n < 1 is taken as 1.
func (s *Optimizer) Ask(n int) [][]float64 {
	n = max(n, 1)
	s.asked = s.asked[:0]
	if len(s.queue) == 0 {
		s.nextCycle()
	}
	k := min(n, len(s.queue))
	s.asked = append(s.asked, s.queue[:k]...)
	s.queue = s.queue[k:]
	out := make([][]float64, k)
	for i, m := range s.asked {
		out[i] = m.x
	}
	return out
}

// nextCycle moves every particle of every live swarm and queues the moves
// onto new points.
func (s *Optimizer) nextCycle() {
	for _, f := range s.swarms {
		if f.done {
			continue
		}
		if s.cycles > 0 && f.cycle >= s.cycles {
			f.done = true
			continue
		}
		queued := 0
		for _, p := range f.particles {
			if s.budget > 0 && s.proposed >= s.budget {
				return
			}
			var x []float64
			if f.cycle == 0 {
				x = s.place(f, p)
			} else {
				x = s.fly(f, p)
			}
			if x == nil {
				s.skipped++
				continue
			}
			s.queue = append(s.queue, move{f: f, p: p, x: x})
			s.proposed++
			queued++
		}
		f.cycle++
		if queued == 0 {
			f.done = true // every particle was skipped: the space is covered
		}
	}
}

// place draws a particle's random start position and velocity (the swarm article: a
// uniform position snapped to the step, a velocity uniform in ±range). It
// returns the position to evaluate, or nil when no new feasible one turned up.
func (s *Optimizer) place(f *flock, p *particle) []float64 {
	for i, d := range s.dims {
		span := d.Stop - d.Start
		p.vel[i] = (2*f.rng.Float64() - 1) * span
	}
	for range maxStartDraws {
		for i, d := range s.dims {
			p.pos[i] = d.Uniform(f.rng)
		}
		copy(p.best, p.pos)
		if s.feasible != nil && !s.feasible(p.pos) {
			continue
		}
		if s.seen.Add(p.pos) {
			return append([]float64(nil), p.pos...)
		}
	}
	return nil
}

// fly updates a particle's velocity and returns its next position, or nil
// when that position is infeasible or already evaluated (the particle then
// keeps its position and its new velocity, as in the swarm article).
func (s *Optimizer) fly(f *flock, p *particle) []float64 {
	g := f.groups[p.group]
	next := make([]float64, len(s.dims))
	for i, d := range s.dims {
		gb := g.best[i]
		if g.bestValue == -math.MaxFloat64 {
			gb = p.pos[i] // no group best yet: no pull
		}
		p.vel[i] = s.opt.Inertia*p.vel[i] +
			s.opt.Self*f.rng.Float64()*(p.best[i]-p.pos[i]) +
			s.opt.Group*f.rng.Float64()*(gb-p.pos[i])
		next[i] = d.Snap(p.pos[i] + p.vel[i])
	}
	if s.feasible != nil && !s.feasible(next) {
		return nil
	}
	if !s.seen.Add(next) {
		return nil
	}
	copy(p.pos, next)
	return next
}

// Tell takes the values of the last Ask's points, in order, and updates the
// particles' and groups' bests.
func (s *Optimizer) Tell(values []float64) {
	if len(values) != len(s.asked) {
		panic(fmt.Sprintf("swarm: Tell got %d values for %d points", len(values), len(s.asked)))
	}
	for i, m := range s.asked {
		v := values[i]
		v = optimize.Comparable(v)
		if v > m.p.bestValue {
			m.p.bestValue = v
			copy(m.p.best, m.x)
		}
		if g := m.f.groups[m.p.group]; v > g.bestValue {
			g.bestValue = v
			copy(g.best, m.x)
		}
		s.Note(m.x, v)
	}
	s.asked = s.asked[:0]
}

// State reports the evaluations and the best point; Extra holds "skipped"
// (moves onto known points), "cycle" (of the first live swarm) and "swarms"
// (swarms still running).
func (s *Optimizer) State() optimize.State {
	live, cycle := 0, 0
	for _, f := range s.swarms {
		if !f.done {
			if live == 0 {
				cycle = f.cycle
			}
			live++
		}
	}
	return s.Best.State(map[string]float64{
		"skipped": float64(s.skipped),
		"cycle":   float64(cycle),
		"swarms":  float64(live),
	})
}
