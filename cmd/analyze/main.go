// Command analyze computes every criterion and regression line of a run's
// passes, links their forward results, ranks them, writes analysis.parquet
// into the run directory and prints the best passes (see README.md).
package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/passframes/passframes/analysis"
	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/cliutil"
	"github.com/passframes/passframes/mt5"
	"github.com/passframes/passframes/optimize"
)

func main() { cliutil.Main("analyze", newApp()) }

func newApp() *cli.App {
	return &cli.App{
		Name:  "analyze",
		Usage: "compute every criterion of a run's passes, link forward results, rank, write analysis.parquet and print the best",
		UsageText: "analyze [flags] [RUN_DIR|GLOB ...]   (no argument: the most recent run under runs/)\n" +
			"analyze criteria                     (the criteria, their direction and formula)\n" +
			"analyze replay RUN_DIR --optimizer all --budget 5%,10%,25%,50% --runs 1000",
		Version:         cliutil.Version,
		HideHelpCommand: true,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "runs", Value: "runs", Usage: "folder searched for the most recent run when no RUN_DIR is given"},
			&cli.StringFlag{Name: "by", Value: "balance", Usage: "series the regression criteria use: balance or equity"},
			&cli.Float64Flag{Name: "ratio", Value: 1, Usage: "weight of the weighted criteria (profit_R_equity_r2 and its siblings)"},
			&cli.StringFlag{Name: "sort", Usage: "criterion of the top list (default: the run's objective)"},
			&cli.IntFlag{Name: "top", Value: 10, Usage: "passes in the top list"},
			&cli.StringFlag{Name: "format", Value: "table", Usage: "report format: table, csv, json or markdown"},
			&cli.Float64Flag{Name: "min-profit-pct", Usage: "leave out passes whose back profit is below this % of the deposit", DefaultText: "keep every pass"},
			&cli.Float64Flag{Name: "min-trades", Usage: "leave out passes with fewer back trades"},
			&cli.BoolFlag{Name: "all", Usage: "list the best pass under every statistic too, not only the custom, composite and MT5 criteria"},
			&cli.IntFlag{Name: "workers", Usage: "parallel readers", DefaultText: "every core"},
			&cli.BoolFlag{Name: "no-table", Usage: "print the report only; do not write analysis.parquet"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "write analysis.parquet, print nothing but errors"},
			&cli.StringFlag{Name: "export-set", Usage: "write the best pass under --sort as an MT5 .set file to this path (one run only)"},
		},
		Action: analyzeRuns,
		Commands: []*cli.Command{
			{Name: "criteria", Usage: "list every criterion with its direction and formula",
				Flags:  []cli.Flag{&cli.StringFlag{Name: "format", Value: "table", Usage: "table or markdown"}},
				Action: listCriteria},
			replayCommand(),
		},
	}
}

func analyzeRuns(c *cli.Context) error {
	dirs, err := runDirs(c)
	if err != nil {
		return err
	}
	opt, err := options(c)
	if err != nil {
		return err
	}
	if c.String("export-set") != "" && len(dirs) != 1 {
		return fmt.Errorf("--export-set takes one run, got %d", len(dirs))
	}
	for i, dir := range dirs {
		if c.Context.Err() != nil {
			return errors.New("interrupted")
		}
		if i > 0 && !c.Bool("quiet") {
			fmt.Fprintln(c.App.Writer)
		}
		if err := analyzeRun(c, dir, opt); err != nil {
			return err
		}
	}
	return nil
}

// runDirs expands the arguments (run directories or globs) or finds the most
// recent run.
func runDirs(c *cli.Context) ([]string, error) {
	if c.NArg() == 0 {
		dir, err := cliutil.LatestRun(c.String("runs"))
		if err != nil {
			return nil, err
		}
		return []string{dir}, nil
	}
	var dirs []string
	for _, arg := range c.Args().Slice() {
		matches, err := filepath.Glob(arg)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", arg, err)
		}
		if len(matches) == 0 {
			return nil, fmt.Errorf("%s: no such run directory", arg)
		}
		sort.Strings(matches)
		dirs = append(dirs, matches...)
	}
	return dirs, nil
}

func options(c *cli.Context) (analysis.Options, error) {
	opt := analysis.Options{Criteria: criteria.Options{By: c.String("by"), Ratio: c.Float64("ratio")},
		MinTrades: c.Float64("min-trades"), Workers: c.Int("workers")}
	if c.IsSet("min-profit-pct") {
		v := c.Float64("min-profit-pct")
		opt.MinProfitPct = &v
	}
	if _, err := criteria.NewEvaluator(opt.Criteria, nil); err != nil {
		return opt, err
	}
	switch f := c.String("format"); f {
	case "table", "csv", "json", "markdown", "md":
	default:
		return opt, fmt.Errorf("--format %q: want table, csv, json or markdown", f)
	}
	if s := c.String("sort"); s != "" {
		if _, err := criteria.ByName(s); err != nil {
			return opt, fmt.Errorf("--sort: %w", err)
		}
	}
	return opt, nil
}

func analyzeRun(c *cli.Context, dir string, opt analysis.Options) error {
	ds, err := frames.Open(dir)
	if err != nil {
		return err
	}
	res, err := analysis.Run(c.Context, ds, opt)
	if err != nil {
		return err
	}
	if len(res.Passes) == 0 {
		return fmt.Errorf("%s: no pass to analyze (%d filtered out)", dir, res.Filtered)
	}
	if !c.Bool("no-table") {
		if err := res.WriteTableFile(filepath.Join(dir, analysis.TableName)); err != nil {
			return err
		}
	}
	sortBy := c.String("sort")
	if sortBy == "" {
		sortBy = ds.Manifest.Criterion
		if _, err := res.Index(sortBy); err != nil {
			sortBy = "profit"
		}
	}
	if path := c.String("export-set"); path != "" {
		if err := exportSet(path, res, sortBy); err != nil {
			return err
		}
	}
	if c.Bool("quiet") {
		return nil
	}
	rep, err := res.NewReport(dir, sortBy, c.Int("top"), c.Bool("all"))
	if err != nil {
		return err
	}
	if err := rep.Write(c.App.Writer, c.String("format")); err != nil {
		return err
	}
	if f := c.String("format"); f == "table" || f == "markdown" || f == "md" {
		// The comparison is prose: machine-readable formats stay parseable.
		if err := printReported(c.App.Writer, dir); err != nil {
			return err
		}
	}
	if !c.Bool("no-table") && c.String("format") == "table" {
		fmt.Fprintf(c.App.Writer, "\nanalysis table: %s\n", filepath.Join(dir, analysis.TableName))
	}
	return nil
}

func listCriteria(c *cli.Context) error {
	switch c.String("format") {
	case "markdown", "md":
		return criteria.MarkdownTable(c.App.Writer)
	case "table":
		return writeCriteria(c.App.Writer)
	}
	return fmt.Errorf("--format %q: want table or markdown", c.String("format"))
}

func writeCriteria(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "name\tdirection\tkind\tdescription")
	for _, cr := range criteria.All() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", cr.Name, cr.Direction, cr.Kind, cr.Description)
	}
	return tw.Flush()
}

// exportSet writes the best pass under sortBy as an MT5 .set file.
func exportSet(path string, res *analysis.Result, sortBy string) error {
	c, err := res.Index(sortBy)
	if err != nil {
		return err
	}
	if len(res.Manifest.Columns) == 0 {
		return fmt.Errorf("--export-set: the run records no inputs to export")
	}
	best := res.Best(c)
	if best < 0 {
		return fmt.Errorf("--export-set: no pass has a value for %s", sortBy)
	}
	params := res.Manifest.Space
	if len(params) != len(res.Manifest.Columns) { // imported runs record columns only
		params = make([]optimize.Param, len(res.Manifest.Columns))
		for i, col := range res.Manifest.Columns {
			params[i] = optimize.Param{Name: col.Name, Type: optimize.Double}
			if col.Integer {
				params[i].Type, params[i].Step = optimize.Int, 1
			}
		}
	}
	values := res.Passes[best].Params
	params, err = optimize.WithValues(params, values)
	if err != nil {
		return err
	}
	for i := range params {
		if !params[i].Optimize {
			params[i].Start, params[i].Stop = values[i], values[i]
		}
	}
	if err := optimize.WriteSetFile(path, params); err != nil {
		return fmt.Errorf("--export-set: %w", err)
	}
	return nil
}

// printReported lists, for a run imported from an MT5 report, where the
// statistics computed from its deals differ from the ones the report printed.
func printReported(w io.Writer, dir string) error {
	diffs, err := mt5.CompareReported(dir)
	if errors.Is(err, mt5.ErrNotReport) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(diffs) == 0 {
		fmt.Fprintln(w, "\nEvery statistic computed from the report's deals matches the printed one.")
		return nil
	}
	fmt.Fprintln(w, "\nWhere the statistics computed from the report's deals differ from the printed ones")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "statistic\tours\tprinted\twhy")
	for _, d := range diffs {
		note := d.Note
		if note == "" {
			note = "defined the same: a real difference"
		}
		fmt.Fprintf(tw, "%s\t%.2f\t%.2f\t%s\n", d.Name, d.Ours, d.Printed, note)
	}
	return tw.Flush()
}
