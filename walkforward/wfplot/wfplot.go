// Package wfplot draws a walk-forward run's charts into a folder: every
// criterion's stitched out-of-sample balance on one dated chart (the best
// criteria highlighted), and for the best criteria the train and test
// result of each window and the inputs chosen in each window; next to them
// the scoreboard as JSON, for the run's page.
package wfplot

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/passframes/passframes/charts"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/walkforward"
)

// ScoreboardName is the scoreboard's file in the output folder: the JSON
// list `analyze walkforward --format json` prints.
const ScoreboardName = "scoreboard.json"

// Options are the choices for the charts.
type Options struct {
	Load          walkforward.LoadOptions
	Thresholds    walkforward.Thresholds
	Highlight     int // the best criteria drawn in colour and given their own charts; 0: 3
	Width, Height int // 0: the charts' default size
}

// DefaultOptions are the options of PlotWalkForward.
func DefaultOptions() Options {
	return Options{Thresholds: walkforward.DefaultThresholds(), Highlight: 3}
}

// Dir is the folder of a run's walk-forward charts: <run_dir>/charts/walkforward.
func Dir(runDir string) string {
	return filepath.Join(frames.Layout{Dir: runDir}.Charts(), "walkforward")
}

// PlotWalkForward draws the charts of the walk-forward run in runDir into
// outDir (created if needed; "" means Dir(runDir)) with the default options
// and returns the paths it wrote. A run without windows is an error
// wrapping walkforward.ErrNotWalkForward.
func PlotWalkForward(ctx context.Context, runDir, outDir string) ([]string, error) {
	return Plot(ctx, runDir, outDir, DefaultOptions())
}

// Plot is PlotWalkForward with options.
func Plot(ctx context.Context, runDir, outDir string, opt Options) ([]string, error) {
	if outDir == "" {
		outDir = Dir(runDir)
	}
	if opt.Highlight <= 0 {
		opt.Highlight = 3
	}
	run, err := walkforward.Load(ctx, runDir, opt.Load)
	if err != nil {
		return nil, err
	}
	rows, err := run.Scoreboard(ctx, opt.Thresholds)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, err
	}
	var written []string
	write := func(name string, fn func(io.Writer) error) error {
		path := filepath.Join(outDir, name)
		if err := charts.WriteFileAtomic(path, fn); err != nil {
			return err
		}
		written = append(written, path)
		return nil
	}
	if err := write(ScoreboardName, func(w io.Writer) error { return walkforward.WriteJSON(w, rows) }); err != nil {
		return written, err
	}
	if err := write("stitched.png", func(w io.Writer) error {
		return charts.RenderStitched(stitchedChart(run, rows, opt), w)
	}); err != nil {
		return written, err
	}
	for i := 0; i < min(opt.Highlight, len(rows)); i++ {
		if ctx.Err() != nil {
			return written, ctx.Err()
		}
		r := &rows[i]
		name := fileName(r.Criterion)
		if err := write("windows-"+name+".png", func(w io.Writer) error {
			return charts.RenderWindowBars(windowBars(run, r, opt), w)
		}); err != nil {
			return written, err
		}
		if len(run.Board.Inputs) == 0 {
			continue
		}
		if err := write("params-"+name+".png", func(w io.Writer) error {
			return charts.RenderParams(paramsChart(run, r, opt), w)
		}); err != nil {
			return written, err
		}
	}
	return written, nil
}

func stitchedChart(run *walkforward.Run, rows []walkforward.Row, opt Options) *charts.StitchedChart {
	m := run.Manifest
	c := &charts.StitchedChart{Deposit: run.Board.Deposit, Width: opt.Width, Height: opt.Height,
		Title: fmt.Sprintf("%s %s %s: stitched out-of-sample balance per criterion, %d windows (train %s, test %s)",
			m.Expert, m.Symbol, m.Timeframe, len(run.Windows()), m.WalkForward.Train, m.WalkForward.Test)}
	for _, w := range run.Windows() {
		c.WindowStarts = append(c.WindowStarts, w.TestFrom.UnixMilli())
	}
	// The grey curves are drawn first, in reverse rank, the best on top.
	for i := len(rows) - 1; i >= 0; i-- {
		r := &rows[i]
		s := charts.StitchedSeries{Label: fmt.Sprintf("%d. %s %+.2f (%s)", r.Rank, r.Criterion, r.NetProfit, r.Verdict),
			Time: r.Curve.Time, Balance: r.Curve.Balance, Highlight: i < opt.Highlight}
		c.Series = append(c.Series, s)
	}
	// Highlighted series in rank order, so the legend reads best first.
	n := len(c.Series)
	for i, j := n-min(opt.Highlight, n), n-1; i < j; i, j = i+1, j-1 {
		c.Series[i], c.Series[j] = c.Series[j], c.Series[i]
	}
	return c
}

func windowLabels(run *walkforward.Run) []string {
	var out []string
	for _, w := range run.Windows() {
		out = append(out, fmt.Sprintf("%d\n%s", w.Index, w.TestFrom.Format("2006-01-02")))
	}
	return out
}

// windowBars shows, per window, the annualized return of the chosen pass
// on its train part and on its test part, so parts of different lengths
// compare.
func windowBars(run *walkforward.Run, r *walkforward.Row, opt Options) *charts.WindowBarsChart {
	c := &charts.WindowBarsChart{Width: opt.Width, Height: opt.Height, Windows: windowLabels(run),
		YLabel: "annualized return, % of the deposit",
		Title:  fmt.Sprintf("%s: the chosen pass per window, in sample and out of sample", r.Criterion)}
	ws := run.Windows()
	dep := run.Board.Deposit
	for i, ch := range r.Choices {
		train, test := math.NaN(), math.NaN()
		if ch.Pass >= 0 && dep > 0 {
			w := ws[i]
			train = 100 * ch.TrainProfit / dep / years(w.TrainFrom, w.TrainTo)
			test = 100 * ch.TestProfit / dep / years(w.TestFrom, w.TestTo)
		}
		c.Train, c.Test = append(c.Train, train), append(c.Test, test)
	}
	return c
}

func paramsChart(run *walkforward.Run, r *walkforward.Row, opt Options) *charts.ParamsChart {
	c := &charts.ParamsChart{Width: opt.Width, Height: opt.Height, Windows: windowLabels(run),
		Title: fmt.Sprintf("%s: inputs chosen per window (parameter stability %s)", r.Criterion, optional(r.ParamStability))}
	space := run.Manifest.Space
	for _, in := range run.Board.Inputs {
		s := charts.ParamSeries{Name: in.Name, Lo: space[in.Index].Start, Hi: space[in.Index].Stop}
		for _, ch := range r.Choices {
			v := math.NaN()
			if ch.Pass >= 0 {
				v = ch.Params[in.Index]
			}
			s.Values = append(s.Values, v)
		}
		c.Inputs = append(c.Inputs, s)
	}
	return c
}

func optional(p *float64) string {
	if p == nil {
		return "—"
	}
	return fmt.Sprintf("%.2f", *p)
}

func years(from, to time.Time) float64 {
	y := to.Sub(from).Hours() / 24 / 365.25
	if y <= 0 {
		return math.NaN()
	}
	return y
}

// fileName keeps a criterion name usable in a file name (formula names are
// the user's).
func fileName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.' {
			return r
		}
		return '_'
	}, s)
}
