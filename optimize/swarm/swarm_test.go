package swarm

import (
	"math"
	"testing"

	"github.com/passframes/passframes/optimize"
)

func problem(dims []optimize.Dim, budget int, seed int64) optimize.Problem {
	return optimize.Problem{Dims: dims, Budget: budget, Seed: seed}
}

var plane = []optimize.Dim{{Name: "x", Start: -5, Stop: 5}, {Name: "y", Start: 0, Stop: 10}}

// cycleOf runs one full cycle and returns its points.
func cycleOf(t *testing.T, s *Optimizer, f func([]float64) float64) [][]float64 {
	t.Helper()
	pts := s.Ask(1 << 20)
	vals := make([]float64, len(pts))
	for i, x := range pts {
		vals[i] = f(x)
	}
	s.Tell(vals)
	out := make([][]float64, len(pts))
	for i, x := range pts {
		out[i] = append([]float64(nil), x...)
	}
	return out
}

func TestDefaultSizes(t *testing.T) {
	for _, tc := range []struct {
		dims, particles, groups int
	}{
		{1, 5, 2},     // √5 = 2.2
		{2, 10, 3},    // √10 = 3.2
		{10, 50, 7},   // √50 = 7.1
		{40, 200, 14}, // √200 = 14.1
	} {
		dims := make([]optimize.Dim, tc.dims)
		for i := range dims {
			dims[i] = optimize.Dim{Start: 0, Stop: 1}
		}
		s, err := New(problem(dims, 100, 1), DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		f := s.swarms[0]
		if len(f.particles) != tc.particles || len(f.groups) != tc.groups {
			t.Errorf("%d dims: %d particles in %d groups, want %d in %d", tc.dims, len(f.particles), len(f.groups), tc.particles, tc.groups)
		}
		for _, p := range f.particles {
			if p.group < 0 || p.group >= tc.groups {
				t.Fatalf("particle in group %d of %d", p.group, tc.groups)
			}
		}
	}
}

// TestVelocity checks the update v = inertia·v + self·r1·(own best − x) +
// group·r2·(group best − x) on its two edges. With inertia 1 and no pull a
// particle moves by exactly its velocity. With no inertia and only the pull
// of its own best, it lands between where it was and that best.
func TestVelocity(t *testing.T) {
	dims := []optimize.Dim{{Name: "x", Start: -100, Stop: 100}, {Name: "y", Start: -100, Stop: 100}}
	s, _ := New(problem(dims, 0, 2), Options{Inertia: 1, Particles: 10, Groups: 1})
	f := func(x []float64) float64 { return -x[0] }
	cycleOf(t, s, f)
	for i, p := range s.swarms[0].particles {
		p.vel[0], p.vel[1] = 0.5+float64(i), -0.25*float64(i)
	}
	before := cycleOf(t, s, f) // moves by the set velocities
	after := cycleOf(t, s, f)  // and again
	for i := range after {
		want := []float64{0.5 + float64(i), -0.25 * float64(i)}
		for j := range 2 {
			if d := after[i][j] - before[i][j]; math.Abs(d-want[j]) > 1e-9 {
				t.Errorf("particle %d dim %d moved %v, want its velocity %v", i, j, d, want[j])
			}
		}
	}

	s, _ = New(problem(dims, 0, 3), Options{Self: 1, Particles: 10, Groups: 1})
	cycleOf(t, s, f)
	for i, p := range s.swarms[0].particles {
		p.best[0], p.best[1] = float64(10*i), -float64(10*i) // a best elsewhere
	}
	from := make([][]float64, 10)
	for i, p := range s.swarms[0].particles {
		from[i] = append([]float64(nil), p.pos...)
	}
	for i, x := range cycleOf(t, s, f) {
		best := s.swarms[0].particles[i].best
		for j := range 2 {
			lo, hi := min(from[i][j], best[j]), max(from[i][j], best[j])
			if x[j] < lo || x[j] > hi {
				t.Errorf("particle %d dim %d went to %v, outside [%v, %v]", i, j, x[j], lo, hi)
			}
		}
	}
}

// TestStillSwarmEnds: with no inertia and no pull the particles stay put, so
// every particle of the second cycle is skipped and the run ends after the
// first cycle — a cycle of skips means the space is covered.
func TestStillSwarmEnds(t *testing.T) {
	s, _ := New(problem(plane, 1000, 3), Options{Particles: 7, Groups: 2})
	first := cycleOf(t, s, func(x []float64) float64 { return x[1] })
	if len(first) != 7 {
		t.Fatalf("first cycle of %d points, want 7", len(first))
	}
	if pts := s.Ask(5); len(pts) != 0 {
		t.Errorf("second cycle proposed %d points, want none", len(pts))
	}
	if st := s.State(); st.Extra["skipped"] != 7 || st.Extra["swarms"] != 0 || st.Evaluations != 7 {
		t.Errorf("state %+v", st)
	}
}

// TestCoversSmallGrid: on a 4×3 grid the swarm evaluates each point at most
// once and ends by itself (a cycle of skips) long before its 100 cycles.
func TestCoversSmallGrid(t *testing.T) {
	dims := []optimize.Dim{
		{Name: "a", Start: 1, Step: 1, Stop: 4, Integer: true},
		{Name: "b", Start: 0, Step: 0.5, Stop: 1},
	}
	for _, parallel := range []bool{false, true} {
		s, err := New(problem(dims, 0, 4), Options{Inertia: 0.8, Self: 0.4, Group: 0.4, Parallel: parallel})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[[2]float64]bool{}
		for {
			pts := s.Ask(3)
			if len(pts) == 0 {
				break
			}
			vals := make([]float64, len(pts))
			for i, x := range pts {
				k := [2]float64{x[0], x[1]}
				if seen[k] {
					t.Fatalf("parallel %v: %v proposed twice", parallel, x)
				}
				seen[k] = true
				vals[i] = -math.Abs(x[0]-3) - x[1]
			}
			s.Tell(vals)
		}
		st := s.State()
		if len(seen) > 12 || st.Extra["swarms"] != 0 || st.Extra["skipped"] == 0 {
			t.Errorf("parallel %v: %d points, state %+v", parallel, len(seen), st)
		}
		if st.Best != 0 || st.BestPoint[0] != 3 || st.BestPoint[1] != 0 {
			t.Errorf("parallel %v: best %v at %v, want 0 at [3 0]", parallel, st.Best, st.BestPoint)
		}
	}
}

// TestParallelSwarms: parallel mode runs Groups swarms of one group each,
// seeded by their number; two optimizers that share a Seen (two shards of a
// run) never propose the same point.
func TestParallelSwarms(t *testing.T) {
	s, err := New(problem(plane, 0, 5), Options{Parallel: true, Groups: 4, Particles: 6, Inertia: 0.8, Self: 0.4, Group: 0.4})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.swarms) != 4 {
		t.Fatalf("%d swarms, want 4", len(s.swarms))
	}
	for _, f := range s.swarms {
		if len(f.groups) != 1 || len(f.particles) != 6 {
			t.Errorf("swarm of %d groups, %d particles", len(f.groups), len(f.particles))
		}
	}
	first := cycleOf(t, s, func(x []float64) float64 { return -x[0] * x[0] })
	if len(first) != 24 {
		t.Fatalf("first cycle %d points, want 24", len(first))
	}
	// Swarm g draws from its own stream: the first particle of swarm 0
	// differs from the first of swarm 1.
	if first[0][0] == first[6][0] {
		t.Error("swarms 0 and 1 start alike")
	}

	seen := optimize.NewSeen()
	var all [][]float64
	for shard := range int64(2) {
		o := DefaultOptions()
		o.Seen = seen
		sh, err := New(problem(plane, 200, shard), o)
		if err != nil {
			t.Fatal(err)
		}
		for {
			pts := sh.Ask(16)
			if len(pts) == 0 {
				break
			}
			vals := make([]float64, len(pts))
			for i, x := range pts {
				vals[i] = math.Sin(x[0]) * x[1]
				all = append(all, x)
			}
			sh.Tell(vals)
		}
	}
	keys := map[[2]float64]bool{}
	for _, x := range all {
		keys[[2]float64{x[0], x[1]}] = true
	}
	if len(keys) != len(all) || seen.Len() != len(all) {
		t.Errorf("%d points, %d distinct, %d in the shared set", len(all), len(keys), seen.Len())
	}
}

func TestCyclesCap(t *testing.T) {
	s, _ := New(problem(plane, 0, 6), Options{Particles: 5, Groups: 1, Cycles: 3, Inertia: 0.8, Self: 0.4, Group: 0.4})
	n := 0
	for {
		pts := s.Ask(100)
		if len(pts) == 0 {
			break
		}
		vals := make([]float64, len(pts))
		s.Tell(vals)
		n += len(pts)
	}
	// A particle clamped onto a point it already visited is skipped, so a
	// cycle holds at most 5 points.
	if c := s.swarms[0].cycle; c != 3 || n > 15 || n < 11 {
		t.Errorf("%d cycles, %d evaluations, want 3 cycles of at most 5", c, n)
	}
}

func TestOptionErrors(t *testing.T) {
	for _, o := range []Options{
		{Particles: -1},
		{Groups: -1},
		{Cycles: -1},
		{Inertia: math.Inf(1)},
		{Particles: 2, Groups: 3},
	} {
		if _, err := New(problem(plane, 10, 1), o); err == nil {
			t.Errorf("New with %+v gave no error", o)
		}
	}
	if _, err := New(problem([]optimize.Dim{{Start: 2, Stop: 1}}, 10, 1), DefaultOptions()); err == nil {
		t.Error("New with an empty range gave no error")
	}
}
