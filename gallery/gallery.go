// Package gallery draws a run's charts into its folder: one chart per
// criterion's best pass (or every pass, ranked), the overview scatter of each
// criterion against forward profit, a heatmap of the objective over two
// parameters, and an index.html to browse them.
package gallery

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/passframes/passframes/analysis"
	"github.com/passframes/passframes/charts"
	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/walkforward"
)

// Config says what to draw.
type Config struct {
	OutRoot     string // charts go to OutRoot/<expert>.<symbol>.<timeframe>/
	All         bool   // every pass ranked by Sort, instead of each criterion's best
	Sort        string // criterion that ranks passes in All mode and colours the heatmap
	Top         int    // in All mode, at most this many passes (0: all)
	Lines       string // regression lines: balance, equity, both or none
	Forward     string // forward part: separate, continued or none
	Width       int
	Height      int
	Heatmap     []string // two parameter names; nil: the first two optimized ones
	Workers     int
	AllCriteria bool // in best mode, the statistics too
	Progress    func(done, total int)
	// Context, if set, stops the rendering when it is done (Ctrl-C).
	Context context.Context
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
	pass int // index in Result.Passes
}

// check validates the drawing options before anything is written.
func (c *Config) check() error {
	switch c.Lines {
	case "balance", "equity", "both", "none":
	default:
		return fmt.Errorf("--lines %q: want balance, equity, both or none", c.Lines)
	}
	if err := walkforward.CheckMode(c.Forward); err != nil {
		return fmt.Errorf("--forward: %w", err)
	}
	const minSide, maxSide = 64, 16384 // what charts can draw
	for _, side := range []int{c.Width, c.Height} {
		if side != 0 && (side < minSide || side > maxSide) {
			return fmt.Errorf("chart size %d×%d: each side must be %d to %d pixels", c.Width, c.Height, minSide, maxSide)
		}
	}
	if len(c.Heatmap) != 0 && len(c.Heatmap) != 2 {
		return fmt.Errorf("--heatmap wants two parameter names separated by a comma, got %q", strings.Join(c.Heatmap, ","))
	}
	return nil
}

// Build renders the charts of an analyzed run.
func Build(ds *frames.Dataset, res *analysis.Result, cfg Config) (*Output, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.NumCPU()
	}
	sortIdx, err := res.Index(cfg.Sort)
	if err != nil {
		return nil, fmt.Errorf("--sort: %w", err)
	}
	heat, err := heatmapParams(res.Manifest, cfg.Heatmap)
	if err != nil {
		return nil, err
	}
	m := res.Manifest
	out := &Output{Dir: filepath.Join(cfg.OutRoot, charts.FolderName(m.Expert, m.Symbol, m.Timeframe))}
	jobs := planJobs(res, cfg, sortIdx)
	curves, err := loadCurves(ds, res, jobs)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(out.Dir, 0o755); err != nil {
		return nil, err
	}
	if err := renderPasses(res, cfg, jobs, curves, out); err != nil {
		return nil, err
	}
	if err := renderOverviews(res, cfg, sortIdx, heat, out); err != nil {
		return nil, err
	}
	if err := writeIndex(res, cfg, jobs, out); err != nil {
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
			jobs = append(jobs, job{file: charts.BestName(crit.Name, res.Passes[b].Profit), pass: b})
		}
	}
	return jobs
}

// curves are a pass's back and forward points.
type curves struct{ back, fwd walkforward.Curve }

// loadCurves reads the points of the passes the jobs need, and no others.
func loadCurves(ds *frames.Dataset, res *analysis.Result, jobs []job) (map[int64]*curves, error) {
	want := map[int64]*curves{}
	for _, j := range jobs {
		want[res.Passes[j.pass].Pass] = &curves{}
	}
	err := ds.Scan(func(f *frames.Frame) error {
		c, ok := want[f.Pass]
		if !ok {
			return nil
		}
		cv := walkforward.Curve{Time: append([]int64(nil), f.Time...),
			Balance: append([]float64(nil), f.Balance...), Equity: append([]float64(nil), f.Equity...)}
		if f.Period == frames.Forward {
			c.fwd = cv
		} else {
			c.back = cv
		}
		return nil
	})
	return want, err
}

// renderPasses draws each distinct pass once, on every core, and writes it
// under each name it is the best for.
func renderPasses(res *analysis.Result, cfg Config, jobs []job, cv map[int64]*curves, out *Output) error {
	byPass := map[int][]string{}
	var order []int
	for _, j := range jobs {
		if _, seen := byPass[j.pass]; !seen {
			order = append(order, j.pass)
		}
		byPass[j.pass] = append(byPass[j.pass], j.file)
	}
	var next, done atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, len(order))
	for w := 0; w < cfg.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for {
				k := int(next.Add(1) - 1)
				if k >= len(order) {
					return
				}
				if cfg.Context != nil && cfg.Context.Err() != nil {
					errs[k] = errors.New("interrupted")
					return
				}
				i := order[k]
				buf.Reset()
				if err := charts.RenderPass(passChart(res, cfg, i, cv[res.Passes[i].Pass]), &buf); err != nil {
					errs[k] = fmt.Errorf("pass %d: %w", res.Passes[i].Pass, err)
					continue
				}
				for _, name := range byPass[i] {
					if err := charts.WriteFileAtomic(filepath.Join(out.Dir, name), func(w io.Writer) error {
						_, err := w.Write(buf.Bytes())
						return err
					}); err != nil {
						errs[k] = err
					}
				}
				if cfg.Progress != nil {
					cfg.Progress(int(done.Add(1)), len(order))
				}
			}
		}()
	}
	wg.Wait()
	for _, j := range jobs {
		out.Charts = append(out.Charts, j.file)
	}
	return errors.Join(errs...)
}

// passChart assembles what one chart shows.
func passChart(res *analysis.Result, cfg Config, i int, cv *curves) *charts.PassChart {
	p := &res.Passes[i]
	joined, backEnd := walkforward.Join(cv.back, cv.fwd, cfg.Forward)
	c := &charts.PassChart{Title: res.Manifest.Expert, Pass: p.Pass, Balance: joined.Balance, Equity: joined.Equity,
		BackEnd: backEnd, ForwardMode: cfg.Forward, Width: cfg.Width, Height: cfg.Height}
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

// removeStale deletes charts a previous run left in the folder that this
// run did not write (their names carry profits and ranks that changed).
func removeStale(out *Output) error {
	keep := map[string]bool{"index.html": true}
	for _, f := range append(append([]string(nil), out.Charts...), out.Overview...) {
		keep[f] = true
	}
	old, _ := filepath.Glob(filepath.Join(out.Dir, "*.png"))
	for _, f := range old {
		if !keep[filepath.Base(f)] {
			if err := os.Remove(f); err != nil {
				return err
			}
		}
	}
	return nil
}

// heatmapParams returns the indexes of the heatmap's two parameters, or nil
// when the run has fewer than two optimized parameters.
func heatmapParams(m *frames.Manifest, names []string) ([]int, error) {
	if len(names) == 0 {
		var idx []int
		for i, p := range m.Space {
			if p.Optimize && len(idx) < 2 {
				idx = append(idx, i)
			}
		}
		if len(idx) < 2 {
			return nil, nil
		}
		return idx, nil
	}
	var idx []int
	for _, n := range names {
		found := -1
		for i, c := range m.Columns {
			if c.Name == strings.TrimSpace(n) {
				found = i
			}
		}
		if found < 0 {
			var known []string
			for _, c := range m.Columns {
				known = append(known, c.Name)
			}
			return nil, fmt.Errorf("--heatmap: unknown parameter %q (parameters: %s)", n, strings.Join(known, ", "))
		}
		idx = append(idx, found)
	}
	if idx[0] == idx[1] {
		return nil, errors.New("--heatmap wants two different parameters")
	}
	return idx, nil
}

// renderOverviews writes the scatter of every custom criterion against
// forward profit and the heatmap.
func renderOverviews(res *analysis.Result, cfg Config, sortIdx int, heat []int, out *Output) error {
	var panels []charts.ScatterPanel
	for c, crit := range res.Criteria {
		if crit.Kind != criteria.KindCustom && c != sortIdx {
			continue
		}
		sp := charts.ScatterPanel{Criterion: crit.Name, Spearman: res.Spearman[c]}
		for i := range res.Passes {
			p := &res.Passes[i]
			if p.HasForward && p.Available[c] {
				sp.Back, sp.Forward = append(sp.Back, p.Values[c]), append(sp.Forward, p.ForwardProfit)
			}
		}
		if len(sp.Back) > 0 {
			panels = append(panels, sp)
		}
	}
	w, h := size(cfg)
	if len(panels) > 0 {
		name := "overview-forward-scatter.png"
		if err := charts.WriteFileAtomic(filepath.Join(out.Dir, name), func(wr io.Writer) error {
			return charts.RenderScatter(panels, wr, w*3/2, h*3/2)
		}); err != nil {
			return err
		}
		out.Overview = append(out.Overview, name)
	}
	if heat != nil {
		hm := heatmap(res, sortIdx, heat)
		name := fmt.Sprintf("overview-heatmap-%s-%s.png", hm.XName, hm.YName)
		if err := charts.WriteFileAtomic(filepath.Join(out.Dir, name), func(wr io.Writer) error {
			return charts.RenderHeatmap(hm, wr, w, h)
		}); err != nil {
			return err
		}
		out.Overview = append(out.Overview, name)
	}
	return nil
}

func size(cfg Config) (int, int) {
	w, h := cfg.Width, cfg.Height
	if w == 0 {
		w = charts.DefaultWidth
	}
	if h == 0 {
		h = charts.DefaultHeight
	}
	return w, h
}

// heatmap is the best value of the sort criterion for each pair of values
// of the two parameters, over every other parameter.
func heatmap(res *analysis.Result, c int, heat []int) *charts.Heatmap {
	crit := res.Criteria[c]
	xs, ys := distinct(res, heat[0]), distinct(res, heat[1])
	hm := &charts.Heatmap{Objective: crit.Name, XName: res.Manifest.Columns[heat[0]].Name,
		YName: res.Manifest.Columns[heat[1]].Name, X: xs, Y: ys, LowerIsBetter: crit.Direction == criteria.Min}
	hm.Values = make([][]float64, len(ys))
	for r := range hm.Values {
		hm.Values[r] = make([]float64, len(xs))
		for k := range hm.Values[r] {
			hm.Values[r][k] = math.NaN()
		}
	}
	for i := range res.Passes {
		p := &res.Passes[i]
		if !p.Available[c] {
			continue
		}
		x := sort.SearchFloat64s(xs, p.Params[heat[0]])
		y := sort.SearchFloat64s(ys, p.Params[heat[1]])
		cur := &hm.Values[y][x]
		if math.IsNaN(*cur) || crit.Direction.Better(p.Values[c], *cur) {
			*cur = p.Values[c]
		}
	}
	return hm
}

func distinct(res *analysis.Result, k int) []float64 {
	seen := map[float64]bool{}
	var out []float64
	for i := range res.Passes {
		v := res.Passes[i].Params[k]
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	sort.Float64s(out)
	return out
}

// writeIndex writes index.html: the overviews, then every chart in order.
func writeIndex(res *analysis.Result, cfg Config, jobs []job, out *Output) error {
	var entries []charts.IndexEntry
	for _, o := range out.Overview {
		entries = append(entries, charts.IndexEntry{File: o, Overview: true})
	}
	for _, j := range jobs {
		p := &res.Passes[j.pass]
		entries = append(entries, charts.IndexEntry{File: j.file, Caption: fmt.Sprintf("pass %d", p.Pass),
			Values: textValues(res, p)})
	}
	m := res.Manifest
	title := fmt.Sprintf("%s on %s %s", m.Expert, m.Symbol, m.Timeframe)
	return charts.WriteFileAtomic(filepath.Join(out.Dir, "index.html"), func(w io.Writer) error {
		return charts.WriteIndex(w, title, entries)
	})
}
