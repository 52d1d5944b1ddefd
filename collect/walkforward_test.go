package collect

import (
	"context"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/market"
	"github.com/passframes/passframes/stats"
	"github.com/passframes/passframes/walkforward"
)

// wfConfig is testConfig's 3 × 3 grid over three months of the sample
// (March to May 2023), without a forward period: one window of 2 months'
// training and 1 month's test.
func wfConfig(t *testing.T, dir string, bars *market.Series) (Config, walkforward.Spec) {
	t.Helper()
	cfg := testConfig(t, dir, 2)
	if bars != nil {
		cfg.Bars = bars
	}
	per, err := SplitPeriods(cfg.Bars, time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 5, 31, 0, 0, 0, 0, time.UTC), "none")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Periods = per
	spec, err := walkforward.ParseSpec("2mo", "1mo", "", false, "")
	if err != nil {
		t.Fatal(err)
	}
	return cfg, spec
}

func runWF(t *testing.T, cfg Config, spec walkforward.Spec) (*WalkForward, *WalkForwardSummary) {
	t.Helper()
	r, err := PrepareWalkForward(cfg, spec)
	if err != nil {
		t.Fatal(err)
	}
	s, err := r.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return r, s
}

func TestWalkForwardRunStoresWindows(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	cfg, spec := wfConfig(t, dir, nil)
	r, s := runWF(t, cfg, spec)
	if len(r.Windows()) != 1 || len(s.Windows) != 1 || s.Evaluated != 9 || s.Stored != 9 {
		t.Fatalf("windows %d, summary %+v; want one window of 9 passes", len(r.Windows()), s)
	}
	m, err := frames.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	wf := m.WalkForward
	if wf == nil || len(wf.Windows) != 1 || wf.Train != "2mo" || wf.Test != "1mo" || wf.Step != "1mo" || wf.Partial != "drop" {
		t.Fatalf("manifest walkforward = %+v", wf)
	}
	w := wf.Windows[0]
	if !w.TrainFrom.Equal(time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)) || !w.TestFrom.Equal(time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)) ||
		!w.TestTo.Equal(time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("window bounds %+v", w)
	}
	b := r.Windows()[0]
	rows := readAll(t, dir)
	if len(rows) != 18 {
		t.Fatalf("%d rows, want 9 back and 9 forward", len(rows))
	}
	for _, f := range rows {
		lo, hi := b.TrainLo, b.TrainHi
		if f.Period == frames.Forward {
			lo, hi = b.TestLo, b.TestHi
		}
		// Every point lies in its part: a position open at the part's end
		// is closed at its last bar.
		first, last := f.Time[0], f.Time[len(f.Time)-1]
		if first != cfg.Bars.Time[lo] || last != cfg.Bars.Time[hi-1] {
			t.Errorf("pass %d %s: points %s .. %s, want %s .. %s", f.Pass, f.Period, ms(first), ms(last),
				ms(cfg.Bars.Time[lo]), ms(cfg.Bars.Time[hi-1]))
		}
		if n := len(f.Balance); f.Balance[n-1] != f.Equity[n-1] {
			t.Errorf("pass %d %s ends with a position open: balance %v, equity %v", f.Pass, f.Period, f.Balance[n-1], f.Equity[n-1])
		}
	}
	if _, err := PrepareWalkForward(Config{Shards: 2}, spec); err == nil {
		t.Error("a sharded walk-forward run was accepted")
	}
}

// No test-period bar reaches the train optimization: changing every bar
// from the test part on leaves every train frame, hence every choice, as it
// was, while the test frames change.
func TestWalkForwardNoLookAhead(t *testing.T) {
	cfg, spec := wfConfig(t, filepath.Join(t.TempDir(), "a"), nil)
	r, _ := runWF(t, cfg, spec)
	testLo := r.Windows()[0].TestLo

	changed := cloneSeries(cfg.Bars)
	for i := testLo; i < changed.Len(); i++ {
		// A reflection of the prices around the first test open: a
		// different market from there on.
		ref := cfg.Bars.Open[testLo]
		changed.Open[i], changed.Close[i] = 2*ref-cfg.Bars.Open[i], 2*ref-cfg.Bars.Close[i]
		changed.High[i], changed.Low[i] = 2*ref-cfg.Bars.Low[i], 2*ref-cfg.Bars.High[i]
	}
	cfg2, _ := wfConfig(t, filepath.Join(t.TempDir(), "b"), changed)
	runWF(t, cfg2, spec)

	a, b := readAll(t, cfg.RunDir), readAll(t, cfg2.RunDir)
	if len(a) != len(b) {
		t.Fatalf("%d rows, then %d", len(a), len(b))
	}
	testsDiffer := false
	for i := range a {
		if a[i].Pass != b[i].Pass || a[i].Period != b[i].Period {
			t.Fatalf("row %d: pass %d %s vs %d %s", i, a[i].Pass, a[i].Period, b[i].Pass, b[i].Period)
		}
		same := reflect.DeepEqual(a[i], b[i])
		if a[i].Period == frames.Back && !same {
			t.Errorf("pass %d: the train frame changed with the test bars", a[i].Pass)
		}
		if a[i].Period == frames.Forward && !same {
			testsDiffer = true
		}
	}
	if !testsDiffer {
		t.Error("no test frame changed: the test bars were not used")
	}
}

func cloneSeries(s *market.Series) *market.Series {
	c := *s
	c.Time = append([]int64(nil), s.Time...)
	c.Open = append([]float64(nil), s.Open...)
	c.High = append([]float64(nil), s.High...)
	c.Low = append([]float64(nil), s.Low...)
	c.Close = append([]float64(nil), s.Close...)
	c.Volume = append([]float64(nil), s.Volume...)
	c.Spread = append([]int32(nil), s.Spread...)
	return &c
}

func ms(v int64) string { return time.UnixMilli(v).UTC().Format("2006-01-02 15:04") }

// threeWindows is the 3 × 3 grid over March to June 2023 in windows of one
// month's training and one month's test: 3 windows, 9 passes each, handed
// out 4 at a time.
func threeWindows(t *testing.T, dir string) (Config, walkforward.Spec) {
	t.Helper()
	cfg, _ := wfConfig(t, dir, nil)
	per, err := SplitPeriods(cfg.Bars, time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 6, 30, 0, 0, 0, 0, time.UTC), "none")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Periods = per
	spec, err := walkforward.ParseSpec("1mo", "1mo", "", false, "")
	if err != nil {
		t.Fatal(err)
	}
	spec.End = time.Date(2023, 7, 1, 0, 0, 0, 0, time.UTC) // the day after --to
	return cfg, spec
}

func sortByWindow(rows []frames.Frame) []frames.Frame {
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Window < rows[j].Window })
	return rows
}

// A run stopped in the middle of window 1 resumes there: window 0 is not
// run again, window 1's stored passes are reused, and the dataset is the one
// an uninterrupted run writes.
func TestWalkForwardResume(t *testing.T) {
	cfg, spec := threeWindows(t, filepath.Join(t.TempDir(), "whole"))
	r, whole := runWF(t, cfg, spec)
	if len(r.Windows()) != 3 || whole.Evaluated != 27 || whole.Stored != 27 {
		t.Fatalf("uninterrupted run: %d windows, %+v", len(r.Windows()), whole)
	}

	cfg2, _ := threeWindows(t, filepath.Join(t.TempDir(), "stopped"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	first, err := PrepareWalkForward(cfg2, spec)
	if err != nil {
		t.Fatal(err)
	}
	// Window 0 is 9 passes in batches of 4, 4, 1; stop after window 1's
	// second batch (9 + 8 passes).
	first.SetProgress(func(p Progress) {
		if p.Done >= 17 {
			cancel()
		}
	})
	s, err := first.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Interrupted || len(s.Windows) != 1 || s.Evaluated != 17 {
		t.Fatalf("stopped run: %+v, want interrupted after window 0 and 8 passes of window 1", s)
	}

	cfg2.Mode = frames.Resume
	second, err := PrepareWalkForward(cfg2, spec)
	if err != nil {
		t.Fatal(err)
	}
	s, err = second.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if s.Interrupted || !s.Windows[0].Skipped || s.Reused != 8 || s.Evaluated != 1+9 {
		t.Fatalf("resumed run: %+v, want window 0 skipped, 8 passes reused, 10 tested", s)
	}
	a, b := sortByWindow(readAll(t, cfg.RunDir)), sortByWindow(readAll(t, cfg2.RunDir))
	if len(a) != 54 || len(b) != len(a) {
		t.Fatalf("%d rows uninterrupted, %d resumed; want 54", len(a), len(b))
	}
	for i := range a {
		if !reflect.DeepEqual(a[i], b[i]) {
			t.Fatalf("row %d: window %d pass %d %s differs after the resume", i, a[i].Window, a[i].Pass, a[i].Period)
		}
	}

	// Other windows cannot resume this run.
	cfg2.Mode = frames.Resume
	other, _ := walkforward.ParseSpec("1mo", "1mo", "", true, "")
	other.End = spec.End
	r3, err := PrepareWalkForward(cfg2, other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r3.Run(context.Background()); err == nil {
		t.Error("an anchored run resumed a rolling one")
	}
}

// With deals stored, every deal carries its window, and a window's pass has
// as many deals as its frame says.
func TestWalkForwardDeals(t *testing.T) {
	cfg, spec := threeWindows(t, filepath.Join(t.TempDir(), "run"))
	cfg.Deals = true
	runWF(t, cfg, spec)
	perKey := map[[3]int64]int{}
	err := frames.ScanDeals(cfg.RunDir, func(d *frames.Deal) error {
		period := int64(0)
		if d.Period == frames.Forward {
			period = 1
		}
		perKey[[3]int64{int64(d.Window), d.Pass, period}]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	windows := map[int32]bool{}
	for _, f := range readAll(t, cfg.RunDir) {
		period := int64(0)
		if f.Period == frames.Forward {
			period = 1
		}
		windows[f.Window] = true
		if got, want := perKey[[3]int64{int64(f.Window), f.Pass, period}], int(f.Stats[stats.Deals]); got != want {
			t.Errorf("window %d pass %d %s: %d deals stored, the frame says %d", f.Window, f.Pass, f.Period, got, want)
		}
	}
	if len(windows) != 3 {
		t.Errorf("frames of %d windows, want 3", len(windows))
	}
}
