package anneal

import (
	"math"
	"testing"

	"github.com/passframes/passframes/optimize"
)

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

func TestCooling(t *testing.T) {
	c := math.Exp(-0.25) // ultrafast c for P1 = P2 = 1, D = 4
	for _, tc := range []struct {
		name string
		got  float64
		want float64
	}{
		// Boltzmann T0/ln(1+k): k = 1 → 10/ln 2, above T0 as in the seed.
		{"boltzmann k=1", BoltzmannTemp(10, 1), 14.426950408889634},
		{"boltzmann k=3", BoltzmannTemp(10, 3), 10 / math.Log(4)}, // 7.2134752…
		{"boltzmann k=0", BoltzmannTemp(10, 0), 10},
		// Cauchy T0/k^(1/D): 10/8^(1/3) = 10/2.
		{"cauchy k=8 D=3", CauchyTemp(10, 8, 3), 5},
		{"cauchy k=1", CauchyTemp(10, 1, 2), 10},
		{"cauchy k=9 D=2", CauchyTemp(6, 9, 2), 2},
		// Ultrafast T0·exp(−c·k^(1/D)), c = P1·exp(−P2/D).
		{"ultrafast k=1 D=4", UltrafastTemp(100, 1, 4, 1, 1), 100 * math.Exp(-c)}, // 45.89…
		{"ultrafast k=16 D=4", UltrafastTemp(100, 16, 4, 1, 1), 100 * math.Exp(-2*c)},
		// The annealing article: with P1 = 0.75, P2 = 1, D = 4 the first step gives T0·0.558.
		{"ultrafast seed figure", math.Round(1000*UltrafastTemp(1, 1, 4, 0.75, 1)) / 1000, 0.558},
		{"schedule dispatch", Cauchy.Temp(10, 8, 3, 0, 0), 5},
		{"schedule dispatch", Ultrafast.Temp(100, 16, 4, 1, 1), 100 * math.Exp(-2*c)},
		{"schedule dispatch", Boltzmann.Temp(10, 3, 7, 0, 0), 10 / math.Log(4)},
	} {
		if !near(tc.got, tc.want) {
			t.Errorf("%s = %.15g, want %.15g", tc.name, tc.got, tc.want)
		}
	}
}

func TestSteps(t *testing.T) {
	for _, tc := range []struct {
		name string
		got  float64
		want float64
	}{
		{"boltzmann", BoltzmannStep(2, -0.5), -1},
		{"cauchy", CauchyStep(2, 3, -1.5), -4},
		// a → 1: |2a−1| = 1, T·((1+1/T) − 1)·span = span.
		{"ultrafast full", UltrafastStep(1, 1, 10), 10},
		// T = 1, a = 0.75: (2^0.5 − 1)·10 = 4.1421356…
		{"ultrafast up", UltrafastStep(1, 0.75, 10), (math.Sqrt2 - 1) * 10},
		{"ultrafast down", UltrafastStep(1, 0.25, 10), -(math.Sqrt2 - 1) * 10},
		// T = 0.5, a = 0.75: 0.5·(3^0.5 − 1)·10 = 3.6602540…
		{"ultrafast T=0.5", UltrafastStep(0.5, 0.75, 10), 0.5 * (math.Sqrt(3) - 1) * 10},
		{"ultrafast a=0.5", UltrafastStep(1, 0.5, 10), 0},
		{"ultrafast T=0", UltrafastStep(0, 0.9, 10), 0},
		{"accept worse", AcceptProbability(1, 2), math.Exp(-0.5)}, // 0.60653…
		{"accept better", AcceptProbability(-3, 2), 1},
		{"accept equal", AcceptProbability(0, 2), 1},
		{"accept cold", AcceptProbability(1, 0), 0},
		{"accept NaN", AcceptProbability(math.NaN(), 1), 0},
	} {
		if !near(tc.got, tc.want) {
			t.Errorf("%s = %.15g, want %.15g", tc.name, tc.got, tc.want)
		}
	}
	// The ultrafast move never exceeds the range.
	for _, temp := range []float64{1e-6, 0.01, 1, 100} {
		for a := 0.0; a < 1; a += 0.01 {
			if s := UltrafastStep(temp, a, 3); math.Abs(s) > 3+1e-12 {
				t.Fatalf("UltrafastStep(%v, %v, 3) = %v, beyond the range", temp, a, s)
			}
		}
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]Schedule{"boltzmann": Boltzmann, "Cauchy": Cauchy, "fast": Cauchy, " ultrafast ": Ultrafast} {
		if got, err := ParseSchedule(in); err != nil || got != want {
			t.Errorf("ParseSchedule(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseSchedule("slow"); err == nil {
		t.Error("ParseSchedule(slow) gave no error")
	}
	for in, want := range map[string]Modification{"a": CoolOnMove, "B": CoolEveryIteration} {
		if got, err := ParseModification(in); err != nil || got != want {
			t.Errorf("ParseModification(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseModification("c"); err == nil {
		t.Error("ParseModification(c) gave no error")
	}
}

func wide(budget int, seed int64) optimize.Problem {
	return optimize.Problem{
		Dims:   []optimize.Dim{{Name: "x", Start: -100, Stop: 100}, {Name: "y", Start: 0, Stop: 1000}},
		Budget: budget,
		Seed:   seed,
	}
}

func bowl(x []float64) float64 { return -x[0]*x[0] - (x[1]-300)*(x[1]-300) }

// drive runs the annealer with batches of n and returns how many points each
// Ask returned.
func drive(t *testing.T, a *Optimizer, n int) []int {
	t.Helper()
	var sizes []int
	for range 100000 {
		pts := a.Ask(n)
		if len(pts) == 0 {
			return sizes
		}
		vals := make([]float64, len(pts))
		for i, x := range pts {
			vals[i] = bowl(x)
		}
		a.Tell(vals)
		sizes = append(sizes, len(pts))
	}
	t.Fatal("never stopped")
	return nil
}

func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

func TestIterationsAndBudget(t *testing.T) {
	for _, tc := range []struct {
		iterations, budget, want int
	}{
		{0, 0, 50},  // the annealing article's default
		{0, 30, 30}, // the run's budget
		{10, 30, 10},
		{40, 30, 30},
	} {
		o := DefaultOptions()
		o.Iterations = tc.iterations
		a, err := New(wide(tc.budget, 1), o)
		if err != nil {
			t.Fatal(err)
		}
		if got := sum(drive(t, a, 1)); got != tc.want || a.State().Evaluations != tc.want {
			t.Errorf("iterations %d, budget %d: %d evaluations, want %d", tc.iterations, tc.budget, got, tc.want)
		}
	}
}

// TestAgents: without many-point, the agents share one start point, so the
// first batch is that point alone; afterwards every agent proposes one point.
// With many-point, each agent starts from its own point.
func TestAgents(t *testing.T) {
	a, _ := New(wide(41, 2), DefaultOptions())
	sizes := drive(t, a, 4)
	if sizes[0] != 1 || sizes[1] != 4 || sum(sizes) != 41 || sizes[len(sizes)-1] != 4 {
		t.Errorf("batch sizes %v: want 1, then 4 each, 41 in all", sizes)
	}
	o := DefaultOptions()
	o.ManyPoint = true
	a, _ = New(wide(41, 2), o)
	sizes = drive(t, a, 4)
	if sizes[0] != 4 || sum(sizes) != 41 || sizes[len(sizes)-1] != 1 {
		t.Errorf("many-point batch sizes %v: want 4 each, 41 in all", sizes)
	}
	// A fixed number of agents does not depend on the batch.
	o = DefaultOptions()
	o.Agents = 3
	a, _ = New(wide(20, 2), o)
	if sizes = drive(t, a, 8); sizes[1] != 3 {
		t.Errorf("3 agents asked for 8 points gave batches %v, want 3", sizes)
	}
}

// TestMinimumTemperatureEndsRun: Cauchy cooling in one dimension is T0/k.
// With CoeffOfMinTemp 0.5 and cooling every iteration (modification b), the
// start is step 1 (T0), the second evaluation step 2 (T0/2, not below the
// minimum), the third step 3 (T0/3 < T0/2): the run ends after 3 evaluations.
func TestMinimumTemperatureEndsRun(t *testing.T) {
	o := DefaultOptions()
	o.Schedule = Cauchy
	o.CoeffOfMinTemp = 0.5
	o.Modification = CoolEveryIteration
	p := optimize.Problem{Dims: []optimize.Dim{{Name: "x", Start: 0, Stop: 10}}, Budget: 100, Seed: 3}
	a, err := New(p, o)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	for {
		pts := a.Ask(1)
		if len(pts) == 0 {
			break
		}
		a.Tell([]float64{float64(n)}) // always better: every iteration moves
		n++
	}
	if n != 3 {
		t.Errorf("%d evaluations, want 3", n)
	}
}

// TestTemperatureAfterStart: the start evaluation is a move, so the first
// agent has cooled once: Boltzmann T0/ln 2, that is 1/ln 2 of the range.
func TestTemperatureAfterStart(t *testing.T) {
	a, _ := New(wide(10, 4), DefaultOptions())
	pts := a.Ask(1)
	a.Tell([]float64{bowl(pts[0])})
	if got := a.State().Extra["temperature"]; !near(got, 1/math.Ln2) {
		t.Errorf("relative temperature %v, want 1/ln 2 = %v", got, 1/math.Ln2)
	}
}

// TestSmallGridFreezes: on a grid of three points the annealer evaluates each
// at most once and stops once every proposal is a known point.
func TestSmallGridFreezes(t *testing.T) {
	for _, s := range []Schedule{Boltzmann, Cauchy, Ultrafast} {
		o := DefaultOptions()
		o.Schedule = s
		p := optimize.Problem{Dims: []optimize.Dim{{Name: "k", Start: 1, Step: 1, Stop: 3, Integer: true}}, Budget: 1000, Seed: 5}
		a, _ := New(p, o)
		seen := map[float64]bool{}
		for {
			pts := a.Ask(2)
			if len(pts) == 0 {
				break
			}
			for _, x := range pts {
				if seen[x[0]] {
					t.Fatalf("%v: point %v proposed twice", s, x)
				}
				seen[x[0]] = true
			}
			vals := make([]float64, len(pts))
			for i, x := range pts {
				vals[i] = -math.Abs(x[0] - 2)
			}
			a.Tell(vals)
		}
		if len(seen) > 3 || a.State().Extra["agents"] != 0 {
			t.Errorf("%v: %d points, %v agents running", s, len(seen), a.State().Extra["agents"])
		}
	}
}

func TestOptionErrors(t *testing.T) {
	for _, o := range []Options{
		{Schedule: 7, CoeffOfTemp: 1},
		{CoeffOfTemp: 0},
		{CoeffOfTemp: 1, CoeffOfMinTemp: -1},
		{CoeffOfTemp: 1, Iterations: -1},
		{CoeffOfTemp: 1, P1: math.NaN()},
		{CoeffOfTemp: 1, Agents: -2},
		{CoeffOfTemp: 1, Modification: 3},
	} {
		if _, err := New(wide(10, 1), o); err == nil {
			t.Errorf("New with %+v gave no error", o)
		}
	}
	if _, err := New(optimize.Problem{}, DefaultOptions()); err == nil {
		t.Error("New without dims gave no error")
	}
}
