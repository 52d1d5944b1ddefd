package cliutil

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/passframes/passframes/frames"
)

// WindowFlag is --window: which walk-forward window analyze and plot treat
// as a run (its train part as back, its test part as forward).
func WindowFlag() cli.Flag {
	return &cli.IntFlag{Name: "window", Value: -1, Usage: "walk-forward runs: the window taken as the run, its train part as back and its test part as forward ('analyze walkforward' scores them all)", DefaultText: "the last window"}
}

// Window is the frames' window value --window chooses in the run of m (the
// last window by default; 0 for a run without walk-forward), and a line
// that says which window that is ("" for a run without walk-forward).
func Window(c *cli.Context, m *frames.Manifest) (int32, string, error) {
	w := c.Int("window")
	if m.WalkForward == nil || len(m.WalkForward.Windows) == 0 {
		if w > 0 {
			return 0, "", Usagef("--window %d: the run has no walk-forward windows", w)
		}
		return 0, "", nil
	}
	n := len(m.WalkForward.Windows)
	if w < 0 {
		w = n - 1
	}
	if w >= n {
		return 0, "", Usagef("--window %d: the run has windows 0 to %d", w, n-1)
	}
	win := m.WalkForward.Windows[w]
	note := fmt.Sprintf("walk-forward run: window %d of %d (train %s to %s, test %s to %s); --window chooses another",
		w, n, win.TrainFrom.Format("2006-01-02"), win.TrainTo.Format("2006-01-02"),
		win.TestFrom.Format("2006-01-02"), win.TestTo.Format("2006-01-02"))
	return win.Index, note, nil
}
