package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/passframes/passframes/collect"
	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/data"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/cliutil"
	"github.com/passframes/passframes/market"
	"github.com/passframes/passframes/optimize"
)

func resumeCommand() *cli.Command {
	return &cli.Command{
		Name:      "resume",
		Usage:     "continue a run from its run.json: the same data, expert, space, optimizer, seed and settings; stored passes are not tested again",
		ArgsUsage: "RUN_DIR",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "shard", Usage: "for a split run: the share i/n this process continues"},
			&cli.IntFlag{Name: "workers", Usage: "parallel testers (0: every core)", DefaultText: "0"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print nothing but errors"},
		},
		Action: runResume,
	}
}

func runResume(c *cli.Context) error {
	if c.NArg() != 1 {
		return errors.New("resume takes one run directory (see collect resume --help)")
	}
	if err := checkWorkers(c); err != nil {
		return err
	}
	dir := c.Args().First()
	m, err := frames.ReadManifest(dir)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%s is not a run directory (no %s)", dir, frames.ManifestName)
	}
	if err != nil {
		return err
	}
	cfg, err := configFromManifest(c, dir, m)
	if err != nil {
		return fmt.Errorf("cannot resume %s: %w", dir, err)
	}
	if m.WalkForward != nil {
		return resumeWalkForward(c, cfg, m.WalkForward)
	}
	return execute(c, cfg)
}

// configFromManifest rebuilds the run's configuration from its manifest
// alone, reading the bars again and checking they are the ones the run
// used.
func configFromManifest(c *cli.Context, dir string, m *frames.Manifest) (collect.Config, error) {
	var cfg collect.Config
	if m.Source != "collect" {
		return cfg, frames.ErrImported
	}
	if m.Format != frames.FormatVersion {
		return cfg, fmt.Errorf("it was written in dataset format %d; this version continues format %d only (collect it again with --overwrite)", m.Format, frames.FormatVersion)
	}
	def, err := manifestExpert(m)
	if err != nil {
		return cfg, err
	}
	bars, info, err := storedBars(m)
	if err != nil {
		return cfg, err
	}
	limitMemory(bars, c.Int("workers"))
	space, err := optimize.FromParams(optimize.FromManifest(m.Space), m.Constraint)
	if err != nil {
		return cfg, err
	}
	// The back period starts on the day of its first bar; the range ends on
	// the day of the run's last bar: the same bars as the original --from
	// and --to chose.
	to := m.Periods.BackTo
	if m.Periods.ForwardTo != nil {
		to = *m.Periods.ForwardTo
	}
	periods, err := collect.SplitPeriods(bars, day0(m.Periods.BackFrom), day0(to), m.Periods.Forward)
	if err != nil {
		return cfg, err
	}
	shard, shards := 0, 0
	switch s := c.String("shard"); {
	case m.Shards > 1 && s == "":
		return cfg, fmt.Errorf("the run is split into %d shards: say which this process continues with --shard i/%d", m.Shards, m.Shards)
	case s != "":
		if shard, shards, err = parseShard(s); err != nil {
			return cfg, err
		}
	}
	cfg = collect.Config{
		Expert: def, Bars: bars, Data: info, Space: space, Periods: periods, Tester: collect.TesterConfig(m),
		Objective: m.Criterion, Criteria: criteria.Options{By: m.By, Ratio: m.Ratio},
		Method: m.Optimizer.Name, MethodOptions: m.Optimizer.Options,
		Budget: m.Optimizer.Budget, Seed: m.Optimizer.Seed, Workers: c.Int("workers"), Batch: m.Optimizer.Batch,
		MinTrades: m.Filters.MinTrades, MinProfitPct: m.Filters.MinProfitPct,
		RunDir: dir, Mode: frames.Resume, Program: "passframes " + cliutil.Version,
		Shard: shard, Shards: shards, Deals: m.Deals,
		Strategy: m.Strategy, Formulas: m.Formulas,
	}
	return cfg, restoreSymbol(m, bars, &cfg)
}

// storedBars reads the bars a manifest names and checks their SHA-256. A
// file is read once, hashed while it is parsed.
func storedBars(m *frames.Manifest) (*market.Series, frames.DataInfo, error) {
	var sum [sha256.Size]byte
	var bars *market.Series
	var err error
	if m.Data.Source == "sample" {
		if bars, err = data.Sample(); err != nil {
			return nil, frames.DataInfo{}, err
		}
		sum = sha256.Sum256(data.SampleBytes())
	} else {
		opt := market.LoadOptions{Symbol: m.Symbol, Timeframe: m.Timeframe}
		if bars, sum, err = market.LoadHashed(m.Data.Source, opt); err != nil {
			return nil, frames.DataInfo{}, loadFailure(m, err)
		}
	}
	if err := sameBars(m, sum); err != nil {
		return nil, frames.DataInfo{}, err
	}
	return bars, m.Data, nil
}

// sameBars refuses bars whose SHA-256 is not the run's.
func sameBars(m *frames.Manifest, sum [sha256.Size]byte) error {
	if got := hex.EncodeToString(sum[:]); got != m.Data.SHA256 {
		return fmt.Errorf("the bars in %s changed since the run (sha256 %s, the run used %s)", m.Data.Source, got, m.Data.SHA256)
	}
	return nil
}

// loadFailure explains why the run's bars no longer load: a file that is
// gone, or one that changed (the likely reason it no longer parses, which is
// then what the user is told), else the loader's own error. Only this rare
// path reads the file a second time.
func loadFailure(m *frames.Manifest, err error) error {
	raw, rerr := os.ReadFile(m.Data.Source)
	if rerr != nil {
		return fmt.Errorf("its bars: %w", rerr)
	}
	if changed := sameBars(m, sha256.Sum256(raw)); changed != nil {
		return changed
	}
	return err
}

// day0 is the start of t's day (UTC).
func day0(t time.Time) time.Time {
	y, mo, d := t.UTC().Date()
	return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
}

// explain turns the writer's refusals into messages that name the flags
// that help, or that differ.
func explain(err error, dir string) error {
	var mm *frames.MismatchError
	switch {
	case errors.Is(err, frames.ErrRunExists):
		return fmt.Errorf("%w: 'collect resume %s' (or --resume) continues it, --overwrite replaces it, --out puts this run elsewhere", err, dir)
	case errors.Is(err, frames.ErrShardExists):
		return fmt.Errorf("%w: --resume continues this shard, --overwrite replaces it, --out puts this run elsewhere", err)
	case errors.Is(err, frames.ErrBusy):
		return fmt.Errorf("%w: wait for that collect to finish, or stop it first", err)
	case errors.Is(err, frames.ErrImported):
		return fmt.Errorf("cannot resume %s: %w; collect into another --out, or --overwrite it", dir, err)
	case errors.As(err, &mm):
		return fmt.Errorf("cannot resume %s: %s", dir, mismatchText(mm))
	}
	return err
}

// mismatchText says which flag differs from the stored run, with both
// values.
func mismatchText(mm *frames.MismatchError) string {
	if mm.Field == "format" {
		return fmt.Sprintf("it was written in dataset format %s; this version continues format %s only (collect it again with --overwrite)", mm.Stored, mm.Given)
	}
	if mm.Field == "data.sha256" {
		return fmt.Sprintf("--data holds other bars (sha256 %s) than the run's (sha256 %s)", mm.Given, mm.Stored)
	}
	return fmt.Sprintf("%s is %s, the stored run has %s", fieldFlag(mm.Field), mm.Given, mm.Stored)
}

// fieldFlag names the flag that sets a manifest field.
func fieldFlag(field string) string {
	if name, ok := strings.CutPrefix(field, "space."); ok {
		return "--param " + name
	}
	if name, ok := strings.CutPrefix(field, "columns."); ok {
		return "--param " + name
	}
	if name, ok := strings.CutPrefix(field, "symbol_spec."); ok {
		return "--" + strings.ReplaceAll(name, "_", "-")
	}
	if name, ok := strings.CutPrefix(field, "optimizer.options."); ok {
		return "the optimizer option " + name
	}
	flags := map[string]string{
		"expert": "--expert", "symbol": "--symbol", "timeframe": "--timeframe",
		"periods.back_from": "--from", "periods.back_to": "--to (or --forward)", "periods.forward": "--forward",
		"constraint": "--constraint", "criterion": "--criterion", "by": "--by", "ratio": "--ratio",
		"equity_mode": "--equity-mode", "filters.min_trades": "--min-trades", "filters.min_profit_pct": "--min-profit-pct",
		"account.deposit": "--deposit", "account.leverage": "--leverage", "optimizer.name": "--optimizer",
		"optimizer.seed": "--seed", "optimizer.batch": "--batch", "optimizer.budget": "--budget",
		"shards": "the shard count of --shard", "deals": "--deals",
	}
	if f, ok := flags[field]; ok {
		return f
	}
	return field
}

// settingFlags are the flags of collect's settings (collect.ConfigError).
var settingFlags = map[string]string{"Objective": "--criterion", "Method": "--optimizer", "Space": "--param",
	"Budget": "--budget", "Shard": "--shard", "From": "--from", "To": "--to", "Forward": "--forward"}

// flagged names the flag of a bad setting.
func flagged(err error) error {
	var ce *collect.ConfigError
	if !errors.As(err, &ce) {
		return err
	}
	name := settingFlags[ce.Setting]
	if name == "" {
		return err
	}
	if ce.Value != "" {
		name += " " + ce.Value
	}
	return fmt.Errorf("%s: %w", name, ce.Err)
}
