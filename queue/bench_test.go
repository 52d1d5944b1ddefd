package queue

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/passframes/passframes/collect"
	"github.com/passframes/passframes/data"
	"github.com/passframes/passframes/experts"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/tester"
)

// grid10k is the README's 10,000-pass MovingAverage grid on the whole
// sample with a forward quarter.
func grid10k(b *testing.B, dir string, batch int) collect.Config {
	bars, err := data.Sample()
	if err != nil {
		b.Fatal(err)
	}
	def, _ := experts.Lookup("MovingAverage")
	space, err := optimize.NewSpace(def.Params, []string{"MovingPeriod=1:100:1", "MovingShift=1:100:1"}, "", "")
	if err != nil {
		b.Fatal(err)
	}
	per, err := collect.SplitPeriods(bars, time.Time{}, time.Time{}, "1/4")
	if err != nil {
		b.Fatal(err)
	}
	return collect.Config{Expert: def, Bars: bars, Data: frames.DataInfo{Source: "sample"}, Space: space, Periods: per,
		Tester: tester.DefaultConfig(), Objective: "profit", Method: "grid", Seed: 1, Workers: 2, Batch: batch,
		RunDir: dir, Program: "bench"}
}

// BenchmarkGrid10k compares the 10,000-pass grid run locally on two cores
// with the same grid through the queue to two workers of one tester each on
// the same machine, for several batch sizes. passes/s is the figure to read.
func BenchmarkGrid10k(b *testing.B) {
	b.Run("local", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			cfg := grid10k(b, b.TempDir(), 64)
			p, err := collect.Prepare(cfg)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := p.Run(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(10000*b.N)/b.Elapsed().Seconds(), "passes/s")
	})
	for _, batch := range []int{16, 64, 256, 1024} {
		b.Run(fmt.Sprintf("queue-batch-%d", batch), func(b *testing.B) {
			ns := startServer(b, 0, "")
			for i := 0; i < b.N; i++ {
				cfg := grid10k(b, b.TempDir(), batch)
				ctx, cancel := context.WithCancel(context.Background())
				for k := 0; k < 2; k++ {
					conn := connect(b, ns.url())
					w, _ := NewWorker(ctx, conn, WorkerConfig{Version: "bench", Workers: 1, Batch: 16, CacheDir: b.TempDir()}, buildFrom(cfg))
					go w.Run(ctx)
				}
				coord, err := NewCoordinator(ctx, connect(b, ns.url()), CoordinatorConfig{Key: cfg.RunDir, Version: "bench"})
				if err != nil {
					b.Fatal(err)
				}
				cfg.Remote = coord
				p, err := collect.Prepare(cfg)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := p.Run(ctx); err != nil {
					b.Fatal(err)
				}
				coord.Close()
				cancel()
			}
			b.ReportMetric(float64(10000*b.N)/b.Elapsed().Seconds(), "passes/s")
		})
	}
}
