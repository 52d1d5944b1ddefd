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
	allowed                   []float64 // 1 where the hours filter lets a position open; nil: always
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
