// Command analyze computes every criterion and regression line of a run's
// passes, links their forward results, ranks them, writes analysis.parquet
// into the run directory and prints the best passes (see README.md).
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
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
	// The order is the help's: where to look, what to compute, what to print.
	flags := []cli.Flag{
		cliutil.RunsFlag(),
		cliutil.ByFlag(),
		cliutil.RatioFlag(),
		&cli.StringFlag{Name: "sort", Usage: "criterion of the top list (default: the run's objective)"},
		&cli.IntFlag{Name: "top", Value: 10, Usage: "passes in the top list"},
		&cli.StringFlag{Name: "format", Value: "table", Usage: "report format: table, csv, json or markdown (json: one document, an array for several runs)"},
		&cli.StringFlag{Name: "table", Usage: "print one table: best or top (csv prints one table per call, best unless top is asked)", DefaultText: "both; best in csv"},
		cliutil.MinProfitPctFlag(),
		cliutil.MinTradesFlag(),
		&cli.BoolFlag{Name: "all", Usage: "list the best pass under every statistic too, not only the custom, composite and MT5 criteria"},
		cliutil.WorkersFlag("parallel readers"),
		&cli.BoolFlag{Name: "no-table", Usage: "print the report only; do not write analysis.parquet"},
		cliutil.QuietFlag("write analysis.parquet, print nothing but errors"),
		&cli.StringFlag{Name: "export-set", Usage: "write the best pass under --sort as an MT5 .set file to this path (one run only)"},
		formulaFlag(),
		cliutil.WindowFlag(),
	}
	flags = append(flags, overfitFlags()...)
	return &cli.App{
		Name:  "analyze",
		Usage: "compute every criterion of a run's passes, link forward results, rank, write analysis.parquet and print the best",
		UsageText: "analyze [flags] [RUN_DIR|GLOB ...]   (no argument: the most recent run under runs/)\n" +
			"analyze criteria                     (the criteria, their direction and formula)\n" +
			"analyze replay RUN_DIR --optimizer all --budget 5%,10%,25%,50% --runs 1000\n" +
			"analyze completion bash|zsh|fish     (the shell completion script)",
		Version:         cliutil.Version,
		HideHelpCommand: true,
		Flags:           flags,
		Action:          analyzeRuns,
		Commands: []*cli.Command{
			{Name: "criteria", Usage: "list every criterion with its direction and formula",
				Flags:  []cli.Flag{&cli.StringFlag{Name: "format", Value: "table", Usage: "table or markdown"}},
				Action: listCriteria},
			replayCommand(),
			walkforwardCommand(),
			dealsCommand(),
		},
	}
}

// settings are the checked flags of one analyze call.
type settings struct {
	opt    analysis.Options
	format string
	table  string
}

func analyzeRuns(c *cli.Context) error {
	set, err := parseSettings(c)
	if err != nil {
		return err
	}
	dirs, err := runDirs(c)
	if err != nil {
		return err
	}
	if err := preloadFormulas(c, dirs); err != nil {
		return err
	}
	if c.String("export-set") != "" && len(dirs) != 1 {
		return cliutil.Usagef("--export-set takes one run, got %d", len(dirs))
	}
	// JSON and CSV are one document per call: gather the reports, print once.
	var reports []*analysis.Report
	gather := set.format == analysis.FormatJSON || set.format == analysis.FormatCSV
	for i, dir := range dirs {
		if i > 0 && !c.Bool("quiet") && !gather {
			fmt.Fprintln(c.App.Writer)
		}
		rep, err := analyzeRun(c, dir, set)
		if err != nil {
			return err
		}
		if rep != nil {
			reports = append(reports, rep)
		}
	}
	if gather && len(reports) > 0 {
		return analysis.WriteReports(c.App.Writer, reports, set.format, set.table)
	}
	return nil
}

// parseSettings checks every flag before any work starts; a wrong value is
// a usage error naming the flag.
func parseSettings(c *cli.Context) (settings, error) {
	var set settings
	choices, err := cliutil.Analysis(c)
	if err != nil {
		return set, err
	}
	workers, err := cliutil.Workers(c)
	if err != nil {
		return set, err
	}
	set.opt = analysis.Options{Criteria: choices.Criteria, MinTrades: choices.MinTrades,
		MinProfitPct: choices.MinProfitPct, Workers: workers}
	if set.format, err = analysis.ParseFormat(c.String("format")); err != nil {
		return set, cliutil.Usagef("--format: %v", err)
	}
	if set.table, err = analysis.ParseTable(c.String("table")); err != nil {
		return set, cliutil.Usagef("--table: %v", err)
	}
	if s := c.String("sort"); s != "" {
		if _, err := criteria.ByName(s); err != nil {
			return set, cliutil.Usagef("--sort: %v", err)
		}
	}
	if c.Int("top") < 0 {
		return set, cliutil.Usagef("--top %d: want a count of 0 or more", c.Int("top"))
	}
	return set, nil
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
			return nil, cliutil.Usagef("%q: %v", arg, err)
		}
		if len(matches) == 0 {
			return nil, fmt.Errorf("%s: no such run directory", arg)
		}
		if matches = runsOnly(matches, arg); len(matches) == 0 {
			return nil, fmt.Errorf("%s: matches no run directory (none holds %s)", arg, frames.ManifestFileName)
		}
		sort.Strings(matches)
		dirs = append(dirs, matches...)
	}
	return dirs, nil
}

// analyzeRun analyzes one run, writes its table, and prints its report
// (table and markdown) or returns it to be printed with the others (json,
// csv; nil with --quiet).
func analyzeRun(c *cli.Context, dir string, set settings) (*analysis.Report, error) {
	ds, err := frames.Open(dir)
	if err != nil {
		return nil, err
	}
	reportFormulas, err := useRunFormulas(c, dir)
	if err != nil {
		return nil, err
	}
	defer reportFormulas()
	opt, err := windowOption(c, ds.Manifest, set.opt)
	if err != nil {
		return nil, err
	}
	res, err := analysis.Run(c.Context, ds, opt)
	if err != nil {
		if c.Context.Err() != nil {
			return nil, cliutil.Interrupted(fmt.Errorf("interrupted while analyzing %s; nothing was written", dir))
		}
		return nil, err
	}
	if len(res.Passes) == 0 {
		return nil, fmt.Errorf("%s: no pass to analyze (%d filtered out)", dir, res.Filtered)
	}
	ov, err := runOverfit(c, dir, ds, res)
	if err != nil {
		return nil, err
	}
	if err := addMetadata(res, ov); err != nil {
		return nil, err
	}
	table := frames.Layout{Dir: dir}.Analysis()
	if !c.Bool("no-table") {
		if err := res.WriteTableFile(table); err != nil {
			return nil, err
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
			return nil, err
		}
	}
	if c.Bool("quiet") {
		return nil, nil
	}
	rep, err := res.NewReport(dir, sortBy, c.Int("top"), c.Bool("all"))
	if err != nil {
		return nil, fmt.Errorf("--sort: %w", err)
	}
	attachOverfit(rep, ov)
	if set.format == analysis.FormatJSON || set.format == analysis.FormatCSV {
		return rep, nil
	}
	w := c.App.Writer
	if err := rep.Write(w, set.format, set.table); err != nil {
		return nil, err
	}
	if err := writeOverfitSection(w, set.format, ov); err != nil {
		return nil, err
	}
	// The comparison is prose: machine-readable formats stay parseable.
	if err := printReported(w, dir); err != nil {
		return nil, err
	}
	if err := printImported(w, dir, res.Manifest); err != nil {
		return nil, err
	}
	if !c.Bool("no-table") && set.format == analysis.FormatTable {
		fmt.Fprintf(w, "\nanalysis table: %s\n", table)
	}
	return nil, nil
}

// runsOnly keeps, of what a glob pattern matched, the run directories: a
// folder of runs beside them (a split run's root, charts) is passed over. A
// plain path is kept as given, so that a wrong one is an error.
func runsOnly(matches []string, pattern string) []string {
	if !strings.ContainsAny(pattern, "*?[") {
		return matches
	}
	var runs []string
	for _, m := range matches {
		if _, err := os.Stat(frames.Layout{Dir: m}.Manifest()); err == nil {
			runs = append(runs, m)
		}
	}
	return runs
}

func listCriteria(c *cli.Context) error {
	switch c.String("format") {
	case "markdown", "md":
		return criteria.MarkdownTable(c.App.Writer)
	case "table":
		return writeCriteria(c.App.Writer)
	}
	return cliutil.Usagef("--format %q: want table or markdown", c.String("format"))
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
	params := optimize.FromManifest(res.Manifest.Space)
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
