// Command plot draws a PNG chart per pass of an analyzed run, named by
// criterion and profit, with overview charts and an interactive run page,
// index.html, into the run's own charts folder (see docs/plot.md).
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/passframes/passframes/analysis"
	"github.com/passframes/passframes/charts"
	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/gallery"
	"github.com/passframes/passframes/internal/cliutil"
	"github.com/passframes/passframes/walkforward/wfplot"
)

func main() { cliutil.Main("plot", newApp()) }

func newApp() *cli.App {
	return &cli.App{
		Name:  "plot",
		Usage: "draw a chart per pass of an analyzed run, named by criterion and profit, with overview charts and an index.html",
		UsageText: "plot [flags] [RUN_DIR]        (no argument: the most recent run under runs/)\n" +
			"plot --all --sort r2 --top 50",
		Version:         cliutil.Version,
		HideHelpCommand: true,
		Flags: []cli.Flag{
			cliutil.RunsFlag(),
			&cli.StringFlag{Name: "out", Usage: "root folder: charts go to OUT/<run directory's name>/", DefaultText: "RUN_DIR/charts"},
			&cli.BoolFlag{Name: "best", Value: true, Usage: "one chart per criterion, its best pass, named <criterion>+<profit>.png"},
			&cli.BoolFlag{Name: "all", Usage: "every pass that passes the filters, ranked by --sort, named <rank>_<value>+<profit>+<pass>.png"},
			&cli.StringFlag{Name: "sort", Usage: "criterion that ranks passes with --all and colours the heatmap (default: the run's objective)"},
			&cli.IntFlag{Name: "top", Usage: "with --all, only the best N passes", DefaultText: "all"},
			&cli.BoolFlag{Name: "all-criteria", Usage: "in --best mode, a chart for every statistic too"},
			&cli.StringFlag{Name: "lines", Value: "balance", Usage: "regression lines: balance, equity, both or none"},
			&cli.StringFlag{Name: "forward", Value: "separate", Usage: "forward part: separate (from the deposit, after the back curve), continued (from the back curve's end) or none"},
			&cli.IntFlag{Name: "width", Value: charts.DefaultWidth, Usage: "chart width in pixels"},
			&cli.IntFlag{Name: "height", Value: charts.DefaultHeight, Usage: "chart height in pixels"},
			&cli.StringFlag{Name: "heatmap", Usage: "two parameters for one heatmap, e.g. MovingPeriod,MovingShift (default: each pair of the first four optimized)"},
			cliutil.MinProfitPctFlag(),
			cliutil.MinTradesFlag(),
			cliutil.ByFlag(),
			cliutil.RatioFlag(),
			&cli.IntFlag{Name: "page-rows", Value: gallery.DefaultPageRows, Usage: "at most this many passes in index.html's table (the best by --sort)"},
			cliutil.WorkersFlag("parallel renderers"),
			cliutil.QuietFlag("print nothing but errors"),
			cliutil.WindowFlag(),
		},
		Action:   plot,
		Commands: []*cli.Command{walkforwardCommand()},
	}
}

func plot(c *cli.Context) error {
	if c.NArg() > 1 {
		return fmt.Errorf("one run directory at a time (got %d arguments)", c.NArg())
	}
	if c.IsSet("top") && !c.Bool("all") {
		return fmt.Errorf("--top applies to --all (best mode draws one chart per criterion)")
	}
	if c.IsSet("best") && !c.Bool("best") && !c.Bool("all") {
		return fmt.Errorf("--best=false draws nothing: give --all to draw every pass")
	}
	dir := c.Args().First()
	if dir == "" {
		var err error
		if dir, err = cliutil.LatestRun(c.String("runs")); err != nil {
			return err
		}
	}
	ds, err := frames.Open(dir)
	if err != nil {
		return err
	}
	res, err := loadAnalysis(c, ds)
	if err != nil {
		return err
	}
	if len(res.Passes) == 0 {
		return fmt.Errorf("%s: no pass to draw (%d filtered out)", dir, res.Filtered)
	}
	cfg := gallery.Config{Out: gallery.ChartsDir(dir, c.String("out")), All: c.Bool("all"), Sort: c.String("sort"),
		Top: c.Int("top"), Lines: c.String("lines"), Forward: c.String("forward"), Width: c.Int("width"),
		Height: c.Int("height"), Workers: c.Int("workers"), AllCriteria: c.Bool("all-criteria"),
		PageRows: c.Int("page-rows"), Deals: readDeals}
	if cfg.Sort == "" {
		cfg.Sort = ds.Manifest.Criterion
		if _, err := res.Index(cfg.Sort); err != nil {
			cfg.Sort = "profit"
		}
	}
	if h := c.String("heatmap"); h != "" {
		cfg.Heatmap = strings.Split(h, ",")
	}
	if cfg.PageRows < 1 {
		return fmt.Errorf("--page-rows %d: want 1 or more", cfg.PageRows)
	}
	start := time.Now()
	if ds.Manifest.WalkForward != nil {
		// The run page shows the walk-forward charts beside the window's.
		if _, err := wfplot.PlotWalkForward(c.Context, dir, ""); err != nil {
			return err
		}
	}
	progress := cliutil.NewProgress("charts", " charts", 0, c.Bool("quiet"))
	cfg.Progress = func(done, total int) { progress.Set(done) }
	out, err := gallery.Build(c.Context, ds, res, cfg)
	progress.Finish()
	if err != nil {
		return withFlagHint(c.Context, err)
	}
	if !c.Bool("quiet") {
		fmt.Fprintf(c.App.Writer, "%d charts and %d overview charts in %.1fs: open %s\n",
			len(out.Charts), len(out.Overview), time.Since(start).Seconds(), filepath.Join(out.Dir, frames.PageFileName))
	}
	return nil
}

// loadAnalysis reads the run's analysis table, or computes the analysis when
// the table is missing, older than the frames, or made with other options
// (filters, --by, --ratio) than plot's.
func loadAnalysis(c *cli.Context, ds *frames.Dataset) (*analysis.Result, error) {
	if err := criteria.DefineFormulas(ds.Manifest.Formulas); err != nil { // the run's formula criteria
		return nil, fmt.Errorf("%s: run.json: %w", ds.Dir, err)
	}
	choices, err := cliutil.Analysis(c)
	if err != nil {
		return nil, err
	}
	workers, err := cliutil.Workers(c)
	if err != nil {
		return nil, err
	}
	opt := analysis.Options{Criteria: choices.Criteria, MinTrades: choices.MinTrades, MinProfitPct: choices.MinProfitPct}
	window, note, err := cliutil.Window(c, ds.Manifest)
	if err != nil {
		return nil, err
	}
	opt.Window = window
	if note != "" && !c.Bool("quiet") {
		fmt.Fprintln(c.App.ErrWriter, note)
	}
	table := frames.Layout{Dir: ds.Dir}.Analysis()
	if fresh(table, ds) {
		res, err := analysis.ReadTable(table, ds.Manifest)
		if err == nil && sameOptions(res.Options, opt) {
			return res, nil
		}
		if err != nil {
			// Said, not hidden: the table is analyze's output and a broken one
			// is worth knowing about; plot can still draw from the frames.
			fmt.Fprintf(c.App.ErrWriter, "plot: warning: %v; analyzing the frames again instead (run analyze to rewrite it)\n", err)
		}
	}
	opt.Workers = workers
	return analysis.Run(c.Context, ds, opt)
}

// sameOptions reports whether a table made with a answers for options b.
func sameOptions(a, b analysis.Options) bool {
	norm := func(o analysis.Options) analysis.Options {
		if o.Criteria.By == "" {
			o.Criteria.By = "balance"
		}
		if o.Criteria.Ratio == 0 {
			o.Criteria.Ratio = 1
		}
		o.Workers = 0
		return o
	}
	a, b = norm(a), norm(b)
	return a.Criteria == b.Criteria && a.MinTrades == b.MinTrades && a.Window == b.Window &&
		(a.MinProfitPct == nil) == (b.MinProfitPct == nil) && (a.MinProfitPct == nil || *a.MinProfitPct == *b.MinProfitPct)
}

// fresh reports whether the analysis table exists and is newer than every
// part file.
func fresh(table string, ds *frames.Dataset) bool {
	st, err := os.Stat(table)
	if err != nil {
		return false
	}
	for _, p := range ds.Parts {
		if ps, err := os.Stat(p); err != nil || ps.ModTime().After(st.ModTime()) {
			return false
		}
	}
	return true
}
