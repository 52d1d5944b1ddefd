package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/passframes/passframes/analysis"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/cliutil"
)

// windowOption sets the walk-forward window a run is analyzed in (--window,
// the last by default) and says which it is.
func windowOption(c *cli.Context, m *frames.Manifest, opt analysis.Options) (analysis.Options, error) {
	w, note, err := cliutil.Window(c, m)
	if err != nil {
		return opt, err
	}
	opt.Window = w
	if note != "" && !c.Bool("quiet") {
		fmt.Fprintf(c.App.ErrWriter, "%s; 'analyze walkforward' scores every window\n", note)
	}
	return opt, nil
}
