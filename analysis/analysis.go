// Package analysis turns a run's frames into its analysis: every criterion
// and both regression lines per back pass, the linked forward results, the
// rank of each pass under each criterion and, per criterion, how well its
// back-period value predicts forward profit (Spearman's ρ).
package analysis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"

	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/parallel"
	"github.com/passframes/passframes/regression"
	"github.com/passframes/passframes/stats"
	"github.com/passframes/passframes/walkforward"
)

// Options are the user's choices for an analysis.
type Options struct {
	Criteria     criteria.Options
	MinTrades    float64
	MinProfitPct *float64 // nil: keep every pass
	Workers      int      // 0: every core
	// Window is the walk-forward window whose passes are analyzed: its
	// train part as the back period and its test part as the forward one
	// (0 for a run without walk-forward).
	Window int32
	// Metadata is written into the table's key-value metadata beside the
	// table's own passframes.* keys (which it must not name), so that later
	// stages can leave results there; ReadTable gives it back.
	Metadata map[string]string `json:"-"`
}

// Pass is the analysis of one pass.
type Pass struct {
	Pass           int64
	Params         []float64
	Profit, Trades float64
	Values         []float64 // one per criterion of Result.Criteria
	Available      []bool    // false where a criterion needs points the pass lacks
	Balance        regression.Line
	Equity         regression.Line
	HasPoints      bool // the back pass has balance/equity points (imported results may not)
	HasForward     bool
	ForwardProfit  float64
	ForwardTrades  float64
	Ranks          []int // one per criterion, 1 = best
	ProfitFactor   float64
	ExpectedPayoff float64
}

// Result is the analysis of a run.
type Result struct {
	Manifest *frames.Manifest
	Criteria []criteria.Criterion
	Passes   []Pass // sorted by pass id
	// Spearman holds, per criterion, the rank correlation between its back
	// value and forward profit over the passes that have both (0 without).
	Spearman []float64
	Filtered int // back passes dropped by the filters
	// Options are the options the analysis was made with (also recorded in
	// the table, so a reader can tell a table made with other filters).
	Options Options
}

// Run analyzes the dataset. Part files are read in parallel; each frame's
// points are dropped as soon as its criteria are computed, so memory grows
// with the number of passes, not with their points. Cancelling ctx stops the
// work and returns ctx's error.
func Run(ctx context.Context, ds *frames.Dataset, opt Options) (*Result, error) {
	eval, err := criteria.NewEvaluator(opt.Criteria, nil)
	if err != nil {
		return nil, err
	}
	res := &Result{Manifest: ds.Manifest, Criteria: eval.Criteria(), Options: opt}
	res.Options.Workers = 0
	given, err := passStatistics(ds.Dir, ds.Manifest)
	if err != nil {
		return nil, err
	}
	backs, forwards, filtered, err := scan(ctx, ds, eval, opt, given)
	if err != nil {
		return nil, err
	}
	res.Filtered = filtered
	linkForwards(backs, forwards)
	res.Passes = backs
	if err := res.rank(ctx, opt.Workers); err != nil {
		return nil, err
	}
	return res, nil
}

// forward is a forward row's result, keyed by its pass id.
type forward struct {
	pass           int64
	profit, trades float64
}

// scan reads every part on a pool of workers.
func scan(ctx context.Context, ds *frames.Dataset, eval *criteria.Evaluator, opt Options, given *imported) ([]Pass, []forward, int, error) {
	type partOut struct {
		backs    []Pass
		forwards []forward
		filtered int
	}
	outs := make([]partOut, len(ds.Parts))
	err := parallel.For(ctx, len(ds.Parts), opt.Workers, func(ctx context.Context, i int) error {
		o := &outs[i]
		return ds.ScanPart(ds.Parts[i], func(f *frames.Frame) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			if f.Window != opt.Window {
				return nil
			}
			if f.Period == frames.Forward {
				o.forwards = append(o.forwards, forwardOf(f))
				return nil
			}
			if !keep(f, opt) {
				o.filtered++
				return nil
			}
			o.backs = append(o.backs, analyzePass(f, eval, given.forPass(f.Pass)))
			return nil
		})
	})
	if err != nil {
		return nil, nil, 0, err
	}
	var backs []Pass
	var forwards []forward
	filtered := 0
	for _, o := range outs {
		backs = append(backs, o.backs...)
		forwards = append(forwards, o.forwards...)
		filtered += o.filtered
	}
	sort.Slice(backs, func(i, j int) bool { return backs[i].Pass < backs[j].Pass })
	for i := 1; i < len(backs); i++ {
		if backs[i].Pass == backs[i-1].Pass {
			return nil, nil, 0, fmt.Errorf("%s: pass %d has two back rows", ds.Dir, backs[i].Pass)
		}
	}
	return backs, forwards, filtered, nil
}

func keep(f *frames.Frame, opt Options) bool {
	s := &f.Stats
	if s[stats.Trades] < opt.MinTrades {
		return false
	}
	if opt.MinProfitPct != nil && s[stats.InitialDeposit] > 0 &&
		s[stats.Profit]/s[stats.InitialDeposit]*100 < *opt.MinProfitPct {
		return false
	}
	return true
}

func forwardOf(f *frames.Frame) forward {
	if len(f.Balance) < 2 { // imported without points: the statistic is all there is
		return forward{pass: f.Pass, profit: stats.Clamp(f.Stats[stats.Profit]), trades: f.Stats[stats.Trades]}
	}
	p, t := walkforward.ForwardResult(walkforward.Curve{Time: f.Time, Balance: f.Balance, Equity: f.Equity}, f.Stats[stats.Trades])
	return forward{pass: f.Pass, profit: p, trades: t}
}

func analyzePass(f *frames.Frame, eval *criteria.Evaluator, given *[stats.Count]bool) Pass {
	n := len(eval.Criteria())
	p := Pass{Pass: f.Pass, Params: append([]float64(nil), f.Params...),
		Profit: f.Stats[stats.Profit], Trades: f.Stats[stats.Trades],
		ProfitFactor: f.Stats[stats.ProfitFactor], ExpectedPayoff: f.Stats[stats.ExpectedPayoff],
		Values: make([]float64, n), Available: make([]bool, n)}
	cf := &criteria.Frame{Stats: f.Stats, Balance: f.Balance, Equity: f.Equity, EquityMode: f.EquityMode,
		HasPoints: len(f.Balance) > 0 && len(f.Balance) == len(f.Equity), Given: given}
	p.HasPoints = cf.HasPoints
	p.Balance, p.Equity = eval.Eval(cf, p.Values)
	eval.Available(cf, p.Available)
	return p
}

// linkForwards gives each back pass the result of the forward row with its
// pass id.
func linkForwards(backs []Pass, forwards []forward) {
	backIDs := make([]int64, len(backs))
	for i := range backs {
		backIDs[i] = backs[i].Pass
	}
	fwdIDs := make([]int64, len(forwards))
	for i := range forwards {
		fwdIDs[i] = forwards[i].pass
	}
	for i, j := range walkforward.Link(backIDs, fwdIDs) {
		if j >= 0 {
			fw := &forwards[j]
			backs[i].HasForward, backs[i].ForwardProfit, backs[i].ForwardTrades = true, fw.profit, fw.trades
		}
	}
}

// rank fills every pass's ranks and the Spearman correlations, one
// criterion per call on the worker pool. A criterion unavailable for a pass
// ranks it after every available one.
func (r *Result) rank(ctx context.Context, workers int) error {
	r.Spearman = make([]float64, len(r.Criteria))
	for i := range r.Passes {
		r.Passes[i].Ranks = make([]int, len(r.Criteria))
	}
	return parallel.For(ctx, len(r.Criteria), workers, func(_ context.Context, c int) error {
		r.rankCriterion(c, make([]float64, len(r.Passes)))
		return nil
	})
}

// rankCriterion ranks every pass under criterion c; col is scratch.
func (r *Result) rankCriterion(c int, col []float64) {
	crit := r.Criteria[c]
	for i := range r.Passes {
		p := &r.Passes[i]
		col[i] = p.Values[c]
		if !p.Available[c] {
			col[i] = worst(crit.Direction)
		}
	}
	ranks := criteria.Rank(col, crit.Direction)
	var x, y []float64
	for i := range r.Passes {
		p := &r.Passes[i]
		p.Ranks[c] = ranks[i]
		if p.HasForward && p.Available[c] {
			x, y = append(x, p.Values[c]), append(y, p.ForwardProfit)
		}
	}
	r.Spearman[c] = criteria.Spearman(x, y)
}

func worst(d criteria.Direction) float64 {
	if d == criteria.Min {
		return stats.MaxFloat
	}
	return -stats.MaxFloat
}

// Best returns the index in Passes of the best pass under criterion c, or -1.
func (r *Result) Best(c int) int {
	for i := range r.Passes {
		if r.Passes[i].Ranks[c] == 1 && r.Passes[i].Available[c] {
			return i
		}
	}
	return -1
}

// Index returns the position of the criterion with the given name.
func (r *Result) Index(name string) (int, error) {
	for i, c := range r.Criteria {
		if c.Name == name {
			return i, nil
		}
	}
	_, err := criteria.ByName(name)
	if err == nil {
		err = fmt.Errorf("criterion %q is not in this analysis", name)
	}
	return -1, err
}

// Sorted returns pass indexes best first under criterion c (rank, then pass id).
func (r *Result) Sorted(c int) []int {
	idx := make([]int, len(r.Passes))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		pa, pb := &r.Passes[idx[a]], &r.Passes[idx[b]]
		if pa.Ranks[c] != pb.Ranks[c] {
			return pa.Ranks[c] < pb.Ranks[c]
		}
		return pa.Pass < pb.Pass
	})
	return idx
}

// importRecord is the part of an imported run's import.json that says which
// statistics the file gave.
type importRecord struct {
	Statistics []string `json:"statistics"`
}

// givenStatistics returns which statistics the run really has: for a run
// imported from MetaTrader 5 files, the ones its import record lists, and
// for a format-2 manifest, every statistic whose provenance is not
// "unavailable". It is nil when every one is known (a run of our own tester,
// or one that records nothing).
func givenStatistics(dir string, m *frames.Manifest) (*[stats.Count]bool, error) {
	given, err := importedStatistics(frames.Layout{Dir: dir}.Import())
	if err != nil || m == nil || len(m.Statistics) == 0 {
		return given, err
	}
	if given == nil {
		given = new([stats.Count]bool)
		for i := range given {
			given[i] = true
		}
	}
	for name, prov := range m.Statistics {
		if i, ok := stats.Index(name); ok && prov == frames.ProvUnavailable {
			given[i] = false
		}
	}
	return given, nil
}

// importedStatistics reads the statistics an import record lists (nil
// without a record, or a record that lists none).
func importedStatistics(path string) (*[stats.Count]bool, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var rec importRecord
	if err := json.Unmarshal(b, &rec); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if rec.Statistics == nil {
		return nil, nil
	}
	var given [stats.Count]bool
	for _, name := range rec.Statistics {
		if i, ok := stats.Index(name); ok {
			given[i] = true
		}
	}
	return &given, nil
}
