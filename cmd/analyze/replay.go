package main

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/passframes/passframes/analysis"
	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/cliutil"
	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/optimize/methods"
	"github.com/passframes/passframes/optimize/replay"
)

func replayCommand() *cli.Command {
	flags := []cli.Flag{
		&cli.StringFlag{Name: "optimizer", Value: "all", Usage: "optimizers to replay: a comma-separated list or all (random search is always the baseline row)"},
		&cli.StringFlag{Name: "budget", Value: "5%,10%,25%,50%", Usage: "evaluation budgets, comma-separated: a count, or a percentage of the grid"},
		&cli.IntFlag{Name: "runs", Value: 1000, Usage: "runs of each optimizer at each budget, each with its own seed"},
		&cli.StringFlag{Name: "criterion", Usage: "objective looked up for each point", DefaultText: "the run's objective"},
		&cli.Int64Flag{Name: "seed", Value: 1, Usage: "base seed"},
		&cli.StringFlag{Name: "format", Value: "table", Usage: "table or json"},
	}
	for _, m := range methods.All() {
		for _, o := range m.Options {
			flags = append(flags, &cli.StringFlag{Name: m.Name + "-" + strings.ToLower(o.Name), Usage: o.Usage, Category: "optimizer options"})
		}
	}
	return &cli.Command{
		Name:      "replay",
		Usage:     "run optimizers against a stored full grid (looking objectives up) and report how often each finds the grid's best",
		ArgsUsage: "RUN_DIR",
		Flags:     flags,
		Action:    runReplay,
	}
}

func runReplay(c *cli.Context) error {
	if c.NArg() != 1 {
		return cliutil.Usagef("replay takes one run directory, got %d arguments", c.NArg())
	}
	if f := c.String("format"); f != "table" && f != "json" {
		return cliutil.Usagef("--format %q: want table or json", f)
	}
	if c.Int("runs") < 1 {
		return cliutil.Usagef("--runs %d: want 1 or more", c.Int("runs"))
	}
	ds, err := frames.Open(c.Args().First())
	if err != nil {
		return err
	}
	m := ds.Manifest
	space, err := optimize.FromParams(optimize.FromManifest(m.Space), m.Constraint)
	if err != nil || len(m.Space) == 0 {
		return fmt.Errorf("%s: the run records no parameter space to replay on", ds.Dir)
	}
	name := c.String("criterion")
	if name == "" {
		name = m.Criterion
	}
	table, err := lookupTable(c.Context, ds, space, name)
	if err != nil {
		return err
	}
	points := table.Size()
	if space.Constraint != "" {
		table.SetFeasible(space.Feasible) // optimizers propose only what the run could
		if points, err = space.Count(); err != nil {
			return err
		}
	}
	budgets, err := parseBudgets(c.String("budget"), points)
	if err != nil {
		return err
	}
	names, opts, err := replayMethods(c)
	if err != nil {
		return err
	}
	rep, err := replay.Run(c.Context, table, names, budgets, c.Int("runs"), c.Int64("seed"), opts)
	if err != nil {
		return err
	}
	if c.String("format") == "json" {
		return rep.WriteJSON(c.App.Writer)
	}
	fmt.Fprintf(c.App.Writer, "%s, objective %s\n", ds.Dir, name)
	return rep.WriteTable(c.App.Writer)
}

// lookupTable builds the table of a criterion's value at every stored grid
// point, negated for a criterion that is minimized (replay maximizes).
func lookupTable(ctx context.Context, ds *frames.Dataset, space *optimize.Space, name string) (*replay.Table, error) {
	crit, err := criteria.ByName(name)
	if err != nil {
		return nil, cliutil.Usagef("--criterion: %v", err)
	}
	res, err := analysis.Run(ctx, ds, analysis.Options{})
	if err != nil {
		return nil, err
	}
	k, err := res.Index(crit.Name)
	if err != nil {
		return nil, err
	}
	var opt []int
	for i, p := range space.Params {
		if p.Optimize {
			opt = append(opt, i)
		}
	}
	values := map[int64]float64{}
	x := make([]float64, len(opt))
	for _, p := range res.Passes {
		if !p.Available[k] {
			continue
		}
		for j, i := range opt {
			x[j] = p.Params[i]
		}
		v := p.Values[k]
		if crit.Direction == criteria.Min {
			v = -v
		}
		values[space.GridIndex(x)] = v
	}
	if len(values) == 0 {
		return nil, fmt.Errorf("%s: no pass has a value for %s", ds.Dir, crit.Name)
	}
	return replay.NewTable(space.Dims(), values)
}

// parseBudgets reads "100,5%,10%": counts, or percentages of the grid.
func parseBudgets(s string, size int64) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		var n int
		if pct, ok := strings.CutSuffix(f, "%"); ok {
			v, err := strconv.ParseFloat(pct, 64)
			if err != nil || v <= 0 || v > 100 {
				return nil, cliutil.Usagef("--budget %q: a percentage must be in (0, 100]", f)
			}
			n = int(math.Round(v / 100 * float64(size)))
		} else {
			v, err := strconv.Atoi(f)
			if err != nil || v <= 0 {
				return nil, cliutil.Usagef("--budget %q: want a positive count or a percentage", f)
			}
			n = v
		}
		out = append(out, max(n, 1))
	}
	return out, nil
}

func replayMethods(c *cli.Context) ([]string, map[string]map[string]string, error) {
	var names []string
	if arg := strings.TrimSpace(c.String("optimizer")); arg == "all" {
		for _, n := range methods.Names() {
			if n != "grid" {
				names = append(names, n)
			}
		}
	} else {
		for _, n := range strings.Split(arg, ",") {
			m, err := methods.Lookup(n)
			if err != nil {
				return nil, nil, cliutil.Usagef("--optimizer: %v", err)
			}
			names = append(names, m.Name)
		}
	}
	opts := map[string]map[string]string{}
	for _, n := range names {
		m, _ := methods.Lookup(n)
		opts[n] = map[string]string{}
		for _, o := range m.Options {
			if f := n + "-" + strings.ToLower(o.Name); c.IsSet(f) {
				opts[n][o.Name] = c.String(f)
			}
		}
	}
	return names, opts, nil
}
