package tester

import (
	"fmt"
	"math"
	"slices"

	"github.com/passframes/passframes/market"
	"github.com/passframes/passframes/stats"
)

// Point is one compact balance/equity point of a pass (docs/points.md).
type Point struct {
	Time    int64 // Unix ms of the bar the event happened on
	Balance float64
	Equity  float64
}

// Deal is one execution. Profit, Swap and Balance are set on exits only.
type Deal struct {
	Time       int64
	Dir        int  // +1 buy, -1 sell
	Entry      bool // true for an entry (in), false for an exit (out)
	Volume     float64
	Price      float64
	Commission float64 // charged on this deal, ≤ 0
	Swap       float64
	Profit     float64 // price P/L of the closed position, in the account currency
	Balance    float64 // balance after the deal
	Reason     string  // why the deal happened: ReasonSignal, ReasonSL, ReasonTP or ReasonEnd
	// ProfitRaw is the price P/L in the symbol's profit currency and Rate
	// the factor that took it (and the deal's commission) to the account
	// currency. Both are 0 when the run converts nothing.
	ProfitRaw float64
	Rate      float64
}

// Why a deal happened (Deal.Reason).
const (
	ReasonSignal = "signal" // the expert asked for it
	ReasonSL     = "sl"     // the stop loss was reached
	ReasonTP     = "tp"     // the take profit was reached
	ReasonEnd    = "end"    // the period ended with the position open
)

// Trade is a closed position. Result is price P/L + swap + both commissions.
type Trade struct {
	Dir        int // +1 a buy was closed (a long trade), -1 a sell
	Volume     float64
	OpenTime   int64
	CloseTime  int64
	OpenPrice  float64
	ClosePrice float64
	Result     float64
}

// Result is everything one pass produces. A Tester reuses the slices of the
// Result it is given, so a caller that keeps them must copy.
type Result struct {
	Stats  stats.Stats
	Points []Point
	Deals  []Deal
	Trades []Trade
	Orders OrderCounts
}

// OrderCounts counts the orders of a pass that did not become deals, so a
// run can warn about them.
type OrderCounts struct {
	RefusedMargin int // the margin exceeded what the account could pay
	RefusedVolume int // the volume was outside the symbol's min..max
	RefusedStops  int // the stop loss or take profit was on the wrong side of the price
	Skipped       int // the expert skipped an order whose lot rounded below the minimum (Context.SkipOrder)
}

// Tester runs passes of experts over one data set. A Tester is for one
// goroutine; make one per worker (they may share the Env).
type Tester struct {
	r runner
}

// New returns a tester for the bars of env with the given settings.
func New(env *Env, cfg Config) (*Tester, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	t := &Tester{}
	t.r.env = env
	t.r.bars = env.Bars
	t.r.cfg = cfg
	t.r.barsPerYear = env.Bars.Timeframe.BarsPerYear()
	t.r.leverage = cfg.Account.Leverage
	if cfg.Symbol.Leverage > 0 {
		t.r.leverage = cfg.Symbol.Leverage
	}
	conv := cfg.Conversion
	if conv.Rates != nil && len(conv.Rates) != env.Bars.Len() {
		return nil, fmt.Errorf("tester: %d conversion rates for %d bars", len(conv.Rates), env.Bars.Len())
	}
	t.r.convert, t.r.rates = !conv.IsZero(), conv.Rates
	t.r.days = dayStarts(env.Bars.Time)
	return t, nil
}

// Run runs expert over bars [lo, hi) of the data set (earlier bars are the
// history the expert can see) and fills res.
func (t *Tester) Run(expert Expert, lo, hi int, res *Result) error {
	if lo < 0 || hi > t.r.bars.Len() || lo >= hi {
		return fmt.Errorf("tester: period [%d, %d) is empty or outside the %d bars", lo, hi, t.r.bars.Len())
	}
	t.r.run(expert, lo, hi, res)
	return nil
}

// runner holds the state of the pass under way.
type runner struct {
	env         *Env
	bars        *market.Series
	cfg         Config
	barsPerYear float64
	calc        stats.Calculator
	res         *Result

	ctx Context // the expert's view, kept here so a pass does not allocate it

	// Per-pass constants taken out of the hot loop.
	spreads     []int32 // the bars' spread column, nil when the spread is fixed
	fixedSpread float64 // spread as a price difference when spreads is nil
	point       float64
	leverage    float64   // the symbol's, else the account's
	contract    float64   // the symbol's contract size
	swapLong    float64   // swap per lot and night of a buy
	swapShort   float64   // swap per lot and night of a sell
	convert     bool      // money in the profit currency needs converting
	rates       []float64 // per-bar factors of a cross; nil: divide by the price

	pos           Position
	posComm       float64 // entry commission of the open position (≤ 0)
	posSwap       float64 // swap accumulated by the open position
	posMargin     float64 // margin of the open position
	posWorst      float64 // lowest intrabar equity of the open position (+Inf before its first bar)
	i             int     // bar being processed
	closedThisBar bool
	closedDir     int // direction of the position closed on this bar

	trackMin, trackMax float64 // equity range since the last point

	// The bars that start a new day, for the nightly swap: days lists them
	// all, nextDay is the first not yet passed (days[dayK]).
	days          []int
	dayK, nextDay int
}

// dayStarts lists the bars whose day (Unix ms / 86,400,000, rounded toward
// zero) differs from the bar before's: the divisions are done once here
// rather than twice per bar held.
func dayStarts(times []int64) []int {
	const day = 24 * 60 * 60 * 1000
	var days []int
	for i := 1; i < len(times); i++ {
		if times[i]/day != times[i-1]/day {
			days = append(days, i)
		}
	}
	return days
}

// startsDay reports whether bar j starts a new day. A pass asks about its
// bars in increasing order (and may skip some).
func (r *runner) startsDay(j int) bool {
	if j < r.nextDay {
		return false
	}
	return r.passDays(j)
}

// dayAfter is the first bar after bar i that starts a new day, or
// math.MaxInt; it moves the cursor as startsDay does.
func (r *runner) dayAfter(i int) int {
	r.startsDay(i + 1) // leaves nextDay at the first day start from i+1 on
	return r.nextDay
}

// passDays moves the day cursor to the first day start at or after bar j
// and reports whether it is j.
func (r *runner) passDays(j int) bool {
	k := r.dayK
	for k < len(r.days) && r.days[k] < j {
		k++
	}
	r.dayK, r.nextDay = k, math.MaxInt
	if k < len(r.days) {
		r.nextDay = r.days[k]
	}
	return r.nextDay == j
}

func (r *runner) run(expert Expert, lo, hi int, res *Result) {
	r.res = res
	res.Points, res.Deals, res.Trades = res.Points[:0], res.Deals[:0], res.Trades[:0]
	res.Orders = OrderCounts{}
	deposit := r.cfg.Account.Deposit
	r.calc.Reset(deposit, r.barsPerYear)
	r.pos, r.posComm, r.posSwap, r.posMargin = Position{}, 0, 0, 0
	r.dayK, _ = slices.BinarySearch(r.days, lo+1)
	r.nextDay = 0 // startsDay's first call sets it
	r.setSpread()
	s := &r.cfg.Symbol
	r.contract, r.swapLong, r.swapShort = s.ContractSize, s.SwapLong, s.SwapShort
	r.addPoint(r.bars.Time[lo], deposit, deposit)

	b := r.bars
	r.ctx = Context{r: r, open: b.Open, high: b.High, low: b.Low, close: b.Close, time: b.Time}
	if w, ok := expert.(Waker); ok {
		r.runWaker(w, lo, hi)
	} else {
		// Each bar: the stops its open has passed, OnBar (from bar 1 on),
		// then its equity.
		for i := lo; i < hi; i++ {
			r.i, r.closedThisBar, r.closedDir = i, false, 0
			if r.pos.SL > 0 || r.pos.TP > 0 { // only a position has them
				r.gapStops()
			}
			if i > 0 {
				r.ctx.n = i
				expert.OnBar(&r.ctx)
			}
			if r.pos.Dir == 0 { // flat: the equity is the balance
				b := r.calc.Balance()
				r.calc.Equity(b)
				r.calc.BarClose(b)
				continue
			}
			if r.pos.SL == 0 && r.pos.TP == 0 {
				r.calc.BarClose(r.intrabarNoStops(i, hi))
				continue
			}
			r.heldWithStops(i, hi)
		}
	}
	r.i = hi - 1 // the quiet bars leave it behind
	last := hi - 1
	if r.pos.Dir != 0 {
		r.closeAt(r.exitPrice(r.bars.Close[last], last), r.bars.Time[last], ReasonEnd)
		r.calc.Equity(r.calc.Balance()) // after the exit commission
	}
	bal := r.calc.Balance()
	r.addPoint(r.bars.Time[last], bal, bal)
	res.Stats = r.calc.Stats(0)
}

// runWaker runs bars [lo, hi) for an expert that names the bars its OnBar
// acts on: those bars take the full path, the ones between them quiet. A
// position without stops after OnBar is followed from that bar's close to
// the next bar named in one call of hold.
func (r *runner) runWaker(w Waker, lo, hi int) {
	next := w.Wake(max(lo, 1), hi)
	for i := lo; i < hi; {
		if i < next {
			i = r.quiet(i, min(next, hi), hi)
			continue
		}
		r.i, r.closedThisBar, r.closedDir = i, false, 0
		if r.pos.SL > 0 || r.pos.TP > 0 { // only a position has them
			r.gapStops()
		}
		r.ctx.n = i // i >= 1: Wake names no earlier bar
		w.OnBar(&r.ctx)
		to := hi
		if i+1 < hi {
			next = w.Wake(i+1, hi)
			to = min(next, hi)
		}
		if r.pos.Dir != 0 && r.pos.SL == 0 && r.pos.TP == 0 {
			r.hold(i, to, hi)
			i = to
			continue
		}
		r.barClose(i, hi)
		i++
	}
}

// barClose books the equity of bar i once the expert has acted.
func (r *runner) barClose(i, hi int) {
	if r.pos.Dir == 0 { // flat: the equity is the balance
		b := r.calc.Balance()
		r.calc.Equity(b)
		r.calc.BarClose(b)
		return
	}
	r.held(i, hi)
}

// held books bar i with a position open at its open, once the expert has
// acted: the intrabar equity, the stops, the close and the night's swap.
func (r *runner) held(i, hi int) {
	if r.pos.SL == 0 && r.pos.TP == 0 {
		r.calc.BarClose(r.intrabarNoStops(i, hi))
		return
	}
	r.heldWithStops(i, hi)
}

// heldWithStops is held for a position with a stop loss or take profit.
func (r *runner) heldWithStops(i, hi int) {
	r.calc.BarClose(r.intrabar())
	if r.pos.Dir != 0 {
		r.rollover(i, hi)
	}
}

// quiet runs bars [from, to) on which the expert does not act and returns
// to. A flat account stays as it is until the expert acts, so a flat
// stretch books its equity once (the statistics skip repeated values); a
// position without stops is followed in hold's tight loop; one with stops
// bar by bar, until they close it.
func (r *runner) quiet(from, to, hi int) int {
	for i := from; i < to; {
		switch {
		case r.pos.Dir == 0:
			b := r.calc.Balance()
			r.calc.Equity(b)
			r.calc.BarClose(b)
			return to
		case r.pos.SL == 0 && r.pos.TP == 0:
			r.hold(i, to, hi)
			return to
		default:
			r.i, r.closedThisBar, r.closedDir = i, false, 0
			r.gapStops()
			r.barClose(i, hi)
			i++
		}
	}
	return to
}

// hold follows a position without stops through bars [from, to) of a pass
// that ends before bar hi: nothing can close it there, so it books each
// bar's worst, best and closing equity, the Sharpe ratio's closes and the
// nightly swap, with the position's state in locals. It computes what
// intrabarNoStops computes, in the same order, so the statistics are the
// same to the bit; money that needs converting goes bar by bar through
// intrabarNoStops itself.
func (r *runner) hold(from, to, hi int) {
	if r.convert { // money converted: bar by bar, which keeps this loop lean
		for i := from; i < to; i++ {
			r.calc.BarClose(r.intrabarNoStops(i, hi))
		}
		return
	}
	bars := r.bars
	low, high, closes := bars.Low[:to], bars.High[:to], bars.Close[:to]
	p := r.pos
	dir := float64(p.Dir)
	open, volume, contract := p.OpenPrice, p.Volume, r.contract
	night := r.swapLong
	if p.Dir < 0 {
		night = r.swapShort
	}
	calc := &r.calc
	balance, comm, swap := calc.Balance(), r.posComm, r.posSwap
	base := balance + swap + comm
	tmin, tmax, worstSeen := r.trackMin, r.trackMax, r.posWorst
	bandLow, bandHigh := calc.EquityBand()
	// The swap is charged after the bar before a day's start within the
	// pass: nextDay is the bar that takes it (none without a swap).
	nextDay := math.MaxInt
	if night != 0 {
		nextDay = r.dayAfter(from)
	}
	for i := from; i < to; i++ {
		worstExit, bestExit, closeExit := low[i], high[i], closes[i]
		if p.Dir < 0 { // a short closes at the ask: its adverse side is the high
			sp := r.spread(i)
			worstExit, bestExit, closeExit = bestExit+sp, worstExit+sp, closeExit+sp
		}
		worstPL := dir * (worstExit - open) * volume * contract
		bestPL := dir * (bestExit - open) * volume * contract
		closePL := dir * (closeExit - open) * volume * contract
		worst, best, e := base+worstPL, base+bestPL, base+closePL
		// track(worst), track(best) and track(e); see intrabarNoStops.
		if worst <= e && e <= best {
			tmin, tmax = lower(tmin, worst), raise(tmax, raise(worst, best))
		} else {
			tmin, tmax = lower(tmin, worst), raise(tmax, worst)
			tmin, tmax = lower(tmin, best), raise(tmax, best)
			tmin, tmax = lower(tmin, e), raise(tmax, e)
		}
		// Equity(worst) and Equity(e), for the samples that change anything.
		if worst < bandLow || worst > bandHigh {
			calc.Equity(worst)
			bandLow, bandHigh = calc.EquityBand()
		}
		if e < bandLow || e > bandHigh {
			calc.Equity(e)
			bandLow, bandHigh = calc.EquityBand()
		}
		worstSeen = lower(worstSeen, worst)
		calc.BarClose(e)
		if i+1 == nextDay && nextDay < hi {
			nextDay = r.dayAfter(nextDay)
			swap += cents(night * volume)
			base = balance + swap + comm
		}
	}
	r.posSwap, r.trackMin, r.trackMax, r.posWorst = swap, tmin, tmax, worstSeen
}

// setSpread decides once per pass where spreads come from.
func (r *runner) setSpread() {
	s := r.cfg.Symbol
	r.spreads, r.point = nil, s.Point
	if r.bars.Spread != nil && !s.FixedSpread {
		r.spreads = r.bars.Spread
	}
	r.fixedSpread = s.Spread * s.Point
}

// spread is the spread of bar i as a price difference.
func (r *runner) spread(i int) float64 {
	if r.spreads != nil {
		return float64(r.spreads[i]) * r.point
	}
	return r.fixedSpread
}

// exitPrice is the price the open position closes at when the bid is bid:
// the bid for a long, the ask for a short.
func (r *runner) exitPrice(bid float64, i int) float64 {
	if r.pos.Dir > 0 {
		return bid
	}
	return bid + r.spread(i)
}

// floating is the open position's price P/L at the given exit price on the
// bar under way, in the account currency.
func (r *runner) floating(exit float64) float64 {
	v := r.floatingRaw(exit)
	if r.convert {
		v = r.toAccount(v, exit, r.i)
	}
	return v
}

// floatingRaw is the price P/L in the symbol's profit currency.
func (r *runner) floatingRaw(exit float64) float64 {
	return float64(r.pos.Dir) * (exit - r.pos.OpenPrice) * r.pos.Volume * r.contract
}

// toAccount converts v, money in the profit currency, to the account
// currency at bar i, where the symbol trades at price: by the cross's rate
// of the bar, or, when the account currency is the symbol's base, by
// dividing by the price (a division, not a product with 1/price, so that a
// hand computation gives the same digits).
func (r *runner) toAccount(v, price float64, i int) float64 {
	if r.rates != nil {
		return v * r.rates[i]
	}
	return v / price
}

// rate is the factor toAccount applies.
func (r *runner) rate(price float64, i int) float64 {
	if r.rates != nil {
		return r.rates[i]
	}
	return 1 / price
}

// equityAt is the equity when the bid of bar i is bid.
func (r *runner) equityAt(bid float64, i int) float64 {
	e := r.calc.Balance()
	if r.pos.Dir != 0 {
		e += r.floating(r.exitPrice(bid, i)) + r.posSwap + r.posComm
	}
	return e
}

func (r *runner) margin() float64 {
	if r.pos.Dir == 0 {
		return 0
	}
	return r.posMargin
}

func (r *runner) addPoint(t int64, balance, equity float64) {
	r.res.Points = append(r.res.Points, Point{Time: t, Balance: balance, Equity: equity})
	r.trackMin, r.trackMax = equity, equity
}

// track widens the equity range since the last point to e.
func (r *runner) track(e float64) {
	r.trackMin, r.trackMax = lower(r.trackMin, e), raise(r.trackMax, e)
}

// lower is v if v < x, else x: "if v < x { x = v }", NaN and signed zeros
// included, written as an integer select, which the compiler makes a
// conditional move. New equity lows and highs come at no regular pace, so
// as a branch it is mispredicted often, and on most bars held (unlike min
// and max, whose NaN and zero handling differs, and costs more).
func lower(x, v float64) float64 {
	xb, vb := math.Float64bits(x), math.Float64bits(v)
	if v < x {
		xb = vb
	}
	return math.Float64frombits(xb)
}

// raise is v if v > x, else x, as lower.
func raise(x, v float64) float64 {
	xb, vb := math.Float64bits(x), math.Float64bits(v)
	if v > x {
		xb = vb
	}
	return math.Float64frombits(xb)
}

// open executes a market order at the current bar's open (docs/points.md rule 2,
// and rule 4 for a reversal).
func (r *runner) open(dir int, volume, sl, tp float64) bool {
	s := r.cfg.Symbol
	if r.pos.Dir == dir {
		return false
	}
	if math.IsNaN(volume) || volume < s.VolumeMin-1e-9 || volume > s.VolumeMax+1e-9 {
		r.res.Orders.RefusedVolume++
		return false
	}
	if r.pos.Dir == -dir {
		r.closeAtOpen()
	}
	i := r.i
	price := r.bars.Open[i]
	if dir > 0 {
		price += r.spread(i)
	}
	if !stopsValid(dir, r.exitPrice2(dir, i), sl, tp) {
		r.res.Orders.RefusedStops++
		return false
	}
	margin := volume * s.ContractSize * price / r.leverage
	commission := -s.Commission * volume
	if r.convert {
		margin, commission = r.toAccount(margin, price, i), r.toAccount(commission, price, i)
	}
	if margin > r.calc.Balance() {
		r.res.Orders.RefusedMargin++
		return false
	}
	commission = cents(commission)
	t := r.bars.Time[i]
	r.pos = Position{Dir: dir, Volume: volume, OpenPrice: price, OpenTime: t, SL: sl, TP: tp}
	r.posComm, r.posSwap, r.posMargin, r.posWorst = commission, 0, margin, math.Inf(1)
	r.calc.Deal()
	d := Deal{Time: t, Dir: dir, Entry: true, Volume: volume,
		Price: price, Commission: commission, Balance: r.calc.Balance(), Reason: ReasonSignal}
	if r.convert {
		d.Rate = r.rate(price, i)
	}
	r.res.Deals = append(r.res.Deals, d)
	e := r.equityAt(r.bars.Open[i], i)
	if r.closedThisBar && r.closedDir == -dir { // a reversal writes the close point only
		r.trackMin, r.trackMax = e, e
	} else {
		r.addPoint(t, r.calc.Balance(), e)
	}
	return true
}

// exitPrice2 is the price a position of direction dir would close at on
// bar i's open: the bid for a long, the ask for a short.
func (r *runner) exitPrice2(dir, i int) float64 {
	if dir > 0 {
		return r.bars.Open[i]
	}
	return r.bars.Open[i] + r.spread(i)
}

// stopsValid reports whether a stop loss and take profit lie on the right
// sides of the price the position would close at now (0 means none): a
// long's stop below it and its target above, a short's the other way round,
// as MetaTrader refuses "invalid stops".
func stopsValid(dir int, exit, sl, tp float64) bool {
	d := float64(dir)
	return (sl == 0 || d*(exit-sl) > 0) && (tp == 0 || d*(tp-exit) > 0)
}

func (r *runner) closeAtOpen() {
	if r.pos.Dir == 0 {
		return
	}
	i := r.i
	r.closeAt(r.exitPrice(r.bars.Open[i], i), r.bars.Time[i], ReasonSignal)
}

// closeAt closes the open position at price (docs/points.md rule 3) for reason.
func (r *runner) closeAt(price float64, t int64, reason string) {
	p := r.pos
	s := r.cfg.Symbol
	raw := r.floatingRaw(price)
	profit, exitComm := cents(raw), -s.Commission*p.Volume
	var rate float64
	if r.convert {
		profit, exitComm = cents(r.toAccount(raw, price, r.i)), r.toAccount(exitComm, price, r.i)
		rate, raw = r.rate(price, r.i), cents(raw)
	} else {
		raw = 0
	}
	exitComm = cents(exitComm)
	r.flushMarginLevel()
	result := profit + r.posSwap + r.posComm + exitComm
	before := r.calc.Balance()
	r.calc.Deal()
	r.calc.Trade(result, p.Dir > 0)
	after := r.calc.Balance()
	r.res.Deals = append(r.res.Deals, Deal{Time: t, Dir: -p.Dir, Volume: p.Volume, Price: price,
		Commission: exitComm, Swap: r.posSwap, Profit: profit, Balance: after, Reason: reason,
		ProfitRaw: raw, Rate: rate})
	r.res.Trades = append(r.res.Trades, Trade{Dir: p.Dir, Volume: p.Volume, OpenTime: p.OpenTime,
		CloseTime: t, OpenPrice: p.OpenPrice, ClosePrice: price, Result: result})
	r.track(after)
	e := r.trackMin
	if after <= before && r.cfg.EquityMode == MinMax {
		e = r.trackMax
	}
	r.pos, r.posComm, r.posSwap, r.posMargin = Position{}, 0, 0, 0
	r.closedThisBar, r.closedDir = true, p.Dir
	r.addPoint(t, after, e)
	r.trackMin, r.trackMax = after, after
}

// flushMarginLevel books the open position's lowest margin level. The
// margin is fixed while a position is open, so the level of its worst
// intrabar equity is the lowest of its bars' levels, the same value, with one
// division per position instead of one per bar.
func (r *runner) flushMarginLevel() {
	if r.posMargin > 0 && r.posWorst <= math.MaxFloat64 {
		r.calc.MarginLevel(r.posWorst / r.posMargin * 100)
	}
}

// gapStops closes a position carried into bar i whose stop loss or take
// profit the open has already passed; it fills at the open.
func (r *runner) gapStops() {
	p := r.pos
	i := r.i
	exit := r.exitPrice(r.bars.Open[i], i)
	hitSL := p.SL > 0 && float64(p.Dir)*(exit-p.SL) <= 0
	hitTP := p.TP > 0 && float64(p.Dir)*(exit-p.TP) >= 0
	if hitSL || hitTP {
		r.track(r.equityAt(r.bars.Open[i], i))
		reason := ReasonTP
		if hitSL {
			reason = ReasonSL
		}
		r.closeAt(exit, r.bars.Time[i], reason)
	}
}

// intrabar follows the open position through bar i: it records the bar's
// worst and best equity, closes at a stop loss or take profit the bar reaches
// (the stop first when both are in range: the pessimistic choice), and
// returns the equity at the bar's close.
func (r *runner) intrabar() float64 {
	i := r.i
	p := r.pos
	// Exit prices at the bar's low, high and close: the bid for a long, the
	// ask for a short, whose adverse side is the high.
	worstExit, bestExit, closeExit := r.bars.Low[i], r.bars.High[i], r.bars.Close[i]
	if p.Dir < 0 {
		sp := r.spread(i)
		worstExit, bestExit, closeExit = bestExit+sp, worstExit+sp, closeExit+sp
	}
	hitSL := p.SL > 0 && float64(p.Dir)*(worstExit-p.SL) <= 0
	hitTP := !hitSL && p.TP > 0 && float64(p.Dir)*(bestExit-p.TP) >= 0
	if hitSL {
		// The stop is assumed to come first, so the bar's favourable side
		// was never reached with the position open.
		worstExit, bestExit = p.SL, r.exitPrice2(p.Dir, i)
	}
	if hitTP {
		bestExit = p.TP
	}
	base := r.calc.Balance() + r.posSwap + r.posComm
	worst := base + r.floating(worstExit)
	r.track(worst)
	r.track(base + r.floating(bestExit))
	r.calc.Equity(worst)
	if worst < r.posWorst {
		r.posWorst = worst
	}
	if hitSL || hitTP {
		level, reason := p.SL, ReasonSL
		if hitTP {
			level, reason = p.TP, ReasonTP
		}
		r.closeAt(level, r.bars.Time[i], reason)
		bal := r.calc.Balance() // after the exit commission
		r.calc.Equity(bal)
		return bal
	}
	e := base + r.floating(closeExit)
	r.track(e)
	r.calc.Equity(e)
	return e
}

// intrabarNoStops is intrabar and rollover for a position without a stop
// loss or take profit on bar i of a pass that ends before bar hi, most bars
// of most passes: nothing can close it within the bar, so it only books the
// bar's worst and best equity, charges the night's swap and returns the
// equity at the close (from before the swap, as intrabar's). It works on
// the position's fields in locals, with floating's arithmetic written out
// in the same order.
func (r *runner) intrabarNoStops(i, hi int) float64 {
	b := r.bars
	worstExit, bestExit, closeExit := b.Low[i], b.High[i], b.Close[i]
	night := r.swapLong
	if r.pos.Dir < 0 {
		sp := r.spread(i)
		worstExit, bestExit, closeExit = bestExit+sp, worstExit+sp, closeExit+sp
		night = r.swapShort
	}
	dir, open, volume, contract := float64(r.pos.Dir), r.pos.OpenPrice, r.pos.Volume, r.contract
	worstPL := dir * (worstExit - open) * volume * contract
	bestPL := dir * (bestExit - open) * volume * contract
	closePL := dir * (closeExit - open) * volume * contract
	if r.convert {
		worstPL, bestPL, closePL = r.toAccount(worstPL, worstExit, i), r.toAccount(bestPL, bestExit, i),
			r.toAccount(closePL, closeExit, i)
	}
	base := r.calc.Balance() + r.posSwap + r.posComm
	worst, e := base+worstPL, base+closePL
	best := base + bestPL
	// track(worst), track(best) and track(e). A bar's prices keep
	// worst <= e <= best, and then the close can move neither end of the
	// range, nor best its low end (each comparison is strict), and
	// raise(raise(max, worst), best) is raise(max, raise(worst, best)),
	// which makes the running maximum wait for one select, not two.
	if worst <= e && e <= best {
		r.trackMin, r.trackMax = lower(r.trackMin, worst), raise(r.trackMax, raise(worst, best))
	} else {
		r.track(worst)
		r.track(best)
		r.track(e)
	}
	r.calc.Equity(worst)
	r.calc.Equity(e)
	r.posWorst = lower(r.posWorst, worst)
	if night != 0 && i+1 < hi && r.startsDay(i+1) {
		r.chargeSwap(night, i+1)
	}
	return e
}

// rollover charges the open position a night's swap when the bar after bar
// i starts a new day within the pass, which ends before bar hi.
func (r *runner) rollover(i, hi int) {
	swap := r.swapLong
	if r.pos.Dir < 0 {
		swap = r.swapShort
	}
	if swap != 0 && i+1 < hi && r.startsDay(i+1) {
		r.chargeSwap(swap, i+1)
	}
}

// chargeSwap books a night's swap of swap per lot on the open position,
// at the rate of bar i, the new day's first.
func (r *runner) chargeSwap(swap float64, i int) {
	v := swap * r.pos.Volume
	if r.convert {
		v = r.toAccount(v, r.bars.Open[i], i)
	}
	r.posSwap += cents(v)
}

// cents rounds money to the account currency's 2 decimals, as MetaTrader
// books a deal's profit, commission and swap. Without it a trade could end
// a hair above zero (float rounding of the prices) and count as a win while
// the balance shows no change.
func cents(v float64) float64 { return math.Round(v*100) / 100 }
