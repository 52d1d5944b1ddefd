package strategy

import (
	"math"
	"testing"
	"time"

	"github.com/passframes/passframes/market"
	"github.com/passframes/passframes/tester"
)

// testBars are six hourly bars from Monday 2024-01-01 00:00 UTC; opens,
// highs, lows and closes are small numbers that are easy to follow.
func testBars() *market.Series {
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	b := &market.Series{Symbol: "T", Timeframe: market.Timeframe{Name: "H1"}}
	for i := 0; i < 6; i++ {
		b.Time = append(b.Time, start+int64(i)*3600_000)
	}
	b.Open = []float64{9, 9.5, 10, 11, 9, 12}
	b.High = append([]float64(nil), hi...)
	b.Low = append([]float64(nil), lo...)
	b.Close = append([]float64(nil), cl...)
	b.Volume = []float64{100, 110, 120, 130, 140, 150}
	return b
}

// evalText checks text as a rule or number (want) with one input P = p and
// evaluates it over bars.
func evalText(t *testing.T, env *tester.Env, text string, want typ, p float64) []float64 {
	t.Helper()
	c := &compiler{src: &source{name: "t.toml", values: map[string]valuePos{}}, inputs: map[string]int{"P": 0}, types: []typ{tNum}}
	nd, err := c.compile("rules.buy", text, want, false)
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	v, _, err := (&evaluator{env: env, inputs: []float64{p}}).eval(nd)
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	if v.arr == nil {
		return fill(env.Bars.Len(), v.num)
	}
	return v.arr
}

func TestSeriesSeeTheLastCompletedBar(t *testing.T) {
	env := tester.NewEnv(testBars())
	num := func(text string) []float64 { return evalText(t, env, text, tNum, 2) }
	checkSeries(t, "open", num("open"), []float64{9, 9.5, 10, 11, 9, 12})
	checkSeries(t, "close", num("close"), []float64{n, 9, 10, 11, 9, 12})
	checkSeries(t, "close[1]", num("close[1]"), []float64{n, n, 9, 10, 11, 9})
	checkSeries(t, "shift(high, P)", num("shift(high, P)"), []float64{n, n, n, 10, 11, 12})
	checkSeries(t, "low", num("low"), []float64{n, 8, 9, 9, 8, 10})
	checkSeries(t, "volume", num("volume"), []float64{n, 100, 110, 120, 130, 140})
	checkSeries(t, "hour", num("hour"), []float64{0, 1, 2, 3, 4, 5})
	checkSeries(t, "weekday", num("weekday"), []float64{1, 1, 1, 1, 1, 1})
	checkSeries(t, "day+month+year", num("day + month + year"), []float64{2026, 2026, 2026, 2026, 2026, 2026})
	checkSeries(t, "bars", num("bars"), []float64{0, 1, 2, 3, 4, 5})
	checkSeries(t, "spread without a column", num("spread"), []float64{n, n, n, n, n, n})
	// Indicators of completed bars are the raw indicator one bar later.
	checkSeries(t, "atr(2)", num("atr(P)"), []float64{n, n, n, 2.5, 3, 3.5})
	checkSeries(t, "sma(close, 2)", num("sma(close, P)"), []float64{n, n, 9.5, 10.5, 10, 10.5})
	// ema of opens includes the current open, as MACross's EMA.
	checkSeries(t, "ema(open, 2)", num("ema(open, P)"), ema(testBars().Open, 2))
}

func TestOperators(t *testing.T) {
	env := tester.NewEnv(testBars())
	num := func(text string) []float64 { return evalText(t, env, text, tNum, 10) }
	rule := func(text string) []float64 { return evalText(t, env, text, tBool, 10) }
	// close: NaN 9 10 11 9 12; open: 9 9.5 10 11 9 12.
	checkSeries(t, "+", num("close + open"), []float64{n, 18.5, 20, 22, 18, 24})
	checkSeries(t, "-", num("open - close"), []float64{n, 0.5, 0, 0, 0, 0})
	checkSeries(t, "*", num("open * 2"), []float64{18, 19, 20, 22, 18, 24})
	checkSeries(t, "/", num("open / P"), []float64{0.9, 0.95, 1, 1.1, 0.9, 1.2})
	checkSeries(t, "unary -", num("-open + 1"), []float64{-8, -8.5, -9, -10, -8, -11})
	checkSeries(t, "abs", num("abs(close - 10)"), []float64{n, 1, 0, 1, 1, 2})
	checkSeries(t, "min", num("min(open, close)"), []float64{n, 9, 10, 11, 9, 12})
	checkSeries(t, "max", num("max(open, 10)"), []float64{10, 10, 10, 11, 10, 12})
	checkSeries(t, "?:", num("open > 10 ? 1 : 2"), []float64{2, 2, 2, 1, 2, 1})
	// Comparisons: ties are equal, not greater; an undefined operand
	// leaves the rule undefined (it never fires).
	checkSeries(t, ">", rule("open > close"), []float64{n, 1, 0, 0, 0, 0})
	checkSeries(t, ">=", rule("open >= close"), []float64{n, 1, 1, 1, 1, 1})
	checkSeries(t, "<", rule("open < 10"), []float64{1, 1, 0, 0, 1, 0})
	checkSeries(t, "<=", rule("open <= 10"), []float64{1, 1, 1, 0, 1, 0})
	checkSeries(t, "==", rule("open == close"), []float64{n, 0, 1, 1, 1, 1})
	checkSeries(t, "!=", rule("open != close"), []float64{n, 1, 0, 0, 0, 0})
	checkSeries(t, "and", rule("open > 9 and open < 12"), []float64{0, 1, 1, 1, 0, 0})
	checkSeries(t, "&&", rule("open > 9 && open < 12"), []float64{0, 1, 1, 1, 0, 0})
	checkSeries(t, "or", rule("open < 9.5 or open > 11"), []float64{1, 0, 0, 0, 1, 1})
	checkSeries(t, "not", rule("not (open > 10)"), []float64{1, 1, 1, 0, 1, 0})
	checkSeries(t, "!", rule("!(open > 10)"), []float64{1, 1, 1, 0, 1, 0})
	checkSeries(t, "not undefined", rule("not (close > 10)"), []float64{n, 1, 1, 0, 1, 0})
	checkSeries(t, "and undefined", rule("open > 0 and close > 0"), []float64{n, 1, 1, 1, 1, 1})
	checkSeries(t, "false and undefined", rule("open > 100 and close > 0"), []float64{0, 0, 0, 0, 0, 0})
	checkSeries(t, "true or undefined", rule("open > 0 or close > 100"), []float64{1, 1, 1, 1, 1, 1})
	checkSeries(t, "false or undefined", rule("open > 100 or close > 0"), []float64{n, 1, 1, 1, 1, 1})
	checkSeries(t, "constant false and", rule("P < 5 and close > 0"), []float64{0, 0, 0, 0, 0, 0})
	checkSeries(t, "constant true and", rule("P > 5 and close > 9.5"), []float64{n, 0, 1, 1, 0, 1})
	checkSeries(t, "constant true or", rule("P > 5 or close > 9.5"), []float64{1, 1, 1, 1, 1, 1})
	checkSeries(t, "constant", rule("P > 5"), []float64{1, 1, 1, 1, 1, 1})
	checkSeries(t, "cross_above", rule("cross_above(open, close)"), []float64{n, n, 0, 0, 0, 0})
	checkSeries(t, "cross_below", rule("cross_below(open, 10)"), []float64{n, 0, 0, 0, 1, 0})
	// Division by zero is ±Inf, which compares; 0/0 is undefined.
	checkSeries(t, "x/0 > 1", rule("open / 0 > 1"), []float64{1, 1, 1, 1, 1, 1})
	checkSeries(t, "0/0", rule("(open - open) / 0 > 1"), []float64{n, n, n, n, n, n})
}

func TestSharedArrays(t *testing.T) {
	env := tester.NewEnv(testBars())
	a := evalText(t, env, "sma(close, P) > open", tBool, 2)
	b := evalText(t, env, "sma(close, P) > open", tBool, 2)
	if &a[0] != &b[0] {
		t.Error("the same rule with the same inputs must share one array")
	}
	c := evalText(t, env, "sma(close, P) > open", tBool, 3)
	if &a[0] == &c[0] {
		t.Error("another input value must give another array")
	}
	arrays, bytes, hits, misses := env.ArrayStats()
	if arrays == 0 || bytes == 0 || hits == 0 || misses == 0 {
		t.Errorf("cache stats %d arrays, %d bytes, %d hits, %d misses", arrays, bytes, hits, misses)
	}
}

func TestArrayCacheIsBounded(t *testing.T) {
	env := tester.NewEnv(testBars())
	env.SetArrayLimit(3 * 6 * 8) // room for three arrays of six bars
	for p := 1.0; p <= 5; p++ {
		evalText(t, env, "sma(open, P)", tNum, p) // "open" and one sma per p
	}
	arrays, bytes, _, _ := env.ArrayStats()
	if bytes > 3*6*8 || arrays > 3 {
		t.Errorf("cache holds %d arrays, %d bytes, over its limit of 144", arrays, bytes)
	}
	// An evicted array is computed again, equal to the first.
	got := evalText(t, env, "sma(open, P)", tNum, 1)
	checkSeries(t, "recomputed", got, testBars().Open)
	if math.IsNaN(got[0]) {
		t.Error("sma(open, 1) is defined at the first bar")
	}
}

// TestCrossRulesMatchCrossArrays: a rule that is a cross reads its operands
// at the bar; it must fire exactly where the cross array is 1, ties and
// undefined bars included.
func TestCrossRulesMatchCrossArrays(t *testing.T) {
	a := value{arr: []float64{n, 1, 2, 2, 3, 1, 2, 2, 1}}
	b := value{arr: []float64{1, 2, 2, 2, 2, 2, 2, n, 0}}
	up, down := crosses(a.arr, b.arr)
	for i := range up {
		ra, rb := rule{kind: ruleCrossAbove, a: a, b: b}, rule{kind: ruleCrossBelow, a: a, b: b}
		if ra.fires(i) != (up[i] == 1) || rb.fires(i) != (down[i] == 1) {
			t.Errorf("bar %d: rule fires above %v below %v, arrays %v %v", i, ra.fires(i), rb.fires(i), up[i], down[i])
		}
	}
	// A constant operand (cross_above(rsi, Low)) is read as a constant.
	r := rule{kind: ruleCrossAbove, a: value{arr: []float64{20, 25, 35, 30}}, b: value{num: 30}}
	for i, want := range []bool{false, false, true, false} {
		if r.fires(i) != want {
			t.Errorf("cross above a constant at bar %d: %v, want %v", i, r.fires(i), want)
		}
	}
}
