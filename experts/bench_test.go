package experts

import (
	"testing"

	"github.com/passframes/passframes/data"
	"github.com/passframes/passframes/tester"
)

// sampleEnv returns the bundled sample prepared for testing.
func sampleEnv(tb testing.TB) *tester.Env {
	tb.Helper()
	s, err := data.Sample()
	if err != nil {
		tb.Fatal(err)
	}
	return tester.NewEnv(s)
}

// passRunner runs one full pass of an expert with fixed inputs, the way a
// collect worker does: a new expert per pass (its indicators come from the
// shared Env), one reused Tester and Result.
type passRunner struct {
	def    Def
	values []float64
	env    *tester.Env
	t      *tester.Tester
	res    tester.Result
	hi     int
}

func newPassRunner(tb testing.TB, def Def, values []float64, env *tester.Env, bars int) *passRunner {
	tb.Helper()
	t, err := tester.New(env, tester.DefaultConfig())
	if err != nil {
		tb.Fatal(err)
	}
	p := &passRunner{def: def, values: values, env: env, t: t, hi: bars}
	p.run(tb) // computes the shared indicators and sizes the result slices
	return p
}

func (p *passRunner) run(tb testing.TB) {
	e, err := p.def.New(p.env, p.values)
	if err != nil {
		tb.Fatal(err)
	}
	if err := p.t.Run(e, 0, p.hi, &p.res); err != nil {
		tb.Fatal(err)
	}
}

func benchmarkPass(b *testing.B, def Def) {
	env := sampleEnv(b)
	bars := env.Bars.Len()
	p := newPassRunner(b, def, def.Defaults(), env, bars)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		p.run(b)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*bars), "ns/bar")
	b.ReportMetric(float64(len(p.res.Trades)), "trades/pass")
}

// BenchmarkMovingAverage is one pass of MovingAverage with its default inputs
// over the whole bundled sample.
func BenchmarkMovingAverage(b *testing.B) { benchmarkPass(b, movingAverageDef) }

// BenchmarkMACross is one pass of MACross with its default inputs over the sample.
func BenchmarkMACross(b *testing.B) { benchmarkPass(b, maCrossDef) }

// BenchmarkSmaCross is one pass of SmaCross with its default inputs over the sample.
func BenchmarkSmaCross(b *testing.B) { benchmarkPass(b, smaCrossDef) }

// TestPassAllocationsDoNotGrowWithBars runs every expert over a quarter and
// over all of the sample: once the tester's buffers have grown, a pass
// allocates the same, the expert itself, whatever its length, so nothing is
// allocated per bar (or per trade).
func TestPassAllocationsDoNotGrowWithBars(t *testing.T) {
	if testing.Short() {
		t.Skip("runs full passes over the sample")
	}
	env := sampleEnv(t)
	full := env.Bars.Len()
	for _, def := range All() {
		var allocs [2]float64
		for k, bars := range []int{full / 4, full} {
			p := newPassRunner(t, def, def.Defaults(), env, bars)
			allocs[k] = testing.AllocsPerRun(5, func() { p.run(t) })
		}
		if allocs[1] != allocs[0] {
			t.Errorf("%s: %g allocations per pass over %d bars, %g over %d: allocations grow with the bars",
				def.Name, allocs[0], full/4, allocs[1], full)
		}
		// Only the expert value itself: the tester reuses everything else.
		if allocs[1] > 1 {
			t.Errorf("%s: %g allocations per pass, want 1 (the expert)", def.Name, allocs[1])
		}
	}
}
