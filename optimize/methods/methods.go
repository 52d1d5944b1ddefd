// Package methods is the registry of optimization methods that collect, the
// test stand and replay choose from by name: each method's documentation, its
// options (as strings, with defaults) and a constructor.
package methods

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/optimize/anneal"
	"github.com/passframes/passframes/optimize/genetic"
	"github.com/passframes/passframes/optimize/rnd"
	"github.com/passframes/passframes/optimize/swarm"
)

// Option is one setting of a method. Values are strings, as on a command line.
type Option struct {
	Name    string
	Default string
	Usage   string // says what the option does and its default
}

// Method is an optimization method.
type Method struct {
	Name    string
	Doc     string
	Options []Option
	// New builds the optimizer for a problem. opts holds option values by
	// name; a missing option takes its default, an unknown one is an error.
	New func(p optimize.Problem, opts map[string]string) (optimize.Optimizer, error)
}

// All returns every method, in the order they are documented.
func All() []Method {
	return []Method{gridMethod(), randomMethod(), annealMethod(), swarmMethod(), geneticMethod(), rndMethod()}
}

// Names returns the names of all methods.
func Names() []string {
	var names []string
	for _, m := range All() {
		names = append(names, m.Name)
	}
	return names
}

// Lookup finds a method by name (case-insensitive).
func Lookup(name string) (Method, error) {
	key := strings.ToLower(strings.TrimSpace(name))
	for _, m := range All() {
		if m.Name == key {
			return m, nil
		}
	}
	return Method{}, fmt.Errorf("unknown optimization method %q (valid: %s)", name, strings.Join(Names(), ", "))
}

func gridMethod() Method {
	return Method{
		Name: "grid",
		Doc:  `Every grid point in a fixed order, first parameter fastest ("slow complete" in MT5); the pass id of a point is its grid index, so a grid run can be sharded and resumed. Every parameter needs a step.`,
		New: func(p optimize.Problem, opts map[string]string) (optimize.Optimizer, error) {
			if err := newParser("grid", nil, opts).finish(); err != nil {
				return nil, err
			}
			return optimize.NewGrid(p)
		},
	}
}

func randomMethod() Method {
	return Method{
		Name: "random",
		Doc:  "Uniform random points on the grid, never repeated, until the budget is spent or the grid is covered.",
		New: func(p optimize.Problem, opts map[string]string) (optimize.Optimizer, error) {
			if err := newParser("random", nil, opts).finish(); err != nil {
				return nil, err
			}
			return optimize.NewRandom(p), nil
		},
	}
}

var annealOptions = []Option{
	{"iterations", "50", "evaluations in the run (default 50; when the run has a budget and this is not set, the budget)"},
	{"method", "boltzmann", "annealing variant: boltzmann, cauchy (fast) or ultrafast (default boltzmann)"},
	{"CoeffOfTemp", "1", "initial temperature of a parameter as a multiple of its range (default 1)"},
	{"CoeffOfMinTemp", "0", "a parameter stops moving once its temperature falls below this multiple of its range; the run ends when all have (default 0: never)"},
	{"P1", "1", "ultrafast cooling speed: c = P1·exp(−P2/D) (default 1)"},
	{"P2", "1", "ultrafast cooling: c = P1·exp(−P2/D) (default 1)"},
	{"modification", "a", "a: cool only after a move to a new state; b: cool every iteration (default a)"},
	{"ManyPoint", "false", "start every agent from its own random point instead of one shared point (default false)"},
	{"agents", "0", "parallel annealing agents (default 0: one per point of the driver's batch)"},
}

func annealMethod() Method {
	return Method{
		Name:    "anneal",
		Doc:     "Simulated annealing (the annealing article): Boltzmann, Cauchy or ultrafast moves around the current state of each agent, cooling per parameter.",
		Options: annealOptions,
		New: func(p optimize.Problem, opts map[string]string) (optimize.Optimizer, error) {
			ps := newParser("anneal", annealOptions, opts)
			o := anneal.DefaultOptions()
			if _, set := ps.lookup("iterations"); set {
				o.Iterations = ps.positive("iterations")
			}
			if v, set := ps.lookup("method"); set {
				s, err := anneal.ParseSchedule(v)
				ps.fail("method", err)
				o.Schedule = s
			}
			o.CoeffOfTemp = ps.float("CoeffOfTemp")
			o.CoeffOfMinTemp = ps.float("CoeffOfMinTemp")
			o.P1 = ps.float("P1")
			o.P2 = ps.float("P2")
			if v, set := ps.lookup("modification"); set {
				m, err := anneal.ParseModification(v)
				ps.fail("modification", err)
				o.Modification = m
			}
			o.ManyPoint = ps.bool("ManyPoint")
			o.Agents = ps.nonNegative("agents")
			if err := ps.finish(); err != nil {
				return nil, err
			}
			return built(anneal.New(p, o))
		},
	}
}

var swarmOptions = []Option{
	{"particles", "0", "particles per swarm (default 0: 5 × the number of parameters)"},
	{"groups", "0", "social groups, or independent swarms in parallel mode (default 0: √(5 × the number of parameters))"},
	{"inertia", "0.8", "share of the velocity a particle keeps (default 0.8)"},
	{"self", "0.4", "pull toward the particle's own best point (default 0.4)"},
	{"group", "0.4", "pull toward the group's best point (default 0.4)"},
	{"cycles", "0", "maximum cycles (default 0: until the budget is spent or the space is covered; 100 when the run has no budget)"},
	{"parallel", "false", "run independent swarms of one group each, seeded by group number, sharing the evaluated points (default false)"},
}

func swarmMethod() Method {
	return Method{
		Name:    "swarm",
		Doc:     "Particle swarm (the swarm article) with social groups; points already evaluated are skipped and a cycle of skips ends the run.",
		Options: swarmOptions,
		New: func(p optimize.Problem, opts map[string]string) (optimize.Optimizer, error) {
			ps := newParser("swarm", swarmOptions, opts)
			o := swarm.DefaultOptions()
			o.Particles = ps.nonNegative("particles")
			o.Groups = ps.nonNegative("groups")
			o.Inertia = ps.float("inertia")
			o.Self = ps.float("self")
			o.Group = ps.float("group")
			o.Cycles = ps.nonNegative("cycles")
			o.Parallel = ps.bool("parallel")
			if err := ps.finish(); err != nil {
				return nil, err
			}
			return built(swarm.New(p, o))
		},
	}
}

var geneticOptions = []Option{
	{"population", "10", "members kept between generations; the best always survive (default 10)"},
	{"children", "1", "children per generation, at least the driver's batch (default 1: steady state)"},
	{"initial", "0", "random members of the first generation (default 0: 10 × population, at most a tenth of the budget, at least the population)"},
	{"selection", "tournament", "parent selection: tournament or rank (default tournament)"},
	{"tournament", "5", "members drawn per tournament; larger means stronger selection (default 5)"},
	{"crossover", "0.5", "probability that a child takes a random segment of a second parent (default 0.5)"},
	{"reset", "0.6", "share of mutations that redraw a block of adjacent parameters uniformly; the rest are power-law steps of one parameter (default 0.6)"},
	{"block", "2", "adjacent parameters a reset redraws together (default 2)"},
	{"focus", "5", "candidate positions per reset, the one whose resets cost least so far wins (default 5; 1 = uniform)"},
	{"bits", "14", "smallest power-law step as a power of two of the range: range·2^−bits (default 14)"},
	{"patience", "0", "stop after this many generations without a better best (default 0: never when the run has a budget, 1000 when it has none)"},
}

func geneticMethod() Method {
	return Method{
		Name:    "genetic",
		Doc:     `Real-coded genetic algorithm in the role of MT5's "fast genetic based algorithm": tournament or rank selection, two-point crossover, focused block resets and power-law steps on the grid, (μ+λ) survival (elitism), stop on budget or patience.`,
		Options: geneticOptions,
		New: func(p optimize.Problem, opts map[string]string) (optimize.Optimizer, error) {
			ps := newParser("genetic", geneticOptions, opts)
			o := genetic.DefaultOptions()
			o.Population = ps.positive("population")
			o.Children = ps.positive("children")
			o.Initial = ps.nonNegative("initial")
			if v, set := ps.lookup("selection"); set {
				s, err := genetic.ParseSelection(v)
				ps.fail("selection", err)
				o.Selection = s
			}
			o.TournamentSize = ps.positive("tournament")
			o.Crossover = ps.probability("crossover")
			o.Reset = ps.probability("reset")
			o.Block = ps.positive("block")
			o.Focus = ps.positive("focus")
			o.Bits = ps.float("bits")
			o.Patience = ps.nonNegative("patience")
			if err := ps.finish(); err != nil {
				return nil, err
			}
			return built(genetic.New(p, o))
		},
	}
}

var rndOptions = []Option{
	{"population", "50", "population size; the colony is half of it (default 50)"},
}

func rndMethod() Method {
	return Method{
		Name:    "rnd",
		Doc:     "The test-stand article's random baseline: a colony that copies genes from random parents or draws them afresh, replacing the worse half of the population.",
		Options: rndOptions,
		New: func(p optimize.Problem, opts map[string]string) (optimize.Optimizer, error) {
			ps := newParser("rnd", rndOptions, opts)
			pop := ps.positive("population")
			if err := ps.finish(); err != nil {
				return nil, err
			}
			return built(rnd.New(p, pop))
		},
	}
}

// built turns a concrete constructor's result into the interface, keeping a
// failed build a plain nil.
func built[T optimize.Optimizer](o T, err error) (optimize.Optimizer, error) {
	if err != nil {
		return nil, err
	}
	return o, nil
}

// parser reads a method's string options, remembering the first error.
type parser struct {
	method string
	known  []Option
	opts   map[string]string
	err    error
}

func newParser(method string, known []Option, opts map[string]string) *parser {
	return &parser{method: method, known: known, opts: opts}
}

// lookup returns the value given for an option (matched case-insensitively).
func (p *parser) lookup(name string) (string, bool) {
	for k, v := range p.opts {
		if strings.EqualFold(k, name) {
			return strings.TrimSpace(v), true
		}
	}
	return "", false
}

// value returns the given value of an option, or its default.
func (p *parser) value(name string) string {
	if v, ok := p.lookup(name); ok {
		return v
	}
	for _, o := range p.known {
		if o.Name == name {
			return o.Default
		}
	}
	panic("methods: option " + name + " is not declared") // a bug in this file
}

func (p *parser) fail(name string, err error) {
	if err != nil && p.err == nil {
		p.err = fmt.Errorf("%s: option %s: %w", p.method, name, err)
	}
}

func (p *parser) float(name string) float64 {
	v := p.value(name)
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		p.fail(name, fmt.Errorf("%q is not a number", v))
	}
	return f
}

func (p *parser) probability(name string) float64 {
	f := p.float(name)
	if !(f >= 0 && f <= 1) {
		p.fail(name, fmt.Errorf("%g is not a probability in [0, 1]", f))
	}
	return f
}

func (p *parser) integer(name string) int {
	v := p.value(name)
	n, err := strconv.Atoi(v)
	if err != nil {
		p.fail(name, fmt.Errorf("%q is not a whole number", v))
	}
	return n
}

func (p *parser) nonNegative(name string) int {
	n := p.integer(name)
	if n < 0 {
		p.fail(name, fmt.Errorf("%d is negative", n))
	}
	return n
}

func (p *parser) positive(name string) int {
	n := p.integer(name)
	if n < 1 {
		p.fail(name, fmt.Errorf("%d is not positive", n))
	}
	return n
}

func (p *parser) bool(name string) bool {
	v := p.value(name)
	b, err := strconv.ParseBool(v)
	if err != nil {
		p.fail(name, fmt.Errorf("%q is not true or false", v))
	}
	return b
}

// finish reports the first parse error, or an option the method does not
// have.
func (p *parser) finish() error {
	if p.err != nil {
		return p.err
	}
	var unknown []string
	for k := range p.opts {
		if !slices.ContainsFunc(p.known, func(o Option) bool { return strings.EqualFold(o.Name, k) }) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		var valid []string
		for _, o := range p.known {
			valid = append(valid, o.Name)
		}
		if len(valid) == 0 {
			return fmt.Errorf("%s: unknown option %s (%s takes no options)", p.method, strings.Join(unknown, ", "), p.method)
		}
		return fmt.Errorf("%s: unknown option %s (valid: %s)", p.method, strings.Join(unknown, ", "), strings.Join(valid, ", "))
	}
	return nil
}
