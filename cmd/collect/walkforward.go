package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/passframes/passframes/collect"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/cliutil"
	"github.com/passframes/passframes/walkforward"
)

const catWF = "walk-forward"

// walkforwardCommand is `collect walkforward`: collect's run, repeated over
// rolling or anchored train/test windows.
func walkforwardCommand() *cli.Command {
	return &cli.Command{
		Name:  "walkforward",
		Usage: "optimize on rolling or anchored train windows and test every pass on the window that follows",
		UsageText: "collect walkforward --train 3mo --test 1mo [--step 1mo] [--anchored] [--partial keep|drop] [collect's flags]\n" +
			"collect walkforward --train 2000b --test 500b --expert SmaCross --param Fast=5:50:5 --param Slow=10:200:10",
		Flags:  walkforwardFlags(),
		Action: runWalkForward,
	}
}

// walkforwardFlags are collect's flags, less the ones a walk-forward run
// decides itself (the forward period, shards, the .set export), plus the
// window settings.
func walkforwardFlags() []cli.Flag {
	flags := []cli.Flag{
		&cli.StringFlag{Name: "train", Value: "3mo", Usage: "length of each train window: months (3mo), years (1y), weeks (2w), days (30d) or bars (2000b)", Category: catWF},
		&cli.StringFlag{Name: "test", Value: "1mo", Usage: "length of each test window, in the unit family of --train", Category: catWF},
		&cli.StringFlag{Name: "step", Usage: "how far each window starts after the previous one", DefaultText: "the test length", Category: catWF},
		&cli.BoolFlag{Name: "anchored", Usage: "every train window starts at the first bar (default: rolling, the train window moves by --step)", Category: catWF},
		&cli.StringFlag{Name: "partial", Value: walkforward.PartialDrop, Usage: "a last window whose test runs past the data: drop it, or keep it with a shorter test", Category: catWF},
	}
	for _, f := range runFlags() {
		switch f.Names()[0] {
		case "forward", "shard", "export-set":
			continue
		}
		flags = append(flags, f)
	}
	return flags
}

func runWalkForward(c *cli.Context) error {
	if c.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (see collect walkforward --help)", c.Args().First())
	}
	if c.Bool("resume") && c.Bool("overwrite") {
		return errors.New("--resume and --overwrite exclude each other")
	}
	spec, err := walkforward.ParseSpec(c.String("train"), c.String("test"), c.String("step"), c.Bool("anchored"), c.String("partial"))
	if err != nil {
		return flagHint(err)
	}
	cfg, err := buildConfig(c)
	if err != nil {
		return err
	}
	if to := c.String("to"); to != "" {
		day, _ := collect.ParseDate(to) // buildConfig checked it
		spec.End = day.AddDate(0, 0, 1)
	}
	cfg.RunDir += ".walkforward"
	return executeWalkForward(c, cfg, spec)
}

// resumeWalkForward continues a walk-forward run from its manifest alone
// (collect resume RUN_DIR): cfg is the run's configuration, wf its windows.
func resumeWalkForward(c *cli.Context, cfg collect.Config, wf *frames.WalkForward) error {
	spec, err := walkforward.ParseSpec(wf.Train, wf.Test, wf.Step, wf.Anchored, wf.Partial)
	if err != nil {
		return fmt.Errorf("cannot resume %s: %w", cfg.RunDir, err)
	}
	if n := len(wf.Windows); n > 0 {
		spec.End = wf.Windows[n-1].TestTo // the windows end where they ended
	}
	return executeWalkForward(c, cfg, spec)
}

func executeWalkForward(c *cli.Context, cfg collect.Config, spec walkforward.Spec) error {
	run, err := collect.PrepareWalkForward(cfg, spec)
	if err != nil {
		return flagHint(err)
	}
	out, quiet := c.App.Writer, c.Bool("quiet")
	if !quiet {
		describeWalkForward(out, cfg, run)
	}
	total := run.PassesPerWindow() * len(run.Windows())
	progress := cliutil.NewProgress("passes", " passes", total, quiet)
	run.SetProgress(func(p collect.Progress) { progress.Set(p.Done) })
	sum, err := run.Run(c.Context)
	progress.Finish()
	if err != nil {
		return err
	}
	if !quiet {
		for _, ws := range sum.Windows {
			if ws.Skipped {
				fmt.Fprintf(out, "window %-3d already finished\n", ws.Bounds.Index)
			} else {
				printWindow(out, cfg, ws)
			}
		}
		fmt.Fprintf(out, "done     %d windows, %d passes tested in %.2fs", len(sum.Windows), sum.Evaluated, sum.Elapsed.Seconds())
		if total > 0 {
			fmt.Fprintf(out, " (%d per window)", run.PassesPerWindow())
		}
		if sum.Reused > 0 {
			fmt.Fprintf(out, ", %d already stored", sum.Reused)
		}
		fmt.Fprintf(out, ", %d stored\ndataset  %s\nnext     analyze walkforward %s\n", sum.Stored, sum.RunDir, sum.RunDir)
	}
	if sum.Interrupted {
		return &cliutil.ExitError{Code: 130, Err: fmt.Errorf("interrupted after %d of %d windows in %s; run again with --resume to finish",
			len(sum.Windows), len(run.Windows()), sum.RunDir)}
	}
	return nil
}

// flagHint names the flags behind the walk-forward package's messages.
func flagHint(err error) error {
	msg := strings.TrimPrefix(err.Error(), "walkforward: ")
	for _, f := range []string{"train", "test", "step", "partial"} {
		if strings.HasPrefix(msg, f+" ") {
			return fmt.Errorf("--%s", msg)
		}
	}
	return err
}

func describeWalkForward(w io.Writer, cfg collect.Config, r *collect.WalkForward) {
	bs := r.Windows()
	fmt.Fprintf(w, "%s on %s %s (%s)\n", cfg.Expert.Name, cfg.Bars.Symbol, cfg.Bars.Timeframe.Name, cfg.Data.Source)
	fmt.Fprintf(w, "windows  %d, %s .. %s\n", len(bs), day(bs[0].TrainFrom), day(bs[len(bs)-1].TestTo.AddDate(0, 0, -1)))
	fmt.Fprintf(w, "space    %s\n", cfg.Space)
	per := "decided by the optimizer"
	if n := r.PassesPerWindow(); n > 0 {
		per = fmt.Sprint(n)
	}
	fmt.Fprintf(w, "passes   %s per window (%s, objective %s)\n", per, cfg.Method, cfg.Objective)
}

func printWindow(w io.Writer, cfg collect.Config, ws collect.WindowSummary) {
	b := ws.Bounds
	fmt.Fprintf(w, "window %-3d train %s .. %s  test %s .. %s  %d passes", b.Index, day(b.TrainFrom), day(b.TrainTo),
		day(b.TestFrom), day(b.TestTo), ws.Evaluated+ws.Reused)
	if b.Partial {
		fmt.Fprint(w, " (partial test)")
	}
	if ws.HaveBest {
		var parts []string
		for i, prm := range cfg.Space.Params {
			if prm.Optimize {
				parts = append(parts, fmt.Sprintf("%s=%g", prm.Name, ws.BestValue[i]))
			}
		}
		fmt.Fprintf(w, "  best %s %.2f: %s", cfg.Objective, ws.Best, strings.Join(parts, " "))
	}
	fmt.Fprintln(w)
}
