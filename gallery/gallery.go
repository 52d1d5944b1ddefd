// Package gallery draws a run's charts into its folder: one chart per
// criterion's best pass (or every pass, ranked), overview charts (each
// criterion against forward profit, heatmaps of the objective over pairs of
// inputs, the optimizer's convergence, each input's sensitivity) and the run
// page, index.html, to browse them.
package gallery

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/passframes/passframes/analysis"
	"github.com/passframes/passframes/charts"
	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/parallel"
	"github.com/passframes/passframes/walkforward"
)

// Config says what to draw.
type Config struct {
	// Out is the folder the run's charts and page are written into (see
	// ChartsDir); it is created when missing.
	Out         string
	All         bool   // every pass ranked by Sort, instead of each criterion's best
	Sort        string // criterion that ranks passes in All mode, colours the heatmaps and sorts the page
	Top         int    // in All mode, at most this many passes (0: all)
	Lines       string // regression lines: balance, equity, both or none
	Forward     string // forward part: separate, continued or none
	Width       int
	Height      int
	Heatmap     []string // two parameter names; nil: every pair of the first four optimized ones
	Workers     int
	AllCriteria bool // in best mode, the statistics too
	// PageRows caps the pass table of the page: the best PageRows passes by
	// Sort (0: DefaultPageRows).
	PageRows int
	// Deals reads the deals a run stored, for the marks on the pass charts;
	// nil draws none.
	Deals    DealReader
	Progress func(done, total int)
}

// DefaultPageRows is how many passes the page's table holds at most: enough
// for a grid of ten thousand, few enough for a browser to open the page at once.
const DefaultPageRows = 10000

// OptionError is a drawing option the gallery cannot use; Option names it
// as Config does, in lower case ("lines", "sort", "heatmap", "size", …).
type OptionError struct {
	Option string
	Err    error
}

func (e *OptionError) Error() string { return e.Option + ": " + e.Err.Error() }
func (e *OptionError) Unwrap() error { return e.Err }

func optionErr(option, format string, a ...any) error {
	return &OptionError{Option: option, Err: fmt.Errorf(format, a...)}
}

// Output lists what was written.
type Output struct {
	Dir      string
	Charts   []string // per-pass chart files
	Overview []string
}

// job is one chart file to render.
type job struct {
	file string
	pass int    // index in Result.Passes
	crit string // best mode: the criterion the pass is the best for
}

// check validates the drawing options before anything is written.
func (c *Config) check() error {
	switch c.Lines {
	case "balance", "equity", "both", "none":
	default:
		return optionErr("lines", "%q: want balance, equity, both or none", c.Lines)
	}
	if err := walkforward.CheckMode(c.Forward); err != nil {
		return &OptionError{Option: "forward", Err: err}
	}
	const minSide, maxSide = 64, 16384 // what charts can draw
	for _, side := range []int{c.Width, c.Height} {
		if side != 0 && (side < minSide || side > maxSide) {
			return optionErr("size", "%d×%d: each side must be %d to %d pixels", c.Width, c.Height, minSide, maxSide)
		}
	}
	if len(c.Heatmap) != 0 && len(c.Heatmap) != 2 {
		return optionErr("heatmap", "want two parameter names, got %q", strings.Join(c.Heatmap, ","))
	}
	if c.PageRows < 0 {
		return optionErr("page rows", "%d: want 1 or more", c.PageRows)
	}
	return nil
}

// Build renders the charts and the page of an analyzed run into cfg.Out. It
// refuses a folder holding another run's page (ErrOtherRun), removes the
// temporary files a killed build left there, and at the end the charts an
// earlier build of the same run wrote that this one did not.
func Build(ctx context.Context, ds *frames.Dataset, res *analysis.Result, cfg Config) (*Output, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	sortIdx, err := res.Index(cfg.Sort)
	if err != nil {
		return nil, &OptionError{Option: "sort", Err: err}
	}
	heat, err := heatmapPairs(res.Manifest, cfg.Heatmap)
	if err != nil {
		return nil, err
	}
	out := &Output{Dir: cfg.Out}
	id := RunID(res.Manifest)
	if err := claim(out.Dir, id); err != nil {
		return nil, err
	}
	jobs := planJobs(res, cfg, sortIdx)
	curves, err := loadCurves(ctx, ds, res, jobs, cfg.Workers, cfg.Deals)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(out.Dir, 0o755); err != nil {
		return nil, err
	}
	if err := removeTemps(out.Dir); err != nil {
		return nil, err
	}
	overviews, err := planOverviews(ds, res, cfg, sortIdx, heat)
	if err != nil {
		return nil, err
	}
	if err := renderPasses(ctx, res, cfg, sortIdx, jobs, curves, overviews, out); err != nil {
		return nil, err
	}
	if err := writePage(ds, res, cfg, sortIdx, jobs, out, id); err != nil {
		return nil, err
	}
	return out, removeStale(out)
}

// planJobs picks the passes and their file names.
func planJobs(res *analysis.Result, cfg Config, sortIdx int) []job {
	var jobs []job
	if cfg.All {
		order := res.Sorted(sortIdx)
		var avail []int
		for _, i := range order {
			if res.Passes[i].Available[sortIdx] && res.Passes[i].HasPoints {
				avail = append(avail, i)
			}
		}
		if cfg.Top > 0 && len(avail) > cfg.Top {
			avail = avail[:cfg.Top]
		}
		for k, i := range avail {
			p := &res.Passes[i]
			jobs = append(jobs, job{file: charts.AllName(k+1, len(avail), p.Values[sortIdx], p.Profit, p.Pass), pass: i})
		}
		return jobs
	}
	for c, crit := range res.Criteria {
		if crit.Kind == criteria.KindStatistic && !cfg.AllCriteria {
			continue
		}
		if b := res.Best(c); b >= 0 && res.Passes[b].HasPoints {
			jobs = append(jobs, job{file: charts.BestName(crit.Name, res.Passes[b].Profit), pass: b, crit: crit.Name})
		}
	}
	return jobs
}

// curves are a pass's back and forward points, and its deals.
type curves struct {
	back, fwd walkforward.Curve
	deals     []charts.DealMark
}

// loadCurves reads the points of the passes the jobs need, and no others
// (frames.ScanPasses: the points of the passes not drawn are not even
// decompressed), the parts on every worker, and their deals when the run
// stored some and a reader is given.
func loadCurves(ctx context.Context, ds *frames.Dataset, res *analysis.Result, jobs []job, workers int, deals DealReader) (map[int64]*curves, error) {
	want := map[int64]*curves{}
	for _, j := range jobs {
		want[res.Passes[j.pass].Pass] = &curves{}
	}
	keep := func(k frames.PassKey) bool { return k.Window == res.Options.Window && want[k.Pass] != nil }
	var mu sync.Mutex // a pass's back and forward rows may lie in different parts
	err := parallel.For(ctx, len(ds.Parts), workers, func(ctx context.Context, i int) error {
		return ds.ScanPartPasses(ds.Parts[i], keep, func(f *frames.Frame) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			cv := walkforward.Curve{Time: append([]int64(nil), f.Time...),
				Balance: append([]float64(nil), f.Balance...), Equity: append([]float64(nil), f.Equity...)}
			mu.Lock()
			defer mu.Unlock()
			if c := want[f.Pass]; f.Period == frames.Forward {
				c.fwd = cv
			} else {
				c.back = cv
			}
			return nil
		})
	})
	if err != nil || deals == nil || !ds.Manifest.Deals || len(want) == 0 {
		return want, err
	}
	passes := make([]int64, 0, len(want))
	for p := range want {
		passes = append(passes, p)
	}
	byPass, err := deals(ctx, ds.Dir, res.Options.Window, passes)
	if err != nil {
		return nil, fmt.Errorf("deals: %w", err)
	}
	for p, c := range want {
		c.deals = dealMarks(byPass[p])
	}
	return want, nil
}

// renderPasses draws every job's chart and the overview charts, all on
// every core: the overviews first, the largest pictures, so that none is
// left to draw alone at the end. In best mode a pass that is the best for
// several criteria gets a chart per criterion: the same curves, each titled
// with its own criterion. Progress counts the pass charts.
func renderPasses(ctx context.Context, res *analysis.Result, cfg Config, sortIdx int, jobs []job, cv map[int64]*curves, overviews []overview, out *Output) error {
	titles := newTitler(res, cfg, sortIdx, jobs)
	var done atomic.Int64
	err := parallel.For(ctx, len(overviews)+len(jobs), cfg.Workers, func(ctx context.Context, k int) error {
		if k < len(overviews) {
			o := overviews[k]
			return charts.WriteFileAtomic(filepath.Join(out.Dir, o.file), o.render)
		}
		j := jobs[k-len(overviews)]
		buf := buffers.Get().(*bytes.Buffer)
		defer buffers.Put(buf)
		buf.Reset()
		c := passChart(res, cfg, j.pass, cv[res.Passes[j.pass].Pass])
		c.Title, c.Subtitle = titles.title(j), titles.inputs(j.pass)
		if err := charts.RenderPass(c, buf); err != nil {
			return fmt.Errorf("pass %d: %w", res.Passes[j.pass].Pass, err)
		}
		if err := charts.WriteFileAtomic(filepath.Join(out.Dir, j.file), func(w io.Writer) error {
			_, err := w.Write(buf.Bytes())
			return err
		}); err != nil {
			return err
		}
		if cfg.Progress != nil {
			cfg.Progress(int(done.Add(1)), len(jobs))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, o := range overviews {
		out.Overview = append(out.Overview, o.file)
	}
	for _, j := range jobs {
		out.Charts = append(out.Charts, j.file)
	}
	return nil
}

// buffers hold encoded charts between rendering and writing.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// passChart assembles what one chart shows.
func passChart(res *analysis.Result, cfg Config, i int, cv *curves) *charts.PassChart {
	p := &res.Passes[i]
	joined, backEnd := walkforward.Join(cv.back, cv.fwd, cfg.Forward)
	c := &charts.PassChart{Title: res.Manifest.Expert, Pass: p.Pass, Balance: joined.Balance, Equity: joined.Equity,
		BackEnd: backEnd, ForwardMode: cfg.Forward, Width: cfg.Width, Height: cfg.Height,
		Currency: currency(res.Manifest), Deals: cv.deals}
	if len(joined.Time) == len(joined.Balance) && ascending(joined.Time) {
		c.Times = joined.Time
	}
	n := len(cv.back.Balance)
	if cfg.Lines == "balance" || cfg.Lines == "both" {
		c.RegBalance = p.Balance.Values(n, nil)
	}
	if cfg.Lines == "equity" || cfg.Lines == "both" {
		c.RegEquity = p.Equity.Values(n, nil)
	}
	c.Text = charts.FormatText(textValues(res, p), p.ProfitFactor, p.ExpectedPayoff)
	for _, s := range [][]float64{c.Balance, c.Equity, c.RegBalance, c.RegEquity} {
		for i, v := range s {
			s[i] = max(-charts.MaxDrawable, min(v, charts.MaxDrawable)) // broken imports hold DBL_MAX
		}
	}
	return c
}

// textValues are the text block's lines: profits and trade counts, back and
// forward, then the custom criteria.
func textValues(res *analysis.Result, p *analysis.Pass) []charts.NamedValue {
	vals := []charts.NamedValue{
		{Name: "Profit", Value: p.Profit, Format: charts.Money},
		{Name: "Trades", Value: p.Trades, Format: charts.Count},
	}
	if p.HasForward {
		vals = append(vals,
			charts.NamedValue{Name: "Forward profit", Value: p.ForwardProfit, Format: charts.Money},
			charts.NamedValue{Name: "Forward trades", Value: p.ForwardTrades, Format: charts.Count})
	}
	for c, crit := range res.Criteria {
		if crit.Kind == criteria.KindCustom && p.Available[c] {
			vals = append(vals, charts.NamedValue{Name: crit.Name, Value: p.Values[c], Format: charts.Ratio})
		}
	}
	return vals
}

// currency is the account currency of the run (USD when it does not say).
func currency(m *frames.Manifest) string {
	if m.Account != nil && m.Account.Currency != "" {
		return m.Account.Currency
	}
	return "USD"
}

// ascending reports whether ts never decreases (imported points may lack
// times: all zero is not a time axis either).
func ascending(ts []int64) bool {
	for i := 1; i < len(ts); i++ {
		if ts[i] < ts[i-1] {
			return false
		}
	}
	return len(ts) > 0 && ts[len(ts)-1] > ts[0]
}

var errNoPair = errors.New("want two different parameters")
