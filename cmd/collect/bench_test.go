package main

import (
	"context"
	"io"
	"path/filepath"
	"testing"

	"github.com/passframes/passframes/internal/cliutil"
)

// benchCommand runs the whole collect command in-process b.N times, each
// into a fresh run directory: flag parsing, loading and fingerprinting the
// sample, the run and its Parquet files. With -cpuprofile it shows what
// the command spends beside the tester.
func benchCommand(b *testing.B, args ...string) {
	for i := 0; i < b.N; i++ {
		out := filepath.Join(b.TempDir(), "runs")
		all := append([]string{"collect", "--out", out, "-q"}, args...)
		if code := cliutil.Run(context.Background(), "collect", newApp(), all, io.Discard, io.Discard); code != 0 {
			b.Fatalf("collect %v: exit %d", args, code)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/run")
}

// BenchmarkCommandSmaCross is the 175-pass SmaCross grid on the sample's
// first 5,017 H1 bars (to 2023-10-19), no forward period.
func BenchmarkCommandSmaCross(b *testing.B) {
	benchCommand(b, "--expert", "SmaCross", "--param", "Fast=5:50:5", "--param", "Slow=10:200:10",
		"--constraint", "Fast < Slow", "--to", "2023-10-19", "--forward", "none")
}

// BenchmarkCommandGrid10k is the 10,000-pass MovingAverage grid on the
// whole sample with a 1/4 forward period.
func BenchmarkCommandGrid10k(b *testing.B) {
	benchCommand(b, "--param", "MovingPeriod=1:100:1", "--param", "MovingShift=1:100:1")
}
