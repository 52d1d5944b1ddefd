package tester_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/passframes/passframes/data"
	"github.com/passframes/passframes/experts"
	"github.com/passframes/passframes/market"
	"github.com/passframes/passframes/stats"
	"github.com/passframes/passframes/tester"
)

// The accounting invariants of docs/statistics.md and docs/points.md, checked on many
// random passes over the bundled sample: every built-in expert with random
// inputs, and a random trader that also sets stops and targets, each in both
// equity modes, over random sub-periods with random deposit, leverage,
// spread, commission and swap.

// passesPerExpert is the number of random passes per expert (each run in both
// equity modes).
const passesPerExpert = 200

// propertyCase is one random pass.
type propertyCase struct {
	name   string
	cfg    tester.Config // EquityMode is set per run
	lo, hi int
	expert func() tester.Expert // a fresh expert, the same every call
}

func TestAccountingInvariants(t *testing.T) {
	env := sampleEnv(t)
	n := passesPerExpert
	if testing.Short() {
		n = 20
	}
	rng := rand.New(rand.NewPCG(2024, 7))
	makers := append(builtinMakers(), randomTraderMaker)
	checked := 0
	for _, newCase := range makers {
		for k := 0; k < n; k++ {
			c := newCase(rng, env)
			c.cfg = randomConfig(rng)
			c.lo, c.hi = randomPeriod(rng, env.Bars.Len())
			if !checkCase(t, env, c) {
				return // one case's failures are enough to read
			}
			checked++
		}
	}
	t.Logf("%d random passes checked in both equity modes", checked)
}

// checkCase runs c in both equity modes and checks every invariant; it
// reports whether all held.
func checkCase(t *testing.T, env *tester.Env, c propertyCase) bool {
	t.Helper()
	var res [2]tester.Result
	for m, mode := range []tester.EquityMode{tester.MinMax, tester.Min} {
		cfg := c.cfg
		cfg.EquityMode = mode
		tst, err := tester.New(env, cfg)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if err := tst.Run(c.expert(), c.lo, c.hi, &res[m]); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
	}
	ok := true
	var p *pass
	fail := func(format string, args ...any) {
		t.Helper()
		t.Errorf("%s [%d, %d) %+v: %s", c.name, c.lo, c.hi, p.cfg, fmt.Sprintf(format, args...))
		ok = false
	}
	p = &pass{env: env, lo: c.lo, hi: c.hi, fail: fail}
	for m, mode := range []tester.EquityMode{tester.MinMax, tester.Min} {
		p.cfg = c.cfg
		p.cfg.EquityMode = mode
		p.check(&res[m])
	}
	p.compareModes(&res[0], &res[1])
	return ok
}

// pass holds what the checks of one pass need.
type pass struct {
	env    *tester.Env
	cfg    tester.Config
	lo, hi int
	fail   func(format string, args ...any)
}

// tol is the float rounding allowed on a money sum whose terms add up, in
// absolute value, to scale.
func tol(scale float64) float64 { return 1e-9 * (1 + math.Abs(scale)) }

func (p *pass) check(res *tester.Result) {
	p.checkFinite(res)
	p.checkCounts(res)
	balances := p.checkTradesAndDeals(res)
	p.checkStatsSums(res, balances)
	p.checkPoints(res, balances)
	p.checkEquity(res, balances)
}

// checkFinite: no NaN or ±Inf in any statistic, point, deal or trade.
func (p *pass) checkFinite(res *tester.Result) {
	bad := func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }
	for i, v := range res.Stats {
		if bad(v) {
			p.fail("%s = %g", stats.Names[i], v)
		}
	}
	for i, pt := range res.Points {
		if bad(pt.Balance) || bad(pt.Equity) {
			p.fail("point %d = %+v", i, pt)
		}
	}
	for i, d := range res.Deals {
		if bad(d.Volume) || bad(d.Price) || bad(d.Commission) || bad(d.Swap) || bad(d.Profit) || bad(d.Balance) {
			p.fail("deal %d = %+v", i, d)
		}
	}
	for i, tr := range res.Trades {
		if bad(tr.Volume) || bad(tr.OpenPrice) || bad(tr.ClosePrice) || bad(tr.Result) {
			p.fail("trade %d = %+v", i, tr)
		}
	}
}

// checkCounts: deals, trades, long/short and win/loss counts agree with each
// other and with the trade list.
func (p *pass) checkCounts(res *tester.Result) {
	s := res.Stats
	var longs, wins, losses, winLongs, winShorts float64
	for _, tr := range res.Trades {
		if tr.Dir > 0 {
			longs++
		}
		switch {
		case tr.Result > 0:
			wins++
			if tr.Dir > 0 {
				winLongs++
			} else {
				winShorts++
			}
		case tr.Result < 0:
			losses++
		}
	}
	trades := float64(len(res.Trades))
	eq := func(name string, got, want float64) {
		if got != want {
			p.fail("%s = %g, want %g", name, got, want)
		}
	}
	eq("initial_deposit", s[stats.InitialDeposit], p.cfg.Account.Deposit)
	eq("withdrawal", s[stats.Withdrawal], 0)
	eq("trades (the trade list)", s[stats.Trades], trades)
	eq("deals (the deal list)", s[stats.Deals], float64(len(res.Deals)))
	eq("deals (an entry and an exit per trade)", s[stats.Deals], 2*trades)
	eq("short_trades + long_trades", s[stats.ShortTrades]+s[stats.LongTrades], s[stats.Trades])
	eq("long_trades", s[stats.LongTrades], longs)
	eq("profit_trades", s[stats.ProfitTrades], wins)
	eq("loss_trades", s[stats.LossTrades], losses)
	eq("profit_longtrades", s[stats.ProfitLongTrades], winLongs)
	eq("profit_shorttrades", s[stats.ProfitShortTrades], winShorts)
	if s[stats.ProfitTrades]+s[stats.LossTrades] > s[stats.Trades] {
		p.fail("profit_trades %g + loss_trades %g > trades %g", s[stats.ProfitTrades], s[stats.LossTrades], s[stats.Trades])
	}
}

// checkTradesAndDeals: the deals pair up as entry, exit per trade, at prices
// the bars allow, and carry the running balance; it returns that running
// balance: the deposit, then the balance after each trade.
func (p *pass) checkTradesAndDeals(res *tester.Result) []float64 {
	bars, sym := p.env.Bars, p.cfg.Symbol
	first, last := bars.Time[p.lo], bars.Time[p.hi-1]
	balances := []float64{p.cfg.Account.Deposit}
	if len(res.Deals) != 2*len(res.Trades) {
		return balances // reported by checkCounts
	}
	prevClose := first
	for k, tr := range res.Trades {
		in, out := res.Deals[2*k], res.Deals[2*k+1]
		before := balances[len(balances)-1]
		after := before + tr.Result
		balances = append(balances, after)
		switch {
		case !in.Entry || out.Entry:
			p.fail("trade %d: deals %+v, %+v are not an entry then an exit", k, in, out)
		case in.Dir != tr.Dir || out.Dir != -tr.Dir:
			p.fail("trade %d (dir %d): entry dir %d, exit dir %d", k, tr.Dir, in.Dir, out.Dir)
		case in.Volume != tr.Volume || out.Volume != tr.Volume:
			p.fail("trade %d: volume %g, deals %g and %g", k, tr.Volume, in.Volume, out.Volume)
		case in.Time != tr.OpenTime || out.Time != tr.CloseTime || in.Price != tr.OpenPrice || out.Price != tr.ClosePrice:
			p.fail("trade %d %+v does not match its deals %+v, %+v", k, tr, in, out)
		}
		if tr.OpenTime < prevClose || tr.CloseTime < tr.OpenTime || tr.CloseTime > last {
			p.fail("trade %d from %d to %d: overlaps the previous (closed %d) or leaves the period", k, tr.OpenTime, tr.CloseTime, prevClose)
		}
		prevClose = tr.CloseTime
		if tr.Volume < sym.VolumeMin-1e-9 || tr.Volume > sym.VolumeMax+1e-9 {
			p.fail("trade %d: volume %g outside [%g, %g]", k, tr.Volume, sym.VolumeMin, sym.VolumeMax)
		}
		comm := math.Round(-sym.Commission*tr.Volume*100) / 100 // booked in cents
		if in.Commission != comm || out.Commission != comm {
			p.fail("trade %d: commissions %g and %g, want %g each", k, in.Commission, out.Commission, comm)
		}
		for _, v := range []float64{out.Profit, out.Swap} {
			if c := v * 100; math.Abs(c-math.Round(c)) > 1e-6 {
				p.fail("trade %d: profit or swap %g is not a whole number of cents", k, v)
			}
		}
		if got := out.Profit + out.Swap + in.Commission + out.Commission; math.Abs(got-tr.Result) > tol(math.Abs(out.Profit)+math.Abs(out.Swap)) {
			p.fail("trade %d: profit + swap + commissions = %g, result %g", k, got, tr.Result)
		}
		if in.Balance != before {
			p.fail("trade %d: entry deal balance %g, want %g", k, in.Balance, before)
		}
		if math.Abs(out.Balance-after) > tol(math.Abs(after)) {
			p.fail("trade %d: exit deal balance %g, want %g", k, out.Balance, after)
		}
		p.checkFill(k, tr)
	}
	if n := len(res.Deals); n > 0 {
		want := p.cfg.Account.Deposit + res.Stats[stats.Profit]
		if got := res.Deals[n-1].Balance; math.Abs(got-want) > tol(want) {
			p.fail("final deal balance %g, deposit + profit %g", got, want)
		}
	}
	return balances
}

// checkFill: an entry fills at the open of its bar (buy at the ask), never on
// the first bar of the data; an exit fills at the bid (long) or ask (short)
// of a price inside its bar: the open, a stop or target the bar reached, or
// the last close.
func (p *pass) checkFill(k int, tr tester.Trade) {
	bars := p.env.Bars
	in, out := barAt(bars, tr.OpenTime), barAt(bars, tr.CloseTime)
	if in < max(p.lo, 1) || out >= p.hi {
		p.fail("trade %d: bars %d..%d outside the period (or at bar 0)", k, in, out)
		return
	}
	want := bars.Open[in]
	if tr.Dir > 0 {
		want += p.spread(in)
	}
	if tr.OpenPrice != want {
		p.fail("trade %d (dir %d): opened at %g, want %g at bar %d's open", k, tr.Dir, tr.OpenPrice, want, in)
	}
	bid := tr.ClosePrice
	if tr.Dir < 0 {
		bid -= p.spread(out)
	}
	if bid < bars.Low[out]-1e-9 || bid > bars.High[out]+1e-9 {
		p.fail("trade %d (dir %d): closed at %g (bid %g), outside bar %d's range [%g, %g]",
			k, tr.Dir, tr.ClosePrice, bid, out, bars.Low[out], bars.High[out])
	}
}

func (p *pass) spread(i int) float64 {
	s := p.cfg.Symbol
	if p.env.Bars.Spread != nil && !s.FixedSpread {
		return float64(p.env.Bars.Spread[i]) * s.Point
	}
	return s.Spread * s.Point
}

// checkStatsSums: profit, gross profit and loss, the balance minimum and
// drawdown agree with the trade list; drawdowns are not negative.
func (p *pass) checkStatsSums(res *tester.Result, balances []float64) {
	s := res.Stats
	deposit := p.cfg.Account.Deposit
	var sum, gp, gl, scale float64
	for _, tr := range res.Trades {
		sum += tr.Result
		scale += math.Abs(tr.Result)
		if tr.Result > 0 {
			gp += tr.Result
		} else {
			gl += tr.Result
		}
	}
	near := func(name string, got, want, scale float64) {
		if math.Abs(got-want) > tol(scale) {
			p.fail("%s = %.12g, want %.12g", name, got, want)
		}
	}
	near("profit (sum of trade results)", s[stats.Profit], sum, scale)
	near("profit (gross_profit + gross_loss)", s[stats.Profit], s[stats.GrossProfit]+s[stats.GrossLoss], scale)
	near("gross_profit", s[stats.GrossProfit], gp, scale)
	near("gross_loss", s[stats.GrossLoss], gl, scale)
	if s[stats.GrossLoss] > 0 {
		p.fail("gross_loss %g > 0", s[stats.GrossLoss])
	}
	// Balance series: the deposit, then the balance after every trade.
	low, peak, dd := deposit, deposit, 0.0
	for _, b := range balances {
		low = min(low, b)
		peak = max(peak, b)
		dd = max(dd, peak-b)
	}
	near("balancemin", s[stats.BalanceMin], low, deposit+scale)
	near("balance_dd", s[stats.BalanceDD], dd, deposit+scale)
	if s[stats.BalanceMin] > deposit {
		p.fail("balancemin %g > deposit %g", s[stats.BalanceMin], deposit)
	}
	for _, i := range []int{stats.BalanceDD, stats.BalanceDDPercent, stats.BalanceDDRelPercent, stats.BalanceDDRelative,
		stats.EquityDD, stats.EquityDDPercent, stats.EquityDDRelPercent, stats.EquityDDRelative} {
		if s[i] < 0 {
			p.fail("%s = %g < 0", stats.Names[i], s[i])
		}
	}
	var pf float64
	switch {
	case s[stats.GrossLoss] < 0:
		pf = s[stats.GrossProfit] / -s[stats.GrossLoss]
	case s[stats.GrossProfit] > 0:
		pf = stats.MaxFloat
	}
	if s[stats.ProfitFactor] != pf {
		p.fail("profit_factor %g, want %g", s[stats.ProfitFactor], pf)
	}
}

// checkPoints: docs/points.md's sequence, rebuilt from the trade list: the
// deposit; per trade an open point (unless an opposite trade closed on the
// same bar)
// and a close point carrying the new balance; the end point. Times never go
// back and stay in the period.
func (p *pass) checkPoints(res *tester.Result, balances []float64) {
	bars, deposit := p.env.Bars, p.cfg.Account.Deposit
	first, last := bars.Time[p.lo], bars.Time[p.hi-1]
	want := p.expectedPoints(res.Trades, balances)
	if len(res.Points) != len(want) {
		p.fail("%d points, want %d", len(res.Points), len(want))
		return
	}
	for i, pt := range res.Points {
		w := want[i]
		if pt.Time != w.Time || math.Abs(pt.Balance-w.Balance) > tol(math.Abs(w.Balance)) {
			p.fail("point %d = %+v, want time %d balance %g", i, pt, w.Time, w.Balance)
		}
		if pt.Time < first || pt.Time > last || (i > 0 && pt.Time < res.Points[i-1].Time) {
			p.fail("point %d at %d: out of order or outside [%d, %d]", i, pt.Time, first, last)
		}
	}
	if pt := res.Points[0]; pt.Balance != deposit || pt.Equity != deposit {
		p.fail("first point %+v, want the deposit %g", pt, deposit)
	}
	end := res.Points[len(res.Points)-1]
	if end.Equity != end.Balance {
		p.fail("end point %+v: equity differs from balance with no position", end)
	}
	if got := end.Balance - deposit; math.Abs(got-res.Stats[stats.Profit]) > tol(deposit) {
		p.fail("last balance point − deposit = %g, profit %g", got, res.Stats[stats.Profit])
	}
}

// expectedPoints lists the points a pass with these trades writes, with the
// equity left 0 (it is checked elsewhere).
func (p *pass) expectedPoints(trades []tester.Trade, balances []float64) []tester.Point {
	bars := p.env.Bars
	pts := []tester.Point{{Time: bars.Time[p.lo], Balance: balances[0]}}
	for k, tr := range trades {
		if !reversedAt(trades[:k], tr.OpenTime, tr.Dir) {
			pts = append(pts, tester.Point{Time: tr.OpenTime, Balance: balances[k]})
		}
		pts = append(pts, tester.Point{Time: tr.CloseTime, Balance: balances[k+1]})
	}
	return append(pts, tester.Point{Time: bars.Time[p.hi-1], Balance: balances[len(balances)-1]})
}

// reversedAt reports whether a trade opposite to dir closed at time t: a
// close and an opposite open on the same bar write the close point only
// (docs/points.md rule 4).
func reversedAt(trades []tester.Trade, t int64, dir int) bool {
	for i := len(trades) - 1; i >= 0 && trades[i].CloseTime >= t; i-- {
		if trades[i].CloseTime == t && trades[i].Dir == -dir {
			return true
		}
	}
	return false
}

// checkEquity: the equity statistics against values that must be in the
// equity series, and the close points against their trade.
//
//   - equitymin is at most the deposit, at most the balance on every bar
//     with no position at all (its close equity is that balance), and at most
//     every open point's equity: the bar a position opens on has its worst
//     intrabar equity in the series, and that is below the fill's equity.
//   - A close point's lowest equity (mode min, or min_max where the balance
//     rose) is at
//     most the open point's equity and the new balance, both tracked during
//     the trade, and at least the lower of equitymin and the new balance:
//     everything else tracked is an equity sample or above one.
//   - In mode min, equitymin is at least the lowest point.
//   - A losing or break-even close in min_max records the highest equity,
//     which is at least the open point's equity and the new balance.
func (p *pass) checkEquity(res *tester.Result, balances []float64) {
	s := res.Stats
	eqMin := s[stats.EquityMin]
	deposit := p.cfg.Account.Deposit
	if eqMin > deposit {
		p.fail("equitymin %g > deposit %g", eqMin, deposit)
	}
	for _, g := range flatRuns(p.env.Bars, res.Trades, p.lo, p.hi) {
		if b := balances[g.tradesBefore]; eqMin > b+tol(math.Abs(b)) {
			p.fail("equitymin %g > balance %g on flat bars %d..%d", eqMin, b, g.from, g.to)
		}
	}
	if p.cfg.EquityMode == tester.Min {
		// Every equity sample is a flat bar's balance or was tracked in its
		// trade's range, whose lowest value the close point records.
		low := math.Inf(1)
		for _, pt := range res.Points {
			low = min(low, pt.Balance, pt.Equity)
		}
		if eqMin < low-tol(low) {
			p.fail("equitymin %g is below every point (lowest %g)", eqMin, low)
		}
	}
	want := p.expectedPoints(res.Trades, balances)
	if len(want) != len(res.Points) {
		return // reported by checkPoints
	}
	j := 1 // index of the next point, after the deposit point
	for k, tr := range res.Trades {
		openEq := math.NaN()
		if !reversedAt(res.Trades[:k], tr.OpenTime, tr.Dir) {
			openEq = res.Points[j].Equity
			if eqMin > openEq+tol(math.Abs(openEq)) {
				p.fail("equitymin %g > equity %g at trade %d's open", eqMin, openEq, k)
			}
			j++
		}
		closeEq, after := res.Points[j].Equity, balances[k+1]
		j++
		scale := tol(math.Abs(after) + math.Abs(eqMin))
		// docs/points.md: a close where the balance rose records the lowest equity
		// in min_max. (Not tr.Result > 0: a float residue of 1e-11 is a win in
		// the statistics but leaves a large balance where it was.)
		rose := after > balances[k]
		lowest := p.cfg.EquityMode == tester.Min || rose
		switch {
		case lowest && (closeEq > after+scale || closeEq > openEq+scale):
			p.fail("trade %d: close point records %g, above the new balance %g or the open equity %g (its lowest)", k, closeEq, after, openEq)
		case lowest && closeEq < min(eqMin, after)-scale:
			p.fail("trade %d: close point records %g, below equitymin %g and the new balance %g", k, closeEq, eqMin, after)
		case !lowest && (closeEq < after-scale || closeEq < openEq-scale):
			p.fail("trade %d (a loss): close point records %g, below the new balance %g or the open equity %g (its highest)", k, closeEq, after, openEq)
		}
	}
}

// flatRun is a run of bars [from, to] with no position at any time.
type flatRun struct {
	from, to     int
	tradesBefore int // trades closed before it
}

// flatRuns lists the bars of [lo, hi) that no trade touches, from its open bar
// to its close bar inclusive.
func flatRuns(bars *market.Series, trades []tester.Trade, lo, hi int) []flatRun {
	var runs []flatRun
	from := lo
	for k, tr := range trades {
		if in := barAt(bars, tr.OpenTime); in > from {
			runs = append(runs, flatRun{from, in - 1, k})
		}
		from = barAt(bars, tr.CloseTime) + 1
	}
	if from < hi {
		runs = append(runs, flatRun{from, hi - 1, len(trades)})
	}
	return runs
}

// compareModes: the equity mode changes close points only. The trades, deals,
// statistics and every other point are identical; a close point in mode min
// never exceeds the same close in min_max, and they are equal where the
// balance rose.
func (p *pass) compareModes(minMax, minMode *tester.Result) {
	if minMax.Stats != minMode.Stats {
		p.fail("statistics differ between modes:\nmin_max %v\nmin     %v", minMax.Stats, minMode.Stats)
	}
	if !equalSlices(minMax.Trades, minMode.Trades) || !equalSlices(minMax.Deals, minMode.Deals) {
		p.fail("trades or deals differ between modes")
		return
	}
	if len(minMax.Points) != len(minMode.Points) {
		p.fail("%d points in min_max, %d in min", len(minMax.Points), len(minMode.Points))
		return
	}
	isClose := closePoints(minMax.Trades)
	// rose[k]: the balance rose at trade k's close (docs/points.md's "winning close").
	rose := make([]bool, len(minMax.Trades))
	bal := p.cfg.Account.Deposit
	for k, tr := range minMax.Trades {
		rose[k] = bal+tr.Result > bal
		bal += tr.Result
	}
	for i := range minMax.Points {
		a, b := minMax.Points[i], minMode.Points[i]
		if a.Time != b.Time || a.Balance != b.Balance {
			p.fail("point %d: %+v in min_max, %+v in min", i, a, b)
			continue
		}
		k, isCl := isClose[i]
		switch {
		case !isCl && a.Equity != b.Equity:
			p.fail("point %d is not a close but its equity differs: %g (min_max) vs %g (min)", i, a.Equity, b.Equity)
		case isCl && b.Equity > a.Equity:
			p.fail("close point %d: mode min records %g, above min_max's %g", i, b.Equity, a.Equity)
		case isCl && rose[k] && a.Equity != b.Equity:
			p.fail("close point %d of a win: %g (min_max) vs %g (min), want both the lowest", i, a.Equity, b.Equity)
		}
	}
}

// closePoints maps the index of each close point to its trade.
func closePoints(trades []tester.Trade) map[int]int {
	m := make(map[int]int, len(trades))
	j := 1
	for k, tr := range trades {
		if !reversedAt(trades[:k], tr.OpenTime, tr.Dir) {
			j++
		}
		m[j] = k
		j++
	}
	return m
}

func equalSlices[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// barAt is the index of the bar opening at t.
func barAt(s *market.Series, t int64) int {
	return sort.Search(s.Len(), func(i int) bool { return s.Time[i] >= t })
}

func sampleEnv(tb testing.TB) *tester.Env {
	tb.Helper()
	s, err := data.Sample()
	if err != nil {
		tb.Fatal(err)
	}
	// The equity bounds above rest on well-formed bars.
	for i := range s.Len() {
		if s.Low[i] > min(s.Open[i], s.Close[i]) || s.High[i] < max(s.Open[i], s.Close[i]) || (i > 0 && s.Time[i] <= s.Time[i-1]) {
			tb.Fatalf("sample bar %d is malformed: %d %g %g %g %g", i, s.Time[i], s.Open[i], s.High[i], s.Low[i], s.Close[i])
		}
	}
	return tester.NewEnv(s)
}

// randomConfig draws sane account and symbol settings around the defaults.
func randomConfig(rng *rand.Rand) tester.Config {
	cfg := tester.DefaultConfig()
	cfg.Account.Deposit = math.Round(500 * math.Pow(200, rng.Float64())) // 500 .. 100000
	cfg.Account.Leverage = []float64{10, 30, 50, 100, 200, 500}[rng.IntN(6)]
	cfg.Symbol.FixedSpread = rng.IntN(2) == 0
	cfg.Symbol.Spread = float64(rng.IntN(40))
	if rng.IntN(3) > 0 {
		cfg.Symbol.Commission = math.Round(rng.Float64()*800) / 100 // 0 .. 8 per lot per side
	}
	if rng.IntN(3) > 0 {
		cfg.Symbol.SwapLong = math.Round(rng.Float64()*1200)/100 - 8 // −8 .. 4 per lot per night
		cfg.Symbol.SwapShort = math.Round(rng.Float64()*1200)/100 - 8
	}
	return cfg
}

// randomPeriod draws a sub-period of at least 200 bars out of n.
func randomPeriod(rng *rand.Rand, n int) (lo, hi int) {
	lo = rng.IntN(n - 200)
	return lo, lo + 200 + rng.IntN(n-lo-200+1)
}

type caseMaker func(rng *rand.Rand, env *tester.Env) propertyCase

// builtinMakers draws inputs for each built-in expert within sane ranges.
func builtinMakers() []caseMaker {
	draw := map[string]func(rng *rand.Rand) []float64{
		"MovingAverage": func(rng *rand.Rand) []float64 {
			return []float64{0.005 + rng.Float64()*0.2, float64(rng.IntN(10)), float64(1 + rng.IntN(150)), float64(rng.IntN(15))}
		},
		"MACross": func(rng *rand.Rand) []float64 {
			return []float64{float64(1 + rng.IntN(60)), float64(1 + rng.IntN(120)), rng.Float64() * 0.004}
		},
		"SmaCross": func(rng *rand.Rand) []float64 {
			lots := 0.0 // half the passes size by equity, half take a fixed volume
			if rng.IntN(2) == 1 {
				lots = float64(1+rng.IntN(50)) / 100
			}
			return []float64{float64(1 + rng.IntN(60)), float64(1 + rng.IntN(200)), float64(rng.IntN(2)), lots}
		},
	}
	var makers []caseMaker
	for _, def := range experts.All() {
		makers = append(makers, func(rng *rand.Rand, env *tester.Env) propertyCase {
			v := draw[def.Name](rng)
			return propertyCase{name: fmt.Sprintf("%s%v", def.Name, v), expert: func() tester.Expert {
				e, err := def.New(env, v)
				if err != nil {
					panic(fmt.Sprintf("%s%v: %v", def.Name, v, err))
				}
				return e
			}}
		})
	}
	if len(makers) != len(draw) {
		panic("an expert has no input ranges for the property test")
	}
	return makers
}

// randomTraderMaker draws a randomTrader with its own seed.
func randomTraderMaker(rng *rand.Rand, _ *tester.Env) propertyCase {
	seed := rng.Uint64()
	return propertyCase{name: fmt.Sprintf("randomTrader(%d)", seed), expert: func() tester.Expert {
		return &randomTrader{rng: rand.New(rand.NewPCG(seed, 1))}
	}}
}

// randomTrader buys, sells (reversing) and closes at random, with random
// volumes, some too large for the margin, and with stops and targets on the
// right side of the price, some close enough to be hit on the entry bar. Its
// choices depend on its seed only, so it trades the same in both modes.
type randomTrader struct{ rng *rand.Rand }

func (r *randomTrader) OnBar(c *tester.Context) {
	u := r.rng.Float64()
	volume := float64(1+r.rng.IntN(300)) / 100
	stop, target := r.distance(), r.distance()
	switch {
	case u < 0.03:
		bid := c.Bid()
		c.Buy(volume, r.maybe(bid-stop), r.maybe(bid+target))
	case u < 0.06:
		ask := c.Ask()
		c.Sell(volume, r.maybe(ask+stop), r.maybe(ask-target))
	case u < 0.08:
		c.ClosePosition()
	}
}

// distance is 1 to 500 points.
func (r *randomTrader) distance() float64 { return float64(1+r.rng.IntN(500)) * 0.00001 }

// maybe returns level, or 0 (none) one time in three.
func (r *randomTrader) maybe(level float64) float64 {
	if r.rng.IntN(3) == 0 {
		return 0
	}
	return level
}

// TestReusedTesterMatchesFresh: a Tester and Result that ran other passes
// give exactly what a fresh pair gives.
func TestReusedTesterMatchesFresh(t *testing.T) {
	env := sampleEnv(t)
	rng := rand.New(rand.NewPCG(99, 3))
	makers := append(builtinMakers(), randomTraderMaker)
	cfg := randomConfig(rng)
	cfg.Symbol.Commission, cfg.Symbol.SwapLong = 2.5, -1
	reused, err := tester.New(env, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var kept tester.Result
	for k := 0; k < 40; k++ {
		c := makers[k%len(makers)](rng, env)
		lo, hi := randomPeriod(rng, env.Bars.Len())
		if err := reused.Run(c.expert(), lo, hi, &kept); err != nil {
			t.Fatal(err)
		}
		fresh, _ := tester.New(env, cfg)
		var want tester.Result
		if err := fresh.Run(c.expert(), lo, hi, &want); err != nil {
			t.Fatal(err)
		}
		if kept.Stats != want.Stats || !equalSlices(kept.Points, want.Points) ||
			!equalSlices(kept.Deals, want.Deals) || !equalSlices(kept.Trades, want.Trades) {
			t.Fatalf("%s [%d, %d): a reused tester differs from a fresh one", c.name, lo, hi)
		}
	}
}

// TestReversalRangeStartsAtFill: after a reversal the new trade's equity
// range starts at the equity of its fill, not at the balance the closed
// trade left. Unit contract, 10 units, spread 1.00:
//
//	bar 1 buy at ask 101 (open 100): equity at the bid 990
//	bar 2 open 105: the long closes at the bid 105, +40 → balance 1040; the
//	      short fills at the bid 105 and is worth its exit at the ask 106:
//	      equity 1040 − 10 = 1030, all through the flat bar 2
//	bar 3 close at the ask 106: −10 → balance 1030, a loss; its highest
//	      equity is 1030, not the 1040 of the balance before the fill.
func TestReversalRangeStartsAtFill(t *testing.T) {
	s := &market.Series{Symbol: "TEST", Timeframe: market.Timeframe{Name: "H1", Duration: 3600e9}}
	for i, p := range []float64{100, 100, 105, 105} {
		s.Time = append(s.Time, int64(1_700_000_000_000+i*3_600_000))
		s.Open, s.High, s.Low, s.Close = append(s.Open, p), append(s.High, p), append(s.Low, p), append(s.Close, p)
		s.Volume = append(s.Volume, 1)
	}
	cfg := tester.Config{
		Account: tester.Account{Deposit: 1000, Leverage: 100},
		Symbol: tester.Symbol{ContractSize: 1, Point: 0.01, Digits: 2, VolumeMin: 1, VolumeStep: 1,
			VolumeMax: 1000, Spread: 100},
		EquityMode: tester.MinMax,
	}
	tst, err := tester.New(tester.NewEnv(s), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var res tester.Result
	actions := map[int]func(c *tester.Context){
		1: func(c *tester.Context) { c.Buy(10, 0, 0) },
		2: func(c *tester.Context) { c.Sell(10, 0, 0) },
		3: func(c *tester.Context) { c.ClosePosition() },
	}
	if err := tst.Run(script(actions), 0, s.Len(), &res); err != nil {
		t.Fatal(err)
	}
	want := []tester.Point{
		{Time: s.Time[0], Balance: 1000, Equity: 1000},
		{Time: s.Time[1], Balance: 1000, Equity: 990},  // long fill: 1000 + (bid 100 − 101) × 10
		{Time: s.Time[2], Balance: 1040, Equity: 990},  // the long's win records its lowest
		{Time: s.Time[3], Balance: 1030, Equity: 1030}, // the short's loss records its highest
		{Time: s.Time[3], Balance: 1030, Equity: 1030}, // end of period
	}
	if !equalSlices(res.Points, want) {
		t.Errorf("points %+v\nwant   %+v", res.Points, want)
	}
}

// script is an expert acting at given bars.
type script map[int]func(c *tester.Context)

func (s script) OnBar(c *tester.Context) {
	if f := s[c.Bars()]; f != nil {
		f(c)
	}
}
