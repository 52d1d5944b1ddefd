package strategy

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/passframes/passframes/tester"
)

// value is an evaluated expression: a number fixed for the pass (arr nil)
// or a series aligned with the bars (arr[i] is known at bar i's open).
// Booleans are 1 and 0; NaN is undefined.
type value struct {
	num float64
	arr []float64
}

func (v value) at(i int) float64 {
	if v.arr == nil {
		return v.num
	}
	return v.arr[i]
}

// evaluator turns checked expressions into whole-series arrays for one pass
// (one set of input values). Every series it builds goes through env.Array
// under a key that spells the expression with the inputs' values, so passes
// that need the same series, and the back and forward period of one pass,
// share it.
type evaluator struct {
	env    *tester.Env
	inputs []float64
}

// eval returns n's value and its canonical key.
func (ev *evaluator) eval(n *node) (value, string, error) {
	switch n.op {
	case "num":
		return value{num: n.num}, formatNum(n.num), nil
	case "input":
		v := ev.inputs[n.input]
		return value{num: v}, formatNum(v), nil
	}
	if _, ok := baseSeries[n.op]; ok {
		arr, err := ev.env.Array(n.op, func() ([]float64, error) { return ev.base(n.op), nil })
		return value{arr: arr}, n.op, err
	}
	args := make([]value, len(n.args))
	keys := make([]string, len(n.args))
	for i, a := range n.args {
		var err error
		if args[i], keys[i], err = ev.eval(a); err != nil {
			return value{}, "", err
		}
	}
	if n.op == "and" || n.op == "or" {
		if v, ok := foldLogic(n.op, args[0], args[1]); ok {
			if v.arr == nil {
				return v, formatNum(v.num), nil
			}
			if args[0].arr != nil && &v.arr[0] == &args[0].arr[0] {
				return v, keys[0], nil
			}
			return v, keys[1], nil
		}
	}
	key := n.op + "(" + strings.Join(keys, ",") + ")"
	if n.konst {
		v, err := apply(ev, n, args, keys)
		return v, formatNum(v.num), err
	}
	arr, err := ev.env.Array(key, func() ([]float64, error) {
		v, err := apply(ev, n, args, keys)
		if err == nil && v.arr == nil { // a constant where a series is due
			v.arr = fill(len(ev.env.Bars.Time), v.num)
		}
		return v.arr, err
	})
	return value{arr: arr}, key, err
}

func formatNum(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func fill(n int, v float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// base builds one of the bar series, aligned with the bars' opens.
func (ev *evaluator) base(name string) []float64 {
	b := ev.env.Bars
	n := b.Len()
	switch name {
	case "open":
		return append([]float64(nil), b.Open...)
	case "close":
		return lastCompleted(b.Close)
	case "high":
		return lastCompleted(b.High)
	case "low":
		return lastCompleted(b.Low)
	case "volume":
		return lastCompleted(b.Volume)
	case "spread":
		s := make([]float64, n)
		for i := range s {
			if b.Spread != nil {
				s[i] = float64(b.Spread[i])
			} else {
				s[i] = nan // the spread is a tester setting, not in the data
			}
		}
		return lastCompleted(s)
	case "bars":
		out := make([]float64, n)
		for i := range out {
			out[i] = float64(i)
		}
		return out
	}
	out := make([]float64, n)
	for i, ms := range b.Time {
		t := time.UnixMilli(ms).UTC()
		switch name {
		case "hour":
			out[i] = float64(t.Hour())
		case "minute":
			out[i] = float64(t.Minute())
		case "weekday":
			out[i] = float64(t.Weekday())
		case "day":
			out[i] = float64(t.Day())
		case "month":
			out[i] = float64(t.Month())
		case "year":
			out[i] = float64(t.Year())
		}
	}
	return out
}

// lastCompleted aligns a per-bar series with the next bar's open: out[i] is
// x[i-1], and undefined at the first bar.
func lastCompleted(x []float64) []float64 {
	out := make([]float64, len(x))
	if len(x) > 0 {
		out[0] = nan
		copy(out[1:], x[:len(x)-1])
	}
	return out
}

// rawBars are the bars' completed-bar arrays for indicators that read high,
// low and close together; their results are aligned with lastCompleted.
func (ev *evaluator) rawBars() (high, low, close []float64) {
	b := ev.env.Bars
	return b.High, b.Low, b.Close
}

// whole reads a constant argument that must be a whole number >= min.
func whole(n *node, v value, i int, min int) (int, error) {
	x := v.num
	if x != math.Trunc(x) || x < float64(min) || x > 1e7 {
		return 0, fmt.Errorf("argument %d of %s must be a whole number >= %d, got %g", i+1, functions[n.op].sig, min, x)
	}
	return int(x), nil
}

// isPrice tells the price series, whose SMA is summed in exact fixed point.
func isPrice(key string) bool {
	switch key {
	case "open", "close", "high", "low":
		return true
	}
	return false
}

// apply computes node n from its evaluated arguments.
func apply(ev *evaluator, n *node, a []value, keys []string) (value, error) {
	switch n.op {
	case "neg":
		return unaryOp(a[0], func(x float64) float64 { return -x }), nil
	case "not":
		return unaryOp(a[0], func(x float64) float64 {
			if math.IsNaN(x) {
				return nan
			}
			return boolValue(x == 0)
		}), nil
	case "abs":
		return unaryOp(a[0], math.Abs), nil
	case "+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!=", "and", "or", "min", "max":
		return binaryOp(n.op, a[0], a[1]), nil
	case "if":
		return conditional(a[0], a[1], a[2]), nil
	}
	ints := make([]int, len(a))
	for i, spec := range functions[n.op].args {
		if spec.constant {
			min := 1
			if n.op == "shift" {
				min = 0
			}
			if n.op == "bands_upper" || n.op == "bands_lower" {
				if i == 2 {
					continue
				}
			}
			var err error
			if ints[i], err = whole(n, a[i], i, min); err != nil {
				return value{}, err
			}
		}
	}
	size := len(ev.env.Bars.Time)
	series := func(v value) []float64 {
		if v.arr == nil {
			return fill(size, v.num)
		}
		return v.arr
	}
	high, low, close := ev.rawBars()
	var out []float64
	switch n.op {
	case "sma":
		if isPrice(keys[0]) {
			out = smaExact(series(a[0]), ints[1])
		} else {
			out = smaFloat(series(a[0]), ints[1])
		}
	case "ema":
		out = ema(series(a[0]), ints[1])
	case "smma":
		out = smma(series(a[0]), ints[1])
	case "lwma":
		out = lwma(series(a[0]), ints[1])
	case "rsi":
		out = rsi(series(a[0]), ints[1])
	case "stddev":
		out = stddev(series(a[0]), ints[1])
	case "bands_upper":
		out = bands(series(a[0]), ints[1], a[2].num)
	case "bands_lower":
		out = bands(series(a[0]), ints[1], -a[2].num)
	case "highest":
		out = window(series(a[0]), ints[1], math.Max)
	case "lowest":
		out = window(series(a[0]), ints[1], math.Min)
	case "shift":
		out = shift(series(a[0]), ints[1])
	case "macd":
		out = macd(series(a[0]), ints[1], ints[2])
	case "macd_signal":
		out = smaFloat(macd(series(a[0]), ints[1], ints[2]), ints[3])
	case "cross_above", "cross_below":
		up, down := crosses(series(a[0]), series(a[1]))
		out = up
		sibling, siblingKey := down, "cross_below("+keys[0]+","+keys[1]+")"
		if n.op == "cross_below" {
			out, sibling, siblingKey = down, up, "cross_above("+keys[0]+","+keys[1]+")"
		}
		// The other direction came free: cache it for the rule that wants it.
		if _, err := ev.env.Array(siblingKey, func() ([]float64, error) { return sibling, nil }); err != nil {
			return value{}, err
		}
	case "atr":
		out = lastCompleted(atr(high, low, close, ints[0]))
	case "adx":
		out = lastCompleted(adx(high, low, close, ints[0]))
	case "cci":
		out = lastCompleted(cci(high, low, close, ints[0]))
	case "stoch_k":
		out = lastCompleted(stochK(high, low, close, ints[0], ints[1]))
	case "stoch_d":
		out = lastCompleted(smaFloat(stochK(high, low, close, ints[0], ints[1]), ints[2]))
	default:
		return value{}, fmt.Errorf("function %s has no implementation", n.op)
	}
	return value{arr: out}, nil
}

func macd(x []float64, fast, slow int) []float64 {
	f, s := ema(x, fast), ema(x, slow)
	out := make([]float64, len(x))
	for i := range out {
		out[i] = f[i] - s[i]
	}
	return out
}

func unaryOp(x value, f func(float64) float64) value {
	if x.arr == nil {
		return value{num: f(x.num)}
	}
	out := make([]float64, len(x.arr))
	for i, v := range x.arr {
		out[i] = f(v)
	}
	return value{arr: out}
}

// and and or follow three-valued logic: false and undefined is false, true
// or undefined is true; otherwise an undefined operand leaves the result
// undefined.
func and(x, y float64) float64 {
	switch {
	case x == 0 || y == 0:
		return 0
	case x != x || y != y:
		return nan
	}
	return 1
}

func or(x, y float64) float64 {
	switch {
	case x == 1 || y == 1:
		return 1
	case x != x || y != y:
		return nan
	}
	return 0
}

// binaryOp applies an operator element by element; a constant operand is
// broadcast. Comparisons are undefined (NaN) where an operand is, so a rule
// never fires on a bar it cannot judge. A constant operand of and/or that
// decides the result alone (false and …, true or …) or not at all (true
// and x is x) is folded, so "Short and cross_below(…)" costs nothing when
// Short is false.
func binaryOp(op string, l, r value) value {
	if op == "and" || op == "or" {
		if v, ok := foldLogic(op, l, r); ok {
			return v
		}
	}
	f := binaryFunc(op)
	if l.arr == nil && r.arr == nil {
		return value{num: f(l.num, r.num)}
	}
	n := len(l.arr)
	if n == 0 {
		n = len(r.arr)
	}
	out := make([]float64, n)
	for i := range out {
		out[i] = f(l.at(i), r.at(i))
	}
	return value{arr: out}
}

func binaryFunc(op string) func(x, y float64) float64 {
	cmp := func(test func(x, y float64) bool) func(x, y float64) float64 {
		return func(x, y float64) float64 {
			if math.IsNaN(x) || math.IsNaN(y) {
				return nan
			}
			return boolValue(test(x, y))
		}
	}
	switch op {
	case "+":
		return func(x, y float64) float64 { return x + y }
	case "-":
		return func(x, y float64) float64 { return x - y }
	case "*":
		return func(x, y float64) float64 { return x * y }
	case "/":
		return func(x, y float64) float64 { return x / y }
	case "min":
		return math.Min
	case "max":
		return math.Max
	case "<":
		return cmp(func(x, y float64) bool { return x < y })
	case "<=":
		return cmp(func(x, y float64) bool { return x <= y })
	case ">":
		return cmp(func(x, y float64) bool { return x > y })
	case ">=":
		return cmp(func(x, y float64) bool { return x >= y })
	case "==":
		return cmp(func(x, y float64) bool { return x == y })
	case "!=":
		return cmp(func(x, y float64) bool { return x != y })
	case "and":
		return and
	case "or":
		return or
	}
	panic("strategy: unknown operator " + op)
}

func conditional(c, a, b value) value {
	pick := func(cond, x, y float64) float64 {
		switch {
		case math.IsNaN(cond):
			return nan
		case cond != 0:
			return x
		}
		return y
	}
	if c.arr == nil && a.arr == nil && b.arr == nil {
		return value{num: pick(c.num, a.num, b.num)}
	}
	n := max(len(c.arr), len(a.arr), len(b.arr))
	out := make([]float64, n)
	for i := range out {
		out[i] = pick(c.at(i), a.at(i), b.at(i))
	}
	return value{arr: out}
}

// foldLogic settles and/or with a constant operand without a loop.
func foldLogic(op string, l, r value) (value, bool) {
	decides := 0.0 // the constant that decides the result alone
	if op == "or" {
		decides = 1
	}
	for _, pair := range [2][2]value{{l, r}, {r, l}} {
		c, other := pair[0], pair[1]
		if c.arr != nil || c.num != c.num {
			continue
		}
		if c.num == decides {
			return value{num: decides}, true
		}
		if other.arr != nil {
			return other, true // true and x, false or x: x itself (booleans are 0/1/NaN)
		}
	}
	return value{}, false
}
