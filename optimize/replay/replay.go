// Package replay runs optimizers against a stored full grid instead of the
// tester, as the annealing article's experiment does: the objective of a point is looked up
// in the grid's results, every optimizer runs many times with different seeds
// and a budget of evaluations, and the report says how often each one ends
// within 0, 5, 10, 15, 20 and 25 % of the grid's true best — with random
// search beside them as the baseline. Users pick an optimizer and a budget
// from their own data before they spend tester time.
//
// "Within x %" compares a run's best value b with the grid's best B on the
// scale of |B|: the run counts when B − b ≤ x/100 · |B|. For a positive best
// that is b ≥ B·(1 − x/100) (B = 2000: within 5 % means b ≥ 1900); for a
// negative best it is b ≥ B·(1 + x/100) (B = −10: within 5 % means
// b ≥ −10.5); for B = 0 only b ≥ 0 counts, whatever x. Within 0 % means the
// run found the true best.
package replay

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/passframes/passframes/internal/parallel"
	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/optimize/methods"
)

// Thresholds are the deviations from the true best, in percent, that the
// report counts (the annealing article's table).
var Thresholds = []float64{0, 5, 10, 15, 20, 25}

// Baseline is the method every report carries for comparison.
const Baseline = "random"

// Table is a stored full grid: the objective value of every grid point by
// its grid index (first dimension fastest, the pass-id order of a grid run).
// Points missing from the table count as the worst stored value.
type Table struct {
	dims      []optimize.Dim
	levels    []int64
	values    map[int64]float64
	size      int64
	worst     float64
	best      float64
	bestIndex int64
	feasible  func(x []float64) bool // nil: every grid point
}

// SetFeasible restricts the optimizers to the points a run's constraint
// allows (nil: every grid point), as in the run the table was made from.
func (t *Table) SetFeasible(f func(x []float64) bool) { t.feasible = f }

// NewTable builds a table over the grid of dims (every dim needs a step)
// from values by grid index. Indices outside the grid and non-finite values
// are errors; at least one value is needed.
func NewTable(dims []optimize.Dim, values map[int64]float64) (*Table, error) {
	if len(dims) == 0 {
		return nil, fmt.Errorf("replay table: no dimensions")
	}
	t := &Table{dims: slices.Clone(dims), values: make(map[int64]float64, len(values)), size: 1}
	for _, d := range dims {
		n := int64(d.Levels())
		if d.Step <= 0 || n < 1 {
			return nil, fmt.Errorf("replay table: dim %q is not a grid (start %g, step %g, stop %g)", d.Name, d.Start, d.Step, d.Stop)
		}
		if t.size > math.MaxInt64/n {
			return nil, fmt.Errorf("replay table: the grid is too large")
		}
		t.levels = append(t.levels, n)
		t.size *= n
	}
	if len(values) == 0 {
		return nil, fmt.Errorf("replay table: no values")
	}
	t.worst, t.best = math.Inf(1), math.Inf(-1)
	for idx, v := range values {
		switch {
		case idx < 0 || idx >= t.size:
			return nil, fmt.Errorf("replay table: grid index %d outside the grid of %d points", idx, t.size)
		case math.IsNaN(v) || math.IsInf(v, 0):
			return nil, fmt.Errorf("replay table: grid index %d: value %v is not finite", idx, v)
		}
		t.values[idx] = v
		t.worst = min(t.worst, v)
		if v > t.best || v == t.best && idx < t.bestIndex {
			t.best, t.bestIndex = v, idx
		}
	}
	return t, nil
}

// Dims returns the grid's dimensions.
func (t *Table) Dims() []optimize.Dim { return slices.Clone(t.dims) }

// Size is the number of grid points; Stored the number with a value.
func (t *Table) Size() int64 { return t.size }

// Stored is the number of grid points that have a value.
func (t *Table) Stored() int { return len(t.values) }

// Best is the grid's true best value.
func (t *Table) Best() float64 { return t.best }

// Worst is the lowest stored value, which missing points score.
func (t *Table) Worst() float64 { return t.worst }

// Index returns the grid index of x, or false when x is not a grid point.
func (t *Table) Index(x []float64) (int64, bool) {
	if len(x) != len(t.dims) {
		return 0, false
	}
	var idx, stride int64 = 0, 1
	for i, d := range t.dims {
		k := math.Round((x[i] - d.Start) / d.Step)
		off := math.Abs(x[i] - (d.Start + k*d.Step))
		if !(k >= 0 && k < float64(t.levels[i])) || off > 1e-6*d.Step {
			return 0, false
		}
		idx += int64(k) * stride
		stride *= t.levels[i]
	}
	return idx, true
}

// Value is the stored value of grid point x, or the worst stored value when x
// is missing from the table or off the grid.
func (t *Table) Value(x []float64) float64 {
	if idx, ok := t.Index(x); ok {
		if v, ok := t.values[idx]; ok {
			return v
		}
	}
	return t.worst
}

// Within reports whether best is within pct percent of the true best
// (see the package documentation).
func Within(best, trueBest, pct float64) bool {
	return trueBest-best <= pct/100*math.Abs(trueBest)
}

// Report is the outcome of a replay: one row per method and budget. It
// encodes to JSON as WriteJSON writes it.
type Report struct {
	GridPoints int64     `json:"grid_points"`
	Stored     int       `json:"stored"`
	Best       float64   `json:"best"`
	Thresholds []float64 `json:"thresholds"` // percent
	Rows       []Row     `json:"rows"`
}

// Row is one method at one budget.
type Row struct {
	Optimizer string `json:"optimizer"`
	Budget    int    `json:"budget"`
	Runs      int    `json:"runs"`
	// Shares[i] is the share of runs, in [0, 1], whose best is within
	// Thresholds[i] percent of the true best.
	Shares          []float64 `json:"shares"`
	MeanBest        float64   `json:"mean_best"`
	MeanEvaluations float64   `json:"mean_evaluations"`
}

type job struct{ method, budget, run int }

type outcome struct {
	best  float64
	evals int
	err   error
}

// Run replays every method (random search is added as the baseline when
// missing) runs times at every budget against the table, in parallel on all
// cores. Run r of a budget uses the same seed for every method. opts holds
// option values per method name.
func Run(ctx context.Context, table *Table, names []string, budgets []int, runs int, seed int64, opts map[string]map[string]string) (*Report, error) {
	if table == nil {
		return nil, fmt.Errorf("replay: no table")
	}
	if runs < 1 {
		return nil, fmt.Errorf("replay: runs %d is below 1", runs)
	}
	if len(budgets) == 0 {
		return nil, fmt.Errorf("replay: no budgets")
	}
	for _, b := range budgets {
		if b < 1 {
			return nil, fmt.Errorf("replay: budget %d is below 1", b)
		}
	}
	if !slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, Baseline) }) {
		names = append([]string{Baseline}, names...)
	}
	ms := make([]methods.Method, len(names))
	for i, name := range names {
		m, err := methods.Lookup(name)
		if err != nil {
			return nil, fmt.Errorf("replay: %w", err)
		}
		p := optimize.Problem{Dims: table.Dims(), Feasible: table.feasible, Budget: budgets[0], Seed: seed}
		if _, err := m.New(p, opts[name]); err != nil {
			return nil, fmt.Errorf("replay: %w", err)
		}
		ms[i] = m
	}

	var jobs []job
	for m := range ms {
		for b := range budgets {
			for r := range runs {
				jobs = append(jobs, job{m, b, r})
			}
		}
	}
	out := make([]outcome, len(jobs))
	err := parallel.For(ctx, len(jobs), 0, func(ctx context.Context, i int) error {
		j := jobs[i]
		out[i] = replayOne(ctx, table, ms[j.method], opts[names[j.method]], budgets[j.budget], runSeed(seed, j.budget, j.run))
		return out[i].err
	})
	if err != nil {
		return nil, err
	}
	return newReport(table, names, budgets, runs, jobs, out), nil
}

// runSeed is the seed of run r at budget b, the same for every method.
func runSeed(base int64, b, r int) int64 {
	h := uint64(base)*0x9e3779b97f4a7c15 + uint64(b)<<32 + uint64(r)
	h ^= h >> 31
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 29
	return int64(h)
}

// replayOne runs one optimizer against the table until it stops or the budget
// is spent, and returns the best value it saw.
func replayOne(ctx context.Context, t *Table, m methods.Method, opts map[string]string, budget int, seed int64) outcome {
	opt, err := m.New(optimize.Problem{Dims: t.Dims(), Feasible: t.feasible, Budget: budget, Seed: seed}, opts)
	if err != nil {
		return outcome{err: fmt.Errorf("replay: %w", err)}
	}
	o := outcome{best: math.Inf(-1)}
	values := make([]float64, 0, 1)
	for o.evals < budget {
		if err := ctx.Err(); err != nil {
			return outcome{err: err}
		}
		points := opt.Ask(1)
		if len(points) == 0 {
			break
		}
		values = values[:0]
		for _, x := range points {
			v := t.Value(x)
			values = append(values, v)
			o.best = max(o.best, v)
		}
		opt.Tell(values)
		o.evals += len(points)
	}
	if o.evals == 0 {
		o.best = t.worst // an optimizer that proposed nothing found nothing
	}
	return o
}

func newReport(t *Table, names []string, budgets []int, runs int, jobs []job, out []outcome) *Report {
	r := &Report{GridPoints: t.size, Stored: len(t.values), Best: t.best, Thresholds: slices.Clone(Thresholds)}
	for m, name := range names {
		for b, budget := range budgets {
			row := Row{Optimizer: name, Budget: budget, Runs: runs, Shares: make([]float64, len(Thresholds))}
			counts := make([]int, len(Thresholds))
			sumBest, sumEvals := 0.0, 0
			for i, j := range jobs {
				if j.method != m || j.budget != b {
					continue
				}
				o := out[i]
				for k, pct := range Thresholds {
					if Within(o.best, t.best, pct) {
						counts[k]++
					}
				}
				sumBest += o.best
				sumEvals += o.evals
			}
			for k, c := range counts {
				row.Shares[k] = float64(c) / float64(runs)
			}
			row.MeanBest = sumBest / float64(runs)
			row.MeanEvaluations = float64(sumEvals) / float64(runs)
			r.Rows = append(r.Rows, row)
		}
	}
	return r
}

// WriteTable prints the report in the annealing article's layout: per optimizer and
// budget, the percentage of runs within each deviation from the true best.
func (r *Report) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "grid of %d points (%d stored), true best %g; %% of runs whose best is within x %% of it\n\n", r.GridPoints, r.Stored, r.Best)
	head := []string{"optimizer", "budget", "runs"}
	for _, pct := range r.Thresholds {
		head = append(head, fmt.Sprintf("%g%%", pct))
	}
	head = append(head, "mean best", "mean evals")
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for _, row := range r.Rows {
		cells := []string{row.Optimizer, fmt.Sprint(row.Budget), fmt.Sprint(row.Runs)}
		for _, s := range row.Shares {
			cells = append(cells, fmt.Sprintf("%.1f", 100*s))
		}
		cells = append(cells, fmt.Sprintf("%.6g", row.MeanBest), fmt.Sprintf("%.1f", row.MeanEvaluations))
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	return tw.Flush()
}

// WriteJSON writes the report as one JSON object.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
