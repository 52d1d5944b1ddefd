package main

import (
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/mt5"
)

func importCommand() *cli.Command {
	return &cli.Command{
		Name:  "import",
		Usage: "turn MetaTrader 5 results (.opt caches, tester reports .html/.xlsx, optimization .xml with .forward.xml, .mqd frames) into runs",
		Description: "Each file (a back .xml and its .forward.xml count as one) becomes a run directory OUT/<expert>.<symbol>.<timeframe>/\n" +
			"that analyze and plot read like any other. Every file is parsed and checked before anything is written.",
		ArgsUsage: "PATH...",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Value: "runs", Usage: "root folder of the run directories"},
			&cli.BoolFlag{Name: "resume", Usage: "add to runs that already exist"},
			&cli.BoolFlag{Name: "overwrite", Usage: "replace runs that already exist"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print nothing but errors"},
		},
		Action: runImport,
	}
}

func runImport(c *cli.Context) error {
	if c.NArg() == 0 {
		return errors.New("import: name at least one MT5 file")
	}
	mode := frames.New
	switch {
	case c.Bool("resume") && c.Bool("overwrite"):
		return errors.New("--resume and --overwrite exclude each other")
	case c.Bool("resume"):
		mode = frames.Resume
	case c.Bool("overwrite"):
		mode = frames.Overwrite
	}
	runs, err := mt5.Load(c.Args().Slice())
	if err != nil {
		return err
	}
	dirs, err := mt5.Write(runs, c.String("out"), mode)
	switch {
	case errors.Is(err, mt5.ErrOtherRun):
		return fmt.Errorf("%w (--overwrite replaces it, --out ROOT imports into another root folder)", err)
	case errors.Is(err, mt5.ErrRunExists):
		return fmt.Errorf("%w (use --resume to continue it or --overwrite to replace it)", err)
	case errors.Is(err, mt5.ErrSameRun):
		return fmt.Errorf("%w (with --out)", err)
	case err != nil:
		return err
	}
	if c.Bool("quiet") {
		return nil
	}
	for i, dir := range dirs {
		r := runs[i]
		points := "with points"
		if !r.Info.Points {
			points = "no points: the criteria that need them are unavailable"
		}
		fmt.Fprintf(c.App.Writer, "%s: %d passes from %s (%s)\n", dir, len(r.Passes), r.Info.Kind, points)
		for _, w := range r.Manifest.Warnings {
			fmt.Fprintf(c.App.ErrWriter, "warning: %s: %s\n", dir, w.Message)
		}
	}
	return nil
}
