package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/passframes/passframes/analysis"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/cliutil"
)

func windowFlag() cli.Flag {
	return &cli.IntFlag{Name: "window", Value: -1, Usage: "walk-forward runs: the window analyzed, its train part as back and its test part as forward ('analyze walkforward' scores them all)", DefaultText: "the last window"}
}

// windowOption sets the window a walk-forward run is analyzed in: the one
// --window names, or the last (the one a trader would trade next).
func windowOption(c *cli.Context, m *frames.Manifest, opt analysis.Options) (analysis.Options, error) {
	w := c.Int("window")
	if m.WalkForward == nil || len(m.WalkForward.Windows) == 0 {
		if w > 0 {
			return opt, cliutil.Usagef("--window %d: the run has no walk-forward windows", w)
		}
		return opt, nil
	}
	n := len(m.WalkForward.Windows)
	if w < 0 {
		w = n - 1
	}
	if w >= n {
		return opt, cliutil.Usagef("--window %d: the run has windows 0 to %d", w, n-1)
	}
	opt.Window = m.WalkForward.Windows[w].Index
	if !c.Bool("quiet") && c.String("format") == "table" {
		win := m.WalkForward.Windows[w]
		fmt.Fprintf(c.App.ErrWriter, "walk-forward run: window %d of %d (train %s–%s, test %s–%s); --window chooses another, 'analyze walkforward' scores them all\n",
			w, n, win.TrainFrom.Format("2006-01-02"), win.TrainTo.Format("2006-01-02"), win.TestFrom.Format("2006-01-02"), win.TestTo.Format("2006-01-02"))
	}
	return opt, nil
}
