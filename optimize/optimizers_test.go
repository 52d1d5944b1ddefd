package optimize

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// drain runs an optimizer to the end, telling zeros, and returns every point.
func drain(o Optimizer, batch int) [][]float64 {
	var all [][]float64
	for pts := o.Ask(batch); len(pts) > 0; pts = o.Ask(batch) {
		all = append(all, pts...)
		o.Tell(make([]float64, len(pts)))
	}
	return all
}

func TestGridBudget(t *testing.T) {
	s := fastSlow(t, "Fast < Slow")
	g, err := NewGrid(s.Problem(10, 0))
	if err != nil {
		t.Fatal(err)
	}
	pts := drain(g, 4)
	// The first ten feasible points in index order (Fast fastest): Slow = 10
	// admits only Fast = 5; Slow = 20 admits Fast 5, 10, 15; Slow = 30 admits
	// 5..25, of which the first six complete the ten.
	want := [][]float64{{5, 10}, {5, 20}, {10, 20}, {15, 20}, {5, 30}, {10, 30}, {15, 30}, {20, 30}, {25, 30}, {5, 40}}
	if !reflect.DeepEqual(pts, want) {
		t.Errorf("grid with budget 10 proposed\n%v\nwant\n%v", pts, want)
	}
	if st := g.State(); st.Evaluations != 10 {
		t.Errorf("Evaluations = %d, want 10", st.Evaluations)
	}
}

func TestNewGridErrors(t *testing.T) {
	for _, tc := range []struct {
		dims []Dim
		want string
	}{
		{[]Dim{{Name: "x", Start: 0, Step: 0, Stop: 1}}, "continuous"},
		{[]Dim{{Name: "x", Start: 2, Step: 1, Stop: 1}}, "empty"},
		{[]Dim{{Name: "x", Start: 0, Step: 1, Stop: math.Inf(1)}}, "non-finite"},
	} {
		if _, err := NewGrid(Problem{Dims: tc.dims}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewGrid(%+v): error %v, want %q", tc.dims, err, tc.want)
		}
	}
}

func TestTellTracksBest(t *testing.T) {
	g, err := NewGrid(Problem{Dims: []Dim{{Name: "x", Start: 1, Step: 1, Stop: 5, Integer: true}}})
	if err != nil {
		t.Fatal(err)
	}
	if st := g.State(); st.Best != -math.MaxFloat64 || st.BestPoint != nil || st.Evaluations != 0 {
		t.Errorf("initial state %+v", st)
	}
	pts := g.Ask(3) // 1, 2, 3
	g.Tell([]float64{-1, math.NaN(), 4})
	pts = append(pts, g.Ask(3)...) // 4, 5
	g.Tell([]float64{2, 4})        // a tie does not replace the best
	st := g.State()
	if st.Evaluations != 5 || st.Best != 4 || !reflect.DeepEqual(st.BestPoint, []float64{3}) {
		t.Errorf("state %+v, want 5 evaluations, best 4 at [3]", st)
	}
	if len(pts) != 5 || g.Ask(3) != nil {
		t.Errorf("grid of 5 proposed %v then more", pts)
	}
	st.BestPoint[0] = 99 // the caller's copy
	if g.State().BestPoint[0] != 3 {
		t.Error("State shares BestPoint with the caller")
	}
	defer func() {
		if recover() == nil {
			t.Error("Tell with the wrong number of values did not panic")
		}
	}()
	g.Tell([]float64{1})
}

func TestGridAskAtLeastOne(t *testing.T) {
	g, _ := NewGrid(Problem{Dims: []Dim{{Name: "x", Start: 1, Step: 1, Stop: 2}}})
	if pts := g.Ask(0); len(pts) != 1 {
		t.Errorf("Ask(0) = %v, want one point", pts)
	}
}

// checkRandomRun checks what every random run must hold: distinct points, on
// the grid (Snap leaves them unchanged), inside the bounds, feasible.
func checkRandomRun(t *testing.T, s *Space, pts [][]float64) {
	t.Helper()
	dims := s.Dims()
	seen := make(map[int64]bool)
	for _, x := range pts {
		id := s.GridIndex(x)
		if seen[id] {
			t.Fatalf("point %v proposed twice", x)
		}
		seen[id] = true
		for i, d := range dims {
			if d.Snap(x[i]) != x[i] || x[i] < d.Start || x[i] > d.Stop {
				t.Fatalf("point %v: coordinate %d off the grid of %+v", x, i, d)
			}
		}
		if !s.Feasible(x) {
			t.Fatalf("infeasible point %v", x)
		}
	}
}

func TestRandomOnGridNoRepeat(t *testing.T) {
	s := mustSpace(t, smaCross, []string{"Fast=5:50:5", "Slow=10:200:10", "Short=false:true"}, "")
	pts := drain(NewRandom(s.Problem(300, 1)), 16)
	if len(pts) != 300 {
		t.Fatalf("proposed %d points, want the budget 300", len(pts))
	}
	checkRandomRun(t, s, pts)
}

func TestRandomDeterministic(t *testing.T) {
	s := fastSlow(t, "Fast < Slow")
	a := drain(NewRandom(s.Problem(50, 7)), 8)
	b := drain(NewRandom(s.Problem(50, 7)), 3) // batch size does not matter
	c := drain(NewRandom(s.Problem(50, 8)), 8)
	if !reflect.DeepEqual(a, b) {
		t.Error("two runs with seed 7 differ")
	}
	if reflect.DeepEqual(a, c) {
		t.Error("seeds 7 and 8 gave the same run")
	}
}

func TestRandomStopsWhenCovered(t *testing.T) {
	for _, tc := range []struct {
		name       string
		constraint string
		budget     int
		want       int
	}{
		{"constrained, budget above the feasible count", "Fast < Slow", 1000, 175},
		{"constrained, no budget", "Fast < Slow", 0, 175},
		{"unconstrained, budget above the size", "", 500, 200},
		// Fast = 50 with Slow 10, 20, 30: 3 points in a grid of 200.
		{"tight constraint", "Fast == 50 && Slow <= 30", 100, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := fastSlow(t, tc.constraint)
			for seed := range int64(5) {
				r := NewRandom(s.Problem(tc.budget, seed))
				pts := drain(r, 10)
				if len(pts) != tc.want {
					t.Fatalf("seed %d: proposed %d points, want %d", seed, len(pts), tc.want)
				}
				checkRandomRun(t, s, pts)
				if more := r.Ask(10); len(more) != 0 {
					t.Fatalf("seed %d: proposed %v after covering the grid", seed, more)
				}
			}
		})
	}
}

// TestRandomUniform checks the first and the last point of runs covering a
// 6-point grid over 6000 seeds: each point should come first (rejection
// phase) and last (list phase) about 1000 times. The binomial standard
// deviation is √(6000·1/6·5/6) ≈ 29, so ±150 is over five of them.
func TestRandomUniform(t *testing.T) {
	s := mustSpace(t, smaCross, []string{"Fast=1:2", "Slow=1:3"}, "")
	var first, last [6]int
	for seed := range int64(6000) {
		pts := drain(NewRandom(s.Problem(0, seed)), 6)
		if len(pts) != 6 {
			t.Fatalf("seed %d: %d points, want 6", seed, len(pts))
		}
		first[s.GridIndex(pts[0])]++
		last[s.GridIndex(pts[5])]++
	}
	for i := range 6 {
		if math.Abs(float64(first[i]-1000)) > 150 || math.Abs(float64(last[i]-1000)) > 150 {
			t.Errorf("point %d came first %d and last %d times in 6000 runs, want about 1000", i, first[i], last[i])
		}
	}
}

func TestRandomContinuous(t *testing.T) {
	dims := []Dim{{Name: "x", Start: -5, Stop: 5}, {Name: "n", Start: 0.5, Stop: 10.5, Integer: true}}
	pts := drain(NewRandom(Problem{Dims: dims, Budget: 400, Seed: 3}), 32)
	if len(pts) != 400 {
		t.Fatalf("proposed %d points, want 400", len(pts))
	}
	seen := NewSeen()
	for _, x := range pts {
		if x[0] < -5 || x[0] >= 5 || x[1] < 1 || x[1] > 10 || x[1] != math.Trunc(x[1]) {
			t.Fatalf("point %v out of bounds or n not an integer in [1, 10]", x)
		}
		if !seen.Add(x) {
			t.Fatalf("point %v repeated", x)
		}
	}
	if pts := NewRandom(Problem{Dims: dims}).Ask(5); len(pts) != 0 {
		t.Errorf("continuous space without a budget proposed %v", pts)
	}
	// A constraint nothing satisfies ends the run instead of spinning.
	never := func([]float64) bool { return false }
	if pts := NewRandom(Problem{Dims: dims, Budget: 10, Feasible: never}).Ask(5); len(pts) != 0 {
		t.Errorf("unsatisfiable constraint: proposed %v", pts)
	}
}

func TestRandomEmptyDim(t *testing.T) {
	dims := []Dim{{Name: "x", Start: 2, Step: 1, Stop: 1}}
	if pts := NewRandom(Problem{Dims: dims, Budget: 5}).Ask(5); len(pts) != 0 {
		t.Errorf("empty dim: proposed %v", pts)
	}
}

func BenchmarkGridAsk(b *testing.B) {
	s := fastSlow(b, "Fast < Slow")
	b.ReportAllocs()
	for b.Loop() {
		g, _ := NewGrid(s.Problem(0, 0))
		if n := len(drain(g, 64)); n != 175 {
			b.Fatal(n)
		}
	}
}

func BenchmarkRandomCover(b *testing.B) {
	s := fastSlow(b, "Fast < Slow")
	b.ReportAllocs()
	for b.Loop() {
		if n := len(drain(NewRandom(s.Problem(0, 1)), 64)); n != 175 {
			b.Fatal(n)
		}
	}
}
