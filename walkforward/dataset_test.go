package walkforward_test

import (
	"context"
	"math"
	"testing"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/testrun"
	"github.com/passframes/passframes/stats"
	"github.com/passframes/passframes/walkforward"
)

// A collected walk-forward run reads back window by window, with its
// formula criteria, and each criterion's choice is the best train pass of
// its window as the frames say.
func TestLoadCollectedRun(t *testing.T) {
	dir := testrun.WalkForward(t, t.TempDir(), map[string]string{"net_per_trade": "profit / (trades + 1)", "broken": "profit / 0"})
	run, err := walkforward.Load(context.Background(), dir, walkforward.LoadOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	b := run.Board
	if len(b.Windows) != 4 || b.Deposit != 10000 || len(b.Inputs) != 2 {
		t.Fatalf("%d windows, deposit %v, %d inputs; want 4, 10000, 2", len(b.Windows), b.Deposit, len(b.Inputs))
	}
	// The formulas come last, sorted by name.
	n := len(b.Criteria)
	if b.Criteria[n-2].Name != "broken" || b.Criteria[n-1].Name != "net_per_trade" {
		t.Fatalf("last criteria %v, want the formulas", b.Criteria[n-2:])
	}
	// The frames, read directly: train profit and trades per (window, pass).
	ds, err := frames.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	type key struct {
		w    int32
		pass int64
	}
	train := map[key]stats.Stats{}
	if err := ds.Scan(func(f *frames.Frame) error {
		if f.Period == frames.Back {
			train[key{f.Window, f.Pass}] = f.Stats
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	balance := -1
	for c, cr := range b.Criteria {
		if cr.Name == "balance" {
			balance = c
		}
	}
	choices := walkforward.Choose(b)
	for w, win := range b.Windows {
		if len(win.Passes) != 12 {
			t.Fatalf("window %d: %d passes, want 12", w, len(win.Passes))
		}
		bestPass, bestProfit := int64(-1), math.Inf(-1)
		for _, p := range win.Passes {
			st := train[key{int32(w), p.Pass}]
			if !p.HasTest {
				t.Errorf("window %d pass %d has no test", w, p.Pass)
			}
			if got, want := p.Values[n-1], st[stats.Profit]/(st[stats.Trades]+1); math.Abs(got-want) > 1e-9 {
				t.Errorf("window %d pass %d: net_per_trade %v, want %v", w, p.Pass, got, want)
			}
			if p.Values[n-2] != 0 {
				t.Errorf("profit / 0 = %v, want 0", p.Values[n-2])
			}
			if st[stats.Profit] > bestProfit {
				bestPass, bestProfit = p.Pass, st[stats.Profit]
			}
		}
		if got := win.Passes[choices[balance][w]].Pass; got != bestPass {
			t.Errorf("window %d: balance chose pass %d, the best train profit is pass %d", w, got, bestPass)
		}
	}
	rows, err := run.Scoreboard(context.Background(), walkforward.DefaultThresholds())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		// The stitched curve ends at the deposit plus the test profits.
		if end := r.Curve.Balance[len(r.Curve.Balance)-1]; math.Abs(end-10000-r.NetProfit) > 1e-6 {
			t.Errorf("%s: stitched end %v, net profit %v", r.Criterion, end, r.NetProfit)
		}
		if r.Windows != 4 || r.Chosen != 4 || len(r.SpearmanByWindow) != 4 {
			t.Errorf("%s: %d windows, %d chosen", r.Criterion, r.Windows, r.Chosen)
		}
	}
}

func TestLoadRefusesRunWithoutWindows(t *testing.T) {
	dir := testrun.Collect(t, t.TempDir())
	if _, err := walkforward.Load(context.Background(), dir, walkforward.LoadOptions{}); err == nil {
		t.Error("a collect run without windows was loaded")
	}
}
