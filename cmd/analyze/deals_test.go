package main

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/passframes/passframes/collect"
	"github.com/passframes/passframes/data"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/testrun"
	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/stats"
	"github.com/passframes/passframes/strategy"
	"github.com/passframes/passframes/tester"
)

// collectWithDeals runs a strategy file over a grid of the sample with a
// forward period and --deals, and returns the run directory.
func collectWithDeals(t *testing.T, root, file string, grid []string, cfg tester.Config) string {
	t.Helper()
	s, err := strategy.Load(filepath.Join("..", "..", "strategies", file))
	if err != nil {
		t.Fatal(err)
	}
	def := s.Def()
	bars, err := data.Sample()
	if err != nil {
		t.Fatal(err)
	}
	space, err := optimize.NewSpace(def.Params, grid, "", "")
	if err != nil {
		t.Fatal(err)
	}
	per, err := collect.SplitPeriods(bars, bars.BarTime(0), bars.BarTime(bars.Len()-1), "1/4")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, def.Name)
	p, err := collect.Prepare(collect.Config{Expert: def, Bars: bars, Space: space, Periods: per, Tester: cfg,
		Objective: "profit", Method: "grid", Workers: 2, RunDir: dir, Deals: true, Strategy: s.Info()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestDealsAddUp: for every pass and period, the stored deals' profit +
// commission + swap is the frame's profit, their number is the frame's
// deals, and their times are the times of the frame's compact points (the
// first point is the start, the last the end; a reversal's two deals share
// one point).
func TestDealsAddUp(t *testing.T) {
	root := t.TempDir()
	stock := tester.DefaultConfig()
	stock.Symbol.ContractSize = 1
	withCosts := tester.DefaultConfig()
	withCosts.Symbol.Commission, withCosts.Symbol.SwapLong, withCosts.Symbol.SwapShort = 3.5, -2, 0.5
	runs := []string{
		// SL/TP exits and commissions and swaps.
		collectWithDeals(t, root, "bollinger_breakout.toml", []string{"Period=10:30:10", "Width=1.5:2.5:0.5"}, withCosts),
		// Reversals (Short): two deals at one time.
		collectWithDeals(t, root, "smacross.toml", []string{"Fast=5:10:5", "Slow=20:40:20", "Short=true"}, stock),
	}
	reasons := map[string]int{}
	for _, dir := range runs {
		type key struct {
			pass   int64
			period string
		}
		deals := map[key][]frames.Deal{}
		if err := frames.ScanDeals(dir, func(d *frames.Deal) error {
			k := key{d.Pass, d.Period}
			deals[k] = append(deals[k], *d)
			reasons[d.Reason]++
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		ds, err := frames.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		checked := 0
		err = ds.Scan(func(f *frames.Frame) error {
			ds := deals[key{f.Pass, f.Period}]
			if got, want := float64(len(ds)), f.Stats[stats.Deals]; got != want {
				return fmt.Errorf("pass %d %s: %v deals stored, frame says %v", f.Pass, f.Period, got, want)
			}
			sum := 0.0
			for _, d := range ds {
				sum += d.Profit + d.Commission + d.Swap
			}
			if math.Abs(sum-f.Stats[stats.Profit]) > 1e-6 {
				return fmt.Errorf("pass %d %s: deals add up to %.2f, frame profit %.2f", f.Pass, f.Period, sum, f.Stats[stats.Profit])
			}
			points := map[int64]bool{}
			for _, tm := range f.Time {
				points[tm] = true
			}
			dealTimes := map[int64]bool{}
			for _, d := range ds {
				dealTimes[d.Time] = true
				if !points[d.Time] {
					return fmt.Errorf("pass %d %s: a deal at %d has no point", f.Pass, f.Period, d.Time)
				}
			}
			for _, tm := range f.Time[1 : len(f.Time)-1] {
				if !dealTimes[tm] {
					return fmt.Errorf("pass %d %s: a point at %d has no deal", f.Pass, f.Period, tm)
				}
			}
			checked += len(ds)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if checked == 0 {
			t.Fatalf("%s: no deal checked", dir)
		}
	}
	for _, r := range []string{"signal", "sl", "tp", "end"} {
		if reasons[r] == 0 {
			t.Errorf("no deal with reason %s: the runs do not cover every kind of exit (%v)", r, reasons)
		}
	}

	// The command prints them with per-period totals equal to the frames' profit.
	out, code := run(t, root, "deals", runs[0], "0")
	if code != 0 {
		t.Fatalf("analyze deals: exit %d: %s", code, out)
	}
	var backProfit float64
	ds, _ := frames.Open(runs[0])
	_ = ds.Scan(func(f *frames.Frame) error {
		if f.Pass == 0 && f.Period == frames.Back {
			backProfit = f.Stats[stats.Profit]
		}
		return nil
	})
	for _, want := range []string{"Time", "Direction", "Balance", "SAMPLE", "back total", "forward total", fmt.Sprintf("%.2f", backProfit)} {
		if !strings.Contains(out, want) {
			t.Errorf("analyze deals output lacks %q:\n%s", want, out)
		}
	}
	if out, code := run(t, root, "deals", runs[0], "999"); code == 0 || !strings.Contains(out, "no deals") {
		t.Errorf("a pass that does not exist: exit %d, %q", code, out)
	}
	plain := testrun.Collect(t, root)
	if out, code := run(t, root, "deals", plain, "0"); code == 0 || !strings.Contains(out, "--deals") {
		t.Errorf("a run without deals: exit %d, %q", code, out)
	}
}
