package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/passframes/passframes/internal/testrun"
)

// TestTwoRunsKeepTheirCharts: two runs of the same expert, symbol and
// timeframe, plotted one after the other, each keep their charts; into one
// --out folder the second is refused and the first's charts stay.
func TestTwoRunsKeepTheirCharts(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	runA, runB := testrun.Collect(t, a), testrun.Collect(t, b)
	for _, root := range []string{a, b} {
		if out, code := testrun.Run(t, binary, root, "--width", "320", "--height", "200"); code != 0 {
			t.Fatalf("exit %d: %s", code, out)
		}
	}
	for _, run := range []string{runA, runB} {
		charts, _ := filepath.Glob(filepath.Join(run, "charts", "*.png"))
		if len(charts) < 5 {
			t.Errorf("%s: %d charts after both runs were plotted", run, len(charts))
		}
	}

	shared := t.TempDir()
	if out, code := testrun.Run(t, binary, a, "--out", shared, "--width", "320", "--height", "200"); code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	folder := filepath.Join(shared, "MovingAverage.SAMPLE.H1")
	before, _ := filepath.Glob(filepath.Join(folder, "*.png"))
	page, _ := os.ReadFile(filepath.Join(folder, "index.html"))
	out, code := testrun.Run(t, binary, b, "--out", shared, "--all", "--width", "320", "--height", "200")
	if code == 0 || !strings.Contains(out, "another run") || !strings.Contains(out, "--out") {
		t.Errorf("a second run into the same --out folder: exit %d: %s", code, out)
	}
	after, _ := filepath.Glob(filepath.Join(folder, "*.png"))
	again, _ := os.ReadFile(filepath.Join(folder, "index.html"))
	if len(after) != len(before) || string(again) != string(page) {
		t.Errorf("the refused plot changed the folder: %d charts before, %d after", len(before), len(after))
	}
	// The same run again into the same folder is fine.
	if out, code := testrun.Run(t, binary, a, "--out", shared, "--width", "320", "--height", "200"); code != 0 {
		t.Errorf("replotting the same run: exit %d: %s", code, out)
	}
}

// TestLeftoversAndOneMessage: temporary files of a killed plot are removed by
// the next one, which prints one line.
func TestLeftoversAndOneMessage(t *testing.T) {
	root := t.TempDir()
	run := testrun.Collect(t, root)
	charts := filepath.Join(run, "charts")
	os.MkdirAll(charts, 0o755)
	left := []string{filepath.Join(charts, ".r2+1.00.png.123456.tmp"), filepath.Join(charts, ".index.html.99.tmp")}
	for _, f := range left {
		os.WriteFile(f, []byte("half"), 0o644)
	}
	out, code := testrun.Run(t, binary, root, "--width", "320", "--height", "200")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	for _, f := range left {
		if _, err := os.Stat(f); err == nil {
			t.Errorf("%s was left", f)
		}
	}
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 1 || !strings.Contains(out, "index.html") {
		t.Errorf("plot printed %d lines: %q", len(lines), out)
	}
}

// TestCorruptAnalysisTableIsSaid: a broken analysis.parquet newer than the
// frames is named in a warning, and the charts are drawn from the frames.
func TestCorruptAnalysisTableIsSaid(t *testing.T) {
	root := t.TempDir()
	run := testrun.Collect(t, root)
	table := filepath.Join(run, "analysis.parquet")
	os.WriteFile(table, []byte("PAR1 this is not a parquet file PAR1"), 0o644)
	out, code := testrun.Run(t, binary, root, "--width", "320", "--height", "200")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	if !strings.Contains(out, "warning") || !strings.Contains(out, filepath.Join("MovingAverage.SAMPLE.H1", "analysis.parquet")) {
		t.Errorf("no warning naming %s: %s", table, out)
	}
	if charts, _ := filepath.Glob(filepath.Join(run, "charts", "*.png")); len(charts) < 5 {
		t.Errorf("%d charts", len(charts))
	}
}
