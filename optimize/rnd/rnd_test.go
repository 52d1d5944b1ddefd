package rnd

import (
	"cmp"
	"math"
	"slices"
	"testing"

	"github.com/passframes/passframes/optimize"
)

func cube(n, budget int, seed int64) optimize.Problem {
	dims := make([]optimize.Dim, n)
	for i := range dims {
		dims[i] = optimize.Dim{Start: -1, Stop: 1}
	}
	return optimize.Problem{Dims: dims, Budget: budget, Seed: seed}
}

// epoch asks for a whole colony, scores it with f and returns its points.
func epoch(t *testing.T, o *Optimizer, f func([]float64) float64) [][]float64 {
	t.Helper()
	pts := o.Ask(1000)
	vals := make([]float64, len(pts))
	for i, x := range pts {
		vals[i] = f(x)
	}
	o.Tell(vals)
	return pts
}

func first(x []float64) float64 { return x[0] }

func TestColonyIsHalfThePopulation(t *testing.T) {
	o, err := New(cube(3, 0, 1), 0)
	if err != nil {
		t.Fatal(err)
	}
	for e := range 4 {
		if pts := epoch(t, o, first); len(pts) != 25 {
			t.Fatalf("epoch %d: colony of %d, want 25", e, len(pts))
		}
	}
	if got := len(o.pop); got != 50 {
		t.Errorf("population of %d, want 50", got)
	}
	o, _ = New(cube(3, 0, 1), 8)
	if pts := epoch(t, o, first); len(pts) != 4 {
		t.Errorf("population 8: colony of %d, want 4", len(pts))
	}
	// A budget cuts the last colony short.
	o, _ = New(cube(3, 60, 1), 0)
	n := 0
	for {
		pts := epoch(t, o, first)
		if len(pts) == 0 {
			break
		}
		n += len(pts)
	}
	if n != 60 {
		t.Errorf("%d points for a budget of 60", n)
	}
}

// TestGenes: after the first epoch a child's gene is either its parent's or a
// fresh uniform value, each with probability 0.5. On a continuous space a
// fresh value never equals an existing one, so the source of every gene shows.
func TestGenes(t *testing.T) {
	const dims = 400
	o, _ := New(cube(dims, 0, 2), 0)
	parents := epoch(t, o, first)
	children := epoch(t, o, first)
	copied := 0
	for _, c := range children {
		// The parent is the colony member sharing the most genes.
		best, shared := -1, -1
		for p, x := range parents {
			n := 0
			for j := range dims {
				if c[j] == x[j] {
					n++
				}
			}
			if n > shared {
				best, shared = p, n
			}
		}
		for j := range dims {
			if c[j] != parents[best][j] {
				for _, x := range parents {
					if c[j] == x[j] {
						t.Fatalf("gene %d comes from a parent other than the child's", j)
					}
				}
			}
		}
		copied += shared
	}
	// 25 children × 400 genes, half copied: 5,000 ± 3σ (σ = √(10,000/4) = 50).
	if copied < 4850 || copied > 5150 {
		t.Errorf("%d of 10,000 genes copied, want about 5,000", copied)
	}
}

// TestColonyReplacesWorseHalf: scored by their first coordinate, the
// population after the second epoch is all 50 members; the third colony then
// replaces its worse half. Children of the fourth epoch copy genes only from
// the 50 survivors: any inherited gene is found among them.
func TestColonyReplacesWorseHalf(t *testing.T) {
	const dims = 200
	o, _ := New(cube(dims, 0, 3), 0)
	var all [][]float64
	for range 3 {
		all = append(all, epoch(t, o, first)...)
	}
	early := slices.Clone(all[:50])
	slices.SortStableFunc(early, func(a, b []float64) int { return cmp.Compare(b[0], a[0]) })
	survivors := append(early[:25:25], all[50:]...)
	if len(o.pop) != 50 {
		t.Fatalf("population of %d, want 50", len(o.pop))
	}
	for i := 1; i < len(o.pop); i++ {
		if o.pop[i].f > o.pop[i-1].f {
			t.Fatalf("population not sorted best first at %d", i)
		}
	}
	has := func(members [][]float64, j int, v float64) bool {
		return slices.ContainsFunc(members, func(x []float64) bool { return x[j] == v })
	}
	inherited := 0
	for _, c := range epoch(t, o, first) {
		for j := range dims {
			if !has(all, j, c[j]) {
				continue // a fresh value
			}
			inherited++
			if !has(survivors, j, c[j]) {
				t.Fatalf("a child inherited gene %d from a member that was dropped", j)
			}
		}
	}
	if inherited < 2000 { // about half of 25 × 200
		t.Errorf("only %d genes inherited", inherited)
	}
}

// TestSmallGridCovered: on a grid of 6 points rnd stops once no new point
// turns up, having proposed each point at most once.
func TestSmallGridCovered(t *testing.T) {
	p := optimize.Problem{Dims: []optimize.Dim{{Start: 0, Step: 1, Stop: 5, Integer: true}}, Seed: 4}
	o, _ := New(p, 0)
	seen := map[float64]bool{}
	for {
		pts := epoch(t, o, func(x []float64) float64 { return -math.Abs(x[0] - 2) })
		if len(pts) == 0 {
			break
		}
		for _, x := range pts {
			if seen[x[0]] {
				t.Fatalf("%v twice", x)
			}
			seen[x[0]] = true
		}
	}
	if len(seen) != 6 || o.State().Best != 0 {
		t.Errorf("%d points, best %v: want all 6 and 0", len(seen), o.State().Best)
	}
}

func TestErrors(t *testing.T) {
	if _, err := New(cube(2, 10, 1), 1); err == nil {
		t.Error("population 1 gave no error")
	}
	if _, err := New(optimize.Problem{}, 0); err == nil {
		t.Error("no dims gave no error")
	}
}
