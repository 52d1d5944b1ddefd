package walkforward

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/parallel"
	"github.com/passframes/passframes/stats"
)

// LoadOptions are the choices for reading a walk-forward run.
type LoadOptions struct {
	Criteria criteria.Options
	// Statistics adds every pass statistic to the scoreboard's criteria,
	// besides the custom, composite and MetaTrader 5 criteria and the
	// run's formulas.
	Statistics bool
	Workers    int // parallel part readers; 0: every core
}

// Run is a walk-forward run read for its scoreboard.
type Run struct {
	Dir      string
	Manifest *frames.Manifest
	Board    *Board
	ds       *frames.Dataset
	workers  int
}

// ErrNotWalkForward is returned by Load for a run made without windows.
var ErrNotWalkForward = fmt.Errorf("not a walk-forward run")

// Load reads a walk-forward run: every window's train passes with their
// criteria and their test results. The test curves are read later, and only
// for the passes the criteria choose (Run.Scoreboard), so memory grows with
// the number of passes, not with their points.
func Load(ctx context.Context, dir string, opt LoadOptions) (*Run, error) {
	ds, err := frames.Open(dir)
	if err != nil {
		return nil, err
	}
	m := ds.Manifest
	if m.WalkForward == nil || len(m.WalkForward.Windows) == 0 {
		return nil, fmt.Errorf("%s: %w (its run.json has no walk-forward windows)", dir, ErrNotWalkForward)
	}
	crits, eval, formulas, err := scoreCriteria(m, opt)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	b := &Board{Criteria: crits, Inputs: inputs(m)}
	if m.Account != nil {
		b.Deposit = m.Account.Deposit
	}
	for _, w := range m.WalkForward.Windows {
		b.Windows = append(b.Windows, Window{Bounds: w})
	}
	r := &Run{Dir: dir, Manifest: m, Board: b, ds: ds, workers: opt.Workers}
	if err := r.readPasses(ctx, eval, formulas); err != nil {
		return nil, err
	}
	return r, nil
}

// scoreCriteria lists the scoreboard's criteria: the ones analyze ranks by
// default (custom, composite, MetaTrader 5), the statistics if asked, then
// the run's formulas.
func scoreCriteria(m *frames.Manifest, opt LoadOptions) ([]Criterion, *criteria.Evaluator, []formula, error) {
	var names []string
	var out []Criterion
	for _, c := range criteria.All() {
		if c.Kind == criteria.KindStatistic && !opt.Statistics {
			continue
		}
		names = append(names, c.Name)
		out = append(out, Criterion{Name: c.Name, Direction: c.Direction})
	}
	eval, err := criteria.NewEvaluator(opt.Criteria, names)
	if err != nil {
		return nil, nil, nil, err
	}
	fs, err := compileFormulas(m.Formulas, names)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("run.json: %w", err)
	}
	for _, f := range fs {
		out = append(out, Criterion{Name: f.name, Direction: criteria.Max})
	}
	return out, eval, fs, nil
}

// inputs are the run's optimized inputs and their ranges.
func inputs(m *frames.Manifest) []Input {
	var out []Input
	for i, p := range m.Space {
		if p.Optimize && i < len(m.Columns) {
			out = append(out, Input{Name: p.Name, Index: i, Range: p.Stop - p.Start})
		}
	}
	return out
}

type passKey struct {
	window int32
	pass   int64
}

// partPasses is what one part file holds.
type partPasses struct {
	back map[passKey]Pass
	test map[passKey]TestResult
}

func (r *Run) readPasses(ctx context.Context, eval *criteria.Evaluator, fs []formula) error {
	parts := r.ds.Parts
	outs := make([]partPasses, len(parts))
	names := make([]string, 0, len(eval.Criteria()))
	for _, c := range eval.Criteria() {
		names = append(names, c.Name)
	}
	nWin := int32(len(r.Board.Windows))
	err := parallel.For(ctx, len(parts), r.workers, func(ctx context.Context, i int) error {
		o := partPasses{back: map[passKey]Pass{}, test: map[passKey]TestResult{}}
		env := newFormulaEnv(names)
		err := r.ds.ScanPart(parts[i], func(f *frames.Frame) error {
			if f.Window < 0 || f.Window >= nWin {
				return fmt.Errorf("%s: pass %d is in window %d; run.json has windows 0 to %d", parts[i], f.Pass, f.Window, nWin-1)
			}
			k := passKey{f.Window, f.Pass}
			if f.Period == frames.Forward {
				if _, dup := o.test[k]; dup {
					return fmt.Errorf("%s: window %d pass %d has two test rows", parts[i], f.Window, f.Pass)
				}
				o.test[k] = testResult(f)
				return nil
			}
			if _, dup := o.back[k]; dup {
				return fmt.Errorf("%s: window %d pass %d has two train rows", parts[i], f.Window, f.Pass)
			}
			o.back[k] = trainPass(f, eval, env, fs)
			return ctx.Err()
		})
		outs[i] = o
		return err
	})
	if err != nil {
		return err
	}
	return r.merge(outs)
}

func (r *Run) merge(outs []partPasses) error {
	tests := map[passKey]TestResult{}
	for _, o := range outs {
		for k, t := range o.test {
			if _, dup := tests[k]; dup {
				return fmt.Errorf("%s: window %d pass %d has two test rows", r.Dir, k.window, k.pass)
			}
			tests[k] = t
		}
	}
	seen := map[passKey]bool{}
	for _, o := range outs {
		for k, p := range o.back {
			if seen[k] {
				return fmt.Errorf("%s: window %d pass %d has two train rows", r.Dir, k.window, k.pass)
			}
			seen[k] = true
			if t, ok := tests[k]; ok {
				p.HasTest, p.Test = true, t
			}
			w := &r.Board.Windows[k.window]
			w.Passes = append(w.Passes, p)
		}
	}
	for w := range r.Board.Windows {
		slices.SortFunc(r.Board.Windows[w].Passes, func(a, b Pass) int { return cmpInt(a.Pass, b.Pass) })
	}
	return nil
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func trainPass(f *frames.Frame, eval *criteria.Evaluator, env *formulaEnv, fs []formula) Pass {
	n := len(eval.Criteria())
	p := Pass{Pass: f.Pass, Params: slices.Clone(f.Params), TrainProfit: f.Stats[stats.Profit],
		Values: make([]float64, n+len(fs)), Available: make([]bool, n+len(fs))}
	cf := &criteria.Frame{Stats: f.Stats, Balance: f.Balance, Equity: f.Equity, EquityMode: f.EquityMode,
		HasPoints: len(f.Balance) > 0 && len(f.Balance) == len(f.Equity)}
	eval.Eval(cf, p.Values)
	eval.Available(cf, p.Available)
	env.eval(fs, &f.Stats, p.Values[:n], p.Values[n:])
	for i := n; i < len(p.Available); i++ {
		p.Available[i] = true
	}
	return p
}

func testResult(f *frames.Frame) TestResult {
	s := &f.Stats
	profit := s[stats.Profit]
	if len(f.Balance) > 1 {
		profit, _ = ForwardResult(Curve{Balance: f.Balance}, 0)
	}
	return TestResult{Profit: profit, Trades: s[stats.Trades], GrossProfit: s[stats.GrossProfit], GrossLoss: s[stats.GrossLoss]}
}

// Scoreboard chooses each criterion's pass per window, reads the chosen
// passes' test curves and scores every criterion (see Score).
func (r *Run) Scoreboard(ctx context.Context, th Thresholds) ([]Row, error) {
	b := r.Board
	choices := Choose(b)
	want := map[passKey]bool{}
	for _, cs := range choices {
		for w, i := range cs {
			if i >= 0 {
				want[passKey{int32(w), b.Windows[w].Passes[i].Pass}] = true
			}
		}
	}
	curves, err := r.curves(ctx, want)
	if err != nil {
		return nil, err
	}
	rows := Score(b, choices, func(w, i int) Curve {
		return curves[passKey{int32(w), b.Windows[w].Passes[i].Pass}]
	}, th)
	return rows, nil
}

// curves reads the test curves of the wanted passes.
func (r *Run) curves(ctx context.Context, want map[passKey]bool) (map[passKey]Curve, error) {
	out := map[passKey]Curve{}
	var mu sync.Mutex
	err := parallel.For(ctx, len(r.ds.Parts), r.workers, func(ctx context.Context, i int) error {
		return r.ds.ScanPart(r.ds.Parts[i], func(f *frames.Frame) error {
			k := passKey{f.Window, f.Pass}
			if f.Period != frames.Forward || !want[k] {
				return nil
			}
			c := Curve{Time: slices.Clone(f.Time), Balance: slices.Clone(f.Balance), Equity: slices.Clone(f.Equity)}
			for j, v := range c.Balance {
				c.Balance[j], c.Equity[j] = finite(v), finite(c.Equity[j])
			}
			mu.Lock()
			out[k] = c
			mu.Unlock()
			return ctx.Err()
		})
	})
	return out, err
}

// Windows are the run's windows.
func (r *Run) Windows() []frames.Window { return r.Manifest.WalkForward.Windows }
