package analysis

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/stats"
)

// writeSynthetic writes a dataset of n passes, each a back row of points
// balance/equity points (a random walk) plus statistics.
func writeSynthetic(b *testing.B, dir string, n, points int) {
	m := &frames.Manifest{Format: frames.FormatVersion, Expert: "Bench", Symbol: "SYN", Timeframe: "H1",
		Criterion: "profit", Columns: []frames.Column{{Name: "A", Integer: true}, {Name: "B"}}}
	w, _, err := frames.Create(dir, m, frames.New)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	f := &frames.Frame{Period: frames.Back, Params: make([]float64, 2), EquityMode: "min_max",
		Time: make([]int64, points), Balance: make([]float64, points), Equity: make([]float64, points)}
	for p := 0; p < n; p++ {
		f.Pass = int64(p)
		f.Params[0], f.Params[1] = float64(p%100), float64(p/100)
		bal := 10000.0
		for i := 0; i < points; i++ {
			bal += rng.NormFloat64()*20 + 1
			f.Time[i] = int64(1_700_000_000_000 + i*3_600_000)
			f.Balance[i], f.Equity[i] = bal, bal-rng.Float64()*30
		}
		for i := range f.Stats {
			f.Stats[i] = rng.Float64() * 100
		}
		f.Stats[stats.InitialDeposit], f.Stats[stats.Profit] = 10000, bal-10000
		if err := w.WritePass(f); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
}

// peakMemory samples the memory the Go runtime holds until stop is closed.
func peakMemory(stop <-chan struct{}, peak *atomic.Uint64, wg *sync.WaitGroup) {
	defer wg.Done()
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}}
	for {
		metrics.Read(s)
		if v := s[0].Value.Uint64(); v > peak.Load() {
			peak.Store(v)
		}
		select {
		case <-stop:
			return
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// BenchmarkAnalyze100k analyzes 100,000 passes of 400 points end to end:
// streaming the part files, every criterion and both regression lines per
// pass, ranks and Spearman for every criterion, and the analysis table.
// Set PASSFRAMES_BENCH_PASSES to change the pass count.
func BenchmarkAnalyze100k(b *testing.B) {
	n := 100_000
	if s := os.Getenv("PASSFRAMES_BENCH_PASSES"); s != "" {
		var v int
		if _, err := fmtSscan(s, &v); err == nil && v > 0 {
			n = v
		}
	}
	dir := filepath.Join(b.TempDir(), "run")
	writeSynthetic(b, dir, n, 400)
	ds, err := frames.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go peakMemory(stop, &peak, &wg)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := Run(b.Context(), ds, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := res.WriteTableFile(filepath.Join(dir, TableName)); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	close(stop)
	wg.Wait()
	b.ReportMetric(float64(n), "passes")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/run")
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-MiB")
}

func fmtSscan(s string, v *int) (int, error) { return fmt.Sscan(s, v) }
