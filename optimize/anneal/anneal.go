// Package anneal is simulated annealing for the tester's parameter space, as
// the annealing article describes it: Boltzmann, Cauchy ("fast") and ultrafast variants,
// cooling after a move (modification a) or after every iteration (b), and
// parallel agents that start from one shared point or from their own random
// points ("many-point").
//
// Every parameter has its own temperature, T0 = CoeffOfTemp·|stop − start|.
// An agent proposes snap(current + δ) per parameter, redrawing δ up to 100
// times while the value falls outside [start, stop]. A better value is always
// taken; a worse one with probability exp(−ΔF/T), where T is the first
// parameter's temperature relative to its range, times CoeffOfTemp (the
// seed's rule). The objective is not normalized, so on large objective
// scales worse moves are practically never taken — that is the article's
// behaviour too.
//
// Points already evaluated are never proposed again. When an agent draws one,
// it reuses the stored value as if the tester had run it again (the article's
// agents would re-run it): the iteration counts for acceptance and cooling but
// not as an evaluation. An agent that draws only known points for 100
// iterations in a row has frozen on a covered neighbourhood and stops; the run
// ends when every agent has stopped, when every temperature has fallen below
// CoeffOfMinTemp·|stop − start|, or when the evaluations are spent.
package anneal

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/passframes/passframes/optimize"
)

// Options are the settings of the annealing article's expert, with its defaults in
// DefaultOptions.
type Options struct {
	Schedule Schedule
	// Iterations caps the evaluations of the run. 0 means the problem's
	// budget, or 50 when the problem has none.
	Iterations     int
	CoeffOfTemp    float64 // T0 = CoeffOfTemp·|stop − start|
	CoeffOfMinTemp float64 // a parameter stops moving below CoeffOfMinTemp·|stop − start|
	P1, P2         float64 // ultrafast cooling: c = P1·exp(−P2/D)
	Modification   Modification
	// ManyPoint starts every agent from its own random point; otherwise all
	// agents start from one shared random point.
	ManyPoint bool
	// Agents is the number of parallel agents, each one independent chain.
	// 0 means as many as the first Ask requests (a batch of n points = n agents).
	Agents int
}

// DefaultOptions are the annealing article's defaults: 50 iterations, Boltzmann,
// CoeffOfTemp 1, CoeffOfMinTemp 0, P1 = P2 = 1, modification a, one start point.
func DefaultOptions() Options {
	return Options{Schedule: Boltzmann, CoeffOfTemp: 1, P1: 1, P2: 1}
}

const (
	defaultIterations = 50
	maxRedraws        = 100 // the annealing article's limit on redrawing an out-of-range value
	maxKnownInARow    = 100 // iterations on known points before an agent stops
	maxStartDraws     = 1000
)

// Optimizer is the simulated-annealing Optimizer. Build it with New.
type Optimizer struct {
	dims     []optimize.Dim
	feasible func([]float64) bool
	opt      Options
	limit    int // evaluations allowed
	rng      *rand.Rand

	span   []float64 // |stop − start| per dim
	t0     []float64 // initial temperature per dim
	accDim int       // the dim whose temperature drives acceptance (the first with a range)

	agents  []*agent
	cursor  int                // round-robin position for Ask(n < agents)
	known   map[uint64]float64 // value of every evaluated point
	pending map[uint64]bool    // points asked and not yet told
	asked   []int              // agent of each point of the last Ask
	points  [][]float64        // the points of the last Ask

	optimize.Best // evaluations and the best so far
}

type agentState int

const (
	needsStart agentState = iota // no state yet
	waiting                      // waiting for the shared start point
	running
	stopped
)

type agent struct {
	state agentState
	cur   []float64 // the current state (the article's BestValue)
	curF  float64
	last  []float64 // the last proposed value per dim (the article's Value)
	cand  []float64 // scratch for the next proposal
	temp  []float64
	k     int // cooling steps so far
}

// New builds an annealer for p. It fails on an empty problem or options out of
// range.
func New(p optimize.Problem, o Options) (*Optimizer, error) {
	if len(p.Dims) == 0 {
		return nil, fmt.Errorf("anneal: no dimensions to optimize")
	}
	if err := o.check(); err != nil {
		return nil, fmt.Errorf("anneal: %w", err)
	}
	a := &Optimizer{
		dims:     p.Dims,
		feasible: p.Feasible,
		opt:      o,
		limit:    o.Iterations,
		rng:      rand.New(rand.NewPCG(uint64(p.Seed), 0x616e6e65616c)), // "anneal"
		span:     make([]float64, len(p.Dims)),
		t0:       make([]float64, len(p.Dims)),
		accDim:   -1,
		known:    make(map[uint64]float64),
		pending:  make(map[uint64]bool),
	}
	if a.limit == 0 {
		a.limit = defaultIterations
		if p.Budget > 0 {
			a.limit = p.Budget
		}
	}
	if p.Budget > 0 && p.Budget < a.limit {
		a.limit = p.Budget
	}
	for i, d := range p.Dims {
		if !(d.Start <= d.Stop) || math.IsInf(d.Start, 0) || math.IsInf(d.Stop, 0) {
			return nil, fmt.Errorf("anneal: dim %q: bounds [%g, %g] are not a finite range", d.Name, d.Start, d.Stop)
		}
		a.span[i] = d.Stop - d.Start
		a.t0[i] = o.CoeffOfTemp * a.span[i]
		if a.accDim < 0 && a.span[i] > 0 {
			a.accDim = i
		}
	}
	return a, nil
}

func (o Options) check() error {
	switch {
	case o.Schedule < Boltzmann || o.Schedule > Ultrafast:
		return fmt.Errorf("unknown schedule %d", int(o.Schedule))
	case o.Modification != CoolOnMove && o.Modification != CoolEveryIteration:
		return fmt.Errorf("unknown modification %d", int(o.Modification))
	case o.Iterations < 0:
		return fmt.Errorf("iterations %d is negative", o.Iterations)
	case !(o.CoeffOfTemp > 0) || math.IsInf(o.CoeffOfTemp, 0):
		return fmt.Errorf("CoeffOfTemp %g must be positive", o.CoeffOfTemp)
	case !(o.CoeffOfMinTemp >= 0) || math.IsInf(o.CoeffOfMinTemp, 0):
		return fmt.Errorf("CoeffOfMinTemp %g must be zero or positive", o.CoeffOfMinTemp)
	case math.IsNaN(o.P1) || math.IsInf(o.P1, 0) || math.IsNaN(o.P2) || math.IsInf(o.P2, 0):
		return fmt.Errorf("P1 %g and P2 %g must be finite", o.P1, o.P2)
	case o.Agents < 0:
		return fmt.Errorf("agents %d is negative", o.Agents)
	}
	return nil
}

// Ask returns up to n new points, at most one per agent. n < 1 is taken as 1.
func (a *Optimizer) Ask(n int) [][]float64 {
	if n < 1 {
		n = 1
	}
	a.clearAsk()
	if a.agents == nil {
		a.makeAgents(n)
	}
	left := a.limit - a.Evaluations()
	for scanned := 0; scanned < len(a.agents) && len(a.points) < n && len(a.points) < left; scanned++ {
		i := a.cursor
		a.cursor = (a.cursor + 1) % len(a.agents)
		if x := a.propose(i); x != nil {
			a.points = append(a.points, x)
			a.asked = append(a.asked, i)
		}
	}
	return a.points
}

// clearAsk forgets the points of an Ask that was never told.
func (a *Optimizer) clearAsk() {
	for _, x := range a.points {
		delete(a.pending, optimize.HashPoint(x))
	}
	a.points, a.asked = nil, nil
}

func (a *Optimizer) makeAgents(n int) {
	count := a.opt.Agents
	if count == 0 {
		count = n
	}
	d := len(a.dims)
	a.agents = make([]*agent, count)
	for i := range a.agents {
		ag := &agent{
			cur:  make([]float64, d),
			last: make([]float64, d),
			cand: make([]float64, d),
			temp: make([]float64, d),
		}
		copy(ag.temp, a.t0)
		if !a.opt.ManyPoint && i > 0 {
			ag.state = waiting
		}
		a.agents[i] = ag
	}
}

// propose returns agent i's next point, or nil when it has none this round.
func (a *Optimizer) propose(i int) []float64 {
	ag := a.agents[i]
	switch ag.state {
	case needsStart:
		x := a.randomPoint()
		if x == nil {
			ag.state = stopped
			return nil
		}
		copy(ag.last, x)
		a.pending[optimize.HashPoint(x)] = true
		return x
	case running:
		return a.step(ag)
	}
	return nil
}

// step draws the agent's next unknown point, iterating on known points
// without spending evaluations.
func (a *Optimizer) step(ag *agent) []float64 {
	for range maxKnownInARow {
		if a.frozen(ag) {
			ag.state = stopped
			return nil
		}
		x, h := a.draw(ag)
		if v, ok := a.known[h]; ok {
			a.observe(ag, x, v)
			continue
		}
		p := append([]float64(nil), x...)
		a.pending[h] = true
		return p
	}
	ag.state = stopped
	return nil
}

// draw fills ag.cand with a new candidate around the agent's state: a point
// that is feasible and not out for evaluation, or else the current state. It
// returns the candidate and its key.
func (a *Optimizer) draw(ag *agent) ([]float64, uint64) {
	for range maxRedraws {
		for j := range a.dims {
			ag.cand[j] = a.drawValue(ag, j)
		}
		h := optimize.HashPoint(ag.cand)
		if (a.feasible == nil || a.feasible(ag.cand)) && !a.pending[h] {
			copy(ag.last, ag.cand)
			return ag.cand, h
		}
	}
	copy(ag.cand, ag.cur)
	return ag.cand, optimize.HashPoint(ag.cand)
}

// drawValue is the new value of parameter j: the article's GetParams for one
// input. A parameter whose temperature is below the minimum keeps its value.
func (a *Optimizer) drawValue(ag *agent, j int) float64 {
	d := a.dims[j]
	t := ag.temp[j]
	if t < a.opt.CoeffOfMinTemp*a.span[j] || a.span[j] == 0 {
		return ag.cur[j]
	}
	tol := 0.0
	if d.Step > 0 {
		tol = d.Step / 2
	}
	for range maxRedraws {
		v := ag.cur[j] + a.delta(t, a.span[j])
		if v >= d.Start-tol && v <= d.Stop+tol {
			return d.Snap(v)
		}
	}
	return d.Snap(ag.last[j])
}

func (a *Optimizer) delta(t, span float64) float64 {
	switch a.opt.Schedule {
	case Cauchy:
		n2 := a.rng.NormFloat64()
		for n2 == 0 {
			n2 = a.rng.NormFloat64()
		}
		return CauchyStep(t, a.rng.NormFloat64(), n2)
	case Ultrafast:
		return UltrafastStep(t, a.rng.Float64(), span)
	}
	return BoltzmannStep(t, a.rng.NormFloat64())
}

// frozen reports whether every parameter with a range has cooled below its
// minimum temperature.
func (a *Optimizer) frozen(ag *agent) bool {
	if a.accDim < 0 {
		return true
	}
	for j, t := range ag.temp {
		if a.span[j] > 0 && t >= a.opt.CoeffOfMinTemp*a.span[j] {
			return false
		}
	}
	return true
}

// randomPoint draws a uniform feasible point on the grid that was never
// evaluated, or nil when none turns up.
func (a *Optimizer) randomPoint() []float64 {
	x := make([]float64, len(a.dims))
	for range maxStartDraws {
		for j, d := range a.dims {
			x[j] = d.Uniform(a.rng)
		}
		h := optimize.HashPoint(x)
		if _, ok := a.known[h]; ok || a.pending[h] {
			continue
		}
		if a.feasible == nil || a.feasible(x) {
			return x
		}
	}
	return nil
}

// Tell takes the values of the last Ask's points, in order.
func (a *Optimizer) Tell(values []float64) {
	if len(values) != len(a.points) {
		panic(fmt.Sprintf("anneal: Tell got %d values for %d points", len(values), len(a.points)))
	}
	for i, x := range a.points {
		v := optimize.Comparable(values[i])
		h := optimize.HashPoint(x)
		delete(a.pending, h)
		a.known[h] = v
		a.Note(x, v)
		ag := a.agents[a.asked[i]]
		switch ag.state {
		case needsStart:
			a.start(ag, x, v)
			if !a.opt.ManyPoint {
				for _, other := range a.agents {
					if other.state == waiting {
						a.start(other, x, v)
					}
				}
			}
		case running:
			a.observe(ag, x, v)
		}
	}
	a.points, a.asked = nil, nil
}

// start gives an agent its first state. The first evaluation is a move from
// the article's "no value yet", so the agent cools once under either modification.
func (a *Optimizer) start(ag *agent, x []float64, v float64) {
	copy(ag.cur, x)
	copy(ag.last, x)
	ag.curF = v
	ag.state = running
	a.cool(ag)
}

// observe is one annealing iteration: accept or reject the point, then cool.
func (a *Optimizer) observe(ag *agent, x []float64, v float64) {
	moved := v >= ag.curF
	if !moved {
		moved = a.rng.Float64() < AcceptProbability(ag.curF-v, a.acceptTemp(ag))
	}
	if moved {
		copy(ag.cur, x)
		ag.curF = v
	}
	if moved || a.opt.Modification == CoolEveryIteration {
		a.cool(ag)
	}
}

// acceptTemp is the article's acceptance temperature: CoeffOfTemp times the first
// parameter's temperature relative to its range.
func (a *Optimizer) acceptTemp(ag *agent) float64 {
	if a.accDim < 0 {
		return 0
	}
	return a.opt.CoeffOfTemp * ag.temp[a.accDim] / a.span[a.accDim]
}

func (a *Optimizer) cool(ag *agent) {
	ag.k++
	for j := range ag.temp {
		ag.temp[j] = a.opt.Schedule.Temp(a.t0[j], ag.k, len(a.dims), a.opt.P1, a.opt.P2)
	}
}

// State reports the evaluations, the best point, and in Extra the first
// agent's relative temperature ("temperature") and the agents still running.
func (a *Optimizer) State() optimize.State {
	s := a.Best.State(map[string]float64{})
	if len(a.agents) > 0 && a.accDim >= 0 {
		s.Extra["temperature"] = a.agents[0].temp[a.accDim] / a.span[a.accDim]
	}
	running := 0
	for _, ag := range a.agents {
		if ag.state != stopped {
			running++
		}
	}
	s.Extra["agents"] = float64(running)
	return s
}
