package strategy

import (
	"testing"

	"github.com/passframes/passframes/data"
	"github.com/passframes/passframes/experts"
	"github.com/passframes/passframes/tester"
)

// benchmarkGrid runs one pass per iteration over the sample, cycling through
// the points of a grid, the way a collect worker meets them: each pass has
// new inputs, so a rule strategy builds the arrays of its new sub-expressions
// anew unless the bounded cache still holds them. The cache is limited to
// 16 MiB (about 160 arrays of the sample): the indicators of the grid fit,
// every pass's own arrays do not.
func benchmarkGrid(b *testing.B, def experts.Def, grid [][]float64) {
	bars, err := data.Sample()
	if err != nil {
		b.Fatal(err)
	}
	env := tester.NewEnv(bars)
	env.SetArrayLimit(16 << 20)
	tst, err := tester.New(env, tester.DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	var res tester.Result
	run := func(values []float64) {
		e, err := def.New(env, values)
		if err != nil {
			b.Fatal(err)
		}
		if err := tst.Run(e, 0, bars.Len(), &res); err != nil {
			b.Fatal(err)
		}
	}
	run(grid[0])
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		i++
		run(grid[i%len(grid)])
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*bars.Len()), "ns/bar")
}

// smaGrid is SmaCross's demo grid (Fast 5..50 by 5, Slow 10..200 by 10,
// Fast < Slow): 175 passes.
func smaGrid() [][]float64 {
	var g [][]float64
	for f := 5.0; f <= 50; f += 5 {
		for s := 10.0; s <= 200; s += 10 {
			if f < s {
				g = append(g, []float64{f, s, 0, 0})
			}
		}
	}
	return g
}

func loadDef(b *testing.B, path string) experts.Def {
	s, err := Load(path)
	if err != nil {
		b.Fatal(err)
	}
	return s.Def()
}

// BenchmarkSmaCrossExpert is the built-in SmaCross over its demo grid.
func BenchmarkSmaCrossExpert(b *testing.B) {
	def, err := experts.Lookup("SmaCross")
	if err != nil {
		b.Fatal(err)
	}
	benchmarkGrid(b, def, smaGrid())
}

// BenchmarkSmaCrossFile is strategies/smacross.toml over the same grid.
func BenchmarkSmaCrossFile(b *testing.B) {
	benchmarkGrid(b, loadDef(b, "../strategies/smacross.toml"), smaGrid())
}

// BenchmarkRsiAtrFile is strategies/rsi_reversion.toml (RSI rules, ATR
// stops, risk sizing, an hours filter) over its demo grid.
func BenchmarkRsiAtrFile(b *testing.B) {
	def := loadDef(b, "../strategies/rsi_reversion.toml")
	var grid [][]float64 // the file's demo grid, in the collect's order
	for p := 7.0; p <= 28; p += 7 {
		for lo := 20.0; lo <= 35; lo += 5 {
			for hi := 65.0; hi <= 80; hi += 5 {
				grid = append(grid, []float64{p, lo, hi, 1})
			}
		}
	}
	benchmarkGrid(b, def, grid)
}
