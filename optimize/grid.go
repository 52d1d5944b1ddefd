package optimize

import (
	"fmt"
	"math"
	"slices"
)

// levels returns the number of grid values of a stepped dimension, or an
// error when the dimension is continuous, empty or absurdly fine.
func levels(d Dim) (int64, error) {
	switch {
	case !(d.Step > 0):
		return 0, fmt.Errorf("dimension %s is continuous (step %v); a grid needs a step > 0", d.Name, d.Step)
	case math.IsNaN(d.Start) || math.IsNaN(d.Stop) || math.IsInf(d.Start, 0) || math.IsInf(d.Stop, 0):
		return 0, fmt.Errorf("dimension %s has a non-finite bound", d.Name)
	case d.Start > d.Stop:
		return 0, fmt.Errorf("dimension %s is empty: start %v > stop %v", d.Name, d.Start, d.Stop)
	}
	// The same tolerance as Dim.Levels, so a stop a rounding error short of
	// start + k·step still counts k.
	n := math.Floor((d.Stop-d.Start)/d.Step+1e-9) + 1
	if n >= math.MaxInt64 {
		return 0, fmt.Errorf("dimension %s has too many grid values", d.Name)
	}
	return int64(n), nil
}

// gridSize returns the number of points of the grid of dims (1 for no dims).
func gridSize(dims []Dim) (int64, error) {
	size := int64(1)
	for _, d := range dims {
		n, err := levels(d)
		if err != nil {
			return 0, err
		}
		if size > math.MaxInt64/n {
			return 0, fmt.Errorf("the grid has more than %d points", int64(math.MaxInt64))
		}
		size *= n
	}
	return size, nil
}

// gridValue is the k-th grid value of a stepped dimension, computed exactly
// as Dim.Snap computes it so that the two agree to the bit.
func gridValue(d Dim, k int64) float64 {
	v := d.Start + float64(k)*d.Step
	if d.Integer {
		v = math.Round(v)
	}
	return v
}

// gridPoint writes the point with grid index idx into x (mixed radix, first
// dimension fastest).
func gridPoint(dims []Dim, idx int64, x []float64) {
	for i, d := range dims {
		n, _ := levels(d)
		x[i] = gridValue(d, idx%n)
		idx /= n
	}
}

// gridIndex returns the grid index of the grid point nearest to x.
func gridIndex(dims []Dim, x []float64) int64 {
	var idx, stride int64 = 0, 1
	for i, d := range dims {
		n, _ := levels(d)
		k := int64(0)
		switch r := math.Round((x[i] - d.Start) / d.Step); {
		case r >= float64(n-1):
			k = n - 1
		case r > 0: // false for NaN, which goes to start as in Dim.Snap
			k = int64(r)
		}
		idx += k * stride
		stride *= n
	}
	return idx
}

// grid proposes every grid point in index order.
type grid struct {
	tracker
	dims     []Dim
	feasible func([]float64) bool
	size     int64
	next     int64 // the next grid index to consider
	budget   int
	proposed int
}

// NewGrid returns the exhaustive optimizer ("slow complete" in MT5): it
// proposes every grid point in index order, first dimension fastest, skipping
// infeasible points, and stops after p.Budget points when the budget is > 0.
// The grid index of a proposed point (Space.GridIndex) is stable across runs,
// so it can serve as the pass id. Every dim needs a step > 0.
func NewGrid(p Problem) (Optimizer, error) {
	size, err := gridSize(p.Dims)
	if err != nil {
		return nil, fmt.Errorf("grid: %w", err)
	}
	return &grid{
		tracker:  newTracker(),
		dims:     slices.Clone(p.Dims),
		feasible: p.Feasible,
		size:     size,
		budget:   p.Budget,
	}, nil
}

// Ask returns the next at most n feasible grid points (at least one is asked
// for when n < 1).
func (g *grid) Ask(n int) [][]float64 {
	n = max(n, 1)
	var out [][]float64
	for len(out) < n && g.next < g.size && (g.budget <= 0 || g.proposed < g.budget) {
		x := make([]float64, len(g.dims))
		gridPoint(g.dims, g.next, x)
		g.next++
		if g.feasible != nil && !g.feasible(x) {
			continue
		}
		out = append(out, x)
		g.proposed++
	}
	g.asked = out
	return out
}

// tracker keeps the points of the last Ask and the best value told so far;
// the simple optimizers embed it for Tell and State.
type tracker struct {
	asked [][]float64
	best  Best
}

func newTracker() tracker { return tracker{} }

// Tell records the values of the points of the last Ask. A NaN value never
// becomes the best.
func (t *tracker) Tell(values []float64) {
	if len(values) != len(t.asked) {
		panic(fmt.Sprintf("optimize: Tell got %d values for %d points", len(values), len(t.asked)))
	}
	for i, v := range values {
		t.best.Note(t.asked[i], v)
	}
	t.asked = nil
}

// State reports the evaluations told so far and the best of them.
func (t *tracker) State() State { return t.best.State(nil) }
