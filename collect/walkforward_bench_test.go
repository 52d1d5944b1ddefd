package collect

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/passframes/passframes/data"
	"github.com/passframes/passframes/experts"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/tester"
	"github.com/passframes/passframes/walkforward"
)

// BenchmarkWalkForwardDemo12 is a walk-forward of the 288-pass demo grid
// (MovingAverage, MovingPeriod 5..120 step 5 × MovingShift 1..12) over the
// whole sample in 12 rolling windows of 11 months' training and 1 month's
// test, end to end: the collect (6,912 tester runs and their Parquet
// parts), then reading the run back and scoring every default criterion.
func BenchmarkWalkForwardDemo12(b *testing.B) {
	bars, err := data.Sample()
	if err != nil {
		b.Fatal(err)
	}
	def, _ := experts.Lookup("MovingAverage")
	space, err := optimize.NewSpace(def.Params, def.Demo, "", def.DemoConstraint)
	if err != nil {
		b.Fatal(err)
	}
	per, err := SplitPeriods(bars, zeroTime, zeroTime, "none")
	if err != nil {
		b.Fatal(err)
	}
	spec, err := walkforward.ParseSpec("11mo", "1mo", "", false, "")
	if err != nil {
		b.Fatal(err)
	}
	var windows, rows int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		dir := filepath.Join(b.TempDir(), "run")
		r, err := PrepareWalkForward(Config{Expert: def, Bars: bars, Space: space, Periods: per, Tester: tester.DefaultConfig(),
			Objective: "profit", Method: "grid", RunDir: dir, Mode: frames.New}, spec)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.Run(context.Background()); err != nil {
			b.Fatal(err)
		}
		run, err := walkforward.Load(context.Background(), dir, walkforward.LoadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		board, err := run.Scoreboard(context.Background(), walkforward.DefaultThresholds())
		if err != nil {
			b.Fatal(err)
		}
		windows, rows = len(r.Windows()), len(board)
	}
	b.ReportMetric(float64(windows), "windows")
	b.ReportMetric(float64(rows), "criteria")
}
