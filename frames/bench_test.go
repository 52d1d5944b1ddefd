package frames

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/parquet-go/parquet-go/compress/zstd"
)

// writeBenchRun writes n passes of points balance/equity points (a random
// walk), back rows only, in parts of DefaultRowsPerPart rows.
func writeBenchRun(b *testing.B, dir string, n, points int) {
	b.Helper()
	w, _, err := Create(dir, testManifest(), New)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	f := &Frame{Period: Back, Params: make([]float64, 2), EquityMode: "min_max",
		Time: make([]int64, points), Balance: make([]float64, points), Equity: make([]float64, points)}
	for p := 0; p < n; p++ {
		f.Pass = int64(p)
		f.Params[0], f.Params[1] = float64(p%100), float64(p/100)
		bal := 10000.0
		for i := range points {
			bal += rng.NormFloat64()*20 + 1
			f.Time[i] = int64(1_700_000_000_000 + i*3_600_000)
			f.Balance[i], f.Equity[i] = bal, bal-rng.Float64()*30
		}
		for i := range f.Stats {
			f.Stats[i] = rng.Float64() * 100
		}
		if err := w.WritePass(f); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkScan reads 10,000 frames of 400 points through Dataset.Scan
// ("columns") and, for comparison, row by row through parquet.Reader
// ("rows").
func BenchmarkScan(b *testing.B) {
	const passes, points = 10_000, 400
	dir := filepath.Join(b.TempDir(), "run")
	writeBenchRun(b, dir, passes, points)
	ds, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	for _, bm := range []struct {
		name string
		scan func(func(*Frame) error) error
	}{
		{"columns", ds.Scan},
		{"rows", func(fn func(*Frame) error) error { return referenceScan(ds, fn) }},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				rows, sum := 0, 0.0
				if err := bm.scan(func(f *Frame) error {
					rows++
					sum += f.Balance[len(f.Balance)-1]
					return nil
				}); err != nil {
					b.Fatal(err)
				}
				if rows != passes || sum == 0 {
					b.Fatalf("%d rows (sum %g), want %d", rows, sum, passes)
				}
			}
			b.ReportMetric(float64(b.N*passes)/b.Elapsed().Seconds(), "frames/s")
		})
	}
}

// BenchmarkPassIDs reads the pass ids of 10,000 frames of 400 points.
func BenchmarkPassIDs(b *testing.B) {
	const passes, points = 10_000, 400
	dir := filepath.Join(b.TempDir(), "run")
	writeBenchRun(b, dir, passes, points)
	ds, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		ids, err := ds.PassIDs()
		if err != nil {
			b.Fatal(err)
		}
		if len(ids) != passes {
			b.Fatalf("%d ids, want %d", len(ids), passes)
		}
	}
}

// BenchmarkWrite writes 2,000 frames of 400 points (back rows, parts of
// DefaultRowsPerPart rows).
func BenchmarkWrite(b *testing.B) {
	const passes, points = 2_000, 400
	b.ReportAllocs()
	for i := range b.N {
		writeBenchRun(b, filepath.Join(b.TempDir(), fmt.Sprint("run", i)), passes, points)
	}
	b.ReportMetric(float64(b.N*passes)/b.Elapsed().Seconds(), "frames/s")
}

// BenchmarkWriteLevel writes the frames of BenchmarkWrite at two Zstandard
// levels, the fastest (the writer's) and the library's default, reporting
// frames/s and the bytes the frames files take per frame.
func BenchmarkWriteLevel(b *testing.B) {
	const passes, points = 2_000, 400
	for _, level := range []struct {
		name  string
		level zstd.Level
	}{{"fastest", zstd.SpeedFastest}, {"default", zstd.SpeedDefault}} {
		b.Run(level.name, func(b *testing.B) {
			saved := frameCodec
			frameCodec = &zstd.Codec{Level: level.level}
			defer func() { frameCodec = saved }()
			var size int64
			for i := range b.N {
				dir := filepath.Join(b.TempDir(), fmt.Sprint("run", i))
				writeBenchRun(b, dir, passes, points)
				size = dirBytes(b, filepath.Join(dir, FramesDir))
			}
			b.ReportMetric(float64(b.N*passes)/b.Elapsed().Seconds(), "frames/s")
			b.ReportMetric(float64(size)/passes, "bytes/frame")
		})
	}
}

// dirBytes is the total size of the files in dir.
func dirBytes(tb testing.TB, dir string) int64 {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var n int64
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			tb.Fatal(err)
		}
		n += info.Size()
	}
	return n
}
