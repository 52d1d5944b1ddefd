package gallery

import (
	"context"
	"slices"
	"testing"

	"github.com/passframes/passframes/analysis"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/testrun"
	"github.com/passframes/passframes/walkforward"
)

// TestLoadCurvesReadsTheDrawnPasses: the curves loaded for the best five
// passes of a run (back and forward, parts read on two workers) are exactly
// those a full scan of the frames holds, and no other pass is loaded.
func TestLoadCurvesReadsTheDrawnPasses(t *testing.T) {
	ds, err := frames.Open(testrun.Collect(t, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	res, err := analysis.Run(context.Background(), ds, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sortIdx, err := res.Index("profit")
	if err != nil {
		t.Fatal(err)
	}
	jobs := planJobs(res, Config{All: true, Top: 5}, sortIdx)
	if len(jobs) != 5 || len(res.Passes) <= 5 {
		t.Fatalf("%d jobs of %d passes: the test needs 5 of more", len(jobs), len(res.Passes))
	}
	got, err := loadCurves(context.Background(), ds, res, jobs, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]*curves{}
	for _, j := range jobs {
		want[res.Passes[j.pass].Pass] = &curves{}
	}
	if err := ds.Scan(func(f *frames.Frame) error {
		if c := want[f.Pass]; c != nil {
			cv := walkforward.Curve{Time: slices.Clone(f.Time), Balance: slices.Clone(f.Balance), Equity: slices.Clone(f.Equity)}
			if f.Period == frames.Forward {
				c.fwd = cv
			} else {
				c.back = cv
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d passes loaded, want %d", len(got), len(want))
	}
	same := func(a, b walkforward.Curve) bool {
		return slices.Equal(a.Time, b.Time) && slices.Equal(a.Balance, b.Balance) && slices.Equal(a.Equity, b.Equity)
	}
	for pass, w := range want {
		g := got[pass]
		if g == nil {
			t.Fatalf("pass %d not loaded", pass)
		}
		if len(w.back.Balance) == 0 || len(w.fwd.Balance) == 0 {
			t.Fatalf("pass %d: the run should have back and forward points", pass)
		}
		if !same(g.back, w.back) || !same(g.fwd, w.fwd) {
			t.Errorf("pass %d: curves differ from the frames' (back %d/%d points, forward %d/%d)",
				pass, len(g.back.Balance), len(w.back.Balance), len(g.fwd.Balance), len(w.fwd.Balance))
		}
	}
}
