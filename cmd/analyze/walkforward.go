package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/walkforward"
)

// walkforwardCommand is `analyze walkforward RUN_DIR`: the scoreboard of a
// walk-forward run.
func walkforwardCommand() *cli.Command {
	d := walkforward.DefaultThresholds()
	return &cli.Command{
		Name:      "walkforward",
		Usage:     "score each criterion's out-of-sample result over a walk-forward run's windows, with a verdict",
		UsageText: "analyze walkforward [flags] RUN_DIR   (a run made by collect walkforward)",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Value: "table", Usage: "report format: table, csv, json or markdown"},
			&cli.StringFlag{Name: "by", Value: "balance", Usage: "series the regression criteria use: balance or equity"},
			&cli.Float64Flag{Name: "ratio", Value: 1, Usage: "weight of the weighted criteria (profit_R_equity_r2 and its siblings)"},
			&cli.BoolFlag{Name: "all", Usage: "score every statistic as a criterion too, not only the custom, composite and MT5 criteria and the run's formulas"},
			&cli.IntFlag{Name: "workers", Usage: "parallel readers", DefaultText: "every core"},
			&cli.Float64Flag{Name: "min-profit", Value: d.MinProfit, Usage: "verdict: the stitched out-of-sample net profit must be above this"},
			&cli.Float64Flag{Name: "min-wfe", Value: d.MinWFEPct, Usage: "verdict: walk-forward efficiency at least this %"},
			&cli.Float64Flag{Name: "min-profitable-windows", Value: d.MinProfitableWindows, Usage: "verdict: at least this % of windows with a test profit"},
			&cli.Float64Flag{Name: "max-window-share", Value: d.MaxWindowSharePct, Usage: "verdict: no window earns more than this % of the total profit"},
			&cli.Float64Flag{Name: "max-drawdown", Value: d.MaxDrawdownPct, Usage: "verdict: the stitched out-of-sample equity drawdown is below this %"},
		},
		Action: analyzeWalkForward,
	}
}

func analyzeWalkForward(c *cli.Context) error {
	if c.NArg() != 1 {
		return fmt.Errorf("analyze walkforward takes one run directory, got %d arguments", c.NArg())
	}
	dir := c.Args().First()
	format := c.String("format")
	if err := walkforward.CheckFormat(format); err != nil {
		return fmt.Errorf("--format %q: want table, csv, json or markdown", format)
	}
	opt := walkforward.LoadOptions{Criteria: criteria.Options{By: c.String("by"), Ratio: c.Float64("ratio")},
		Statistics: c.Bool("all"), Workers: c.Int("workers")}
	run, err := walkforward.Load(c.Context, dir, opt)
	if errors.Is(err, walkforward.ErrNotWalkForward) {
		return fmt.Errorf("%w; make one with collect walkforward", err)
	}
	if err != nil {
		return err
	}
	th := walkforward.Thresholds{MinProfit: c.Float64("min-profit"), MinWFEPct: c.Float64("min-wfe"),
		MinProfitableWindows: c.Float64("min-profitable-windows"), MaxWindowSharePct: c.Float64("max-window-share"),
		MaxDrawdownPct: c.Float64("max-drawdown")}
	rows, err := run.Scoreboard(c.Context, th)
	if err != nil {
		return err
	}
	w := c.App.Writer
	if format == "table" || format == "markdown" || format == "md" {
		describeWalkForward(w, run, th)
	}
	if err := walkforward.WriteScoreboard(w, rows, format); err != nil {
		return err
	}
	if format == "table" {
		fmt.Fprintln(w, "\n— undefined. wfe_%: annualized OOS return / annualized IS return of the chosen passes. param_stab: mean |Δ input| / range")
		fmt.Fprintln(w, "between consecutive windows (0 = never changes). spearman: mean over windows of ρ(train value, test profit).")
	}
	return nil
}

func describeWalkForward(w io.Writer, run *walkforward.Run, th walkforward.Thresholds) {
	m, ws := run.Manifest, run.Windows()
	kind := "rolling"
	if m.WalkForward.Anchored {
		kind = "anchored"
	}
	passes := 0
	for _, win := range run.Board.Windows {
		passes += len(win.Passes)
	}
	fmt.Fprintf(w, "%s on %s %s: %d %s windows (train %s, test %s, step %s), %s .. %s, %d passes\n", m.Expert, m.Symbol,
		m.Timeframe, len(ws), kind, m.WalkForward.Train, m.WalkForward.Test, m.WalkForward.Step,
		ws[0].TestFrom.Format("2006-01-02"), ws[len(ws)-1].TestTo.AddDate(0, 0, -1).Format("2006-01-02"), passes)
	fmt.Fprintf(w, "verdict: OOS profit > %g, WFE ≥ %g%%, profitable windows ≥ %g%%, no window > %g%% of the profit, OOS drawdown < %g%%\n\n",
		th.MinProfit, th.MinWFEPct, th.MinProfitableWindows, th.MaxWindowSharePct, th.MaxDrawdownPct)
}
