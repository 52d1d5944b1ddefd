package stats

import "math"

// Calculator accumulates the 41 statistics of one pass in a single streaming
// pass over its events. It keeps one buffer (the changed bar closes the Sharpe
// ratio is computed from), which Reset keeps: a reused Calculator stops
// allocating once that buffer has grown to the longest pass. Feed it, in time
// order:
//
//   - Deal for every execution (entries and exits),
//   - Trade for every closed position (its result is booked on the balance),
//   - Equity for every sample of the equity series (the worst intrabar equity
//     of a bar with an open position, and every bar's close),
//   - BarClose for the equity at the close of each bar (for the Sharpe ratio),
//   - MarginLevel for each bar with an open position,
//
// then call Stats. Reset makes it ready for the next pass.
type Calculator struct {
	deposit     float64
	barsPerYear float64
	balance     float64

	deals, trades, wins, losses        int
	shorts, longs, winShorts, winLongs int
	grossProfit, grossLoss             float64
	maxWin, maxLoss                    float64
	win, loss                          runTracker
	balanceDD, equityDD                drawdown
	lastClose                          float64
	closes                             []float64 // changed bar-close equities, for the Sharpe ratio
	minMargin                          float64
	haveMargin                         bool
}

// NewCalculator returns a Calculator for a pass starting from deposit.
// barsPerYear annualizes the Sharpe ratio (market.Timeframe.BarsPerYear).
func NewCalculator(deposit, barsPerYear float64) *Calculator {
	c := &Calculator{}
	c.Reset(deposit, barsPerYear)
	return c
}

// Reset clears the calculator for a new pass.
func (c *Calculator) Reset(deposit, barsPerYear float64) {
	closes := c.closes[:0] // keep the buffer: passes after the first do not allocate
	*c = Calculator{deposit: deposit, barsPerYear: barsPerYear, balance: deposit,
		lastClose: deposit, closes: closes}
	c.balanceDD.reset(deposit)
	c.equityDD.reset(deposit)
}

// Balance is the balance after the trades fed so far.
func (c *Calculator) Balance() float64 { return c.balance }

// Deal counts one execution.
func (c *Calculator) Deal() { c.deals++ }

// Trade books a closed trade's result (price P/L + swap + both commissions)
// on the balance. long is true for a trade that closes a buy.
func (c *Calculator) Trade(result float64, long bool) {
	c.trades++
	if long {
		c.longs++
	} else {
		c.shorts++
	}
	switch {
	case result > 0:
		c.wins++
		c.grossProfit += result
		c.maxWin = max(c.maxWin, result)
		if long {
			c.winLongs++
		} else {
			c.winShorts++
		}
		c.loss.end()
		c.win.add(result)
	case result < 0:
		c.losses++
		c.grossLoss += result
		c.maxLoss = min(c.maxLoss, result)
		c.win.end()
		c.loss.add(result)
	default: // break-even: neither a winner nor a loser, and it breaks both runs
		c.win.end()
		c.loss.end()
	}
	c.balance += result
	c.balanceDD.add(c.balance)
}

// Equity adds one sample to the equity series.
func (c *Calculator) Equity(e float64) { c.equityDD.add(e) }

// EquityBand is the range of equity samples that change nothing: a sample
// e with low <= e <= high (the lowest equity since the last peak, and that
// peak) leaves every statistic as it is. A caller with many samples may
// feed only those outside the band, asking for it again after each.
func (c *Calculator) EquityBand() (low, high float64) {
	return c.equityDD.trough, c.equityDD.peak
}

// BarClose adds the equity at a bar's close to the Sharpe ratio's series
// (bars where equity did not change are skipped, as MT5 does). It does not
// add to the equity series: call Equity for that.
func (c *Calculator) BarClose(e float64) {
	if e != c.lastClose {
		// The returns are taken in Stats, in one tight loop: the logarithm
		// and divisions pipeline there far better than between bars.
		c.closes = append(c.closes, e)
		c.lastClose = e
	}
}

// MarginLevel adds the margin level (equity / margin × 100) of a bar with an
// open position.
func (c *Calculator) MarginLevel(level float64) {
	if !c.haveMargin || level < c.minMargin {
		c.minMargin = level
		c.haveMargin = true
	}
}

// Stats returns the 41 statistics; custom is the objective value the
// optimizer received (custom_ontester).
func (c *Calculator) Stats(custom float64) Stats {
	var s Stats
	s[InitialDeposit] = c.deposit
	s[Profit] = c.balance - c.deposit
	s[GrossProfit] = c.grossProfit
	s[GrossLoss] = c.grossLoss
	s[MaxProfitTrade] = c.maxWin
	s[MaxLossTrade] = c.maxLoss
	c.win.end()
	c.loss.end()
	s[ConProfitMax], s[ConProfitMaxTrades] = c.win.bestTotal, float64(c.win.bestTotalLen)
	s[MaxConWins], s[MaxConProfitTrades] = c.win.longestTotal, float64(c.win.longestLen)
	s[ConLossMax], s[ConLossMaxTrades] = c.loss.bestTotal, float64(c.loss.bestTotalLen)
	s[MaxConLosses], s[MaxConLossTrades] = c.loss.longestTotal, float64(c.loss.longestLen)
	s[BalanceMin] = c.balanceDD.low
	c.balanceDD.fill(s[BalanceDD : BalanceDDRelative+1])
	s[EquityMin] = c.equityDD.low
	c.equityDD.fill(s[EquityDD : EquityDDRelative+1])
	if c.trades > 0 {
		s[ExpectedPayoff] = s[Profit] / float64(c.trades)
	}
	s[ProfitFactor] = profitFactor(c.grossProfit, c.grossLoss)
	if s[EquityDD] > 0 {
		s[RecoveryFactor] = s[Profit] / s[EquityDD]
	}
	s[SharpeRatio] = c.sharpe()
	if c.haveMargin {
		s[MinMarginLevel] = c.minMargin
	}
	s[CustomOnTester] = custom
	s[Deals] = float64(c.deals)
	s[Trades] = float64(c.trades)
	s[ProfitTrades] = float64(c.wins)
	s[LossTrades] = float64(c.losses)
	s[ShortTrades] = float64(c.shorts)
	s[LongTrades] = float64(c.longs)
	s[ProfitShortTrades] = float64(c.winShorts)
	s[ProfitLongTrades] = float64(c.winLongs)
	s[ProfitTradesAvgCon] = c.win.averageLen()
	s[LossTradesAvgCon] = c.loss.averageLen()
	return Finite(s)
}

func profitFactor(grossProfit, grossLoss float64) float64 {
	switch {
	case grossLoss < 0:
		return grossProfit / -grossLoss
	case grossProfit > 0:
		return MaxFloat
	default:
		return 0
	}
}

// sharpe is the mean over the standard deviation (dividing by the count) of
// the log returns between changed bar closes, annualized. A close that is not
// positive gives no return, in or out.
//
// The mean comes from the plain sum of the returns, the variance from sums
// of the returns less the first one (the shifted-data algorithm, which keeps
// the squares from cancelling): no division per return, unlike Welford's
// updates. Returns that are all equal give exactly 0.
func (c *Calculator) sharpe() float64 {
	n := 0
	shift, sum, s1, s2 := 0.0, 0.0, 0.0, 0.0
	prev := c.deposit
	closes := c.closes
	k := 0
	for ; k < len(closes) && n == 0; k++ { // up to the first return, which sets the shift
		e := closes[k]
		if e > 0 && prev > 0 {
			r := logRatio(e, prev)
			shift = r
			d := r - shift
			n++
			sum += r
			s1 += d
			s2 += d * d
		}
		prev = e
	}
	for k < len(closes) {
		// Small returns, from the series, in a loop without calls (which
		// would make the compiler keep the sums in memory); a large one
		// leaves it for math.Log below.
		for ; k < len(closes); k++ {
			e := closes[k]
			if e > 0 && prev > 0 {
				x := (e - prev) / prev
				if !(x > -1.0/256 && x < 1.0/256) {
					break
				}
				r := log1pSeries(x)
				d := r - shift
				n++
				sum += r
				s1 += d
				s2 += d * d
			}
			prev = e
		}
		if k == len(closes) {
			break
		}
		e := closes[k]
		r := math.Log(e / prev)
		d := r - shift
		n++
		sum += r
		s1 += d
		s2 += d * d
		prev = e
		k++
	}
	return sharpeFromSums(n, sum, s1, s2, c.barsPerYear)
}

// sharpeFromSums is the annualized ratio of the mean to the standard
// deviation of n returns that sum to sum, whose differences from a shift
// sum to s1 and whose squared differences sum to s2; 0 for fewer than 2
// returns or no deviation.
func sharpeFromSums(n int, sum, s1, s2, barsPerYear float64) float64 {
	if n < 2 {
		return 0
	}
	fn := float64(n)
	variance := (s2 - s1*s1/fn) / fn
	if !(variance > 0) { // 0, a hair below 0 from rounding, or NaN
		return 0
	}
	return sum / fn / math.Sqrt(variance) * math.Sqrt(barsPerYear)
}

// logRatio is ln(e/prev) for positive e and prev. Bar-to-bar equity changes
// are small, so it takes ln(1+x), x = (e-prev)/prev, from its series when
// |x| < 1/256: eight terms leave an error below 2^-59·|x|, under the
// rounding of e/prev that math.Log(e/prev) itself starts from, at a fraction
// of the logarithm's cost.
func logRatio(e, prev float64) float64 {
	x := (e - prev) / prev
	if x > -1.0/256 && x < 1.0/256 {
		return log1pSeries(x)
	}
	return math.Log(e / prev)
}

// log1pSeries is ln(1+x) for |x| < 1/256, from eight terms of its series.
func log1pSeries(x float64) float64 {
	return x * (1 + x*(-1.0/2+x*(1.0/3+x*(-1.0/4+x*(1.0/5+x*(-1.0/6+x*(1.0/7+x*(-1.0/8))))))))
}

// Finite replaces NaN by 0 and ±Inf by ±MaxFloat, so no statistic that
// reaches a file is ever NaN or infinite.
func Finite(s Stats) Stats {
	for i, v := range s {
		s[i] = Clamp(v)
	}
	return s
}

// Clamp maps NaN to 0 and ±Inf to ±MaxFloat.
func Clamp(v float64) float64 {
	switch {
	case math.IsNaN(v):
		return 0
	case math.IsInf(v, 1):
		return MaxFloat
	case math.IsInf(v, -1):
		return -MaxFloat
	}
	return v
}

// runTracker follows runs of consecutive winners (or losers).
type runTracker struct {
	curLen             int
	curTotal           float64
	bestTotal          float64 // largest |total| of any run, signed
	bestTotalLen       int
	longestLen         int
	longestTotal       float64
	runs, tradesInRuns int
}

func (r *runTracker) add(result float64) {
	r.curLen++
	r.curTotal += result
}

// end closes the current run, if any.
func (r *runTracker) end() {
	if r.curLen == 0 {
		return
	}
	r.runs++
	r.tradesInRuns += r.curLen
	if math.Abs(r.curTotal) > math.Abs(r.bestTotal) {
		r.bestTotal, r.bestTotalLen = r.curTotal, r.curLen
	}
	if r.curLen > r.longestLen || (r.curLen == r.longestLen && math.Abs(r.curTotal) > math.Abs(r.longestTotal)) {
		r.longestLen, r.longestTotal = r.curLen, r.curTotal
	}
	r.curLen, r.curTotal = 0, 0
}

func (r *runTracker) averageLen() float64 {
	if r.runs == 0 {
		return 0
	}
	return math.Round(float64(r.tradesInRuns) / float64(r.runs))
}

// drawdown follows the maximal drawdown of a series in money and relative
// terms, and its minimum.
type drawdown struct {
	peak             float64
	trough           float64 // lowest value since the peak was set
	low              float64 // lowest value of all
	money, moneyPct  float64 // max money drawdown and its % of its peak
	relPct, relMoney float64 // max relative drawdown (%) and its money drawdown
}

func (d *drawdown) reset(start float64) { *d = drawdown{peak: start, trough: start, low: start} }

func (d *drawdown) add(v float64) {
	// A value under the peak but no lower than one already seen since the
	// peak was set can make neither a larger drawdown, in money or in
	// percent, nor a new minimum: most samples of an equity curve stop here.
	if v > d.peak || v < d.trough {
		d.update(v)
	}
}

// update records a new peak, or a new lowest value under the current peak.
// It stays out of line so that add, called for every equity sample, inlines.
//
//go:noinline
func (d *drawdown) update(v float64) {
	if v > d.peak {
		d.peak, d.trough = v, v
		return
	}
	d.trough = v
	d.low = min(d.low, v)
	dd := d.peak - v
	pct := 0.0
	if d.peak > 0 {
		pct = dd / d.peak * 100
	}
	if dd > d.money {
		d.money, d.moneyPct = dd, pct
	}
	if pct > d.relPct {
		d.relPct, d.relMoney = pct, dd
	}
}

// fill writes money dd, its %, the relative dd % and its money value.
func (d *drawdown) fill(dst []float64) {
	dst[0], dst[1], dst[2], dst[3] = d.money, d.moneyPct, d.relPct, d.relMoney
}
