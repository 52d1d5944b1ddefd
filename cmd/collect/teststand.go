package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/passframes/passframes/internal/cliutil"
	"github.com/passframes/passframes/optimize/methods"
	"github.com/passframes/passframes/optimize/teststand"
)

func teststandCommand() *cli.Command {
	flags := []cli.Flag{
		&cli.StringFlag{Name: "stand", Value: "current", Usage: "seed: Skin, Forest, Megacity with 2/40/1000 parameters, best after 1,000 and 10,000 evaluations, 5 runs; current: Hilly, Forest, Megacity with 10/50/1000 parameters, 10,000 evaluations, 10 runs"},
		&cli.StringFlag{Name: "optimizer", Value: "all", Usage: "optimizer to rate, a comma-separated list, or all (every method but grid, which needs steps)"},
		&cli.IntFlag{Name: "repeats", Usage: "runs per test", DefaultText: "the stand's: 5 or 10"},
		&cli.Int64Flag{Name: "seed", Value: 1, Usage: "base seed; run r of a test uses the same seed for every optimizer"},
		&cli.IntFlag{Name: "workers", Usage: "runs in parallel", DefaultText: "every core"},
		&cli.StringFlag{Name: "format", Value: "table", Usage: "table (the published table's layout) or json"},
		&cli.StringFlag{Name: "charts", Usage: "folder for the convergence charts (one PNG per function); empty for none", DefaultText: "teststand/ under the run root (collect --out, runs/)"},
		&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no progress bar"},
	}
	return &cli.Command{
		Name:   "teststand",
		Usage:  "rate optimizers on the test stand's functions and print the published table's layout",
		Flags:  append(flags, optimizerFlags()...),
		Action: runTeststand,
	}
}

func runTeststand(c *cli.Context) error {
	switch c.String("format") {
	case "table", "json":
	default:
		return fmt.Errorf("--format %q: want table or json", c.String("format"))
	}
	names, err := standMethods(c.String("optimizer"))
	if err != nil {
		return err
	}
	opts := map[string]map[string]string{}
	for _, n := range names {
		opts[n] = methodOptions(c, n)
	}
	cfg := teststand.Config{Stand: c.String("stand"), Methods: names, Options: opts,
		Repeats: c.Int("repeats"), Seed: c.Int64("seed"), Workers: c.Int("workers")}
	progress := cliutil.NewProgress("runs", " runs", 0, c.Bool("quiet"))
	rep, err := teststand.Run(c.Context, cfg, func(done, total int) { progress.Set(done) })
	progress.Finish()
	if err != nil {
		return err
	}
	dir := c.String("charts")
	if !c.IsSet("charts") {
		// Under the run root, like every other output: running a command
		// writes nothing into the working folder.
		dir = filepath.Join(c.String("out"), "teststand")
	}
	if dir != "" {
		if err := rep.WriteConvergencePNGs(dir); err != nil {
			return err
		}
	}
	if c.String("format") == "json" {
		return rep.WriteJSON(c.App.Writer)
	}
	return rep.WriteTable(c.App.Writer)
}

// standMethods expands --optimizer: a list of names, or all.
func standMethods(arg string) ([]string, error) {
	if strings.TrimSpace(arg) == "all" {
		var names []string
		for _, n := range methods.Names() {
			if n != "grid" {
				names = append(names, n)
			}
		}
		return names, nil
	}
	var names []string
	for _, n := range strings.Split(arg, ",") {
		m, err := methods.Lookup(n)
		if err != nil {
			return nil, fmt.Errorf("--optimizer: %w", err)
		}
		if m.Name == "grid" {
			return nil, errors.New("--optimizer grid cannot run on the test stand: its parameters are continuous (step 0)")
		}
		names = append(names, m.Name)
	}
	return names, nil
}
