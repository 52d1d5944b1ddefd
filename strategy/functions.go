package strategy

import (
	"sort"
)

// baseSeries are the names that stand for a series of the bars, aligned with
// the moment rules run: the open of each bar. open and the time parts are the
// current bar's; close, high, low, volume and spread are the last completed
// bar's.
var baseSeries = map[string]string{
	"open":    "the current bar's open (the price orders fill at, bid)",
	"close":   "the last completed bar's close",
	"high":    "the last completed bar's high",
	"low":     "the last completed bar's low",
	"volume":  "the last completed bar's tick volume",
	"spread":  "the last completed bar's spread in points (the symbol's spread when the data has none)",
	"hour":    "hour of the current bar's open time, 0..23",
	"minute":  "minute of the current bar's open time, 0..59",
	"weekday": "day of the week of the current bar's open time, 0 = Sunday .. 6 = Saturday (as MQL5)",
	"day":     "day of the month of the current bar's open time, 1..31",
	"month":   "month of the current bar's open time, 1..12",
	"year":    "year of the current bar's open time",
	"bars":    "number of completed bars before the current one",
}

func seriesNames() []string {
	names := make([]string, 0, len(baseSeries))
	for n := range baseSeries {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// argSpec is one argument of a function: its type and whether it must be
// constant (fixed for a pass: a period, a shift, a multiplier).
type argSpec struct {
	typ      typ
	constant bool
}

var (
	aSeries = argSpec{typ: tNum}
	aConst  = argSpec{typ: tNum, constant: true}
)

// function is one function of the language.
type function struct {
	sig    string
	args   []argSpec
	result typ
	// series: the result is a series even when every argument is constant
	// (an indicator of the bars).
	series bool
	doc    string
}

// functions lists the language's functions; docs/strategies.md describes
// each one's definition and where it becomes defined.
var functions = map[string]function{
	"sma":         {sig: "sma(x, n)", args: []argSpec{aSeries, aConst}, series: true, doc: "simple moving average"},
	"ema":         {sig: "ema(x, n)", args: []argSpec{aSeries, aConst}, series: true, doc: "exponential moving average, alpha 2/(n+1), seeded by the first value"},
	"smma":        {sig: "smma(x, n)", args: []argSpec{aSeries, aConst}, series: true, doc: "smoothed moving average, seeded by the SMA of the first n values"},
	"lwma":        {sig: "lwma(x, n)", args: []argSpec{aSeries, aConst}, series: true, doc: "linear weighted moving average, weights 1..n"},
	"rsi":         {sig: "rsi(x, n)", args: []argSpec{aSeries, aConst}, series: true, doc: "relative strength index, Wilder smoothing"},
	"atr":         {sig: "atr(n)", args: []argSpec{aConst}, series: true, doc: "average true range: simple average of true ranges"},
	"adx":         {sig: "adx(n)", args: []argSpec{aConst}, series: true, doc: "average directional index, EMA-smoothed (MT5's ADX, not ADX Wilder)"},
	"cci":         {sig: "cci(n)", args: []argSpec{aConst}, series: true, doc: "commodity channel index of the typical price"},
	"stddev":      {sig: "stddev(x, n)", args: []argSpec{aSeries, aConst}, series: true, doc: "population standard deviation around the SMA"},
	"bands_upper": {sig: "bands_upper(x, n, k)", args: []argSpec{aSeries, aConst, aConst}, series: true, doc: "Bollinger upper band: sma + k·stddev"},
	"bands_lower": {sig: "bands_lower(x, n, k)", args: []argSpec{aSeries, aConst, aConst}, series: true, doc: "Bollinger lower band: sma − k·stddev"},
	"macd":        {sig: "macd(x, fast, slow)", args: []argSpec{aSeries, aConst, aConst}, series: true, doc: "ema(x, fast) − ema(x, slow)"},
	"macd_signal": {sig: "macd_signal(x, fast, slow, signal)", args: []argSpec{aSeries, aConst, aConst, aConst}, series: true, doc: "SMA of macd over signal values"},
	"stoch_k":     {sig: "stoch_k(k, slowing)", args: []argSpec{aConst, aConst}, series: true, doc: "stochastic main line"},
	"stoch_d":     {sig: "stoch_d(k, slowing, d)", args: []argSpec{aConst, aConst, aConst}, series: true, doc: "stochastic signal line: SMA of stoch_k over d"},
	"highest":     {sig: "highest(x, n)", args: []argSpec{aSeries, aConst}, series: true, doc: "largest of the last n values"},
	"lowest":      {sig: "lowest(x, n)", args: []argSpec{aSeries, aConst}, series: true, doc: "smallest of the last n values"},
	"shift":       {sig: "shift(x, n)", args: []argSpec{aSeries, aConst}, series: true, doc: "x n bars back; also written x[n]"},
	"cross_above": {sig: "cross_above(a, b)", args: []argSpec{aSeries, aSeries}, result: tBool, series: true, doc: "a > b now and a <= b one bar back"},
	"cross_below": {sig: "cross_below(a, b)", args: []argSpec{aSeries, aSeries}, result: tBool, series: true, doc: "a < b now and a >= b one bar back"},
	"abs":         {sig: "abs(x)", args: []argSpec{aSeries}, doc: "absolute value"},
	"min":         {sig: "min(a, b)", args: []argSpec{aSeries, aSeries}, doc: "smaller of a and b"},
	"max":         {sig: "max(a, b)", args: []argSpec{aSeries, aSeries}, doc: "larger of a and b"},
}

func functionNames() []string {
	names := make([]string, 0, len(functions))
	for n := range functions {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
