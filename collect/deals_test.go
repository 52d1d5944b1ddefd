package collect

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/stats"
)

// TestDealsAddUpToTheFrames collects the test grid with deals, commission
// and swap, and checks every stored pass and period: its deals' profit +
// commission + swap add up to the frame's profit, their number is the
// frame's deals statistic, the balance after the last deal is the final
// balance, and a position still open at the end of a period is closed
// there with reason "end".
func TestDealsAddUpToTheFrames(t *testing.T) {
	cfg := testConfig(t, filepath.Join(t.TempDir(), "run"), 2)
	cfg.Deals = true
	cfg.Tester.Symbol.Commission = 3.5
	cfg.Tester.Symbol.SwapLong, cfg.Tester.Symbol.SwapShort = -1.2, -0.7
	run(t, cfg, context.Background())
	m, err := frames.ReadManifest(cfg.RunDir)
	if err != nil || !m.Deals {
		t.Fatalf("manifest deals %v, %v; want true", m != nil && m.Deals, err)
	}
	var commission, swap float64
	ends := 0
	for _, f := range readAll(t, cfg.RunDir) {
		deals, err := frames.ReadDeals(cfg.RunDir, 0, f.Pass)
		if err != nil {
			t.Fatal(err)
		}
		var sum float64
		var mine []frames.Deal
		for _, d := range deals {
			if d.Period == f.Period {
				mine = append(mine, d)
				sum += d.Profit + d.Commission + d.Swap
				commission += d.Commission
				swap += d.Swap
			}
		}
		if got, want := float64(len(mine)), f.Stats[stats.Deals]; got != want {
			t.Errorf("pass %d %s: %g deals stored, the frame says %g", f.Pass, f.Period, got, want)
		}
		if math.Abs(sum-f.Stats[stats.Profit]) > 0.005 {
			t.Errorf("pass %d %s: deals add up to %.4f, the frame's profit is %.2f", f.Pass, f.Period, sum, f.Stats[stats.Profit])
		}
		if len(mine) == 0 {
			continue
		}
		last := mine[len(mine)-1]
		if last.Entry != frames.Out {
			t.Errorf("pass %d %s: the last deal is an entry: the position was left open", f.Pass, f.Period)
		}
		if want := f.Stats[stats.InitialDeposit] + f.Stats[stats.Profit]; math.Abs(last.BalanceAfter-want) > 0.005 {
			t.Errorf("pass %d %s: balance after the last deal %.2f, want %.2f", f.Pass, f.Period, last.BalanceAfter, want)
		}
		for i, d := range mine {
			if d.Reason == "end" && (i != len(mine)-1 || d.Time != f.Time[len(f.Time)-1]) {
				t.Errorf("pass %d %s: deal %d of %d closes at the end at %d, the last point is at %d", f.Pass, f.Period, i, len(mine), d.Time, f.Time[len(f.Time)-1])
			}
			if d.Reason == "end" {
				ends++
			}
			if (d.Type != frames.Buy && d.Type != frames.Sell) || d.Rate != 0 || d.ProfitRaw != 0 {
				t.Errorf("pass %d %s deal %d: type %q, rate %g, profit_raw %g", f.Pass, f.Period, i, d.Type, d.Rate, d.ProfitRaw)
			}
		}
	}
	if commission >= 0 || swap == 0 {
		t.Errorf("commission %g, swap %g over the run: the test means to include both", commission, swap)
	}
	if ends == 0 {
		t.Error("no position was closed at the end of a period: the test means to include one")
	}
}
