package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/passframes/passframes/collect"
	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/data"
	"github.com/passframes/passframes/experts"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/cliutil"
	"github.com/passframes/passframes/market"
	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/optimize/methods"
	"github.com/passframes/passframes/tester"
)

const (
	catRun     = "run"
	catSpace   = "parameters"
	catAccount = "account and symbol"
	catOpt     = "optimizer options"
)

func runFlags() []cli.Flag {
	d := tester.DefaultConfig()
	flags := []cli.Flag{
		&cli.StringFlag{Name: "expert", Value: "MovingAverage", Usage: "expert to run (see 'collect experts')", Category: catRun},
		strategyFlag(),
		&cli.StringFlag{Name: "data", Usage: "bar data: MT5 export CSV, OHLC CSV or Parquet (default: the bundled synthetic sample)", Category: catRun},
		&cli.StringFlag{Name: "symbol", Usage: "symbol name (default: from the data file name)", Category: catRun},
		&cli.StringFlag{Name: "timeframe", Usage: "bar period M1..MN1; one coarser than the bars' own resamples them, a finer one is refused", DefaultText: "detected from the bar spacing", Category: catRun},
		&cli.StringFlag{Name: "from", Usage: "first day tested, YYYY-MM-DD (default: the data's first bar)", Category: catRun},
		&cli.StringFlag{Name: "to", Usage: "last day tested, inclusive, YYYY-MM-DD (default: the data's last bar)", Category: catRun},
		&cli.StringFlag{Name: "forward", Value: "1/4", Usage: "forward (out-of-sample) period: none, 1/2, 1/3, 1/4 (the last part of the range) or a start date YYYY-MM-DD", Category: catRun},
		&cli.StringFlag{Name: "criterion", Value: "profit", Usage: "objective the optimizer maximizes (minimizes for drawdowns), stored in custom_ontester; any name of 'analyze criteria', or a formula over them, e.g. 'profit / (trades + 1)'", Category: catRun},
		&cli.StringFlag{Name: "optimizer", Value: "grid", Usage: "search method: " + strings.Join(methods.Names(), ", "), Category: catRun},
		&cli.IntFlag{Name: "budget", Usage: "most passes to evaluate (0: the optimizer's own stopping rule; random search then covers the whole grid in random order)", DefaultText: "0", Category: catRun},
		&cli.Int64Flag{Name: "seed", Value: 1, Usage: "seed of every random choice; the same seed gives the same passes", Category: catRun},
		&cli.IntFlag{Name: "workers", Usage: "parallel testers (0: every core)", DefaultText: "0", Category: catRun},
		&cli.IntFlag{Name: "batch", Value: 64, Usage: "parameter sets handed to the workers at a time", Category: catRun},
		&cli.StringFlag{Name: "out", Value: "runs", Usage: "root folder of run directories; the run goes to OUT/<expert>.<symbol>.<timeframe>/", Category: catRun},
		&cli.BoolFlag{Name: "resume", Usage: "continue a run in an existing run directory: stored passes are not tested again", Category: catRun},
		&cli.BoolFlag{Name: "overwrite", Usage: "replace the run in an existing run directory", Category: catRun},
		&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print nothing but errors", Category: catRun},
		&cli.StringFlag{Name: "shard", Usage: "run share i of a run split n ways, as i/n (0 ≤ i < n), into the shared run directory: a grid shard takes the pass ids equal to i modulo n; other optimizers run independently, seeded by seed + i. Start the n shards anywhere the run directory is shared, at the same time or not", Category: catRun},
		&cli.BoolFlag{Name: "deals", Usage: "also store every pass's deals (entries and exits) in the run directory's deals/ folder", Category: catRun},
		&cli.StringFlag{Name: "export-set", Usage: "after the run, write the best pass (under --criterion) as an MT5 .set file to this path", Category: catRun},
		&cli.Float64Flag{Name: "min-trades", Usage: "store only passes with at least this many back trades", Category: catRun},
		&cli.Float64Flag{Name: "min-profit-pct", Usage: "store only passes whose back profit is at least this % of the deposit", DefaultText: "keep every pass", Category: catRun},
		&cli.StringFlag{Name: "equity-mode", Value: "min_max", Usage: "equity of a closing point: min_max (a win records the lowest equity of the trade, a loss the highest) or min (always the lowest)", Category: catRun},
		&cli.StringFlag{Name: "by", Value: "balance", Usage: "series the regression criteria use in the objective: balance or equity", Category: catRun},
		&cli.Float64Flag{Name: "ratio", Value: 1, Usage: "weight of the weighted criteria (profit_R_equity_r2 and its siblings)", Category: catRun},

		&cli.StringSliceFlag{Name: "param", Aliases: []string{"p"}, Usage: "an input: Name=start:stop:step (optimized), Name=start:stop (step 1) or Name=value (fixed); repeat for each", Category: catSpace},
		&cli.StringFlag{Name: "set", Usage: "an MT5 .set file of inputs (Name=value||start||step||stop||Y); --param overrides it", Category: catSpace},
		&cli.StringFlag{Name: "constraint", Usage: "an expression over the inputs that a pass must satisfy, e.g. 'Fast < Slow'; other points are skipped before they run", Category: catSpace},

		&cli.Float64Flag{Name: "deposit", Value: d.Account.Deposit, Usage: "initial deposit", Category: catAccount},
		&cli.Float64Flag{Name: "leverage", Value: d.Account.Leverage, Usage: "leverage, 100 for 1:100", Category: catAccount},
		&cli.Float64Flag{Name: "contract-size", Value: d.Symbol.ContractSize, Usage: "units per lot (1 for stock-like symbols)", Category: catAccount},
		&cli.Float64Flag{Name: "point", Value: d.Symbol.Point, Usage: "price of one point", DefaultText: "10^-digits", Category: catAccount},
		&cli.IntFlag{Name: "digits", Value: d.Symbol.Digits, Usage: "price digits", DefaultText: "inferred from the prices", Category: catAccount},
		&cli.Float64Flag{Name: "volume-min", Value: d.Symbol.VolumeMin, Usage: "smallest volume in lots", Category: catAccount},
		&cli.Float64Flag{Name: "volume-step", Value: d.Symbol.VolumeStep, Usage: "volume step in lots", Category: catAccount},
		&cli.Float64Flag{Name: "volume-max", Value: d.Symbol.VolumeMax, Usage: "largest volume in lots", Category: catAccount},
		&cli.Float64Flag{Name: "spread", Value: d.Symbol.Spread, Usage: "spread in points when the data has no spread column (or with --fixed-spread)", Category: catAccount},
		&cli.BoolFlag{Name: "fixed-spread", Usage: "use --spread even when the data has a spread column", Category: catAccount},
		&cli.Float64Flag{Name: "commission", Usage: "commission per lot per side, in the symbol's profit currency", Category: catAccount},
		&cli.Float64Flag{Name: "swap-long", Usage: "swap per lot per night held for a buy, in the symbol's profit currency", Category: catAccount},
		&cli.Float64Flag{Name: "swap-short", Usage: "swap per lot per night held for a sell, in the symbol's profit currency", Category: catAccount},
	}
	flags = append(flags, queueFlags()...)
	return append(append(flags, symbolFlags()...), optimizerFlags()...)
}

// optimizerFlags makes a flag of every option of every method:
// --<method>-<option>, e.g. --anneal-method cauchy.
func optimizerFlags() []cli.Flag {
	var flags []cli.Flag
	for _, m := range methods.All() {
		for _, o := range m.Options {
			flags = append(flags, &cli.StringFlag{Name: optionFlag(m.Name, o.Name), Usage: o.Usage, Category: catOpt})
		}
	}
	return flags
}

func optionFlag(method, option string) string {
	return method + "-" + strings.ToLower(option)
}

func methodOptions(c *cli.Context, method string) map[string]string {
	m, err := methods.Lookup(method)
	if err != nil {
		return nil
	}
	opts := map[string]string{}
	for _, o := range m.Options {
		if f := optionFlag(m.Name, o.Name); c.IsSet(f) {
			opts[o.Name] = c.String(f)
		}
	}
	return opts
}

func runCollect(c *cli.Context) error {
	if c.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (see collect --help)", c.Args().First())
	}
	if c.Bool("resume") && c.Bool("overwrite") {
		return errors.New("--resume and --overwrite exclude each other")
	}
	if err := checkWorkers(c); err != nil {
		return err
	}
	cfg, err := buildConfig(c)
	if err != nil {
		return err
	}
	return execute(c, cfg)
}

// execute runs a configured collect and reports it: the run of collect
// and of collect resume.
func execute(c *cli.Context, cfg collect.Config) error {
	closeQueue, err := attachQueue(c, &cfg)
	if err != nil {
		return err
	}
	defer closeQueue()
	prep, err := collect.Prepare(cfg)
	if err != nil {
		return flagged(err)
	}
	exportSet := c.String("export-set")
	if exportSet != "" {
		if st, err := os.Stat(filepath.Dir(exportSet)); err != nil || !st.IsDir() {
			return fmt.Errorf("--export-set %s: no such folder %s", exportSet, filepath.Dir(exportSet))
		}
	}
	out := c.App.Writer
	quiet := c.Bool("quiet")
	if err := checkEstimate(c, prep, c.App.ErrWriter); err != nil {
		return err
	}
	if !quiet {
		prep.SetStarted(func() {
			describe(out, cfg, prep)
			describeSymbol(out, cfg)
		})
	}
	progress := cliutil.NewProgress("passes", " passes", prep.Total(), quiet)
	prep.SetProgress(func(p collect.Progress) { progress.Set(p.Done) })
	sum, err := prep.Run(c.Context)
	progress.Finish()
	warnFormulaValues(c)
	if err != nil {
		return explain(err, cfg.RunDir)
	}
	if sum.Interrupted {
		// No "done" and no set file: the run is not finished.
		return &cliutil.ExitError{Code: 130, Err: fmt.Errorf("interrupted: %d passes stored in %s; run 'collect resume %s' to finish", sum.Stored, sum.RunDir, sum.RunDir)}
	}
	if !quiet {
		summarize(out, cfg, sum)
		printWarnings(c.App.ErrWriter, sum.Warnings)
	}
	if exportSet != "" && !sum.HaveBest {
		return fmt.Errorf("--export-set: the run evaluated no pass, so there is no best to export")
	}
	if exportSet != "" && sum.HaveBest {
		params, err := optimize.WithValues(cfg.Space.Params, sum.BestValues)
		if err == nil {
			err = optimize.WriteSetFile(exportSet, params)
		}
		if err != nil {
			return fmt.Errorf("--export-set: %w", err)
		}
		if !quiet {
			fmt.Fprintf(out, "set file %s (pass %d)\n", exportSet, sum.BestPass)
		}
	}
	return nil
}

func buildConfig(c *cli.Context) (collect.Config, error) {
	var cfg collect.Config
	def, strat, err := chooseExpert(c)
	if err != nil {
		return cfg, err
	}
	formulas, err := objectiveFormulas(c)
	if err != nil {
		return cfg, err
	}
	bars, info, err := loadBars(c)
	if err != nil {
		return cfg, err
	}
	specs, constraint := c.StringSlice("param"), c.String("constraint")
	if len(specs) == 0 && c.String("set") == "" {
		specs = def.Demo
		if constraint == "" {
			constraint = def.DemoConstraint
		}
	}
	space, err := optimize.NewSpace(decls(def), specs, c.String("set"), constraint)
	if err != nil {
		return cfg, err
	}
	var from, to time.Time
	if s := c.String("from"); s != "" {
		if from, err = collect.ParseDate(s); err != nil {
			return cfg, fmt.Errorf("--from: %w", err)
		}
	}
	if s := c.String("to"); s != "" {
		if to, err = collect.ParseDate(s); err != nil {
			return cfg, fmt.Errorf("--to: %w", err)
		}
	}
	periods, err := collect.SplitPeriods(bars, from, to, c.String("forward"))
	if err != nil {
		return cfg, fmt.Errorf("%s: %w", info.Source, flagged(err))
	}
	tcfg := testerConfig(c)
	mode := frames.New
	switch {
	case c.Bool("resume"):
		mode = frames.Resume
	case c.Bool("overwrite"):
		mode = frames.Overwrite
	}
	var minProfit *float64
	if c.IsSet("min-profit-pct") {
		v := c.Float64("min-profit-pct")
		minProfit = &v
	}
	shard, shards, err := parseShard(c.String("shard"))
	if err != nil {
		return cfg, err
	}
	method := c.String("optimizer")
	runDir := filepath.Join(c.String("out"), fmt.Sprintf("%s.%s.%s", def.Name, safeName(bars.Symbol), bars.Timeframe.Name))
	cfg = collect.Config{
		Expert: def, Bars: bars, Data: info, Space: space, Periods: periods, Tester: tcfg,
		Objective: c.String("criterion"),
		Criteria:  criteria.Options{By: c.String("by"), Ratio: c.Float64("ratio")},
		Method:    method, MethodOptions: methodOptions(c, method),
		Budget: c.Int("budget"), Seed: c.Int64("seed"), Workers: c.Int("workers"), Batch: c.Int("batch"),
		MinTrades: c.Float64("min-trades"), MinProfitPct: minProfit,
		RunDir: runDir, Mode: mode, Program: "passframes " + cliutil.Version,
		Shard: shard, Shards: shards, Deals: c.Bool("deals"),
		Strategy: strat, Formulas: formulas,
	}
	return cfg, applySymbol(c, bars, &cfg)
}

// checkWorkers refuses a negative --workers (0 means every core).
func checkWorkers(c *cli.Context) error {
	if n := c.Int("workers"); n < 0 {
		return fmt.Errorf("--workers %d: want a number of parallel testers, or 0 for every core", n)
	}
	return nil
}

// parseShard reads --shard i/n; an empty value means the run is not split.
func parseShard(s string) (int, int, error) {
	if s == "" {
		return 0, 0, nil
	}
	var i, n int
	if _, err := fmt.Sscanf(s, "%d/%d", &i, &n); err != nil || n < 1 || i < 0 || i >= n || fmt.Sprintf("%d/%d", i, n) != s {
		return 0, 0, fmt.Errorf("--shard %q: want i/n with 0 ≤ i < n, e.g. 0/4", s)
	}
	return i, n, nil
}

func decls(def experts.Def) []optimize.Decl { return def.Params }

func testerConfig(c *cli.Context) tester.Config {
	return tester.Config{
		Account: tester.Account{Deposit: c.Float64("deposit"), Leverage: c.Float64("leverage")},
		Symbol: tester.Symbol{
			ContractSize: c.Float64("contract-size"), Point: c.Float64("point"), Digits: c.Int("digits"),
			VolumeMin: c.Float64("volume-min"), VolumeStep: c.Float64("volume-step"), VolumeMax: c.Float64("volume-max"),
			Spread: c.Float64("spread"), FixedSpread: c.Bool("fixed-spread"), Commission: c.Float64("commission"),
			SwapLong: c.Float64("swap-long"), SwapShort: c.Float64("swap-short"),
		},
		EquityMode: tester.EquityMode(c.String("equity-mode")),
	}
}

// loadBars reads --data, or the bundled sample, and fingerprints it.
func loadBars(c *cli.Context) (*market.Series, frames.DataInfo, error) {
	opt := market.LoadOptions{Symbol: c.String("symbol"), Timeframe: c.String("timeframe")}
	var bars *market.Series
	var sum [sha256.Size]byte
	var err error
	path := c.String("data")
	if path == "" {
		if bars, err = data.Sample(); err != nil {
			return nil, frames.DataInfo{}, err
		}
		if opt.Symbol != "" || opt.Timeframe != "" {
			return nil, frames.DataInfo{}, errors.New("--symbol and --timeframe apply to --data files, not to the bundled sample")
		}
		sum = sha256.Sum256(data.SampleBytes())
	} else if bars, sum, err = market.LoadHashed(path, opt); err != nil { // one read of the file
		return nil, frames.DataInfo{}, err
	}
	limitMemory(bars, c.Int("workers"))
	info := frames.DataInfo{Source: bars.Source, SHA256: hex.EncodeToString(sum[:]), Bars: bars.Len(),
		First: bars.BarTime(0), Last: bars.BarTime(bars.Len() - 1)}
	if path != "" {
		info.Source = path
	}
	return bars, info, nil
}

// safeName keeps a symbol usable as part of a folder name.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>| `, r) {
			return '_'
		}
		return r
	}, s)
}

func describe(w io.Writer, cfg collect.Config, p *collect.Prepared) {
	per := cfg.Periods
	fmt.Fprintf(w, "%s on %s %s (%s)\n", cfg.Expert.Name, cfg.Bars.Symbol, cfg.Bars.Timeframe.Name, cfg.Data.Source)
	fmt.Fprintf(w, "back     %s .. %s  (%d bars)\n", day(per.BackFrom), day(per.BackTo), per.BackHi-per.BackLo)
	if per.HasForward() {
		fmt.Fprintf(w, "forward  %s .. %s  (%d bars)\n", day(per.ForwardFrom), day(per.ForwardTo), per.ForwardHi-per.ForwardLo)
	}
	fmt.Fprintf(w, "space    %s\n", cfg.Space)
	total := "decided by the optimizer"
	if p.Total() > 0 {
		total = fmt.Sprint(p.Total())
	}
	fmt.Fprintf(w, "passes   %s (%s, objective %s)\n", total, cfg.Method, cfg.Objective)
}

func summarize(w io.Writer, cfg collect.Config, s *collect.Summary) {
	rate := 0.0
	if s.Elapsed > 0 {
		rate = float64(s.Evaluated) / s.Elapsed.Seconds()
	}
	fmt.Fprintf(w, "done     %d passes tested in %.2fs (%.0f passes/s)", s.Evaluated, s.Elapsed.Seconds(), rate)
	if s.Reused > 0 {
		fmt.Fprintf(w, ", %d already stored", s.Reused)
	}
	fmt.Fprintf(w, ", %d stored\n", s.Stored)
	if s.HaveBest {
		var parts []string
		single := len(cfg.Space.Dims()) == 0 // one test: show every input
		for i, prm := range cfg.Space.Params {
			if prm.Optimize || single {
				parts = append(parts, fmt.Sprintf("%s=%g", prm.Name, s.BestValues[i]))
			}
		}
		fmt.Fprintf(w, "best     %s = %.2f at pass %d: %s\n", cfg.Objective, s.Best, s.BestPass, strings.Join(parts, " "))
	}
	fmt.Fprintf(w, "dataset  %s\n", s.RunDir)
}

func day(t time.Time) string { return t.Format("2006-01-02") }

func listExperts(c *cli.Context) error {
	w := c.App.Writer
	for _, d := range experts.All() {
		fmt.Fprintf(w, "%s — %s\n", d.Name, d.Description)
		for _, p := range d.Params {
			def := strconv.FormatFloat(p.Default, 'g', -1, 64)
			if p.Type == optimize.Bool {
				def = strconv.FormatBool(p.Default != 0)
			}
			fmt.Fprintf(w, "    %-16s %-7s default %s\n", p.Name, p.Type, def)
		}
		fmt.Fprintf(w, "    demo grid: %s", strings.Join(d.Demo, " "))
		if d.DemoConstraint != "" {
			fmt.Fprintf(w, " where %s", d.DemoConstraint)
		}
		fmt.Fprintln(w)
	}
	return nil
}
