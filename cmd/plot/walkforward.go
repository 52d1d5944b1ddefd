package main

import (
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/passframes/passframes/charts"
	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/walkforward"
	"github.com/passframes/passframes/walkforward/wfplot"
)

// walkforwardCommand is `plot walkforward RUN_DIR`: a walk-forward run's
// charts and scoreboard.
func walkforwardCommand() *cli.Command {
	return &cli.Command{
		Name:      "walkforward",
		Usage:     "draw a walk-forward run's stitched out-of-sample curves, per-window results and chosen inputs",
		UsageText: "plot walkforward [flags] RUN_DIR   (a run made by collect walkforward)",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Usage: "folder of the charts and scoreboard.json", DefaultText: "RUN_DIR/charts/walkforward"},
			&cli.IntFlag{Name: "highlight", Value: 3, Usage: "the best criteria drawn in colour, each with its per-window charts"},
			&cli.BoolFlag{Name: "all", Usage: "score every statistic as a criterion too"},
			&cli.StringFlag{Name: "by", Value: "balance", Usage: "series the regression criteria use: balance or equity"},
			&cli.Float64Flag{Name: "ratio", Value: 1, Usage: "weight of the weighted criteria"},
			&cli.IntFlag{Name: "width", Value: charts.DefaultWidth, Usage: "chart width in pixels"},
			&cli.IntFlag{Name: "height", Value: charts.DefaultHeight, Usage: "chart height in pixels"},
			&cli.IntFlag{Name: "workers", Usage: "parallel readers", DefaultText: "every core"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print nothing but errors"},
		},
		Action: plotWalkForward,
	}
}

func plotWalkForward(c *cli.Context) error {
	if c.NArg() != 1 {
		return fmt.Errorf("plot walkforward takes one run directory, got %d arguments", c.NArg())
	}
	if c.Int("highlight") < 1 {
		return fmt.Errorf("--highlight %d: want at least 1", c.Int("highlight"))
	}
	dir := c.Args().First()
	opt := wfplot.DefaultOptions()
	opt.Highlight, opt.Width, opt.Height = c.Int("highlight"), c.Int("width"), c.Int("height")
	opt.Load = walkforward.LoadOptions{Criteria: criteria.Options{By: c.String("by"), Ratio: c.Float64("ratio")},
		Statistics: c.Bool("all"), Workers: c.Int("workers")}
	paths, err := wfplot.Plot(c.Context, dir, c.String("out"), opt)
	if errors.Is(err, walkforward.ErrNotWalkForward) {
		return fmt.Errorf("%w; make one with collect walkforward", err)
	}
	if err != nil {
		return err
	}
	if !c.Bool("quiet") {
		for _, p := range paths {
			fmt.Fprintln(c.App.Writer, p)
		}
	}
	return nil
}
