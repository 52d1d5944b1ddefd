package tester

import "fmt"

// Expert is a trading strategy. The tester calls OnBar at the open of every
// bar of the pass (the first tick of a new bar); the expert sees only
// completed bars through the Context, and its orders fill at this bar's open.
type Expert interface {
	OnBar(c *Context)
}

// A Waker is an expert that can name ahead of time the bars on which its
// OnBar may act: on every other bar OnBar would only return, whatever the
// position and the account are then. The tester calls OnBar on the bars
// Wake names only, and runs the bars between them in a tight loop (a flat
// stretch costs nothing per bar). The results are those of calling OnBar on
// every bar; a Wake that names more bars than needed is only slower.
//
// Wake may read the bars and indicators ahead of the current bar (with
// Buffer.Values), since it only decides when OnBar runs, and it must decide
// each bar from what OnBar would see there.
type Waker interface {
	Expert
	// Wake returns the first bar index in [from, to) on which OnBar may
	// act, or to when there is none. from is at least 1, and successive
	// calls of a pass ask about later and later bars.
	Wake(from, to int) int
}

// Context is an expert's view of the market and the account at the open of
// the current bar. Shifts count back from the current bar: shift 1 is the
// last completed bar. Reading a bar that has not completed panics, so an
// expert cannot look ahead.
type Context struct {
	r *runner
	n int // index of the current (new) bar in the series
	// The bars' columns, copied from the series once per pass so that an
	// accessor reads its column without going through the runner.
	open, high, low, close []float64
	time                   []int64
}

// Bars is the number of completed bars in the history (from the start of the data).
func (c *Context) Bars() int { return c.n }

// Open returns the open of the bar at shift; shift 0 is the current bar,
// whose open is the price the orders fill at.
func (c *Context) Open(shift int) float64 { return c.open[c.index(shift, true)] }

// High returns the high of a completed bar (shift >= 1).
func (c *Context) High(shift int) float64 { return c.high[c.index(shift, false)] }

// Low returns the low of a completed bar (shift >= 1).
func (c *Context) Low(shift int) float64 { return c.low[c.index(shift, false)] }

// Close returns the close of a completed bar (shift >= 1).
func (c *Context) Close(shift int) float64 { return c.close[c.index(shift, false)] }

// Time returns the open time (Unix ms) of the bar at shift (0 = current).
func (c *Context) Time(shift int) int64 { return c.time[c.index(shift, true)] }

// Value returns an indicator's value at the bar at shift, and false when the
// indicator is not defined there yet (too little history). Shift 0 is allowed
// only for indicators known at a bar's open (of opens).
func (c *Context) Value(b *Buffer, shift int) (float64, bool) {
	if shift > c.n {
		return 0, false // before the first bar: not defined, not a look-ahead
	}
	i := c.index(shift, b.current)
	if i < b.first {
		return 0, false
	}
	return b.v[i], true
}

// index maps a shift to a bar index. It is small enough to inline into every
// accessor (the panic value formats itself only if printed).
func (c *Context) index(shift int, currentOK bool) int {
	i := c.n - shift
	// One unsigned comparison rejects both shift < 0 (i > n) and a shift
	// before the first bar (i < 0); i == n is the current bar.
	if uint(i) > uint(c.n) || (i == c.n && !currentOK) {
		panic(shiftError{shift, c.n})
	}
	return i
}

// shiftError is the panic of an expert that reads a bar it cannot see.
type shiftError struct{ shift, bars int }

func (e shiftError) Error() string {
	if e.shift <= 0 {
		return fmt.Sprintf("tester: an expert asked for shift %d, a bar that has not completed", e.shift)
	}
	return fmt.Sprintf("tester: shift %d is before the first bar (history has %d bars)", e.shift, e.bars)
}

// Position is the open position: Dir is +1 long, -1 short, 0 none.
type Position struct {
	Dir       int
	Volume    float64
	OpenPrice float64
	OpenTime  int64
	SL, TP    float64 // 0 when unset
}

// Position returns the open position.
func (c *Context) Position() Position { return c.r.pos }

// Bid is the current bar's open; Ask adds the spread.
func (c *Context) Bid() float64 { return c.open[c.n] }

// Ask is the price a buy fills at now.
func (c *Context) Ask() float64 { return c.open[c.n] + c.r.spread(c.n) }

// Balance is the account balance.
func (c *Context) Balance() float64 { return c.r.calc.Balance() }

// Equity is balance plus the open position's floating result at the current open.
func (c *Context) Equity() float64 { return c.r.equityAt(c.open[c.n], c.n) }

// FreeMargin is equity minus the margin of the open position.
func (c *Context) FreeMargin() float64 { return c.Equity() - c.r.margin() }

// MarginPerLot is the margin one lot needs at price, in the account
// currency, with the symbol's leverage (else the account's).
func (c *Context) MarginPerLot(price float64) float64 {
	return c.LotValue(price) / c.r.leverage
}

// LotValue is what one lot is worth at price (contract size × price), in
// the account currency at the current bar.
func (c *Context) LotValue(price float64) float64 {
	v := c.r.cfg.Symbol.ContractSize * price
	if c.r.convert {
		v = c.r.toAccount(v, price, c.n)
	}
	return v
}

// Symbol returns the traded symbol's settings (volume limits, contract size).
func (c *Context) Symbol() Symbol { return c.r.cfg.Symbol }

// Trades returns the closed trades of the pass so far, oldest first. The
// slice is the tester's own: read it, do not keep or change it.
func (c *Context) Trades() []Trade { return c.r.res.Trades }

// Buy opens a long at the ask, first closing a short if one is open. sl and
// tp are price levels, 0 for none. It reports whether the long was opened
// (false when the volume is invalid or the free margin is too small).
func (c *Context) Buy(volume, sl, tp float64) bool { return c.r.open(+1, volume, sl, tp) }

// Sell opens a short at the bid, first closing a long if one is open.
func (c *Context) Sell(volume, sl, tp float64) bool { return c.r.open(-1, volume, sl, tp) }

// ClosePosition closes the open position at the current open, if any.
func (c *Context) ClosePosition() { c.r.closeAtOpen() }

// SkipOrder records that the expert wanted to trade but skipped the order
// (its lot rounded below the symbol's minimum), so the run can warn.
func (c *Context) SkipOrder() { c.r.res.Orders.Skipped++ }
