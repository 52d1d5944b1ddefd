package strategy

import "math"

// The indicators below follow MetaTrader 5's built-in indicators of the same
// name (their seeding, smoothing and first defined bar); docs/strategies.md
// states each definition. They are written by hand because they must match
// those definitions exactly (no Go library does), and each runs once per
// distinct (function, arguments) over the whole series. Undefined values are
// NaN: an input's leading NaNs delay the result's start.

var nan = math.NaN()

// firstDefined is the index of x's first non-NaN value (len(x) when none).
func firstDefined(x []float64) int {
	for i, v := range x {
		if !math.IsNaN(v) {
			return i
		}
	}
	return len(x)
}

func nans(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = nan
	}
	return out
}

// fixedScale turns prices into whole units of 1e-8 in which window sums are
// exact, as the tester's own SMA does: an SMA of prices equal to a price is
// that price exactly, and the SmaCross file crosses where the built-in
// expert does.
const fixedScale = 1e8

// smaExact is the SMA of a price series in fixed point (see fixedScale). A
// NaN inside the series makes the windows that hold it NaN.
func smaExact(x []float64, n int) []float64 {
	out := nans(len(x))
	var sum int64
	run := 0 // defined values ending at i
	for i, v := range x {
		if math.IsNaN(v) {
			sum, run = 0, 0
			continue
		}
		sum += int64(math.Round(v * fixedScale))
		run++
		if run > n {
			sum -= int64(math.Round(x[i-n] * fixedScale))
		}
		if run >= n {
			out[i] = float64(sum) / (float64(n) * fixedScale)
		}
	}
	return out
}

// smaFloat is the SMA of any series: each window is summed afresh so that no
// rounding drift accumulates over a long series (O(n·period), run once per
// distinct arguments).
func smaFloat(x []float64, n int) []float64 {
	out := nans(len(x))
	run := 0
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			run = 0
			continue
		}
		run++
		if run >= n {
			s := 0.0
			for _, w := range x[i-n+1 : i+1] {
				s += w
			}
			out[i] = s / float64(n)
		}
	}
	return out
}

// ema: alpha 2/(n+1), seeded by the first defined value (MT5's Custom Moving
// Average and the tester's EMA of opens), defined from n-1 values on. A NaN
// after the start ends the series (every later value is NaN).
func ema(x []float64, n int) []float64 {
	out := nans(len(x))
	f := firstDefined(x)
	if f == len(x) {
		return out
	}
	alpha := 2 / float64(n+1)
	prev := x[f]
	for i := f; i < len(x); i++ {
		if i > f {
			prev = prev + alpha*(x[i]-prev)
		}
		if i >= f+n-1 {
			out[i] = prev
		}
	}
	return out
}

// smma: the first value is the SMA of the first n values, then
// (previous·(n−1) + x) / n.
func smma(x []float64, n int) []float64 {
	out := nans(len(x))
	f := firstDefined(x)
	if f+n > len(x) {
		return out
	}
	s := 0.0
	for _, v := range x[f : f+n] {
		s += v
	}
	prev := s / float64(n)
	out[f+n-1] = prev
	for i := f + n; i < len(x); i++ {
		prev = (prev*float64(n-1) + x[i]) / float64(n)
		out[i] = prev
	}
	return out
}

// lwma: weights 1..n, the newest value weighing n.
func lwma(x []float64, n int) []float64 {
	out := nans(len(x))
	f := firstDefined(x)
	wsum := float64(n*(n+1)) / 2
	for i := f + n - 1; i < len(x); i++ {
		s := 0.0
		for j := 0; j < n; j++ {
			s += float64(n-j) * x[i-j]
		}
		out[i] = s / wsum
	}
	return out
}

// rsi: the first average gain and loss are plain means of the first n
// changes; later ones are Wilder-smoothed ((prev·(n−1) + change)/n). With no
// loss the RSI is 100, with neither gain nor loss 50 (as MT5's RSI).
func rsi(x []float64, n int) []float64 {
	out := nans(len(x))
	f := firstDefined(x)
	if f+n >= len(x) {
		return out
	}
	var pos, neg float64
	for i := f + 1; i <= f+n; i++ {
		d := x[i] - x[i-1]
		pos += math.Max(d, 0)
		neg += math.Max(-d, 0)
	}
	pos, neg = pos/float64(n), neg/float64(n)
	out[f+n] = rsiValue(pos, neg)
	for i := f + n + 1; i < len(x); i++ {
		d := x[i] - x[i-1]
		pos = (pos*float64(n-1) + math.Max(d, 0)) / float64(n)
		neg = (neg*float64(n-1) + math.Max(-d, 0)) / float64(n)
		out[i] = rsiValue(pos, neg)
	}
	return out
}

func rsiValue(pos, neg float64) float64 {
	switch {
	case neg != 0:
		return 100 - 100/(1+pos/neg)
	case pos != 0:
		return 100
	}
	return 50
}

// trueRange of bar i: max(high, previous close) − min(low, previous close);
// bar 0 has no previous close and is never averaged.
func trueRange(high, low, close []float64, i int) float64 {
	return math.Max(high[i], close[i-1]) - math.Min(low[i], close[i-1])
}

// atr over raw bars: the simple average of the true ranges of bars 1..n is
// the value at bar n; then a moving window of n true ranges (MT5's ATR is a
// simple, not Wilder, average).
func atr(high, low, close []float64, n int) []float64 {
	out := nans(len(close))
	if n >= len(close) {
		return out
	}
	s := 0.0
	for i := 1; i <= n; i++ {
		s += trueRange(high, low, close, i)
	}
	out[n] = s / float64(n)
	for i := n + 1; i < len(close); i++ {
		out[i] = out[i-1] + (trueRange(high, low, close, i)-trueRange(high, low, close, i-n))/float64(n)
	}
	return out
}

// adx over raw bars, as MT5's ADX: directional movements as a percentage of
// the true range, smoothed with an EMA of alpha 2/(n+1) starting from 0 at
// bar 0, and the ADX an EMA of 100·|+DI − −DI|/(+DI + −DI). Shown from bar
// 2n, as MT5 draws it.
func adx(high, low, close []float64, n int) []float64 {
	out := nans(len(close))
	alpha := 2 / float64(n+1)
	var pdi, ndi, adxv float64
	for i := 1; i < len(close); i++ {
		up := math.Max(high[i]-high[i-1], 0)
		down := math.Max(low[i-1]-low[i], 0)
		switch {
		case up > down:
			down = 0
		case up < down:
			up = 0
		default:
			up, down = 0, 0
		}
		tr := math.Max(math.Max(math.Abs(high[i]-low[i]), math.Abs(high[i]-close[i-1])), math.Abs(low[i]-close[i-1]))
		var pd, nd float64
		if tr != 0 {
			pd, nd = 100*up/tr, 100*down/tr
		}
		pdi = pd*alpha + pdi*(1-alpha)
		ndi = nd*alpha + ndi*(1-alpha)
		dx := 0.0
		if s := pdi + ndi; s != 0 {
			dx = 100 * math.Abs((pdi-ndi)/s)
		}
		adxv = dx*alpha + adxv*(1-alpha)
		if i >= 2*n {
			out[i] = adxv
		}
	}
	return out
}

// cci over raw bars: (tp − sma(tp, n)) / (0.015 · mean |tp − sma|) of the
// typical price (high+low+close)/3; 0 when the mean deviation is 0.
func cci(high, low, close []float64, n int) []float64 {
	tp := make([]float64, len(close))
	for i := range tp {
		tp[i] = (high[i] + low[i] + close[i]) / 3
	}
	ma := smaFloat(tp, n)
	out := nans(len(close))
	for i := n - 1; i < len(close); i++ {
		d := 0.0
		for _, v := range tp[i-n+1 : i+1] {
			d += math.Abs(v - ma[i])
		}
		d /= float64(n)
		if d == 0 {
			out[i] = 0
		} else {
			out[i] = (tp[i] - ma[i]) / (0.015 * d)
		}
	}
	return out
}

// stddev: the population standard deviation (divided by n) of the last n
// values around their SMA, as MT5's StdDev and Bollinger Bands.
func stddev(x []float64, n int) []float64 {
	ma := smaFloat(x, n)
	out := nans(len(x))
	for i, m := range ma {
		if math.IsNaN(m) {
			continue
		}
		s := 0.0
		for _, v := range x[i-n+1 : i+1] {
			s += (v - m) * (v - m)
		}
		out[i] = math.Sqrt(s / float64(n))
	}
	return out
}

// bands is the Bollinger band sma(x, n) + k·stddev(x, n) (k < 0: lower).
func bands(x []float64, n int, k float64) []float64 {
	ma, sd := smaFloat(x, n), stddev(x, n)
	out := make([]float64, len(x))
	for i := range out {
		out[i] = ma[i] + k*sd[i]
	}
	return out
}

// stochK over raw bars: 100 · Σ(close − lowest low) / Σ(highest high −
// lowest low) over the last slowing bars, the extremes over k bars; 100 when
// the range sum is 0 (as MT5's Stochastic).
func stochK(high, low, close []float64, k, slowing int) []float64 {
	hh, ll := window(high, k, math.Max), window(low, k, math.Min)
	out := nans(len(close))
	for i := k + slowing - 2; i < len(close); i++ {
		var num, den float64
		for j := i - slowing + 1; j <= i; j++ {
			num += close[j] - ll[j]
			den += hh[j] - ll[j]
		}
		if den == 0 {
			out[i] = 100
		} else {
			out[i] = num / den * 100
		}
	}
	return out
}

// window applies pick (math.Max or math.Min) over the last n values; a
// window holding NaN is NaN.
func window(x []float64, n int, pick func(a, b float64) float64) []float64 {
	out := nans(len(x))
	run := 0
	for i, v := range x {
		if math.IsNaN(v) {
			run = 0
			continue
		}
		run++
		if run < n {
			continue
		}
		m := v
		for _, w := range x[i-n+1 : i] {
			m = pick(m, w)
		}
		out[i] = m
	}
	return out
}

// shift moves x n bars later: out[i] = x[i−n].
func shift(x []float64, n int) []float64 {
	out := nans(len(x))
	if n < len(x) {
		copy(out[n:], x[:len(x)-n])
	}
	return out
}

// crosses returns cross_above(a, b) and cross_below(a, b): up[i] is a > b
// now and a <= b one bar back, down[i] is a < b now and a >= b one bar back;
// both are undefined when any of the four values is. One scan yields both
// because strategies usually open on one and close on the other.
func crosses(a, b []float64) (up, down []float64) {
	up, down = make([]float64, len(a)), make([]float64, len(a)) // 0 unless written below
	if len(a) == 0 {
		return up, down
	}
	up[0], down[0] = nan, nan
	prevNaN, prevAbove, prevBelow := a[0] != a[0] || b[0] != b[0], a[0] > b[0], a[0] < b[0]
	// Branch-free: each bar writes both values from a table, since crosses
	// are too irregular for branch prediction.
	values := [2]float64{0, 1}
	for i := 1; i < len(a); i++ {
		x, y := a[i], b[i]
		isNaN, isAbove, isBelow := x != x || y != y, x > y, x < y
		up[i] = values[b2i(isAbove && !prevAbove)]
		down[i] = values[b2i(isBelow && !prevBelow)]
		if isNaN || prevNaN { // only before the inputs are defined
			up[i], down[i] = nan, nan
		}
		prevNaN, prevAbove, prevBelow = isNaN, isAbove, isBelow
	}
	return up, down
}

// b2i is 1 for true; the compiler makes it a flag move, not a branch.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
