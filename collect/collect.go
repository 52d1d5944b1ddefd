// Package collect runs an optimization: an optimizer proposes parameter sets,
// a pool of workers runs the tester on the back and forward periods for each,
// the objective goes back to the optimizer, and every pass is stored as
// frames in a run's Parquet dataset.
package collect

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"time"

	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/experts"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/parallel"
	"github.com/passframes/passframes/market"
	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/optimize/methods"
	"github.com/passframes/passframes/stats"
	"github.com/passframes/passframes/tester"
)

// Config is one run of collect.
type Config struct {
	Expert        experts.Def
	Bars          *market.Series
	Data          frames.DataInfo
	Space         *optimize.Space
	Periods       Periods
	Tester        tester.Config
	Objective     string // a criterion name (criteria.All)
	Criteria      criteria.Options
	Method        string // an optimization method (methods.All)
	MethodOptions map[string]string
	Budget        int // 0: the method's own stopping rule
	Seed          int64
	Workers       int // 0: every core
	Batch         int // parameter sets handed out at a time; 0: 64
	MinTrades     float64
	MinProfitPct  *float64 // nil: keep every pass
	RunDir        string
	Mode          frames.Mode
	// Shard and Shards split a run (collect --shard i/n): this process runs
	// shard Shard of Shards into the shared run directory. Shards 0 or 1
	// means the run is not split.
	Shard, Shards int
	Program       string
	Deals         bool // store every pass's deals (deals/ of the run directory)
	// The money of the run, for run.json (see symbols), and the warnings
	// known before it starts (warnings.go).
	Account    *frames.AccountInfo
	SymbolSpec *frames.SymbolSpec
	Rates      []frames.RateInfo
	Warnings   []frames.Warning
	// Strategy describes the strategy file Expert comes from (nil for an
	// expert written in Go); Formulas the formula criteria the run defines.
	Strategy *frames.StrategyInfo
	Formulas map[string]string
	// Progress, if set, is called after every batch.
	Progress func(Progress)
	// Remote, if set, evaluates the passes instead of the local workers.
	Remote Remote
}

// Progress is how far a run has come.
type Progress struct {
	Done   int // passes evaluated or reused
	Total  int // passes the run will evaluate; 0 when the optimizer decides
	Stored int // passes written to the dataset
}

// Summary is what a finished (or interrupted) run reports.
type Summary struct {
	RunDir      string
	Total       int // the pass count announced before the start (0: unknown)
	Evaluated   int // tester runs this time
	Reused      int // passes already stored (resume)
	Stored      int // passes written this time
	HaveBest    bool
	BestPass    int64
	Best        float64   // the objective of the best pass
	BestValues  []float64 // every input of the best pass
	Elapsed     time.Duration
	Interrupted bool
	Warnings    []frames.Warning // also stored in run.json
}

const defaultBatch = 64

// Prepared is a validated run, ready to start: everything that can be wrong
// with the inputs has been checked and nothing has been written yet.
type Prepared struct {
	cfg       Config
	objective criteria.Criterion
	method    methods.Method
	opt       optimize.Optimizer
	total     int
	env       *tester.Env
	grid      bool
	started   func()           // SetStarted
	tally     *tally           // what the passes showed that deserves a warning; shared by copies (walk-forward windows)
	extra     []frames.Warning // added by Warn
	// partRows and groupRows, when set (by tests), make smaller part files
	// and row groups than the writer's defaults.
	partRows, groupRows int
}

// Prepare checks every input of a run. It writes nothing.
func Prepare(cfg Config) (*Prepared, error) {
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.NumCPU()
	}
	if cfg.Batch <= 0 {
		cfg.Batch = defaultBatch
	}
	if err := cfg.Tester.Validate(); err != nil {
		return nil, err
	}
	obj, err := criteria.ByName(cfg.Objective)
	if err != nil {
		return nil, &ConfigError{Setting: "Objective", Err: err}
	}
	if _, err := criteria.NewEvaluator(cfg.Criteria, []string{obj.Name}); err != nil {
		return nil, err
	}
	m, err := methods.Lookup(cfg.Method)
	if err != nil {
		return nil, &ConfigError{Setting: "Method", Err: err}
	}
	if len(cfg.Space.Dims()) == 0 && cfg.Method != "grid" { // a grid of no range is one pass: a single test
		return nil, &ConfigError{Setting: "Space", Err: fmt.Errorf("no parameter is optimized: give at least one range, e.g. %s=start:stop:step", cfg.Expert.Params[0].Name)}
	}
	if cfg.Budget < 0 {
		return nil, &ConfigError{Setting: "Budget", Value: fmt.Sprint(cfg.Budget), Err: errors.New("want 0 (no cap) or a positive number of passes")}
	}
	if cfg.Shards <= 1 {
		cfg.Shard, cfg.Shards = 0, 0
	}
	if cfg.Shards > 1 && (cfg.Shard < 0 || cfg.Shard >= cfg.Shards) {
		return nil, &ConfigError{Setting: "Shard", Value: fmt.Sprintf("%d/%d", cfg.Shard, cfg.Shards), Err: fmt.Errorf("the shard number must be 0 to %d", cfg.Shards-1)}
	}
	opt, err := m.New(shardProblem(cfg, m.Name == "grid"), cfg.MethodOptions)
	if err != nil {
		return nil, &ConfigError{Setting: "Method", Value: m.Name, Err: err}
	}
	p := &Prepared{cfg: cfg, objective: obj, method: m, opt: opt, env: tester.NewEnv(cfg.Bars), grid: m.Name == "grid", tally: &tally{}}
	if err := p.checkExpert(); err != nil {
		return nil, err
	}
	if p.total, err = p.passCount(); err != nil {
		return nil, err
	}
	return p, nil
}

// checkExpert builds the expert at the lowest and highest value of every
// optimized parameter, so an impossible value fails before the run starts.
func (p *Prepared) checkExpert() error {
	dims := p.cfg.Space.Dims()
	x := make([]float64, len(dims))
	for i, d := range dims {
		x[i] = d.Start
	}
	for i, d := range dims {
		for _, v := range []float64{d.Start, d.Stop} {
			y := append([]float64(nil), x...)
			y[i] = d.Snap(v)
			if _, err := p.cfg.Expert.New(p.env, p.cfg.Space.Values(y)); err != nil {
				return fmt.Errorf("%s with %s=%g: %w", p.cfg.Expert.Name, d.Name, y[i], err)
			}
		}
	}
	return nil
}

// shardProblem is the problem of this process's share of the run. A grid
// shard keeps the points whose grid index is Shard modulo Shards; any other
// optimizer runs independently in each shard, seeded by the shard number.
func shardProblem(cfg Config, grid bool) optimize.Problem {
	p := cfg.Space.Problem(cfg.Budget, cfg.Seed)
	if cfg.Shards <= 1 {
		return p
	}
	if !grid {
		p.Seed += int64(cfg.Shard)
		return p
	}
	space, feasible, n, k := cfg.Space, p.Feasible, int64(cfg.Shards), int64(cfg.Shard)
	p.Feasible = func(x []float64) bool {
		return space.GridIndex(x)%n == k && (feasible == nil || feasible(x))
	}
	return p
}

// passCount is the number of passes to run, when it is known in advance.
func (p *Prepared) passCount() (int, error) {
	if !p.grid {
		return p.cfg.Budget, nil
	}
	var n int64
	var err error
	if p.cfg.Shards > 1 {
		n, err = p.shardCount()
	} else {
		n, err = p.cfg.Space.Count()
	}
	if err != nil {
		return 0, err
	}
	if p.cfg.Budget > 0 && int64(p.cfg.Budget) < n {
		n = int64(p.cfg.Budget)
	}
	return int(n), nil
}

// shardCount counts the feasible grid points of this shard.
func (p *Prepared) shardCount() (int64, error) {
	size, err := p.cfg.Space.Size()
	if err != nil {
		return 0, err
	}
	var n int64
	for idx := int64(p.cfg.Shard); idx < size; idx += int64(p.cfg.Shards) {
		if p.cfg.Space.Feasible(p.cfg.Space.GridPoint(idx)) {
			n++
		}
	}
	return n, nil
}

// Total is the number of passes the run will evaluate (0 when the optimizer
// decides as it goes).
func (p *Prepared) Total() int { return p.total }

// Manifest is the run's manifest.
func (p *Prepared) Manifest(created time.Time) *frames.Manifest {
	c := p.cfg
	cols := make([]frames.Column, len(c.Space.Params))
	for i, prm := range c.Space.Params {
		cols[i] = frames.Column{Name: prm.Name, Integer: prm.Type != optimize.Double}
	}
	per := frames.Periods{BackFrom: c.Periods.BackFrom, BackTo: c.Periods.BackTo, Forward: c.Periods.Forward}
	if c.Periods.HasForward() {
		from, to := c.Periods.ForwardFrom, c.Periods.ForwardTo
		per.ForwardFrom, per.ForwardTo = &from, &to
	}
	account, spec := c.Account, c.SymbolSpec
	if account == nil {
		account = accountInfo(c.Tester)
	}
	if spec == nil {
		spec = symbolSpec(c.Bars.Symbol, c.Tester)
	}
	return &frames.Manifest{
		Format: frames.FormatVersion, Program: c.Program, Created: created.UTC(), Source: "collect",
		Expert: c.Expert.Name, Symbol: c.Bars.Symbol, Timeframe: c.Bars.Timeframe.Name,
		Data: c.Data, Periods: per, Columns: cols, Space: optimize.ManifestParams(c.Space.Params), Constraint: c.Space.Constraint,
		Optimizer: frames.OptimizerInfo{Name: p.method.Name, Options: c.MethodOptions, Seed: c.Seed,
			Budget: c.Budget, Batch: c.Batch},
		Criterion: p.objective.Name, By: c.Criteria.By, Ratio: c.Criteria.Ratio,
		EquityMode: string(c.Tester.EquityMode),
		Filters:    p.filters(),
		Shards:     shards(c),
		Deals:      c.Deals,
		Account:    account, SymbolSpec: spec, Rates: c.Rates, Warnings: c.Warnings,
		Strategy: c.Strategy, Formulas: c.Formulas,
	}
}

// Run runs the prepared optimization into cfg.RunDir. A cancelled ctx stops
// it after the batch under way; the passes finished so far stay stored and
// the run can be resumed.
func (p *Prepared) Run(ctx context.Context) (*Summary, error) {
	start := time.Now()
	c := p.cfg
	shard := -1
	if c.Shards > 1 {
		shard = c.Shard
	}
	w, stored, err := frames.CreateShard(c.RunDir, p.Manifest(start), c.Mode, shard)
	if err != nil {
		return nil, err
	}
	if p.started != nil {
		p.started()
	}
	if p.partRows > 0 {
		w.RowsPerPart, w.RowsPerGroup = p.partRows, p.groupRows
	}
	reuse, err := storedObjectives(c.RunDir, stored)
	if err != nil {
		return nil, err
	}
	s := &Summary{RunDir: c.RunDir, Total: p.total}
	out := newWriterLoop(w, c.Workers)
	err = p.loop(ctx, reuse, out, s)
	if werr := out.close(); err == nil {
		err = werr
	}
	if err == nil {
		err = p.storeWarnings(s)
	}
	if err != nil {
		return s, err
	}
	s.Elapsed = time.Since(start)
	return s, nil
}

// loop drives the optimizer batch by batch.
func (p *Prepared) loop(ctx context.Context, reuse map[int64]float64, out *writerLoop, s *Summary) error {
	c := p.cfg
	pool := newPool(p, c.Workers)
	var nextID int64
	var steps []optimize.State
	for {
		if ctx.Err() != nil {
			s.Interrupted = true
			break
		}
		points := p.opt.Ask(c.Batch)
		if len(points) == 0 {
			break
		}
		jobs := make([]job, len(points))
		for i, x := range points {
			// Pass ids follow evaluation order, interleaved across shards
			// (shard k of n numbers its passes k, k+n, ...) so they stay
			// unique in a split run; a grid pass's id is its grid index.
			id := nextID*int64(max(c.Shards, 1)) + int64(c.Shard)
			if p.grid {
				id = c.Space.GridIndex(x)
			}
			nextID++
			jobs[i] = job{pass: id, x: x}
			if v, ok := reuse[id]; ok {
				jobs[i].value, jobs[i].reused = v, true
			}
		}
		run := pool.run
		if c.Remote != nil {
			run = p.remoteRun
		}
		if err := run(ctx, jobs); err != nil {
			if c.Remote != nil && ctx.Err() != nil {
				s.Interrupted = true // the batch under way is lost; a resume tests it again
				break
			}
			return err
		}
		values := make([]float64, len(jobs))
		for i := range jobs {
			j := &jobs[i]
			values[i] = p.toMaximize(j.value)
			if j.reused {
				s.Reused++
				p.noteBest(s, j) // a stored pass may be the best of the run
				continue
			}
			s.Evaluated++
			if p.keep(j.back) {
				s.Stored++
				out.send(j.back, j.fwd, j.deals)
			}
			p.noteBest(s, j)
		}
		p.opt.Tell(values)
		steps = append(steps, p.opt.State())
		if err := out.err(); err != nil {
			return err
		}
		if c.Progress != nil {
			c.Progress(Progress{Done: s.Evaluated + s.Reused, Total: p.total, Stored: s.Stored})
		}
	}
	name := StepsName
	if c.Shards > 1 { // each shard has its own optimizer
		name = fmt.Sprintf("optimizer-s%d.parquet", c.Shard)
	}
	return writeSteps(filepath.Join(c.RunDir, name), steps, p.objective.Direction == criteria.Min)
}

// toMaximize turns an objective value into what the optimizer maximizes.
func (p *Prepared) toMaximize(v float64) float64 {
	if p.objective.Direction == criteria.Min {
		return -v
	}
	return v
}

func (p *Prepared) noteBest(s *Summary, j *job) {
	if !s.HaveBest || p.toMaximize(j.value) > p.toMaximize(s.Best) {
		s.HaveBest, s.Best, s.BestPass = true, j.value, j.pass
		s.BestValues = p.cfg.Space.Values(j.x)
	}
}

// keep applies the storage filters to a back pass.
func (p *Prepared) keep(back *frames.Frame) bool { return p.filters().Keep(&back.Stats) }

func (p *Prepared) filters() frames.Filters {
	return frames.Filters{MinTrades: p.cfg.MinTrades, MinProfitPct: p.cfg.MinProfitPct}
}

// storedObjectives reads the objective of every stored back pass, so a
// resumed run hands the optimizer the same values without testing again.
func storedObjectives(runDir string, stored map[frames.PassKey]bool) (map[int64]float64, error) {
	out := map[int64]float64{}
	if len(stored) == 0 {
		return out, nil
	}
	ds, err := frames.Open(runDir)
	if err != nil {
		return nil, err
	}
	err = ds.Scan(func(f *frames.Frame) error {
		if f.Period == frames.Back && f.Window == 0 { // collect writes window 0 only
			out[f.Pass] = f.Stats[stats.CustomOnTester]
		}
		return nil
	})
	return out, err
}

// job is one pass: its inputs, and after the run its frames and objective.
type job struct {
	pass      int64
	x         []float64
	reused    bool
	value     float64
	back, fwd *frames.Frame
	deals     []frames.Deal // with Config.Deals: the deals of both periods
	err       error
}

// pool runs the jobs of a batch on a fixed set of workers, each with its own
// tester and buffers; the indicator buffers are shared through the Env.
type pool struct {
	p       *Prepared
	workers []*worker
	free    chan *worker // the workers not running a job
}

type worker struct {
	t    *tester.Tester
	res  tester.Result
	eval *criteria.Evaluator
	out  [1]float64
}

func newPool(p *Prepared, n int) *pool {
	pl := &pool{p: p}
	for i := 0; i < n; i++ {
		t, _ := tester.New(p.env, p.cfg.Tester) // the config was validated by Prepare
		eval, _ := criteria.NewEvaluator(p.cfg.Criteria, []string{p.objective.Name})
		pl.workers = append(pl.workers, &worker{t: t, eval: eval})
	}
	pl.free = make(chan *worker, len(pl.workers))
	for _, w := range pl.workers {
		pl.free <- w
	}
	return pl
}

// run evaluates the jobs of a batch that are not reused, each on a free
// worker. The batch runs to its end even when ctx is cancelled: the
// optimizer is told the whole batch, and Run stops before the next one.
func (pl *pool) run(ctx context.Context, jobs []job) error {
	return parallel.For(context.WithoutCancel(ctx), len(jobs), len(pl.workers), func(_ context.Context, i int) error {
		if jobs[i].reused {
			return nil
		}
		w := <-pl.free // For runs at most len(workers) at once: one is always free
		defer func() { pl.free <- w }()
		pl.p.evaluate(w, &jobs[i])
		return jobs[i].err
	})
}

// evaluate runs one pass on the back and the forward period.
func (p *Prepared) evaluate(w *worker, j *job) {
	c := p.cfg
	values := c.Space.Values(j.x)
	j.back, j.value, j.err = p.runPeriod(w, j.pass, values, frames.Back, c.Periods.BackLo, c.Periods.BackHi)
	if j.err == nil && c.Deals {
		j.deals = appendDeals(j.deals, w.res.Deals, j.pass, frames.Back, c.Tester.Symbol.Digits)
	}
	if j.err == nil && c.Periods.HasForward() {
		j.fwd, _, j.err = p.runPeriod(w, j.pass, values, frames.Forward, c.Periods.ForwardLo, c.Periods.ForwardHi)
		if j.err == nil && c.Deals {
			j.deals = appendDeals(j.deals, w.res.Deals, j.pass, frames.Forward, c.Tester.Symbol.Digits)
		}
	}
}

func (p *Prepared) runPeriod(w *worker, pass int64, values []float64, period string, lo, hi int) (*frames.Frame, float64, error) {
	e, err := p.cfg.Expert.New(p.env, values)
	if err != nil {
		return nil, 0, fmt.Errorf("pass %d: %w", pass, err)
	}
	if err := w.t.Run(e, lo, hi, &w.res); err != nil {
		return nil, 0, fmt.Errorf("pass %d: %w", pass, err)
	}
	p.tally.note(period, &w.res)
	// The statistics as the dataset stores them (whole counts, cents), so
	// the objective the optimizer receives is the one a reader recomputes.
	f := &frames.Frame{Pass: pass, Period: period, Params: values, Stats: frames.StoredStats(w.res.Stats),
		EquityMode: string(p.cfg.Tester.EquityMode)}
	n := len(w.res.Points)
	f.Time, f.Balance, f.Equity = make([]int64, n), make([]float64, n), make([]float64, n)
	for i, pt := range w.res.Points {
		f.Time[i], f.Balance[i], f.Equity[i] = pt.Time, pt.Balance, pt.Equity
	}
	if period == frames.Forward {
		return f, 0, nil // the optimizer never receives a forward value: custom_ontester stays 0
	}
	w.eval.Eval(&criteria.Frame{Stats: f.Stats, Balance: f.Balance, Equity: f.Equity,
		EquityMode: f.EquityMode, HasPoints: true}, w.out[:])
	v := stats.Clamp(w.out[0])
	f.Stats[stats.CustomOnTester] = v
	return f, v, nil
}

// SetProgress sets the function called after every batch.
func (p *Prepared) SetProgress(fn func(Progress)) { p.cfg.Progress = fn }

// SetStarted sets the function called once the run directory is open for
// writing (every check passed), before the first pass: where a command
// prints what it is about to do, so a refused run prints nothing but its
// error.
func (p *Prepared) SetStarted(fn func()) { p.started = fn }

func shards(c Config) int {
	if c.Shards > 1 {
		return c.Shards
	}
	return 0
}
