package testrun

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/passframes/passframes/collect"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/tester"
	"github.com/passframes/passframes/walkforward"
)

// WalkForward writes a walk-forward run of a 4 × 3 MovingAverage grid over
// January to July 2023 of the sample, windows of 2 months' training and 1
// month's test (4 windows), into root/runs/MovingAverage.SAMPLE.H1.walkforward
// and returns that run directory. formulas, if any, are stored in its
// manifest as formula criteria.
func WalkForward(t *testing.T, root string, formulas map[string]string) string {
	t.Helper()
	bars, def, space := smallGrid(t)
	per, err := collect.SplitPeriods(bars, time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2023, 7, 31, 0, 0, 0, 0, time.UTC), "none")
	if err != nil {
		t.Fatal(err)
	}
	spec, err := walkforward.ParseSpec("2mo", "1mo", "", false, "")
	if err != nil {
		t.Fatal(err)
	}
	spec.End = time.Date(2023, 8, 1, 0, 0, 0, 0, time.UTC)
	dir := filepath.Join(root, "runs", "MovingAverage.SAMPLE.H1.walkforward")
	r, err := collect.PrepareWalkForward(collect.Config{Expert: def, Bars: bars, Space: space, Periods: per,
		Tester: tester.DefaultConfig(), Objective: "profit", Method: "grid", Workers: 2, RunDir: dir}, spec)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(formulas) > 0 {
		m, err := frames.ReadManifest(dir)
		if err != nil {
			t.Fatal(err)
		}
		m.Formulas = formulas
		if err := frames.WriteManifest(dir, m); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
