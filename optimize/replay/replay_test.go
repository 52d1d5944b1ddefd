package replay

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/passframes/passframes/optimize"
)

// line is a grid of four points 0, 1, 2, 3.
var line = []optimize.Dim{{Name: "p", Start: 0, Step: 1, Stop: 3, Integer: true}}

func TestWithin(t *testing.T) {
	for _, tc := range []struct {
		best, trueBest, pct float64
		want                bool
	}{
		{2000, 2000, 0, true},
		{1999.99, 2000, 0, false},
		{1900, 2000, 5, true}, // 2000 − 1900 = 100 = 5 % of 2000
		{1899, 2000, 5, false},
		{-10.5, -10, 5, true}, // −10 − (−10.5) = 0.5 = 5 % of |−10|
		{-10.6, -10, 5, false},
		{-12, -10, 20, true},
		{0, 0, 25, true},
		{-0.001, 0, 25, false}, // a zero best leaves no room
		{3, 2, 0, true},        // better than the "true" best counts too
	} {
		if got := Within(tc.best, tc.trueBest, tc.pct); got != tc.want {
			t.Errorf("Within(%v, %v, %v) = %v, want %v", tc.best, tc.trueBest, tc.pct, got, tc.want)
		}
	}
}

func TestTable(t *testing.T) {
	dims := []optimize.Dim{
		{Name: "a", Start: 1, Step: 1, Stop: 3, Integer: true}, // 3 levels
		{Name: "b", Start: 0.5, Step: 0.25, Stop: 1},           // 3 levels
	}
	// Index = k_a + 3·k_b. Point (2, 0.75): k = (1, 1) → 4.
	tab, err := NewTable(dims, map[int64]float64{0: -5, 4: 7, 8: 2})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Size() != 9 || tab.Stored() != 3 || tab.Best() != 7 || tab.Worst() != -5 {
		t.Errorf("size %d stored %d best %v worst %v", tab.Size(), tab.Stored(), tab.Best(), tab.Worst())
	}
	for _, tc := range []struct {
		x    []float64
		want float64
	}{
		{[]float64{2, 0.75}, 7},
		{[]float64{3, 1}, 2},    // index 2 + 3·2 = 8
		{[]float64{1, 0.5}, -5}, // index 0
		{[]float64{2, 0.5}, -5}, // index 1: missing, the worst
		{[]float64{2, 0.8}, -5}, // off the grid
		{[]float64{4, 0.5}, -5}, // outside
		{[]float64{math.NaN(), 0.5}, -5},
		{[]float64{2}, -5}, // wrong length
	} {
		if got := tab.Value(tc.x); got != tc.want {
			t.Errorf("Value(%v) = %v, want %v", tc.x, got, tc.want)
		}
	}
	for _, tc := range []struct {
		dims   []optimize.Dim
		values map[int64]float64
		want   string
	}{
		{nil, map[int64]float64{0: 1}, "no dimensions"},
		{[]optimize.Dim{{Name: "c", Start: 0, Stop: 1}}, map[int64]float64{0: 1}, `dim "c" is not a grid`},
		{line, nil, "no values"},
		{line, map[int64]float64{4: 1}, "grid index 4 outside the grid of 4 points"},
		{line, map[int64]float64{1: math.Inf(1)}, "not finite"},
	} {
		if _, err := NewTable(tc.dims, tc.values); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewTable error %v, want %q", err, tc.want)
		}
	}
}

// TestRunByHand replays the grid method, which proposes points in index
// order, on a line of four points valued 9.6, 10, 8.5, 7:
//   - budget 1 sees only 9.6: 4 % below 10, so within 5 % and more but not 0 %;
//   - budget 3 sees 10: within every threshold.
//
// Random search with a budget of 4 covers the line and always finds 10; with
// a budget of 1 it picks one point uniformly, so its shares tend to 1/4 at
// 0 % (10), 1/2 at 5 % and 10 % (10, 9.6), 3/4 at 15 % to 25 % (8.5 is
// exactly 15 % below; 7 is 30 % below).
func TestRunByHand(t *testing.T) {
	tab, err := NewTable(line, map[int64]float64{0: 9.6, 1: 10, 2: 8.5, 3: 7})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(context.Background(), tab, []string{"grid"}, []int{1, 3}, 20, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]Row{}
	for _, row := range r.Rows {
		rows[row.Optimizer+"/"+strconv.Itoa(row.Budget)] = row
	}
	if len(r.Rows) != 4 || r.Rows[0].Optimizer != "random" {
		t.Fatalf("rows %+v: want random first, then grid, two budgets each", r.Rows)
	}
	for key, want := range map[string][]float64{
		"grid/1": {0, 1, 1, 1, 1, 1},
		"grid/3": {1, 1, 1, 1, 1, 1},
	} {
		if got := rows[key].Shares; !reflect.DeepEqual(got, want) {
			t.Errorf("%s shares %v, want %v", key, got, want)
		}
	}
	if g := rows["grid/1"]; math.Abs(g.MeanBest-9.6) > 1e-12 || g.MeanEvaluations != 1 || g.Runs != 20 {
		t.Errorf("grid/1 row %+v", g)
	}
	if g := rows["grid/3"]; g.MeanBest != 10 || g.MeanEvaluations != 3 {
		t.Errorf("grid/3 row %+v", g)
	}

	r, err = Run(context.Background(), tab, nil, []int{4, 1}, 4000, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Rows[0].Shares; !reflect.DeepEqual(got, []float64{1, 1, 1, 1, 1, 1}) {
		t.Errorf("random/4 shares %v, want all 1", got)
	}
	if got, want := r.Rows[1].Shares, []float64{0.25, 0.5, 0.5, 0.75, 0.75, 0.75}; !almost(got, want, 0.03) {
		t.Errorf("random/1 shares %v, want about %v", got, want)
	}
}

// TestRunNegative: with a negative best, "within" widens downward: values
// −10 (best), −10.4, −12, −20 read by the grid method with budgets 2 and 3.
func TestRunNegative(t *testing.T) {
	tab, err := NewTable(line, map[int64]float64{0: -10.4, 1: -12, 2: -10, 3: -20})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(context.Background(), tab, []string{"grid"}, []int{1, 2, 3}, 2, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int][]float64{
		1: {0, 1, 1, 1, 1, 1}, // −10.4 is 4 % below −10
		2: {0, 1, 1, 1, 1, 1}, // −12 adds nothing
		3: {1, 1, 1, 1, 1, 1}, // −10 is the best
	}
	for _, row := range r.Rows[3:] {
		if !reflect.DeepEqual(row.Shares, want[row.Budget]) {
			t.Errorf("grid budget %d shares %v, want %v", row.Budget, row.Shares, want[row.Budget])
		}
	}
}

// TestRunMissing: missing points score the worst stored value.
func TestRunMissing(t *testing.T) {
	tab, err := NewTable(line, map[int64]float64{2: 5, 3: 1})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(context.Background(), tab, []string{"grid"}, []int{1}, 1, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if g := r.Rows[1]; g.MeanBest != 1 || g.Shares[5] != 0 {
		t.Errorf("grid over a missing point: %+v, want mean best 1 (the worst) and no share", g)
	}
}

func TestRunDeterministic(t *testing.T) {
	dims := []optimize.Dim{
		{Name: "a", Start: 1, Step: 1, Stop: 20, Integer: true},
		{Name: "b", Start: 0, Step: 0.5, Stop: 10},
	}
	values := map[int64]float64{}
	for i := range int64(20 * 21) {
		a, b := float64(i%20+1), float64(i/20)*0.5
		values[i] = 100 - (a-13)*(a-13) - 3*(b-4)*(b-4) + 5*math.Sin(a*b)
	}
	tab, err := NewTable(dims, values)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"anneal", "swarm", "genetic", "rnd"}
	opts := map[string]map[string]string{"anneal": {"method": "ultrafast"}}
	r1, err := Run(context.Background(), tab, names, []int{20, 60}, 30, 9, opts)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := Run(context.Background(), tab, names, []int{20, 60}, 30, 9, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r1, r2) {
		t.Error("the same seed gave different reports")
	}
	if len(r1.Rows) != 10 {
		t.Fatalf("%d rows, want (random + 4) × 2 budgets", len(r1.Rows))
	}
	for _, row := range r1.Rows {
		for k := 1; k < len(row.Shares); k++ {
			if row.Shares[k] < row.Shares[k-1] {
				t.Errorf("%s/%d: shares %v fall with a wider threshold", row.Optimizer, row.Budget, row.Shares)
			}
		}
		if row.MeanEvaluations > float64(row.Budget) {
			t.Errorf("%s/%d: %v evaluations on average", row.Optimizer, row.Budget, row.MeanEvaluations)
		}
	}
}

func TestRunErrors(t *testing.T) {
	tab, _ := NewTable(line, map[int64]float64{0: 1})
	ctx := context.Background()
	for _, tc := range []struct {
		names   []string
		budgets []int
		runs    int
		opts    map[string]map[string]string
		want    string
	}{
		{nil, nil, 1, nil, "no budgets"},
		{nil, []int{0}, 1, nil, "budget 0"},
		{nil, []int{1}, 0, nil, "runs 0"},
		{[]string{"hill"}, []int{1}, 1, nil, `unknown optimization method "hill"`},
		{[]string{"rnd"}, []int{1}, 1, map[string]map[string]string{"rnd": {"size": "3"}}, "unknown option size"},
	} {
		if _, err := Run(ctx, tab, tc.names, tc.budgets, tc.runs, 1, tc.opts); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Run error %v, want %q", err, tc.want)
		}
	}
}

func TestWriters(t *testing.T) {
	tab, _ := NewTable(line, map[int64]float64{0: 9.6, 1: 10, 2: 8.5, 3: 7})
	r, err := Run(context.Background(), tab, []string{"grid"}, []int{1}, 2, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"grid of 4 points (4 stored), true best 10", "0%", "25%", "mean best"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	last := strings.Fields(lines[len(lines)-1])
	if want := []string{"grid", "1", "2", "0.0", "100.0", "100.0", "100.0", "100.0", "100.0", "9.6", "1.0"}; !reflect.DeepEqual(last, want) {
		t.Errorf("grid row %v, want %v", last, want)
	}
	b.Reset()
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var got struct {
		GridPoints int64     `json:"grid_points"`
		Best       float64   `json:"best"`
		Thresholds []float64 `json:"thresholds"`
		Rows       []Row     `json:"rows"`
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.GridPoints != 4 || got.Best != 10 || !reflect.DeepEqual(got.Thresholds, Thresholds) || len(got.Rows) != 2 {
		t.Errorf("JSON %+v", got)
	}
	if g := got.Rows[1]; g.Optimizer != "grid" || g.Budget != 1 || !reflect.DeepEqual(g.Shares, []float64{0, 1, 1, 1, 1, 1}) {
		t.Errorf("JSON grid row %+v", g)
	}
}

func almost(a, b []float64, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > tol {
			return false
		}
	}
	return true
}

func TestReplayRespectsTheRunsConstraint(t *testing.T) {
	// A 10 × 10 grid where only x < y was run (45 points): a random search
	// with a budget of 45 feasible points always finds the best.
	dims := []optimize.Dim{{Name: "x", Start: 0, Step: 1, Stop: 9}, {Name: "y", Start: 0, Step: 1, Stop: 9}}
	values := map[int64]float64{}
	for y := 0; y < 10; y++ {
		for x := 0; x < y; x++ {
			values[int64(x+10*y)] = float64(x*y) + float64(x)/100
		}
	}
	table, err := NewTable(dims, values)
	if err != nil {
		t.Fatal(err)
	}
	table.SetFeasible(func(p []float64) bool { return p[0] < p[1] })
	rep, err := Run(context.Background(), table, []string{"random"}, []int{45}, 20, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.Rows[0].Shares[0]; got != 1 {
		t.Errorf("%.2f of the runs found the best with every feasible point in budget, want all", got)
	}
}
