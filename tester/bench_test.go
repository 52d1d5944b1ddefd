package tester_test

import (
	"testing"

	"github.com/passframes/passframes/tester"
	"github.com/passframes/passframes/tester/testexpert"
)

// The tester's own cost per bar, apart from any strategy: a pass that never
// trades (the loop, one equity sample and the Sharpe bookkeeping per bar),
// and one that holds a position on every bar (intrabar worst and best equity,
// margin level, swap, a changed close every bar), reversing once a day.

// idle never trades.
type idle struct{}

func (idle) OnBar(*tester.Context) {}

func benchmarkTester(b *testing.B, e tester.Expert) { benchmarkConverted(b, e, tester.Conversion{}) }

func benchmarkConverted(b *testing.B, e tester.Expert, conv tester.Conversion) {
	env := sampleEnv(b)
	bars := env.Bars.Len()
	cfg := tester.DefaultConfig()
	cfg.Symbol.Commission, cfg.Symbol.SwapLong, cfg.Symbol.SwapShort = 3, -2, 0.5
	if conv.Rates != nil {
		conv.Rates = make([]float64, bars)
		for i := range conv.Rates {
			conv.Rates[i] = 1.27
		}
	}
	cfg.Conversion = conv
	tst, err := tester.New(env, cfg)
	if err != nil {
		b.Fatal(err)
	}
	var res tester.Result
	if err := tst.Run(e, 0, bars, &res); err != nil { // sizes the result's slices
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := tst.Run(e, 0, bars, &res); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*bars), "ns/bar")
}

// BenchmarkTesterIdle is a pass over the sample that never trades.
func BenchmarkTesterIdle(b *testing.B) { benchmarkTester(b, idle{}) }

// BenchmarkTesterAlwaysIn is a pass over the sample with a position on every bar.
func BenchmarkTesterAlwaysIn(b *testing.B) { benchmarkTester(b, testexpert.AlwaysIn{}) }

// BenchmarkTesterAlwaysInWaker is AlwaysIn's pass with OnBar called only
// on the bars where it trades (tester.Waker).
func BenchmarkTesterAlwaysInWaker(b *testing.B) { benchmarkTester(b, testexpert.AlwaysInWaker{}) }

// BenchmarkTesterAlwaysInByPrice is AlwaysIn with money converted by the
// symbol's own price (USDJPY on a USD account).
func BenchmarkTesterAlwaysInByPrice(b *testing.B) {
	benchmarkConverted(b, testexpert.AlwaysIn{}, tester.Conversion{ByPrice: true})
}

// BenchmarkTesterAlwaysInCross is AlwaysIn with money converted by a
// per-bar rate (a cross such as EURGBP on a USD account).
func BenchmarkTesterAlwaysInCross(b *testing.B) {
	benchmarkConverted(b, testexpert.AlwaysIn{}, tester.Conversion{Rates: []float64{}})
}

// TestTesterDoesNotAllocatePerPass: once a Tester and its Result have run a
// pass, further passes allocate nothing at all, however many bars or trades.
func TestTesterDoesNotAllocatePerPass(t *testing.T) {
	env := sampleEnv(t)
	tst, err := tester.New(env, tester.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	var res tester.Result
	for _, e := range []tester.Expert{idle{}, testexpert.AlwaysIn{}, testexpert.AlwaysInWaker{}} {
		for _, hi := range []int{env.Bars.Len() / 4, env.Bars.Len()} {
			if err := tst.Run(e, 0, env.Bars.Len(), &res); err != nil {
				t.Fatal(err)
			}
			allocs := testing.AllocsPerRun(3, func() {
				if err := tst.Run(e, 0, hi, &res); err != nil {
					t.Fatal(err)
				}
			})
			if allocs != 0 {
				t.Errorf("%T over %d bars: %g allocations per pass, want 0", e, hi, allocs)
			}
		}
	}
}
