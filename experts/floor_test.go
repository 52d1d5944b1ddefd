package experts

import (
	"math"
	"testing"
	"time"

	"github.com/passframes/passframes/market"
	"github.com/passframes/passframes/stats"
	"github.com/passframes/passframes/tester"
	"github.com/passframes/passframes/tester/testexpert"
)

// floorPass is what BenchmarkFloor measures: SmaCross long-only (default
// inputs, 90% of equity) over precomputed SMAs, written as one loop with
// every piece of state in locals. It books what the tester books on the
// same bars: the balance, the equity at each bar's low and close, the
// equity minimum, the balance and equity drawdowns, and the Sharpe ratio
// from running sums of the log returns between changed closes. It does no
// deal list, no points, no stops, no swaps, no conversion: it is the floor
// the tester's ns/bar is compared against, not a second tester.
type floorPass struct {
	open, low, close []float64
	spread           []float64 // per bar, as a price difference
	fast, slow       []float64 // SMAs of closes; NaN before the first full window
	cfg              tester.Config
	barsPerYear      float64
}

func newFloorPass(s *market.Series, cfg tester.Config, fast, slow int) *floorPass {
	f := &floorPass{open: s.Open, low: s.Low, close: s.Close, cfg: cfg,
		barsPerYear: s.Timeframe.BarsPerYear(),
		fast:        floorSMA(s.Close, fast), slow: floorSMA(s.Close, slow)}
	f.spread = make([]float64, s.Len())
	for i := range f.spread {
		f.spread[i] = cfg.Symbol.Spread * cfg.Symbol.Point
		if s.Spread != nil {
			f.spread[i] = float64(s.Spread[i]) * cfg.Symbol.Point
		}
	}
	return f
}

// floorSMA is the SMA the tester's Env computes (window sums in whole
// units of 1e-8, so ties between the averages are the same ties), computed
// once before the timer starts.
func floorSMA(x []float64, period int) []float64 {
	out := make([]float64, len(x))
	var sum int64
	for i := range x {
		sum += int64(math.Round(x[i] * 1e8))
		if i >= period {
			sum -= int64(math.Round(x[i-period] * 1e8))
		}
		out[i] = math.NaN()
		if i >= period-1 {
			out[i] = float64(sum) / (float64(period) * 1e8)
		}
	}
	return out
}

// floorResult is what one floor pass computes.
type floorResult struct {
	balance, equityMin, balanceDD, equityDD, sharpe float64
	trades                                          int
}

func (f *floorPass) run() floorResult {
	sym := f.cfg.Symbol
	deposit := f.cfg.Account.Deposit
	balance, equityMin := deposit, deposit
	balPeak, balDD := deposit, 0.0
	eqPeak, eqDD := deposit, 0.0
	lastClose, n, sum, sum2 := deposit, 0, 0.0, 0.0
	inPos, openPrice, volume, trades := false, 0.0, 0.0, 0
	for i := 2; i < len(f.open); i++ {
		f1, s1, f2, s2 := f.fast[i-1], f.slow[i-1], f.fast[i-2], f.slow[i-2]
		up := f1 > s1 && f2 <= s2
		down := f1 < s1 && f2 >= s2
		if up && !inPos {
			price := f.open[i] + f.spread[i]
			v := math.Floor(smaCrossInvested*balance/(sym.ContractSize*price)/sym.VolumeStep+1e-9) * sym.VolumeStep
			if v >= sym.VolumeMin {
				inPos, openPrice, volume = true, price, v
			}
		} else if down && inPos {
			balance += math.Round((f.open[i]-openPrice)*volume*sym.ContractSize*100) / 100
			inPos = false
			trades++
			if balance > balPeak {
				balPeak = balance
			}
			balDD = max(balDD, balPeak-balance)
		}
		e := balance
		if inPos {
			worst := balance + (f.low[i]-openPrice)*volume*sym.ContractSize
			equityMin = min(equityMin, worst)
			eqDD = max(eqDD, eqPeak-worst)
			e += (f.close[i] - openPrice) * volume * sym.ContractSize
		}
		equityMin = min(equityMin, e)
		eqPeak = max(eqPeak, e)
		eqDD = max(eqDD, eqPeak-e)
		if e != lastClose {
			if e > 0 && lastClose > 0 {
				r := math.Log(e / lastClose)
				n++
				sum += r
				sum2 += r * r
			}
			lastClose = e
		}
	}
	if inPos { // the period ends with the position open: close it at the last close
		balance += math.Round((f.close[len(f.close)-1]-openPrice)*volume*sym.ContractSize*100) / 100
		trades++
	}
	res := floorResult{balance: balance, equityMin: equityMin, balanceDD: balDD, equityDD: eqDD, trades: trades}
	if n > 1 {
		mean := sum / float64(n)
		if v := sum2/float64(n) - mean*mean; v > 0 {
			res.sharpe = mean / math.Sqrt(v) * math.Sqrt(f.barsPerYear)
		}
	}
	return res
}

// BenchmarkFloor is the floor the tester is measured against: SmaCross
// long-only with its default inputs over the sample, as one tight loop (see
// floorPass). Compare its ns/bar with BenchmarkSmaCross's in the same run.
func BenchmarkFloor(b *testing.B) {
	env := sampleEnv(b)
	f := newFloorPass(env.Bars, tester.DefaultConfig(), 10, 20)
	var res floorResult
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res = f.run()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*env.Bars.Len()), "ns/bar")
	b.ReportMetric(float64(res.trades), "trades/pass")
}

// TestFloorAgreesWithTester keeps the floor honest: it trades SmaCross
// long-only with the same signals, so over the sample it closes as many
// trades as the tester's SmaCross and ends on its balance, with the same
// equity minimum and a Sharpe ratio within 2% (the floor samples the equity
// the same way but skips the tester's finer points, such as the equity after
// the final exit).
func TestFloorAgreesWithTester(t *testing.T) {
	env := sampleEnv(t)
	cfg := tester.DefaultConfig()
	got := newFloorPass(env.Bars, cfg, 10, 20).run()
	p := newPassRunner(t, smaCrossDef, smaCrossDef.Defaults(), env, env.Bars.Len())
	want := p.res
	if got.trades != len(want.Trades) {
		t.Fatalf("floor closed %d trades, the tester %d", got.trades, len(want.Trades))
	}
	if got.trades < 100 {
		t.Fatalf("floor closed only %d trades over the sample: the benchmark would measure a flat loop", got.trades)
	}
	wantBalance := cfg.Account.Deposit + want.Stats[stats.Profit]
	if d := math.Abs(got.balance - wantBalance); d > 0.005 {
		t.Errorf("floor balance %.2f, tester %.2f", got.balance, wantBalance)
	}
	if d := math.Abs(got.equityMin - want.Stats[stats.EquityMin]); d > 0.01 {
		t.Errorf("floor equity minimum %.2f, tester %.2f", got.equityMin, want.Stats[stats.EquityMin])
	}
	if d := math.Abs(got.sharpe/want.Stats[stats.SharpeRatio] - 1); d > 0.02 {
		t.Errorf("floor Sharpe ratio %g, tester %g", got.sharpe, want.Stats[stats.SharpeRatio])
	}
}

// BenchmarkFloorRatio runs the floor's pass and the tester's passes one
// after another, pass by pass, and reports each one's ns/bar and its ratio
// to the floor's: SmaCross and MovingAverage with their default inputs, and
// a position held on every bar (alwaysIn, with OnBar on every bar, and
// alwaysInWaker, the same pass with OnBar only where it trades, which
// measures the tester's own cost of a bar held). On a machine other work
// shares, the load changes between passes a millisecond apart far less than
// between benchmarks run seconds apart, so these ratios are the ones to
// read there.
func BenchmarkFloorRatio(b *testing.B) {
	env := sampleEnv(b)
	bars := env.Bars.Len()
	floor := newFloorPass(env.Bars, tester.DefaultConfig(), 10, 20)
	held := tester.DefaultConfig()
	held.Symbol.Commission, held.Symbol.SwapLong, held.Symbol.SwapShort = 3, -2, 0.5
	passes := []struct {
		name string
		run  func()
	}{
		{"floor", func() { floor.run() }},
		{"SmaCross", newPassRunner(b, smaCrossDef, smaCrossDef.Defaults(), env, bars).runner(b)},
		{"MovingAverage", newPassRunner(b, movingAverageDef, movingAverageDef.Defaults(), env, bars).runner(b)},
		{"alwaysIn", testerRunner(b, env, held, testexpert.AlwaysIn{})},
		{"alwaysInWaker", testerRunner(b, env, held, testexpert.AlwaysInWaker{})},
	}
	spent := make([]time.Duration, len(passes))
	b.ResetTimer()
	for b.Loop() {
		for k, p := range passes {
			start := time.Now()
			p.run()
			spent[k] += time.Since(start)
		}
	}
	for k, p := range passes {
		b.ReportMetric(float64(spent[k].Nanoseconds())/float64(b.N*bars), p.name+"-ns/bar")
		if k > 0 {
			b.ReportMetric(float64(spent[k])/float64(spent[0]), p.name+"/floor")
		}
	}
}

// runner returns a function that runs p's pass.
func (p *passRunner) runner(tb testing.TB) func() { return func() { p.run(tb) } }

// testerRunner returns a function that runs expert over the whole sample
// with cfg, reusing one Tester and Result.
func testerRunner(tb testing.TB, env *tester.Env, cfg tester.Config, expert tester.Expert) func() {
	t, err := tester.New(env, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	var res tester.Result
	return func() {
		if err := t.Run(expert, 0, env.Bars.Len(), &res); err != nil {
			tb.Fatal(err)
		}
	}
}
