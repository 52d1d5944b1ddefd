package frames

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// MismatchError says why a stored run cannot be continued with a new
// manifest: the first field (a run.json key path such as
// "symbol_spec.commission" or "space.MovingPeriod") whose stored value
// differs from the given one.
type MismatchError struct {
	Field         string
	Stored, Given string
}

func (e *MismatchError) Error() string {
	return fmt.Sprintf("its %s is %s, not %s", e.Field, e.Stored, e.Given)
}

// ErrImported is returned when a run imported from a file is to be
// continued by collecting: its passes came from the file, there is no
// optimization to continue.
var ErrImported = errors.New("it is an imported run, which cannot be resumed")

// Compare reports why a run stored with manifest old cannot be continued
// by one described by m: ErrImported, or a *MismatchError naming the first
// field that differs among those that decide which passes are run and how
// (expert, data, periods, parameter space, settings, filters, criterion,
// optimizer, shards, deals). Program, creation time and the data's file
// path may differ.
func Compare(old, m *Manifest) error {
	if old.Source != m.Source && m.Source == "collect" {
		return ErrImported
	}
	if old.Source != m.Source {
		return &MismatchError{Field: "source", Stored: old.Source, Given: m.Source}
	}
	a, b := resumeFields(old), resumeFields(m)
	for _, f := range a {
		if g, ok := lookup(b, f.key); !ok || g != f.value {
			return &MismatchError{Field: f.key, Stored: f.value, Given: g}
		}
	}
	for _, f := range b {
		if _, ok := lookup(a, f.key); !ok {
			return &MismatchError{Field: f.key, Stored: none, Given: f.value}
		}
	}
	return nil
}

// none stands for a field one manifest does not have.
const none = "(none)"

// keyValue is one compared field: its key path and its value as text.
type keyValue struct{ key, value string }

// lookup returns the value of key in fs, or none and false.
func lookup(fs []keyValue, key string) (string, bool) {
	for _, f := range fs {
		if f.key == key {
			return f.value, true
		}
	}
	return none, false
}

// resumeFields lists the fields Compare looks at, in a fixed order; the
// parameters of the space are keyed by name so that a missing one is named.
func resumeFields(m *Manifest) []keyValue {
	var fs []keyValue
	add := func(key, value string) { fs = append(fs, keyValue{key, value}) }
	num := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	add("format", strconv.Itoa(m.Format))
	add("expert", m.Expert)
	add("symbol", m.Symbol)
	add("timeframe", m.Timeframe)
	add("data.sha256", m.Data.SHA256)
	add("periods.back_from", day(m.Periods.BackFrom))
	add("periods.back_to", day(m.Periods.BackTo))
	add("periods.forward", m.Periods.Forward)
	for _, c := range m.Columns {
		add("columns."+c.Name, map[bool]string{true: "integer", false: "double"}[c.Integer]+strings.Join(c.Labels, ","))
	}
	for _, p := range m.Space {
		v := "fixed at " + num(p.Value)
		if p.Optimize {
			v = num(p.Start) + ":" + num(p.Stop) + ":" + num(p.Step)
		}
		add("space."+p.Name, p.Type+" "+v)
	}
	add("constraint", m.Constraint)
	add("criterion", m.Criterion)
	add("by", m.By)
	add("ratio", num(m.Ratio))
	add("equity_mode", m.EquityMode)
	add("filters.min_trades", num(m.Filters.MinTrades))
	minProfit := "none"
	if m.Filters.MinProfitPct != nil {
		minProfit = num(*m.Filters.MinProfitPct)
	}
	add("filters.min_profit_pct", minProfit)
	if a := m.Account; a != nil {
		add("account.currency", a.Currency)
		add("account.deposit", num(a.Deposit))
		add("account.leverage", num(a.Leverage))
	}
	if s := m.SymbolSpec; s != nil {
		add("symbol_spec.digits", strconv.Itoa(s.Digits))
		for _, f := range []struct {
			key string
			v   float64
		}{{"point", s.Point}, {"tick_size", s.TickSize}, {"contract_size", s.ContractSize},
			{"volume_min", s.VolumeMin}, {"volume_step", s.VolumeStep}, {"volume_max", s.VolumeMax},
			{"leverage", s.Leverage}, {"spread", s.Spread}, {"commission", s.Commission},
			{"swap_long", s.SwapLong}, {"swap_short", s.SwapShort}} {
			add("symbol_spec."+f.key, num(f.v))
		}
		add("symbol_spec.fixed_spread", strconv.FormatBool(s.FixedSpread))
		add("symbol_spec.currencies", s.BaseCurrency+"/"+s.ProfitCurrency+"/"+s.MarginCurrency)
	}
	for _, r := range m.Rates {
		add("rates."+r.Pair, r.SHA256+num(r.Fixed))
	}
	if s := m.Strategy; s != nil {
		add("strategy.sha256", s.SHA256)
	}
	add("optimizer.name", m.Optimizer.Name)
	add("optimizer.seed", strconv.FormatInt(m.Optimizer.Seed, 10))
	if m.Optimizer.Name != "grid" {
		// An optimizer other than grid proposes its points in an order that
		// depends on these; resuming replays it, so they must not change.
		add("optimizer.batch", strconv.Itoa(m.Optimizer.Batch))
		add("optimizer.budget", strconv.Itoa(m.Optimizer.Budget))
		keys := make([]string, 0, len(m.Optimizer.Options))
		for k := range m.Optimizer.Options {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			add("optimizer.options."+k, m.Optimizer.Options[k])
		}
	}
	add("shards", strconv.Itoa(m.Shards))
	add("deals", strconv.FormatBool(m.Deals))
	return fs
}

func day(t time.Time) string {
	if t.IsZero() {
		return none
	}
	s := t.UTC().Format(time.RFC3339)
	return strings.TrimSuffix(s, "T00:00:00Z")
}
