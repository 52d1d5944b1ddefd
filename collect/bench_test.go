package collect

import (
	"context"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/passframes/passframes/data"
	"github.com/passframes/passframes/experts"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/tester"
)

// benchRun runs a whole collect, Parquet included, b.N times.
func benchRun(b *testing.B, expert string, specs []string, constraint string, bars int, forward string) {
	sample, err := data.Sample()
	if err != nil {
		b.Fatal(err)
	}
	if bars > 0 {
		sample = sample.Range(0, bars)
	}
	def, _ := experts.Lookup(expert)
	space, err := optimize.NewSpace(def.Params, specs, "", constraint)
	if err != nil {
		b.Fatal(err)
	}
	per, err := SplitPeriods(sample, zeroTime, zeroTime, forward)
	if err != nil {
		b.Fatal(err)
	}
	passes := 0
	idle0, total0 := cpuClasses()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		dir := filepath.Join(b.TempDir(), "run")
		p, err := Prepare(Config{Expert: def, Bars: sample, Space: space, Periods: per, Tester: tester.DefaultConfig(),
			Objective: "profit", Method: "grid", RunDir: dir, Mode: frames.New})
		if err != nil {
			b.Fatal(err)
		}
		s, err := p.Run(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		passes = s.Evaluated
	}
	b.StopTimer()
	idle1, total1 := cpuClasses()
	// The cores the run kept busy: of the CPU time its GOMAXPROCS cores
	// offered, the share the Go runtime did not find idle (no goroutine
	// to run). Unlike user+sys/wall it does not drop when other programs
	// take the machine's cores.
	b.ReportMetric((total1-total0-(idle1-idle0))/b.Elapsed().Seconds(), "busy-cores")
	b.ReportMetric(float64(passes), "passes")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/run")
}

// BenchmarkSmaCrossGrid is the grid other Python tools take 3.5-20 s for:
// SmaCross on 5,000 H1 bars, Fast 5..50 step 5, Slow 10..200 step 10,
// Fast < Slow (175 passes), no forward period.
func BenchmarkSmaCrossGrid(b *testing.B) {
	benchRun(b, "SmaCross", []string{"Fast=5:50:5", "Slow=10:200:10"}, "Fast < Slow", 5000, "none")
}

// BenchmarkMovingAverageGrid10k is MovingPeriod 1..100 × MovingShift
// 1..100 on the whole sample with a 1/4 forward period: 10,000 passes,
// 20,000 tester runs.
func BenchmarkMovingAverageGrid10k(b *testing.B) {
	benchRun(b, "MovingAverage", []string{"MovingPeriod=1:100:1", "MovingShift=1:100:1"}, "", 0, "1/4")
}

var zeroTime time.Time

// cpuClasses is the Go runtime's idle and total CPU time so far, in
// seconds; runtime.GC brings both up to date.
func cpuClasses() (idle, total float64) {
	runtime.GC()
	s := []metrics.Sample{{Name: "/cpu/classes/idle:cpu-seconds"}, {Name: "/cpu/classes/total:cpu-seconds"}}
	metrics.Read(s)
	return s[0].Value.Float64(), s[1].Value.Float64()
}
