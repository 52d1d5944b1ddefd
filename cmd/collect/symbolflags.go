package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/passframes/passframes/collect"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/market"
	"github.com/passframes/passframes/symbols"
)

// longRunLimit is the estimated run time above which collect refuses to
// start without --yes.
const longRunLimit = 24 * time.Hour

func symbolFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "symbol-preset", Usage: "typical specification of the symbol's kind: " + strings.Join(symbols.PresetNames(), ", ") + " (see docs/symbols.md)", Category: catAccount},
		&cli.StringFlag{Name: "symbol-spec", Usage: "TOML file of symbol specifications, one [SYMBOL] table each; the data's symbol picks its table", Category: catAccount},
		&cli.StringFlag{Name: "currency", Value: "USD", Usage: "account currency; money in another currency is converted at each deal", Category: catAccount},
		&cli.StringSliceFlag{Name: "rate", Usage: "conversion series for a cross, PAIR=FILE (bars; the open of each deal's bar) or PAIR=RATE (fixed, approximate), e.g. GBPUSD=GBPUSD_H1.csv; repeat for each", Category: catAccount},
		&cli.BoolFlag{Name: "yes", Usage: "start a run estimated to take longer than 24 hours", Category: catRun},
	}
}

// flagLayer holds the symbol settings given on the command line.
func flagLayer(c *cli.Context) symbols.Layer {
	var p symbols.Partial
	fl := func(name string) *float64 {
		if !c.IsSet(name) {
			return nil
		}
		v := c.Float64(name)
		return &v
	}
	p.ContractSize, p.Point, p.VolumeMin = fl("contract-size"), fl("point"), fl("volume-min")
	p.VolumeStep, p.VolumeMax, p.Spread = fl("volume-step"), fl("volume-max"), fl("spread")
	p.Commission, p.SwapLong, p.SwapShort = fl("commission"), fl("swap-long"), fl("swap-short")
	if c.IsSet("digits") {
		d := c.Int("digits")
		p.Digits = &d
	}
	if c.IsSet("fixed-spread") {
		b := c.Bool("fixed-spread")
		p.FixedSpread = &b
	}
	return symbols.Layer{Source: symbols.SourceFlag, Values: p}
}

// applySymbol resolves the symbol specification and the account currency
// of bars into cfg: the tester's symbol and conversion, and what run.json
// records of them.
func applySymbol(c *cli.Context, bars *market.Series, cfg *collect.Config) error {
	currency := strings.ToUpper(c.String("currency"))
	if len(currency) != 3 {
		return fmt.Errorf("--currency %q: want a three-letter code such as USD", c.String("currency"))
	}
	layers := []symbols.Layer{symbols.Infer(bars)}
	if name := c.String("symbol-preset"); name != "" {
		l, err := symbols.LookupPreset(name)
		if err != nil {
			return fmt.Errorf("--symbol-preset: %w", err)
		}
		layers = append(layers, l)
	}
	var file *symbols.File
	if path := c.String("symbol-spec"); path != "" {
		var err error
		if file, err = symbols.LoadFile(path); err != nil {
			return fmt.Errorf("--symbol-spec: %w", err)
		}
		fl, ok := file.Layers(bars.Symbol)
		if !ok {
			return fmt.Errorf("--symbol-spec %s: no [%s] table (it specifies %s); name the data's symbol with --symbol",
				path, bars.Symbol, strings.Join(file.Symbols(), ", "))
		}
		layers = append(layers, fl...)
	}
	layers = append(layers, flagLayer(c))
	spec := symbols.Resolve(bars.Symbol, currency, layers...)
	if file != nil {
		if err := file.Check(spec); err != nil {
			return fmt.Errorf("--symbol-spec: %w", err)
		}
	}
	if err := symbols.Validate(spec); err != nil {
		return err
	}
	rates, infos, err := parseRates(c)
	if err != nil {
		return err
	}
	plan, err := symbols.PlanConversion(spec, currency, bars, rates)
	var need *symbols.NeedRateError
	if errors.As(err, &need) {
		return fmt.Errorf("%w: give --rate %s%s=FILE (bars of the pair) or --rate %s%s=RATE (a fixed rate, approximate), or --currency %s",
			err, need.Profit, need.Account, need.Profit, need.Account, need.Profit)
	}
	if err != nil {
		return fmt.Errorf("--rate: %w", err)
	}
	cfg.Tester.Symbol = symbols.Tester(spec)
	cfg.Tester.Account.Currency = currency
	cfg.Tester.Conversion = plan.Conversion
	cfg.Account = &frames.AccountInfo{Currency: currency, Deposit: cfg.Tester.Account.Deposit, Leverage: cfg.Tester.Account.Leverage}
	cfg.SymbolSpec = &spec
	cfg.Warnings = append(cfg.Warnings, specWarnings(bars, spec)...)
	if plan.Rate != nil {
		info := infos[plan.Rate.Pair]
		cfg.Rates = []frames.RateInfo{info}
		if info.Fixed > 0 {
			cfg.Warnings = append(cfg.Warnings, frames.Warning{Kind: collect.WarnRate, Count: 1, Message: fmt.Sprintf(
				"%s is converted at a fixed %s rate of %g: the run's money is approximate", spec.ProfitCurrency, info.Pair, info.Fixed)})
		}
		if plan.Stale > 0 {
			cfg.Warnings = append(cfg.Warnings, frames.Warning{Kind: collect.WarnRate, Count: int64(plan.Stale), Message: fmt.Sprintf(
				"%d bars took a %s rate more than a week old: the series has gaps or ends before the data", plan.Stale, info.Pair)})
		}
	}
	return nil
}

// specWarnings warns of a specification that likely does not fit the data.
func specWarnings(bars *market.Series, spec symbols.Spec) []frames.Warning {
	var out []frames.Warning
	if spec.Source["contract_size"] == symbols.SourceDefault && !symbols.LooksFX(bars) {
		out = append(out, frames.Warning{Kind: collect.WarnSymbolSpec, Count: 1, Message: fmt.Sprintf(
			"%s does not look like a currency pair and no specification names it: it was tested as an FX pair of %g units a lot, so lots, margins and profits are likely wrong",
			spec.Name, spec.ContractSize)})
	}
	// Many bars show every decimal a symbol is quoted with; a few may not.
	if d := symbols.Digits(bars); d > spec.Digits || d < spec.Digits && bars.Len() >= 100 {
		out = append(out, frames.Warning{Kind: collect.WarnSymbolSpec, Count: 1, Message: fmt.Sprintf(
			"the prices have %d decimals but the specification says %d digits (%s): spreads in points are %g times what the prices suggest",
			d, spec.Digits, spec.Source["digits"], symbols.PointOf(spec.Digits)/symbols.PointOf(d))})
	}
	return out
}

// parseRates reads the --rate flags: PAIR=RATE or PAIR=FILE.
func parseRates(c *cli.Context) ([]symbols.Rate, map[string]frames.RateInfo, error) {
	var rates []symbols.Rate
	infos := map[string]frames.RateInfo{}
	for _, arg := range c.StringSlice("rate") {
		name, value, ok := strings.Cut(arg, "=")
		if !ok || value == "" {
			return nil, nil, fmt.Errorf("--rate %q: want PAIR=FILE or PAIR=RATE, e.g. GBPUSD=1.27", arg)
		}
		pair, err := symbols.ParsePair(name)
		if err != nil {
			return nil, nil, fmt.Errorf("--rate %q: %w", arg, err)
		}
		r := symbols.Rate{Pair: pair}
		info := frames.RateInfo{Pair: pair}
		if v, err := strconv.ParseFloat(value, 64); err == nil {
			if !(v > 0) || v > 1e9 {
				return nil, nil, fmt.Errorf("--rate %q: a fixed rate must be a positive price", arg)
			}
			r.Fixed, info.Fixed = v, v
		} else {
			raw, err := os.ReadFile(value)
			if err != nil {
				return nil, nil, fmt.Errorf("--rate %s: %w", pair, err)
			}
			if r.Bars, err = market.Load(value, market.LoadOptions{Symbol: pair}); err != nil {
				return nil, nil, fmt.Errorf("--rate %s: %w", pair, err)
			}
			sum := sha256.Sum256(raw)
			info.Source, info.SHA256 = value, hex.EncodeToString(sum[:])
		}
		rates = append(rates, r)
		infos[pair] = info
	}
	return rates, infos, nil
}

// describeSymbol prints the specification a run uses, before it starts.
func describeSymbol(w io.Writer, cfg collect.Config) {
	s := cfg.SymbolSpec
	if s == nil {
		return
	}
	lev := "the account's"
	if s.Leverage > 0 {
		lev = fmt.Sprintf("1:%g", s.Leverage)
	}
	fmt.Fprintf(w, "symbol   %s: %d digits, %g units a lot, volume %g..%g step %g, leverage %s, %s/%s, account in %s\n",
		s.Name, s.Digits, s.ContractSize, s.VolumeMin, s.VolumeMax, s.VolumeStep, lev,
		s.BaseCurrency, s.ProfitCurrency, cfg.Account.Currency)
}

// checkEstimate times a pass and says how long the run will take when that
// is over an hour; above longRunLimit it refuses without --yes.
func checkEstimate(c *cli.Context, prep *collect.Prepared, w io.Writer) error {
	if prep.Total() <= collect.EstimatePasses { // unknown (0), or no longer than estimating it
		return nil
	}
	perPass, total, err := prep.Estimate(c.Context)
	if err != nil || total <= time.Hour {
		return err
	}
	msg := fmt.Sprintf("the run is estimated to take %s (%d passes × %s a pass / %d workers)",
		total.Round(time.Minute), prep.Total(), perPass.Round(time.Microsecond), c.Int("workers"))
	if c.Int("workers") == 0 {
		msg = fmt.Sprintf("the run is estimated to take %s (%d passes × %s a pass, on every core)",
			total.Round(time.Minute), prep.Total(), perPass.Round(time.Microsecond))
	}
	if total > longRunLimit && !c.Bool("yes") {
		return fmt.Errorf("%s, more than %s: narrow the grid, give --budget, or add --yes to start it anyway", msg, longRunLimit)
	}
	prep.Warn(frames.Warning{Kind: collect.WarnLongRun, Count: 1, Message: msg})
	fmt.Fprintf(w, "warning: %s\n", msg)
	return nil
}

// warningHints says what a user can do about each kind of warning.
var warningHints = map[string]string{
	collect.WarnSymbolSpec:     "give --symbol-preset or --symbol-spec (docs/symbols.md)",
	collect.WarnRate:           "give a --rate PAIR=FILE series that covers the data",
	collect.WarnNoTrades:       "check the symbol (--symbol-preset, --symbol-spec) and the --param ranges",
	collect.WarnRefusedMargin:  "lower the lot (expert inputs), raise --deposit or check --leverage and the symbol's contract size",
	collect.WarnRefusedVolume:  "check the symbol's --volume-min/--volume-max against the expert's lots",
	collect.WarnRefusedStops:   "check the expert's stop loss and take profit distances",
	collect.WarnSkippedVolume:  "raise --deposit or lower --volume-min/--volume-step (the symbol's smallest lot)",
	collect.WarnNegativeEquity: "treat these passes as blown accounts; lower the risk or raise --deposit",
	collect.WarnShortPeriod:    "widen --from/--to or --forward, or narrow the period inputs",
	collect.WarnLongRun:        "narrow the grid or give --budget",
}

// printWarnings prints the run's warnings (they are in run.json too).
func printWarnings(w io.Writer, warnings []frames.Warning) {
	for _, wr := range warnings {
		fmt.Fprintf(w, "warning: %s\n", wr.Message)
		if h := warningHints[wr.Kind]; h != "" {
			fmt.Fprintf(w, "         what to do: %s\n", h)
		}
	}
}

// restoreSymbol sets cfg's symbol, account currency and conversion from a
// stored run's manifest, so that `collect resume` tests the remaining passes
// with the money the run started with. A conversion series is read again
// from its file and must still have the content the run recorded.
func restoreSymbol(m *frames.Manifest, bars *market.Series, cfg *collect.Config) error {
	if m.SymbolSpec == nil || m.Account == nil || m.Account.Currency == "" {
		return nil // a run written before symbol specifications: the defaults it used
	}
	spec := *m.SymbolSpec
	currency := m.Account.Currency
	var rates []symbols.Rate
	for _, info := range m.Rates {
		r := symbols.Rate{Pair: info.Pair, Fixed: info.Fixed}
		if info.Fixed == 0 {
			raw, err := os.ReadFile(info.Source)
			if err != nil {
				return fmt.Errorf("conversion series %s: %w", info.Pair, err)
			}
			if sum := sha256.Sum256(raw); hex.EncodeToString(sum[:]) != info.SHA256 {
				return fmt.Errorf("conversion series %s: %s has changed since the run started", info.Pair, info.Source)
			}
			var err2 error
			if r.Bars, err2 = market.Load(info.Source, market.LoadOptions{Symbol: info.Pair}); err2 != nil {
				return fmt.Errorf("conversion series %s: %w", info.Pair, err2)
			}
		}
		rates = append(rates, r)
	}
	plan, err := symbols.PlanConversion(spec, currency, bars, rates)
	if err != nil {
		return err
	}
	cfg.Tester.Symbol = symbols.Tester(spec)
	cfg.Tester.Account.Currency = currency
	cfg.Tester.Conversion = plan.Conversion
	cfg.Account, cfg.SymbolSpec, cfg.Rates = m.Account, &spec, m.Rates
	return nil
}
