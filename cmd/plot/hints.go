package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/passframes/passframes/gallery"
	"github.com/passframes/passframes/internal/cliutil"
)

// flagOf names the flag that sets each of gallery's options.
var flagOf = map[string]string{
	"lines":     "--lines",
	"forward":   "--forward",
	"size":      "--width/--height",
	"heatmap":   "--heatmap",
	"sort":      "--sort",
	"page rows": "--page-rows",
}

// withFlagHint puts the command line's words on a gallery error: the flag
// behind a bad option, what to do about a folder of another run, and exit
// code 130 for an interruption.
func withFlagHint(ctx context.Context, err error) error {
	var oe *gallery.OptionError
	switch {
	case ctx.Err() != nil && errors.Is(err, ctx.Err()):
		return &cliutil.ExitError{Code: 130, Err: errors.New("interrupted: the charts written so far are in place; run plot again to finish")}
	case errors.As(err, &oe) && flagOf[oe.Option] != "":
		return fmt.Errorf("%s: %w", flagOf[oe.Option], oe.Err)
	case errors.Is(err, gallery.ErrOtherRun):
		return fmt.Errorf("%w: give --out another folder, or remove that one", err)
	}
	return err
}
