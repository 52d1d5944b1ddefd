package strategy

import (
	"math"
	"testing"
)

const eps = 1e-9

// checkSeries compares got with want, where NaN in want means undefined.
func checkSeries(t *testing.T, name string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", name, len(got), len(want))
	}
	for i := range want {
		w, g := want[i], got[i]
		if math.IsNaN(w) != math.IsNaN(g) || (!math.IsNaN(w) && math.Abs(g-w) > eps*math.Max(1, math.Abs(w))) {
			t.Errorf("%s[%d] = %v, want %v (all: %v)", name, i, g, w, got)
		}
	}
}

var n = math.NaN()

// x rises by one to 5, then falls back: small enough to work out by hand.
var x = []float64{1, 2, 3, 4, 5, 4, 3}

func TestMovingAverages(t *testing.T) {
	checkSeries(t, "sma", smaExact(x, 3), []float64{n, n, 2, 3, 4, 13.0 / 3, 4})
	checkSeries(t, "smaFloat", smaFloat(x, 3), []float64{n, n, 2, 3, 4, 13.0 / 3, 4})
	// alpha = 2/(3+1) = 0.5 from the seed 1: 1.5, 2.25, 3.125, 4.0625,
	// 4.03125, 3.515625, shown from the third value.
	checkSeries(t, "ema", ema(x, 3), []float64{n, n, 2.25, 3.125, 4.0625, 4.03125, 3.515625})
	// SMA seed 2, then (prev·2 + x)/3: 8/3, 31/9, 98/27, 277/81.
	checkSeries(t, "smma", smma(x, 3), []float64{n, n, 2, 8.0 / 3, 31.0 / 9, 98.0 / 27, 277.0 / 81})
	// weights 1, 2, 3 over 6: (1+4+9)/6, (2+6+12)/6, (3+8+15)/6, (4+10+12)/6, (5+8+9)/6.
	checkSeries(t, "lwma", lwma(x, 3), []float64{n, n, 14.0 / 6, 20.0 / 6, 26.0 / 6, 26.0 / 6, 22.0 / 6})
	// A leading undefined value delays each average by one bar.
	lead := append([]float64{n}, x...)
	checkSeries(t, "ema after NaN", ema(lead, 3), append([]float64{n}, ema(x, 3)...))
	checkSeries(t, "smma after NaN", smma(lead, 3), append([]float64{n}, smma(x, 3)...))
	checkSeries(t, "sma after NaN", smaExact(lead, 3), append([]float64{n}, smaExact(x, 3)...))
}

func TestSMAExactOnFlatPrices(t *testing.T) {
	// 1.1 three times sums to 3.3000000000000003 in floating point; the
	// fixed-point SMA returns the price itself, as the tester's SMA does.
	got := smaExact([]float64{1.1, 1.1, 1.1}, 3)
	if got[2] != 1.1 {
		t.Errorf("sma of a flat 1.1 = %.17g, want exactly 1.1", got[2])
	}
}

func TestRSI(t *testing.T) {
	// changes +1 +1 +1 +1 −1 −1; n = 2: first gain 1, loss 0 → 100; then
	// Wilder: gain (1+1)/2 = 1 → 100, 100; gain 0.5, loss 0.5 → 50; gain
	// 0.25, loss 0.75 → 100 − 100/(1 + 1/3) = 25.
	checkSeries(t, "rsi", rsi(x, 2), []float64{n, n, 100, 100, 100, 50, 25})
	// No change at all: 50.
	checkSeries(t, "rsi flat", rsi([]float64{3, 3, 3}, 2), []float64{n, n, 50})
}

func TestWindowsAndBands(t *testing.T) {
	checkSeries(t, "highest", window(x, 3, math.Max), []float64{n, n, 3, 4, 5, 5, 5})
	checkSeries(t, "lowest", window(x, 3, math.Min), []float64{n, n, 1, 2, 3, 4, 3})
	// 1,2,3 around 2: (1+0+1)/3 → √(2/3); 4,5,4 around 13/3: (1+4+1)/9/3 → √(2/9).
	sd := stddev(x, 3)
	checkSeries(t, "stddev", sd, []float64{n, n, math.Sqrt(2.0 / 3), math.Sqrt(2.0 / 3), math.Sqrt(2.0 / 3), math.Sqrt(2.0 / 9), math.Sqrt(2.0 / 3)})
	checkSeries(t, "bands_upper", bands(x, 3, 2), []float64{n, n, 2 + 2*math.Sqrt(2.0/3), 3 + 2*math.Sqrt(2.0/3), 4 + 2*math.Sqrt(2.0/3), 13.0/3 + 2*math.Sqrt(2.0/9), 4 + 2*math.Sqrt(2.0/3)})
	checkSeries(t, "bands_lower", bands(x, 3, -2), []float64{n, n, 2 - 2*math.Sqrt(2.0/3), 3 - 2*math.Sqrt(2.0/3), 4 - 2*math.Sqrt(2.0/3), 13.0/3 - 2*math.Sqrt(2.0/9), 4 - 2*math.Sqrt(2.0/3)})
}

func TestMACD(t *testing.T) {
	// ema(x, 1) is x itself; ema(x, 3) as in TestMovingAverages.
	m := macd(x, 1, 3)
	checkSeries(t, "macd", m, []float64{n, n, 0.75, 0.875, 0.9375, -0.03125, -0.515625})
	checkSeries(t, "macd_signal", smaFloat(m, 2), []float64{n, n, n, 0.8125, 0.90625, 0.453125, -0.2734375})
}

func TestShiftAndCross(t *testing.T) {
	checkSeries(t, "shift 2", shift(x, 2), []float64{n, n, 1, 2, 3, 4, 5})
	checkSeries(t, "shift 0", shift(x, 0), x)
	checkSeries(t, "shift past the end", shift(x, 9), []float64{n, n, n, n, n, n, n})
	a := []float64{n, 1, 2, 2, 3, 1, 2}
	b := []float64{1, 2, 2, 2, 2, 2, 2}
	// Bar 1 has no defined bar before it; bar 2 touches (2 = 2): not above;
	// bar 4 goes from a tie to above: a cross; bar 5 goes below from above;
	// bar 6 from below to a tie: no cross either way.
	up, down := crosses(a, b)
	checkSeries(t, "cross_above", up, []float64{n, n, 0, 0, 1, 0, 0})
	checkSeries(t, "cross_below", down, []float64{n, n, 0, 0, 0, 1, 0})
	// From a tie to below is a cross below; from a tie to above one above.
	_, down = crosses([]float64{2, 1}, []float64{2, 2})
	checkSeries(t, "tie then below", down, []float64{n, 1})
	up, _ = crosses([]float64{2, 3}, []float64{2, 2})
	checkSeries(t, "tie then above", up, []float64{n, 1})
}

// Bars worked out by hand for the indicators of high, low and close.
var (
	hi = []float64{10, 11, 12, 11, 13, 12}
	lo = []float64{8, 9, 9, 8, 10, 10}
	cl = []float64{9, 10, 11, 9, 12, 11}
)

func TestATR(t *testing.T) {
	// True ranges of bars 1..5: 2, 3, 3, 4, max(12,12)−min(10,12) = 2.
	// n = 2: (2+3)/2 = 2.5 at bar 2, then +(3−2)/2 = 3, +(4−3)/2 = 3.5,
	// +(2−3)/2 = 3 — a simple, not Wilder, average.
	checkSeries(t, "atr", atr(hi, lo, cl, 2), []float64{n, n, 2.5, 3, 3.5, 3})
}

func TestADX(t *testing.T) {
	// n = 2, alpha 2/3, +DI/−DI/ADX start at 0.
	// bar 1: +DM 1, TR 2 → +D 50; +DI 100/3, −DI 0, DX 100, ADX 200/3.
	// bar 2: +DM 1, TR 3 → +D 100/3; +DI 100/3, DX 100, ADX 800/9.
	// bar 3: −DM 1, TR 3 → −D 100/3; +DI 100/9, −DI 200/9, DX 100/3,
	//        ADX 200/9 + 800/27 = 1400/27.
	// bar 4: +DM 2, TR 4 → +D 50; +DI 1000/27, −DI 200/27, DX 200/3,
	//        ADX 400/9 + 1400/81 = 5000/81 (shown from bar 2n = 4).
	// bar 5: +DM 0 (12 < 13), −DM 0 (10 = 10), TR 2 → +D = −D = 0;
	//        +DI 1000/81, −DI 200/81, DX 200/3, ADX 400/9 + 5000/243.
	checkSeries(t, "adx", adx(hi, lo, cl, 2), []float64{n, n, n, n, 5000.0 / 81, 400.0/9 + 5000.0/243})
}

func TestCCI(t *testing.T) {
	// Typical prices 9, 10, 32/3, 28/3, 35/3, 11. Bar 2: mean 89/9, mean
	// deviation (8/9 + 1/9 + 7/9)/3 = 16/27, CCI (7/9)/(0.015·16/27) = 87.5.
	// Bar 3: 10, 32/3, 28/3 → mean 10, deviations 0, 2/3, 2/3 → 4/9;
	// CCI (−2/3)/(0.015·4/9) = −100.
	got := cci(hi, lo, cl, 3)
	if math.Abs(got[2]-87.5) > eps || math.Abs(got[3]+100) > eps || !math.IsNaN(got[1]) {
		t.Errorf("cci = %v, want [NaN NaN 87.5 -100 …]", got)
	}
	flat := cci([]float64{2, 2, 2}, []float64{1, 1, 1}, []float64{1.5, 1.5, 1.5}, 2)
	checkSeries(t, "cci with no deviation", flat, []float64{n, 0, 0})
}

func TestStochastic(t *testing.T) {
	// k = 2: lowest lows 8, 9, 8, 8, 10 and highest highs 11, 12, 12, 13,
	// 13 from bar 1. slowing 1: (10−8)/3, (11−9)/3, (9−8)/4, (12−8)/5,
	// (11−10)/3 (×100).
	k1 := stochK(hi, lo, cl, 2, 1)
	checkSeries(t, "stoch_k(2,1)", k1, []float64{n, 200.0 / 3, 200.0 / 3, 25, 80, 100.0 / 3})
	// slowing 2 sums two bars: (2+2)/(3+3), (2+1)/(3+4), (1+4)/(4+5), (4+1)/(5+3).
	checkSeries(t, "stoch_k(2,2)", stochK(hi, lo, cl, 2, 2), []float64{n, n, 400.0 / 6, 300.0 / 7, 500.0 / 9, 500.0 / 8})
	checkSeries(t, "stoch_d(2,1,2)", smaFloat(k1, 2), []float64{n, n, 200.0 / 3, (200.0/3 + 25) / 2, 52.5, (80 + 100.0/3) / 2})
	// A bar range of 0 gives 100, as MT5.
	checkSeries(t, "flat", stochK([]float64{1, 1}, []float64{1, 1}, []float64{1, 1}, 1, 1), []float64{100, 100})
}
