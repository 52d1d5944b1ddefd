package tester

import (
	"math"
	"testing"

	"github.com/passframes/passframes/market"
	"github.com/passframes/passframes/stats"
)

// script is an expert that follows a fixed list of actions, keyed by the bar
// whose open they fill at: 'B' buy, 'S' sell, 'C' close.
type script struct {
	actions map[int]byte
	volume  float64
	sl, tp  float64
}

func (s *script) OnBar(c *Context) {
	switch s.actions[c.Bars()] {
	case 'B':
		c.Buy(s.volume, s.sl, s.tp)
	case 'S':
		c.Sell(s.volume, s.sl, s.tp)
	case 'C':
		c.ClosePosition()
	}
}

// bars builds an H1 series from rows of open, high, low, close.
func bars(rows [][4]float64) *market.Series {
	s := &market.Series{Symbol: "TEST", Timeframe: market.Timeframe{Name: "H1", Duration: 3600e9}}
	for i, r := range rows {
		s.Time = append(s.Time, int64(1_700_000_000_000+i*3_600_000))
		s.Open = append(s.Open, r[0])
		s.High = append(s.High, r[1])
		s.Low = append(s.Low, r[2])
		s.Close = append(s.Close, r[3])
		s.Volume = append(s.Volume, 1)
	}
	return s
}

// unitConfig trades a 1-unit contract with prices in whole points, no spread,
// 1:100, so a 10-unit position moves 10 money per price unit.
func unitConfig(mode EquityMode) Config {
	return Config{
		Account: Account{Deposit: 1000, Leverage: 100},
		Symbol: Symbol{ContractSize: 1, Point: 0.01, Digits: 2, VolumeMin: 1, VolumeStep: 1,
			VolumeMax: 1000, Spread: 0},
		EquityMode: mode,
	}
}

// sevenTrades is a 13-bar series and a script of seven trades worked out by
// hand (volume 10, so one price unit is 10 money):
//
//	T1 long  bar1 @100 → bar2 @105   +50  (bar1 low 89.5: equity 895)
//	T2 long  bar3 @105 → bar5 @108   +30
//	T3 short bar5 @108 → bar6 @110   −20  (reversal on bar5)
//	T4 long  bar7 @110 → bar8 @106   −40  (bar7 low 101: equity 970)
//	T5 short bar8 @106 → bar9 @107   −10  (reversal on bar8)
//	T6 long  bar10 @107 → bar11 @107   0  (break-even)
//	T7 short bar11 @107 → bar12 @101 +60  (reversal on bar11)
//
// Balance: 1000 1050 1080 1060 1020 1010 1010 1070.
func sevenTrades() (*market.Series, *script) {
	s := bars([][4]float64{
		{100, 100, 100, 100},  // 0
		{100, 100, 89.5, 102}, // 1 buy
		{105, 106, 104, 105},  // 2 close
		{105, 105, 105, 105},  // 3 buy
		{108, 110, 107, 108},  // 4
		{108, 111, 107, 110},  // 5 sell (reverse)
		{110, 110, 110, 110},  // 6 close
		{110, 110, 101, 104},  // 7 buy
		{106, 106, 106, 106},  // 8 sell (reverse)
		{107, 107, 107, 107},  // 9 close
		{107, 107, 107, 107},  // 10 buy
		{107, 108, 100, 101},  // 11 sell (reverse)
		{101, 101, 101, 101},  // 12 close
	})
	return s, &script{volume: 10, actions: map[int]byte{1: 'B', 2: 'C', 3: 'B', 5: 'S', 6: 'C',
		7: 'B', 8: 'S', 9: 'C', 10: 'B', 11: 'S', 12: 'C'}}
}

func runScript(t *testing.T, s *market.Series, e Expert, cfg Config) *Result {
	t.Helper()
	tst, err := New(NewEnv(s), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var res Result
	if err := tst.Run(e, 0, s.Len(), &res); err != nil {
		t.Fatal(err)
	}
	return &res
}

func TestStatisticsByHand(t *testing.T) {
	s, e := sevenTrades()
	res := runScript(t, s, e, unitConfig(MinMax))

	// Close equity per bar, from the deposit: 1000 1020 1050 1050 1080 1060 1060
	// 1000 1020 1010 1010 1070 1070; the Sharpe ratio uses the changes only.
	closes := []float64{1000, 1020, 1050, 1080, 1060, 1000, 1020, 1010, 1070}
	var rets []float64
	for i := 1; i < len(closes); i++ {
		rets = append(rets, math.Log(closes[i]/closes[i-1]))
	}
	mean, sd := 0.0, 0.0
	for _, r := range rets {
		mean += r / float64(len(rets))
	}
	for _, r := range rets {
		sd += (r - mean) * (r - mean) / float64(len(rets))
	}
	sharpe := mean / math.Sqrt(sd) * math.Sqrt(252*24)

	want := map[int]float64{
		stats.InitialDeposit: 1000,
		stats.Withdrawal:     0,
		stats.Profit:         70,
		stats.GrossProfit:    140, // 50 + 30 + 60
		stats.GrossLoss:      -70, // −20 − 40 − 10
		stats.MaxProfitTrade: 60,
		stats.MaxLossTrade:   -40,
		// Runs: wins [50 30], losses [−20 −40 −10], the break-even ends them, wins [60].
		stats.ConProfitMax:       80,
		stats.ConProfitMaxTrades: 2,
		stats.MaxConWins:         80,
		stats.MaxConProfitTrades: 2,
		stats.ConLossMax:         -70,
		stats.ConLossMaxTrades:   3,
		stats.MaxConLosses:       -70,
		stats.MaxConLossTrades:   3,
		// Balance 1000 1050 1080 1060 1020 1010 1010 1070: peak 1080, low 1010.
		stats.BalanceMin:          1000,
		stats.BalanceDD:           70,
		stats.BalanceDDPercent:    70.0 / 1080 * 100,
		stats.BalanceDDRelPercent: 70.0 / 1080 * 100,
		stats.BalanceDDRelative:   70,
		// Equity: 895 under the deposit peak 1000 (105, 10.5 %), then 970 under
		// the peak 1080 (110, 10.185 %): money and relative maxima differ.
		stats.EquityMin:          895,
		stats.EquityDD:           110,
		stats.EquityDDPercent:    110.0 / 1080 * 100,
		stats.EquityDDRelPercent: 10.5,
		stats.EquityDDRelative:   105,
		stats.ExpectedPayoff:     10,
		stats.ProfitFactor:       2,
		stats.RecoveryFactor:     70.0 / 110,
		stats.SharpeRatio:        sharpe,
		// T4: worst equity 970 over margin 10 × 110 / 100 = 11.
		stats.MinMarginLevel:     970.0 / 11 * 100,
		stats.CustomOnTester:     0,
		stats.Deals:              14,
		stats.Trades:             7,
		stats.ProfitTrades:       3,
		stats.LossTrades:         3,
		stats.ShortTrades:        3,
		stats.LongTrades:         4,
		stats.ProfitShortTrades:  1,
		stats.ProfitLongTrades:   2,
		stats.ProfitTradesAvgCon: 2, // runs of 2 and 1: 1.5 rounds to 2
		stats.LossTradesAvgCon:   3,
	}
	if len(want) != stats.Count {
		t.Fatalf("test covers %d statistics, want all %d", len(want), stats.Count)
	}
	for i, w := range want {
		if got := res.Stats[i]; math.Abs(got-w) > 1e-9*math.Max(1, math.Abs(w)) {
			t.Errorf("%s = %.10g, want %.10g", stats.Names[i], got, w)
		}
	}
	if len(res.Deals) != 14 || len(res.Trades) != 7 {
		t.Fatalf("deals %d trades %d, want 14 and 7", len(res.Deals), len(res.Trades))
	}
	wantResults := []float64{50, 30, -20, -40, -10, 0, 60}
	for i, tr := range res.Trades {
		if math.Abs(tr.Result-wantResults[i]) > 1e-9 {
			t.Errorf("trade %d result %g, want %g", i+1, tr.Result, wantResults[i])
		}
	}
}

func TestPointsBothModes(t *testing.T) {
	// Worked out from sevenTrades: open points carry the equity at the fill,
	// close points the trade's lowest equity (a win, or any close in mode min)
	// or its highest (a loss or break-even in mode min_max). Reversals write
	// the close point only.
	type pt struct {
		bar     int
		balance float64
		minMax  float64
		min     float64
	}
	want := []pt{
		{0, 1000, 1000, 1000},
		{1, 1000, 1000, 1000}, // T1 open
		{2, 1050, 895, 895},   // T1 win: lowest 895
		{3, 1050, 1050, 1050}, // T2 open
		{5, 1080, 1050, 1050}, // T2 win: lowest 1050 (bar 3)
		{6, 1060, 1090, 1050}, // T3 loss: highest 1090 (bar 5 low 107), lowest 1050 (high 111)
		{7, 1060, 1060, 1060}, // T4 open
		{8, 1020, 1060, 970},  // T4 loss: highest 1060, lowest 970
		{9, 1010, 1020, 1010}, // T5 loss
		{10, 1010, 1010, 1010},
		{11, 1010, 1010, 1010}, // T6 break-even counts as not rising: highest
		{12, 1070, 1000, 1000}, // T7 win: lowest 1000 (bar 11 high 108)
		{12, 1070, 1070, 1070}, // end of period
	}
	for _, mode := range []EquityMode{MinMax, Min} {
		s, e := sevenTrades()
		res := runScript(t, s, e, unitConfig(mode))
		if len(res.Points) != len(want) {
			t.Fatalf("%s: %d points, want %d: %+v", mode, len(res.Points), len(want), res.Points)
		}
		for i, w := range want {
			p := res.Points[i]
			eq := w.minMax
			if mode == Min {
				eq = w.min
			}
			if p.Time != s.Time[w.bar] || p.Balance != w.balance || p.Equity != eq {
				t.Errorf("%s point %d = {bar %d, %g, %g}, want {bar %d, %g, %g}", mode, i,
					(p.Time-s.Time[0])/3_600_000, p.Balance, p.Equity, w.bar, w.balance, eq)
			}
		}
	}
}

func TestPositionOpenAtEnd(t *testing.T) {
	// A long of 10 at 100 still open when the period ends at close 104 is
	// closed there: +40. Bar 2 dipped to 97 (equity 970), bar 3 rose to 106.
	s := bars([][4]float64{{100, 100, 100, 100}, {100, 101, 99, 100}, {100, 102, 97, 103}, {103, 106, 102, 104}})
	for _, c := range []struct {
		mode  EquityMode
		close float64
	}{{MinMax, 970}, {Min, 970}} {
		res := runScript(t, s, &script{volume: 10, actions: map[int]byte{1: 'B'}}, unitConfig(c.mode))
		want := []Point{
			{s.Time[0], 1000, 1000},
			{s.Time[1], 1000, 1000},
			{s.Time[3], 1040, c.close},
			{s.Time[3], 1040, 1040},
		}
		if len(res.Points) != len(want) {
			t.Fatalf("%s: points %+v, want %+v", c.mode, res.Points, want)
		}
		for i := range want {
			if res.Points[i] != want[i] {
				t.Errorf("%s: point %d = %+v, want %+v", c.mode, i, res.Points[i], want[i])
			}
		}
		if res.Stats[stats.Profit] != 40 || res.Stats[stats.Deals] != 2 {
			t.Errorf("profit %g deals %g, want 40 and 2", res.Stats[stats.Profit], res.Stats[stats.Deals])
		}
	}
	// A losing position open at the end: short 10 at 100, last close 104: −40.
	// In mode min_max the close records the highest equity (1030 at bar 2's low
	// 97), in mode min the lowest (940 at bar 3's high 106).
	for _, c := range []struct {
		mode EquityMode
		eq   float64
	}{{MinMax, 1030}, {Min, 940}} {
		res := runScript(t, s, &script{volume: 10, actions: map[int]byte{1: 'S'}}, unitConfig(c.mode))
		got := res.Points[2]
		if got.Balance != 960 || got.Equity != c.eq {
			t.Errorf("%s: closing point %+v, want balance 960 equity %g", c.mode, got, c.eq)
		}
	}
}

func TestStopLossFirstAndSpread(t *testing.T) {
	// EURUSD-like: 100000 contract, point 0.00001, spread 10 points (0.0001).
	// A buy of 0.1 at ask 1.1000+0.0001 with SL 1.0950 and TP 1.1050; bar 1
	// reaches both: the stop is taken (pessimistic) for (1.0950 − 1.1001) ×
	// 10000 = −51.
	s := bars([][4]float64{{1.1, 1.1, 1.1, 1.1}, {1.1000, 1.1060, 1.0940, 1.1000}, {1.1, 1.1, 1.1, 1.1}})
	cfg := DefaultConfig()
	res := runScript(t, s, &script{volume: 0.1, sl: 1.0950, tp: 1.1050, actions: map[int]byte{1: 'B'}}, cfg)
	if len(res.Trades) != 1 {
		t.Fatalf("trades %+v", res.Trades)
	}
	if got := res.Trades[0].Result; math.Abs(got-(-51)) > 1e-6 {
		t.Errorf("result %g, want -51", got)
	}
	if got := res.Trades[0].ClosePrice; got != 1.0950 {
		t.Errorf("closed at %g, want the stop 1.0950", got)
	}
}

func TestGapThroughStopFillsAtOpen(t *testing.T) {
	// Long 10 at 100 with SL 98; bar 2 opens at 95, below the stop: filled at 95.
	s := bars([][4]float64{{100, 100, 100, 100}, {100, 100, 99, 99}, {95, 96, 94, 95}, {95, 95, 95, 95}})
	res := runScript(t, s, &script{volume: 10, sl: 98, actions: map[int]byte{1: 'B'}}, unitConfig(MinMax))
	if len(res.Trades) != 1 || res.Trades[0].ClosePrice != 95 || res.Trades[0].Result != -50 {
		t.Fatalf("trades %+v, want one closed at 95 for -50", res.Trades)
	}
}

func TestMarginRejectsOversizedOrder(t *testing.T) {
	// 1:1 leverage, deposit 1000: 20 units at 100 need 2000 margin.
	s := bars([][4]float64{{100, 100, 100, 100}, {100, 100, 100, 100}, {100, 100, 100, 100}})
	cfg := unitConfig(MinMax)
	cfg.Account.Leverage = 1
	res := runScript(t, s, &script{volume: 20, actions: map[int]byte{1: 'B'}}, cfg)
	if res.Stats[stats.Deals] != 0 {
		t.Fatalf("an order needing 2000 margin on 1000 filled: %+v", res.Deals)
	}
}

func TestCommissionAndSwap(t *testing.T) {
	// 2 lots, commission 3 per lot per side (6 + 6), swap −1.5 per lot per
	// night for a long (one midnight crossed: −3); price P/L 5 × 2 = +10.
	s := &market.Series{Timeframe: market.Timeframe{Name: "H1", Duration: 3600e9}}
	for i, p := range []float64{100, 100, 100, 105} {
		s.Time = append(s.Time, int64(1_700_000_000_000)/86_400_000*86_400_000+int64(22+i)*3_600_000)
		s.Open, s.High, s.Low, s.Close = append(s.Open, p), append(s.High, p), append(s.Low, p), append(s.Close, p)
		s.Volume = append(s.Volume, 0)
	}
	cfg := unitConfig(MinMax)
	cfg.Symbol.Commission, cfg.Symbol.SwapLong = 3, -1.5
	res := runScript(t, s, &script{volume: 2, actions: map[int]byte{1: 'B', 3: 'C'}}, cfg)
	if len(res.Trades) != 1 {
		t.Fatalf("trades %+v", res.Trades)
	}
	if got := res.Trades[0].Result; got != 10-6-6-3 {
		t.Errorf("result %g, want -5", got)
	}
}

func TestNoLookAhead(t *testing.T) {
	// An expert that reads everything it may see: changing bar k never
	// changes what it saw, or did, at earlier bars.
	base := bars([][4]float64{{1, 2, 0.5, 1.5}, {1.5, 2, 1, 1.2}, {1.2, 1.8, 1.1, 1.7}, {1.7, 1.9, 1.3, 1.4},
		{1.4, 1.6, 1.2, 1.5}, {1.5, 1.7, 1.4, 1.6}})
	record := func(s *market.Series) [][]float64 {
		env := NewEnv(s)
		sma, _ := env.SMA(2)
		e := &peeker{sma: sma}
		tst, _ := New(env, unitConfig(MinMax))
		var res Result
		if err := tst.Run(e, 0, s.Len(), &res); err != nil {
			t.Fatal(err)
		}
		return e.seen
	}
	want := record(base)
	for k := 1; k < base.Len(); k++ {
		changed := *base
		changed.High = append([]float64(nil), base.High...)
		changed.Close = append([]float64(nil), base.Close...)
		changed.High[k] += 10
		changed.Close[k] += 5
		got := record(&changed)
		for bar := 1; bar <= k; bar++ {
			for j := range want[bar-1] {
				if got[bar-1][j] != want[bar-1][j] {
					t.Fatalf("changing bar %d changed what the expert saw at bar %d", k, bar)
				}
			}
		}
	}
}

type peeker struct {
	sma  *Buffer
	seen [][]float64
}

func (p *peeker) OnBar(c *Context) {
	var v []float64
	for sh := 1; sh <= c.Bars(); sh++ {
		v = append(v, c.High(sh), c.Low(sh), c.Close(sh))
		if x, ok := c.Value(p.sma, sh); ok {
			v = append(v, x)
		}
	}
	v = append(v, c.Open(0), c.Equity())
	p.seen = append(p.seen, v)
	if c.Bars() == 2 {
		c.Buy(1, 0, 0)
	}
}

func TestReadingTheFormingBarPanics(t *testing.T) {
	s := bars([][4]float64{{1, 1, 1, 1}, {1, 1, 1, 1}})
	defer func() {
		if recover() == nil {
			t.Fatal("reading Close(0) did not panic")
		}
	}()
	runScript(t, s, expertFunc(func(c *Context) { _ = c.Close(0) }), unitConfig(MinMax))
}

type expertFunc func(c *Context)

func (f expertFunc) OnBar(c *Context) { f(c) }

func TestSMA(t *testing.T) {
	s := bars([][4]float64{{1, 1, 1, 1}, {2, 2, 2, 2}, {3, 3, 3, 3}, {4, 4, 4, 4}, {6, 6, 6, 6}})
	env := NewEnv(s)
	b, err := env.SMA(3)
	if err != nil {
		t.Fatal(err)
	}
	// Closes 1 2 3 4 6: SMA(3) at bars 2, 3, 4 = 2, 3, 13/3.
	want := []float64{2, 3, 13.0 / 3}
	for i, w := range want {
		if math.Abs(b.v[i+2]-w) > 1e-12 {
			t.Errorf("SMA at bar %d = %g, want %g", i+2, b.v[i+2], w)
		}
	}
	if b2, _ := env.SMA(3); b2 != b {
		t.Error("the same period was computed twice instead of shared")
	}
	// Through the context at bar 4 (new bar): shift 1 is bar 3 (3), shift 2 is bar 2 (2),
	// shift 3 is bar 1, which has no full window.
	c := &Context{r: &runner{bars: s}, n: 4}
	if v, ok := c.Value(b, 1); !ok || v != 3 {
		t.Errorf("shift 1 = %g %v, want 3", v, ok)
	}
	if v, ok := c.Value(b, 2); !ok || v != 2 {
		t.Errorf("shift 2 = %g %v, want 2", v, ok)
	}
	if _, ok := c.Value(b, 3); ok {
		t.Error("shift 3 has no full window but was reported defined")
	}
}

func TestStopsOnTheWrongSideAreRefused(t *testing.T) {
	// A buy fills at 100 (no spread): a stop at 105 or a target at 80 would
	// close at prices the bar never traded, so the order is refused.
	s := bars([][4]float64{{100, 100, 100, 100}, {100, 101, 99, 100}, {100, 100, 100, 100}})
	for _, c := range []struct{ sl, tp float64 }{{105, 0}, {0, 80}, {100, 0}} {
		res := runScript(t, s, &script{volume: 10, sl: c.sl, tp: c.tp, actions: map[int]byte{1: 'B'}}, unitConfig(MinMax))
		if len(res.Deals) != 0 {
			t.Errorf("buy at 100 with sl %g tp %g filled: %+v", c.sl, c.tp, res.Deals)
		}
	}
	// A sell at 100 with its stop above and target below is fine.
	res := runScript(t, s, &script{volume: 10, sl: 105, tp: 80, actions: map[int]byte{1: 'S'}}, unitConfig(MinMax))
	if len(res.Trades) != 1 {
		t.Errorf("a valid sell was refused: %+v", res.Deals)
	}
}

func TestSameDirectionReopenWritesItsOpenPoint(t *testing.T) {
	// Long at 100 on bar 1; on bar 2 the expert closes at 102 and buys again:
	// only an opposite open is folded into the close point (docs/points.md rule 4).
	s := bars([][4]float64{{100, 100, 100, 100}, {100, 100, 100, 100}, {102, 102, 102, 102}, {104, 104, 104, 104}})
	e := expertFunc(func(c *Context) {
		switch c.Bars() {
		case 1:
			c.Buy(10, 0, 0)
		case 2:
			c.ClosePosition()
			c.Buy(10, 0, 0)
		}
	})
	res := runScript(t, s, e, unitConfig(MinMax))
	want := []Point{
		{s.Time[0], 1000, 1000}, {s.Time[1], 1000, 1000},
		{s.Time[2], 1020, 1000}, // close: a win records its lowest equity, 1000 at the open
		{s.Time[2], 1020, 1020}, // the second long's open point
		{s.Time[3], 1040, 1020}, {s.Time[3], 1040, 1040},
	}
	if len(res.Points) != len(want) {
		t.Fatalf("points %+v, want %+v", res.Points, want)
	}
	for i := range want {
		if res.Points[i] != want[i] {
			t.Errorf("point %d = %+v, want %+v", i, res.Points[i], want[i])
		}
	}
}

func TestStopFirstNeverSeesTheTarget(t *testing.T) {
	// Long 10 at 100, SL 95, TP 110; bar 1 spans 90..112, so both could
	// trigger: the stop comes first (−50), and the trade never saw the high,
	// so in mode min_max the losing close records the highest equity reached
	// before the stop: 1000, at the open.
	s := bars([][4]float64{{100, 100, 100, 100}, {100, 112, 90, 100}, {100, 100, 100, 100}})
	res := runScript(t, s, &script{volume: 10, sl: 95, tp: 110, actions: map[int]byte{1: 'B'}}, unitConfig(MinMax))
	if len(res.Trades) != 1 || res.Trades[0].Result != -50 {
		t.Fatalf("trades %+v", res.Trades)
	}
	if got := res.Points[2]; got.Balance != 950 || got.Equity != 1000 {
		t.Errorf("closing point %+v, want balance 950 equity 1000", got)
	}
}

func TestExitCommissionReachesTheEquitySeries(t *testing.T) {
	// A flat long of 10 units with commission 0.5 per unit per side (5 + 5),
	// still open when the period ends: the balance ends at 990, and equity
	// must have been there too, so equity_dd ≥ balance_dd.
	s := bars([][4]float64{{100, 100, 100, 100}, {100, 100, 100, 100}, {100, 100, 100, 100}})
	cfg := unitConfig(MinMax)
	cfg.Symbol.Commission = 0.5
	res := runScript(t, s, &script{volume: 10, actions: map[int]byte{1: 'B'}}, cfg)
	st := res.Stats
	if st[stats.BalanceMin] != 990 || st[stats.EquityMin] != 990 || st[stats.EquityDD] < st[stats.BalanceDD] {
		t.Errorf("balancemin %g equitymin %g balance_dd %g equity_dd %g", st[stats.BalanceMin], st[stats.EquityMin],
			st[stats.BalanceDD], st[stats.EquityDD])
	}
}

func TestSMAIsExactOnPriceTies(t *testing.T) {
	// Period 1 is the close itself, and a flat window is its price, exactly:
	// a drifting running sum would make ties into signals.
	closes := []float64{1.069, 1.06915, 1.1, 1.1, 1.1, 1.07003, 1.2}
	rows := make([][4]float64, len(closes))
	for i, c := range closes {
		rows[i] = [4]float64{c, c, c, c}
	}
	env := NewEnv(bars(rows))
	one, _ := env.SMA(1)
	for i, c := range closes {
		if one.v[i] != c {
			t.Errorf("SMA(1) at %d = %.17g, want %.17g", i, one.v[i], c)
		}
	}
	three, _ := env.SMA(3)
	if three.v[4] != 1.1 {
		t.Errorf("SMA(3) of 1.1, 1.1, 1.1 = %.17g", three.v[4])
	}
	if want := (1.069 + 1.06915 + 1.1) / 3; math.Abs(three.v[2]-want) > 1e-15 {
		t.Errorf("SMA(3) = %.17g, want %.17g", three.v[2], want)
	}
}
