package market_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/passframes/passframes/data"
	"github.com/passframes/passframes/market"
)

// minuteFile returns a generated file of n M1 bars (data.GenerateMinutes),
// made once and kept in the temporary directory for later runs: 5,000,000
// bars take several seconds to generate.
func minuteFile(b *testing.B, n int) string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), "passframes-bench")
	path := filepath.Join(dir, fmt.Sprintf("EURUSD_M1_%d.csv", n))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	if err := data.WriteMinutes(path, n); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkLoad5M loads and fingerprints a 5,000,000-bar M1 CSV (about
// 300 MB) the way collect does, reporting the time and the bytes allocated
// per bar (the columns take 52).
func BenchmarkLoad5M(b *testing.B) { benchmarkLoad(b, 5_000_000) }

// BenchmarkLoad500k is the same at a tenth of the size.
func BenchmarkLoad500k(b *testing.B) { benchmarkLoad(b, 500_000) }

func benchmarkLoad(b *testing.B, n int) {
	path := minuteFile(b, n)
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, _, err := market.LoadHashed(path, market.LoadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if s.Len() != n {
			b.Fatalf("%d bars, want %d", s.Len(), n)
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	bars := float64(n) * float64(b.N)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/bars, "ns/bar")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/bars, "B/bar")
}
