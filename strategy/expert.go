package strategy

import (
	"fmt"
	"math"

	"github.com/passframes/passframes/tester"
)

// expert runs one pass of a strategy: its rules and stops are arrays over
// the whole series, so OnBar only reads the values at the current bar.
type expert struct {
	s       *Strategy
	rules   [4]rule // ruleNever where the file has none
	stops   [4]value
	hasStop [4]bool
	// lot sizing, fixed for the pass: fixed lots when fixed > 0, otherwise
	// equityPct or riskPct percent of equity.
	fixed, equityPct, riskPct float64
	allowed                   []float64  // 1 where the hours filter lets a position open; nil: always
	wake                      []wakeRule // what Wake scans: the rules, merged where they can be
}

// sizeRule evaluates the lot expressions for this pass.
func (e *expert) sizeRule(ev *evaluator) error {
	l := e.s.lots
	for _, p := range []struct {
		n   *node
		dst *float64
	}{{l.fixed, &e.fixed}, {l.equityPct, &e.equityPct}, {l.riskPct, &e.riskPct}} {
		if p.n == nil {
			continue
		}
		v, _, err := ev.eval(p.n)
		if err != nil {
			return err
		}
		if math.IsNaN(v.num) || math.IsInf(v.num, 0) || v.num < 0 {
			return fmt.Errorf("lots: a size must be a number >= 0, got %g", v.num)
		}
		*p.dst = v.num
	}
	if e.fixed <= 0 && e.equityPct <= 0 && e.riskPct <= 0 {
		return fmt.Errorf("lots: every size is 0 for these inputs, so the strategy could never trade")
	}
	return nil
}

func (e *expert) fires(r, i int) bool { return e.rules[r].fires(i) }

// OnBar implements tester.Expert. Close rules act first, then open rules; an
// open against the position reverses it (a close and an open). When buy and
// sell fire together neither opens.
func (e *expert) OnBar(c *tester.Context) {
	i := c.Bars()
	pos := c.Position().Dir
	buy, sell := e.fires(ruleBuy, i), e.fires(ruleSell, i)
	if buy == sell || (e.allowed != nil && e.allowed[i] != 1) {
		buy, sell = false, false
	}
	closing := (pos > 0 && e.fires(ruleCloseBuy, i)) || (pos < 0 && e.fires(ruleCloseSell, i))
	if !buy && !sell && !closing {
		return
	}
	// Sizes use the equity at this open with the old position still held,
	// as the built-in experts size a reversal.
	equity := c.Equity()
	if closing {
		c.ClosePosition()
		pos = 0
	}
	switch {
	case buy && pos <= 0:
		e.open(c, +1, i, equity)
	case sell && pos >= 0:
		e.open(c, -1, i, equity)
	}
}

// open places a buy (dir +1) or a sell (-1) with the strategy's stops and
// size. A stop that is undefined at this bar (or a distance <= 0) cancels the
// order; a size below the symbol's minimum volume is skipped and counted.
func (e *expert) open(c *tester.Context, dir, i int, equity float64) {
	price, slot := c.Ask(), stopBuySL
	if dir < 0 {
		price, slot = c.Bid(), stopSellSL
	}
	sym := c.Symbol()
	sl, ok := e.stopLevel(slot, i, price, -float64(dir), sym.Digits)
	if !ok {
		return
	}
	tp, ok := e.stopLevel(slot+1, i, price, float64(dir), sym.Digits)
	if !ok {
		return
	}
	vol := e.volume(sym, price, sl, equity)
	if vol < sym.VolumeMin-1e-9 {
		c.SkipOrder()
		return
	}
	if dir > 0 {
		c.Buy(vol, sl, tp)
	} else {
		c.Sell(vol, sl, tp)
	}
}

// stopLevel returns the price level of stop slot at bar i (0: none). side
// is the direction from the entry price a distance goes (-1 below).
func (e *expert) stopLevel(slot, i int, price, side float64, digits int) (float64, bool) {
	if !e.hasStop[slot] {
		return 0, true
	}
	v := e.stops[slot].at(i)
	if math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 {
		return 0, false
	}
	if !e.s.isLevel[slot] {
		v = price + side*v
		if v <= 0 {
			return 0, false
		}
	}
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p, true
}

// volume sizes an order in lots: fixed lots rounded to the volume step, or a
// share of equity (as notional, or as the money lost at the stop) rounded
// down to the step; never above the symbol's maximum.
func (e *expert) volume(sym tester.Symbol, price, sl, equity float64) float64 {
	var v float64
	switch {
	case e.fixed > 0:
		v = math.Round(e.fixed/sym.VolumeStep) * sym.VolumeStep
	case e.equityPct > 0:
		v = floorStep(e.equityPct/100*equity/(price*sym.ContractSize), sym.VolumeStep)
	case e.riskPct > 0:
		dist := math.Abs(price - sl)
		if sl == 0 || dist == 0 {
			return 0
		}
		v = floorStep(e.riskPct/100*equity/(dist*sym.ContractSize), sym.VolumeStep)
	}
	v = math.Round(v*1e8) / 1e8
	return math.Min(v, sym.VolumeMax)
}

func floorStep(v, step float64) float64 {
	return math.Floor(v/step+1e-9) * step
}

// wakingExpert is a strategy pass whose rules fire on few bars: it is a
// tester.Waker, so the tester skips the bars where no rule fires. Where a
// rule fires on many bars (an RSI above 50 as a close rule, say) waking up
// that often costs more than calling OnBar on every bar, and New returns
// the plain expert instead (wakeWorthIt).
type wakingExpert struct{ *expert }

// Wake implements tester.Waker. OnBar acts only on a bar where one of the
// four rules fires (the hours filter and the position can only keep it from
// acting), and the rules are arrays over the whole series, so the bars
// between are skipped: the tester runs them in its tight loop. Each rule of
// the wake plan keeps the next bar it fires on, found by a loop over that
// rule alone.
func (w wakingExpert) Wake(from, to int) int {
	next := to
	for k := range w.wake {
		r := &w.wake[k]
		next = min(next, r.cursor.next(&r.rule, from, to))
	}
	return next
}

// wakeWorthIt says whether a pass with this wake plan is better run as a
// tester.Waker: when no rule fires on every bar, and no rule given as an
// array fires on more than one bar in denseWake. Crosses fire rarely by
// nature and are not counted.
func wakeWorthIt(plan []wakeRule) bool {
	for _, w := range plan {
		switch w.rule.kind {
		case ruleAlways:
			return false
		case ruleArray:
			ones := 0
			for _, v := range w.rule.arr {
				if v == 1 {
					ones++
				}
			}
			if ones*denseWake > len(w.rule.arr) {
				return false
			}
		}
	}
	return true
}

// denseWake: a rule firing on more than one bar in this many makes waking
// slower than calling OnBar on every bar (measured with the shipped RSI
// strategy, whose close rules fire on about half the bars).
const denseWake = 16

// wakeRule is a rule Wake scans, with where it fires next.
type wakeRule struct {
	rule   rule
	cursor wakeCursor
}

// wakePlan lists the rules Wake must scan: the ones that can fire, each
// once, with a cross above and a cross below of the same two series merged
// into one scan for either (a strategy's buy and close-buy rules often are
// such a pair).
func wakePlan(rules [4]rule) []wakeRule {
	var plan []wakeRule
	for _, r := range rules {
		if r.kind == ruleNever || mergeInto(plan, r) {
			continue
		}
		plan = append(plan, wakeRule{rule: r})
	}
	return plan
}

// mergeInto folds r into a rule of plan that fires on the same bars or is
// its opposite cross, and reports whether it did.
func mergeInto(plan []wakeRule, r rule) bool {
	for k := range plan {
		p := &plan[k].rule
		switch {
		case p.kind == ruleArray && r.kind == ruleArray && sameArray(p.arr, r.arr):
			return true
		case isCross(p.kind) && isCross(r.kind) && sameValue(p.a, r.a) && sameValue(p.b, r.b):
			if p.kind != r.kind {
				p.kind = ruleCrossEither
			}
			return true
		}
	}
	return false
}

func isCross(k ruleKind) bool {
	return k == ruleCrossAbove || k == ruleCrossBelow || k == ruleCrossEither
}

func sameArray(a, b []float64) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

func sameValue(a, b value) bool {
	if a.arr == nil || b.arr == nil {
		return a.arr == nil && b.arr == nil && a.num == b.num
	}
	return sameArray(a.arr, b.arr)
}

// wakeCursor remembers where a rule fires next: no bar in [start, at) fires,
// and at fires unless at == limit, the end of the bars searched.
type wakeCursor struct{ start, at, limit int }

// next returns the first bar in [from, to) the rule fires on, or to.
func (c *wakeCursor) next(r *rule, from, to int) int {
	known := c.limit > 0 && c.start <= from && c.at >= from
	if known && c.at < c.limit {
		return min(c.at, to)
	}
	if known && c.limit >= to {
		return to
	}
	c.start, c.at, c.limit = from, r.firstFiring(from, to), to
	return c.at
}
