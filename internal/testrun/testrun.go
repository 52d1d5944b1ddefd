// Package testrun helps the commands' tests: it builds a command's binary
// once and writes a small collect run to analyze and plot.
package testrun

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/passframes/passframes/collect"
	"github.com/passframes/passframes/data"
	"github.com/passframes/passframes/experts"
	"github.com/passframes/passframes/market"
	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/tester"
)

// Build compiles the main package in dir (".") into a temporary folder and
// returns the binary's path and a function that removes it.
func Build(name string) (string, func()) {
	tmp, err := os.MkdirTemp("", name+"-test")
	if err != nil {
		panic(err)
	}
	bin := filepath.Join(tmp, name)
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		panic(string(out))
	}
	return bin, func() { os.RemoveAll(tmp) }
}

// Run runs a binary in dir and returns its combined output and exit code.
func Run(t *testing.T, bin, dir string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return string(out), ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return string(out), 0
}

// Collect writes a 4 × 3 MovingAverage grid on six months of the sample, with
// a 1/3 forward period, into root/runs/MovingAverage.SAMPLE.H1 and returns
// that run directory.
func Collect(t *testing.T, root string) string {
	t.Helper()
	bars, def, space := smallGrid(t)
	per, err := collect.SplitPeriods(bars, time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2023, 6, 30, 0, 0, 0, 0, time.UTC), "1/3")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "runs", "MovingAverage.SAMPLE.H1")
	p, err := collect.Prepare(collect.Config{Expert: def, Bars: bars, Space: space, Periods: per,
		Tester: tester.DefaultConfig(), Objective: "profit", Method: "grid", Workers: 2, RunDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Main is a command's TestMain: it builds the command once into *binary,
// runs the tests and removes the binary.
func Main(m *testing.M, name string, binary *string) {
	var cleanup func()
	*binary, cleanup = Build(name)
	code := m.Run()
	cleanup()
	os.Exit(code)
}

// smallGrid is the sample with MovingAverage over MovingPeriod 10..40 step
// 10 × MovingShift 1..3, the grid of the runs this package writes.
func smallGrid(t *testing.T) (*market.Series, experts.Def, *optimize.Space) {
	t.Helper()
	bars, err := data.Sample()
	if err != nil {
		t.Fatal(err)
	}
	def, _ := experts.Lookup("MovingAverage")
	space, err := optimize.NewSpace(def.Params, []string{"MovingPeriod=10:40:10", "MovingShift=1:3:1"}, "", "")
	if err != nil {
		t.Fatal(err)
	}
	return bars, def, space
}
