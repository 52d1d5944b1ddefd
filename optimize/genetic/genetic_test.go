package genetic

import (
	"math"
	"testing"

	"github.com/passframes/passframes/optimize"
)

func box(n, budget int, seed int64) optimize.Problem {
	dims := make([]optimize.Dim, n)
	for i := range dims {
		dims[i] = optimize.Dim{Start: 0, Stop: 10}
	}
	return optimize.Problem{Dims: dims, Budget: budget, Seed: seed}
}

func tell(g *Optimizer, pts [][]float64, f func([]float64) float64) {
	vals := make([]float64, len(pts))
	for i, x := range pts {
		vals[i] = f(x)
	}
	g.Tell(vals)
}

func flat([]float64) float64 { return 1 }

// TestGenerationSizes: the first generation holds the random members
// (10 × population, at most a tenth of the budget); later ones one child,
// or as many as a batch asks for.
func TestGenerationSizes(t *testing.T) {
	for _, tc := range []struct {
		budget, initial int
	}{
		{0, 100}, {10000, 100}, {400, 40}, {50, 10}, // never fewer than the population
	} {
		g, err := New(box(3, tc.budget, 1), DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		tell(g, g.Ask(1), flat)
		if len(g.brood) != tc.initial {
			t.Errorf("budget %d: first generation of %d, want %d", tc.budget, len(g.brood), tc.initial)
		}
	}
	// A first batch larger than that is filled with random members.
	g0, _ := New(box(3, 0, 1), DefaultOptions())
	if pts := g0.Ask(150); len(pts) != 150 {
		t.Errorf("a first batch of 150 got %d points", len(pts))
	}
	g, _ := New(box(3, 0, 1), DefaultOptions())
	tell(g, g.Ask(1000), flat)
	if pts := g.Ask(1); len(pts) != 1 {
		t.Errorf("steady state: %d children, want 1", len(pts))
	} else {
		tell(g, pts, flat)
	}
	if pts := g.Ask(8); len(pts) != 8 {
		t.Errorf("a batch of 8 got %d children", len(pts))
	}
}

// TestPatience: on a flat objective nothing ever improves after the first
// generation; with patience 5 the run ends 5 generations (of one child)
// later: 100 + 5 evaluations.
func TestPatience(t *testing.T) {
	o := DefaultOptions()
	o.Patience = 5
	g, _ := New(box(2, 0, 2), o)
	n := 0
	for {
		pts := g.Ask(1)
		if len(pts) == 0 {
			break
		}
		tell(g, pts, flat)
		n++
	}
	if n != 105 {
		t.Errorf("%d evaluations, want 105", n)
	}
}

// TestTiesFavourChildren: on a flat objective each new child displaces an
// old member, so the population drifts along the plateau.
func TestTiesFavourChildren(t *testing.T) {
	g, _ := New(box(2, 0, 3), DefaultOptions())
	tell(g, g.Ask(1000), flat)
	var last []float64
	for range 5 {
		pts := g.Ask(1)
		last = pts[0]
		tell(g, pts, flat)
	}
	g.Ask(1) // merges the last child
	if &g.pop[0].x[0] != &last[0] {
		t.Error("the newest child did not come first among equals")
	}
}

// TestResetCost: the running cost of a reset position moves halfway towards
// each new measurement, the parent's value minus the child's (0 when the
// child is better).
func TestResetCost(t *testing.T) {
	g, _ := New(box(5, 0, 4), DefaultOptions())
	measure := func(parent, child float64) {
		g.brood = []member{{x: make([]float64, 5), parent: parent, reset: 3}}
		g.next, g.asked = 1, 1
		g.Tell([]float64{child})
	}
	measure(10, 7) // cost 0 + 0.5·(3 − 0) = 1.5
	if g.cost[3] != 1.5 {
		t.Errorf("cost %v, want 1.5", g.cost[3])
	}
	measure(10, 13) // an improvement costs 0: 1.5 + 0.5·(0 − 1.5) = 0.75
	if g.cost[3] != 0.75 {
		t.Errorf("cost %v, want 0.75", g.cost[3])
	}
	for j, c := range g.cost {
		if j != 3 && c != 0 {
			t.Errorf("cost of position %d changed to %v", j, c)
		}
	}
}

// TestFocus: resets go to the cheapest of Focus random positions.
func TestFocus(t *testing.T) {
	o := DefaultOptions()
	o.Focus = 40
	g, _ := New(box(4, 0, 5), o)
	copy(g.cost, []float64{5, 0, 5, 5})
	for range 100 {
		if j := g.cheapest(); j != 1 {
			t.Fatalf("cheapest of 40 candidates = %d, want 1", j)
		}
	}
	o.Focus = 1
	g, _ = New(box(4, 0, 5), o)
	copy(g.cost, []float64{5, 0, 5, 5})
	counts := make([]int, 4)
	for range 4000 {
		counts[g.cheapest()]++
	}
	for j, c := range counts {
		if c < 850 || c > 1150 { // uniform: 1000 ± 4.7σ
			t.Errorf("focus 1 chose position %d %d times of 4000, want about 1000", j, c)
		}
	}
}

// TestStepsStayOnGrid: power-law steps keep values on the grid and inside,
// and move at least one grid step, except when a step too long for either
// side falls back to a uniform draw (about 1 % here).
func TestStepsStayOnGrid(t *testing.T) {
	g, _ := New(box(1, 0, 6), DefaultOptions())
	d := optimize.Dim{Start: 1, Step: 0.5, Stop: 4}
	same := 0
	for range 2000 {
		v := g.step(d, 2.5)
		if v < 1 || v > 4 || d.Snap(v) != v {
			t.Fatalf("step from 2.5 gave %v", v)
		}
		if v == 2.5 {
			same++
		}
	}
	if same > 60 {
		t.Errorf("%d of 2000 steps stayed put", same)
	}
	c := optimize.Dim{Start: -1, Stop: 1}
	small, large := 0, 0
	for range 2000 {
		v := g.step(c, 0)
		if v < -1 || v > 1 {
			t.Fatalf("step gave %v outside [-1, 1]", v)
		}
		switch d := math.Abs(v); {
		case d < 2*math.Exp2(-7): // the lower half of 14 bits of scale
			small++
		case d > 2*math.Exp2(-7):
			large++
		}
	}
	if small < 800 || large < 800 {
		t.Errorf("%d small and %d large steps of 2000, want about half each", small, large)
	}
}

func TestSelection(t *testing.T) {
	g, _ := New(box(1, 0, 7), DefaultOptions())
	for i := range 10 {
		g.pop = append(g.pop, member{x: []float64{float64(i)}, f: float64(10 - i)})
	}
	// Tournaments of 5 out of 10: P(best) = 1 − 0.9^5 = 0.40951.
	best := 0
	for range 10000 {
		if g.pick().x[0] == 0 {
			best++
		}
	}
	if best < 3950 || best > 4240 {
		t.Errorf("best picked %d of 10000 times, want about 4095", best)
	}
	// Rank: P(rank i) ∝ 10 − i, so P(best) = 10/55.
	g.opt.Selection = Rank
	best = 0
	for range 11000 {
		if g.pick().x[0] == 0 {
			best++
		}
	}
	if best < 1850 || best > 2150 {
		t.Errorf("rank picked the best %d of 11000 times, want about 2000", best)
	}
}

func TestOptionErrors(t *testing.T) {
	for _, mod := range []func(*Options){
		func(o *Options) { o.Population = 0 },
		func(o *Options) { o.Children = 0 },
		func(o *Options) { o.Initial = -1 },
		func(o *Options) { o.Selection = 9 },
		func(o *Options) { o.TournamentSize = 0 },
		func(o *Options) { o.Crossover = 1.5 },
		func(o *Options) { o.Reset = -0.1 },
		func(o *Options) { o.Block = 0 },
		func(o *Options) { o.Focus = 0 },
		func(o *Options) { o.Bits = 60 },
		func(o *Options) { o.Patience = -1 },
	} {
		o := DefaultOptions()
		mod(&o)
		if _, err := New(box(2, 10, 1), o); err == nil {
			t.Errorf("New with %+v gave no error", o)
		}
	}
}
