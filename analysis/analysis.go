// Package analysis turns a run's frames into its analysis: every criterion
// and both regression lines per back pass, the linked forward results, the
// rank of each pass under each criterion and, per criterion, how well its
// back-period value predicts forward profit (Spearman's ρ).
package analysis

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"

	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/frames"
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
// with the number of passes, not with their points.
func Run(ds *frames.Dataset, opt Options) (*Result, error) {
	eval, err := criteria.NewEvaluator(opt.Criteria, nil)
	if err != nil {
		return nil, err
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	res := &Result{Manifest: ds.Manifest, Criteria: eval.Criteria(), Options: opt}
	res.Options.Workers = 0
	given, err := givenStatistics(ds.Dir)
	if err != nil {
		return nil, err
	}
	backs, forwards, filtered, err := scan(ds, eval, opt, workers, given)
	if err != nil {
		return nil, err
	}
	res.Filtered = filtered
	link(backs, forwards)
	res.Passes = backs
	res.rank(workers)
	return res, nil
}

type forward struct {
	profit, trades float64
}

// scan reads every part on a pool of workers.
func scan(ds *frames.Dataset, eval *criteria.Evaluator, opt Options, workers int, given *[stats.Count]bool) ([]Pass, map[int64]forward, int, error) {
	type partOut struct {
		backs    []Pass
		forwards map[int64]forward
		filtered int
		err      error
	}
	outs := make([]partOut, len(ds.Parts))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				o := &outs[i]
				o.forwards = map[int64]forward{}
				o.err = ds.ScanPart(ds.Parts[i], func(f *frames.Frame) error {
					if f.Period == frames.Forward {
						o.forwards[f.Pass] = forwardOf(f)
						return nil
					}
					if !keep(f, opt) {
						o.filtered++
						return nil
					}
					o.backs = append(o.backs, analyzePass(f, eval, given))
					return nil
				})
			}
		}()
	}
	for i := range ds.Parts {
		next <- i
	}
	close(next)
	wg.Wait()
	var backs []Pass
	forwards := map[int64]forward{}
	filtered := 0
	for _, o := range outs {
		if o.err != nil {
			return nil, nil, 0, o.err
		}
		backs = append(backs, o.backs...)
		for k, v := range o.forwards {
			forwards[k] = v
		}
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
	return frames.Filters{MinTrades: opt.MinTrades, MinProfitPct: opt.MinProfitPct}.Keep(&f.Stats)
}

func forwardOf(f *frames.Frame) forward {
	if len(f.Balance) < 2 { // imported without points: the statistic is all there is
		return forward{profit: stats.Clamp(f.Stats[stats.Profit]), trades: f.Stats[stats.Trades]}
	}
	p, t := walkforward.ForwardResult(walkforward.Curve{Time: f.Time, Balance: f.Balance, Equity: f.Equity}, f.Stats[stats.Trades])
	return forward{profit: p, trades: t}
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

func link(backs []Pass, forwards map[int64]forward) {
	for i := range backs {
		if fw, ok := forwards[backs[i].Pass]; ok {
			backs[i].HasForward, backs[i].ForwardProfit, backs[i].ForwardTrades = true, fw.profit, fw.trades
		}
	}
}

// rank fills every pass's ranks and the Spearman correlations, one
// criterion per goroutine at a time on every core. A criterion unavailable
// for a pass ranks it after every available one.
func (r *Result) rank(workers int) {
	r.Spearman = make([]float64, len(r.Criteria))
	for i := range r.Passes {
		r.Passes[i].Ranks = make([]int, len(r.Criteria))
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			col := make([]float64, len(r.Passes))
			var x, y []float64
			for c := range next {
				x, y = r.rankCriterion(c, col, x[:0], y[:0])
			}
		}()
	}
	for c := range r.Criteria {
		next <- c
	}
	close(next)
	wg.Wait()
}

// rankCriterion ranks every pass under criterion c; col, x and y are scratch.
func (r *Result) rankCriterion(c int, col, x, y []float64) ([]float64, []float64) {
	crit := r.Criteria[c]
	for i := range r.Passes {
		p := &r.Passes[i]
		col[i] = p.Values[c]
		if !p.Available[c] {
			col[i] = worst(crit.Direction)
		}
	}
	ranks := criteria.Rank(col, crit.Direction)
	for i := range r.Passes {
		p := &r.Passes[i]
		p.Ranks[c] = ranks[i]
		if p.HasForward && p.Available[c] {
			x, y = append(x, p.Values[c]), append(y, p.ForwardProfit)
		}
	}
	r.Spearman[c] = criteria.Spearman(x, y)
	return x, y
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

// givenStatistics returns, for a run imported from MetaTrader 5 files, which
// statistics the files really gave (nil when every one is known: a run of
// our own tester, or an import that records nothing).
func givenStatistics(dir string) (*[stats.Count]bool, error) {
	path := filepath.Join(dir, "import.json")
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
