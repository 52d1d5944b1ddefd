package strategy

import (
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/passframes/passframes/market"
	"github.com/passframes/passframes/tester"
)

// flatBars makes hourly bars from rows of open, high, low, close.
func flatBars(rows [][4]float64) *market.Series {
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	b := &market.Series{Symbol: "T", Timeframe: market.Timeframe{Name: "H1"}}
	for i, r := range rows {
		b.Time = append(b.Time, start+int64(i)*3600_000)
		b.Open, b.High, b.Low, b.Close = append(b.Open, r[0]), append(b.High, r[1]), append(b.Low, r[2]), append(b.Close, r[3])
		b.Volume = append(b.Volume, 0)
	}
	return b
}

// stockConfig trades a stock-like symbol: 100 units a lot, no spread.
func stockConfig() tester.Config {
	cfg := tester.DefaultConfig()
	cfg.Symbol.ContractSize, cfg.Symbol.Spread, cfg.Symbol.Digits, cfg.Symbol.Point = 100, 0, 2, 0.01
	return cfg
}

// runFile runs a strategy file's text for one pass over bars.
func runFile(t *testing.T, text string, bars *market.Series, cfg tester.Config, values ...float64) tester.Result {
	t.Helper()
	s, err := Parse("t.toml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if values == nil {
		values = s.Def().Defaults()
	}
	return runPass(t, tester.NewEnv(bars), cfg, s.Def(), values, 0, bars.Len())
}

func strategyText(rules, extra string) string {
	return "name = \"T\"\n[rules]\n" + rules + "\n" + extra
}

// deal is the part of a tester.Deal these tests check.
type deal struct {
	bar    int
	dir    int
	entry  bool
	volume float64
	price  float64
	profit float64
	reason string
}

func deals(res tester.Result, bars *market.Series) []deal {
	var out []deal
	for _, d := range res.Deals {
		bar := int((d.Time - bars.Time[0]) / 3600_000)
		out = append(out, deal{bar, d.Dir, d.Entry, d.Volume, d.Price, d.Profit, d.Reason})
	}
	return out
}

// Bars for the stop tests: a buy at bar 1's open of 10, then bar 2 moves.
func stopBars(high2, low2 float64) *market.Series {
	return flatBars([][4]float64{{10, 10, 9.6, 10}, {10, 10.5, 9.7, 10}, {10, high2, low2, 10.2}, {10.2, 10.3, 10.1, 10.2}})
}

func TestStopsThroughTheStrategy(t *testing.T) {
	rules := `buy = "bars == 1"`
	lots := "[lots]\nfixed = 1\n"
	cases := []struct {
		name        string
		stops       string
		high2, low2 float64
		want        []deal
	}{
		// Distances from the entry at 10: SL 9, TP 12. Bar 2 reaches 12.5.
		{"take profit", "[stops]\nsl = 1\ntp = 2\n", 12.5, 9.8, []deal{
			{1, +1, true, 1, 10, 0, "signal"}, {2, -1, false, 1, 12, 200, "tp"}}},
		// Bar 2 falls to 8.5: the stop at 9 closes it, −1 × 100 units.
		{"stop loss", "[stops]\nsl = 1\ntp = 2\n", 11, 8.5, []deal{
			{1, +1, true, 1, 10, 0, "signal"}, {2, -1, false, 1, 9, -100, "sl"}}},
		// Both in one bar: the stop is assumed first.
		{"both", "[stops]\nsl = 1\ntp = 2\n", 12.5, 8.5, []deal{
			{1, +1, true, 1, 10, 0, "signal"}, {2, -1, false, 1, 9, -100, "sl"}}},
		// A level: the last completed bar's low at bar 1 is bar 0's, 9.6.
		{"level", "[stops]\nbuy_sl = \"low\"\n", 11, 9.5, []deal{
			{1, +1, true, 1, 10, 0, "signal"}, {2, -1, false, 1, 9.6, -40, "sl"}}},
		// No stop hit: the position closes at the end, at the last close.
		{"none hit", "[stops]\nsl = 1\ntp = 2\n", 11, 9.5, []deal{
			{1, +1, true, 1, 10, 0, "signal"}, {3, -1, false, 1, 10.2, 20, "end"}}},
	}
	for _, c := range cases {
		res := runFile(t, strategyText(rules, c.stops+lots), stopBars(c.high2, c.low2), stockConfig())
		if got := deals(res, stopBars(0, 0)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: deals\n %+v\nwant\n %+v", c.name, got, c.want)
		}
	}
	// An undefined stop (atr(5) needs 6 bars) cancels the order.
	res := runFile(t, strategyText(rules, "[stops]\nsl = \"atr(5)\"\n"+lots), stopBars(11, 9.5), stockConfig())
	if len(res.Deals) != 0 {
		t.Errorf("an order with an undefined stop was placed: %+v", res.Deals)
	}
}

func TestLotRules(t *testing.T) {
	bars := stopBars(11, 9.5)
	cases := []struct {
		name, lots, stops string
		volume            float64
		skipped           int
	}{
		{"fixed", "fixed = 0.37", "", 0.37, 0},
		// 50% of 10000 as notional at 10 × 100 units a lot: 5 lots.
		{"equity", "equity_percent = 50", "", 5, 0},
		// 33.3% → 3.33 lots rounded down to the step, never up.
		{"equity rounds down", "equity_percent = 33.3", "", 3.33, 0},
		// Risk 1% of 10000 = 100 at a stop 1 away, 100 units a lot: 1 lot.
		{"risk", "risk_percent = 1", "[stops]\nsl = 1\n", 1, 0},
		// Risk 1% with the stop 0.25 away: 4 lots.
		{"risk near stop", "risk_percent = 1", "[stops]\nsl = 0.25\n", 4, 0},
		// Below the minimum lot: skipped and counted, never rounded up.
		{"fixed below minimum", "fixed = 0.004", "", 0, 1},
		{"equity below minimum", "equity_percent = 0.0001", "", 0, 1},
		// Fixed 0 falls back to the equity share (SmaCross's Lots = 0).
		{"fixed 0 falls back", "fixed = 0\nequity_percent = 50", "", 5, 0},
	}
	for _, c := range cases {
		res := runFile(t, strategyText(`buy = "bars == 1"`, c.stops+"[lots]\n"+c.lots+"\n"), bars, stockConfig())
		if res.Orders.Skipped != c.skipped {
			t.Errorf("%s: %d orders skipped, want %d", c.name, res.Orders.Skipped, c.skipped)
		}
		if c.volume == 0 {
			if len(res.Deals) != 0 {
				t.Errorf("%s: deals %+v, want none", c.name, res.Deals)
			}
			continue
		}
		if len(res.Deals) == 0 || math.Abs(res.Deals[0].Volume-c.volume) > 1e-9 {
			t.Errorf("%s: deals %+v, want an entry of %g lots", c.name, res.Deals, c.volume)
		}
	}
	if _, err := Parse("t.toml", []byte(strategyText(`buy = "bars == 1"`, "[lots]\nfixed = 0\n"))); err != nil {
		t.Fatal(err)
	}
	s, _ := Parse("t.toml", []byte(strategyText(`buy = "bars == 1"`, "[lots]\nfixed = 0\n")))
	if _, err := s.New(tester.NewEnv(bars), nil); err == nil || !strings.Contains(err.Error(), "could never trade") {
		t.Errorf("a pass whose every size is 0: error %v", err)
	}
}

func TestPrecedenceAndReversal(t *testing.T) {
	bars := flatBars([][4]float64{{10, 10, 10, 10}, {10, 10, 10, 10}, {11, 11, 11, 11}, {12, 12, 12, 12}, {13, 13, 13, 13}, {13, 13, 13, 13}})
	lots := "[lots]\nfixed = 1\n"
	cases := []struct {
		name, rules string
		want        []deal
	}{
		// A sell against a long reverses it: a close and an open at bar 3.
		{"reversal", "buy = \"bars == 1\"\nsell = \"bars == 3\"", []deal{
			{1, 1, true, 1, 10, 0, "signal"}, {3, -1, false, 1, 12, 200, "signal"},
			{3, -1, true, 1, 12, 0, "signal"}, {5, 1, false, 1, 13, -100, "end"}}},
		// close_buy then sell on one bar: the same two deals.
		{"close then open", "buy = \"bars == 1\"\nclose_buy = \"bars == 3\"\nsell = \"bars == 3\"", []deal{
			{1, 1, true, 1, 10, 0, "signal"}, {3, -1, false, 1, 12, 200, "signal"},
			{3, -1, true, 1, 12, 0, "signal"}, {5, 1, false, 1, 13, -100, "end"}}},
		// close_buy alone closes; a buy while long adds nothing.
		{"close only", "buy = \"bars == 1 or bars == 2\"\nclose_buy = \"bars == 3\"", []deal{
			{1, 1, true, 1, 10, 0, "signal"}, {3, -1, false, 1, 12, 200, "signal"}}},
		// close and buy on one bar: the close comes first, then a new long.
		{"close then reopen", "buy = \"bars == 1 or bars == 3\"\nclose_buy = \"bars == 3\"", []deal{
			{1, 1, true, 1, 10, 0, "signal"}, {3, -1, false, 1, 12, 200, "signal"},
			{3, 1, true, 1, 12, 0, "signal"}, {5, -1, false, 1, 13, 100, "end"}}},
		// buy and sell together: neither.
		{"conflict", "buy = \"bars == 1\"\nsell = \"bars == 1\"", nil},
		// close_sell does not touch a long.
		{"close_sell on a long", "buy = \"bars == 1\"\nclose_sell = \"bars == 2\"", []deal{
			{1, 1, true, 1, 10, 0, "signal"}, {5, -1, false, 1, 13, 300, "end"}}},
	}
	for _, c := range cases {
		res := runFile(t, strategyText(c.rules, lots), bars, stockConfig())
		if got := deals(res, bars); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: deals\n %+v\nwant\n %+v", c.name, got, c.want)
		}
	}
}

func TestHoursFilter(t *testing.T) {
	bars := testBars() // Monday, hours 0..5
	text := strategyText(`buy = "bars >= 1"`, "[lots]\nfixed = 1\n[hours]\nfrom = 3\nto = 5\n")
	res := runFile(t, text, bars, stockConfig())
	if got := deals(res, bars); len(got) == 0 || got[0].bar != 3 {
		t.Errorf("deals %+v: want the first entry at bar 3 (03:00)", got)
	}
	text = strategyText(`buy = "bars >= 1"`, "[lots]\nfixed = 1\n[hours]\ndays = [\"tue\"]\n")
	if res := runFile(t, text, bars, stockConfig()); len(res.Deals) != 0 {
		t.Errorf("a Tuesday-only strategy traded on a Monday: %+v", res.Deals)
	}
}

// lookAheadText uses an indicator of every kind, a shift, crosses and stops.
const lookAheadText = `name = "LookAhead"
[rules]
buy = "cross_above(ema(open, 5), sma(close, 12)) and rsi(close, 7) < 70 and adx(5) > 0"
sell = "cross_below(lwma(close, 5), smma(close, 10)) or close[2] > bands_upper(close, 10, 2)"
close_buy = "stoch_k(5, 3) > 80 and cci(8) > 100 and highest(high, 4) > 0"
close_sell = "macd(close, 4, 9) > macd_signal(close, 4, 9, 3) and lowest(low, 4) > 0"
[stops]
sl = "2 * atr(6)"
tp = "3 * stddev(close, 6) + 0.001"
[lots]
risk_percent = 1
`

func randomBars(seed uint64, n int) *market.Series {
	r := rand.New(rand.NewPCG(seed, 1))
	rows := make([][4]float64, n)
	p := 1.1
	for i := range rows {
		o := p
		c := o + r.NormFloat64()*0.002
		h := math.Max(o, c) + r.Float64()*0.001
		l := math.Min(o, c) - r.Float64()*0.001
		rows[i] = [4]float64{round5(o), round5(h), round5(l), round5(c)}
		p = c
	}
	return flatBars(rows)
}

func round5(v float64) float64 { return math.Round(v*1e5) / 1e5 }

// TestNoLookAhead changes one bar k completely: no rule or stop value before
// bar k, and no deal before bar k's open, may change.
func TestNoLookAhead(t *testing.T) {
	s, err := Parse("t.toml", []byte(lookAheadText))
	if err != nil {
		t.Fatal(err)
	}
	base := randomBars(7, 600)
	baseEnv := tester.NewEnv(base)
	baseRes := runPass(t, baseEnv, tester.DefaultConfig(), s.Def(), nil, 0, base.Len())
	if len(baseRes.Deals) < 10 {
		t.Fatalf("only %d deals: the test would prove little", len(baseRes.Deals))
	}
	baseExp, _ := s.New(baseEnv, nil)
	for _, k := range []int{50, 200, 333, 599} {
		changed := randomBars(7, 600)
		changed.Open[k] *= 1.05
		changed.High[k] *= 1.08
		changed.Low[k] *= 0.93
		changed.Close[k] *= 0.97
		env := tester.NewEnv(changed)
		exp, err := s.New(env, nil)
		if err != nil {
			t.Fatal(err)
		}
		a, b := inner(baseExp), inner(exp)
		for r := range a.rules {
			for i := 0; i < k; i++ {
				if a.rules[r].fires(i) != b.rules[r].fires(i) {
					t.Fatalf("bar %d changed: rule %d changed at the earlier bar %d", k, r, i)
				}
			}
		}
		for st := range a.stops {
			for i := 0; i < k; i++ {
				if !same(a.stops[st].at(i), b.stops[st].at(i)) {
					t.Fatalf("bar %d changed: stop %d changed at the earlier bar %d", k, st, i)
				}
			}
		}
		res := runPass(t, env, tester.DefaultConfig(), s.Def(), nil, 0, changed.Len())
		before := func(ds []tester.Deal) []tester.Deal {
			var out []tester.Deal
			for _, d := range ds {
				if d.Time < changed.Time[k] {
					out = append(out, d)
				}
			}
			return out
		}
		if !reflect.DeepEqual(before(baseRes.Deals), before(res.Deals)) {
			t.Errorf("bar %d changed: deals before it changed", k)
		}
	}
}

func same(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }
