package overfit

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/stats"
)

// TestSummaryMatchesCriteria checks that every curve criterion computed
// from joined block summaries equals the criteria package's value on the
// explicit curve (the deposit, then the level after each return).
func TestSummaryMatchesCriteria(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 50 {
		const deposit = 10000.0
		n := 2 + rng.IntN(60)
		r := make([]float64, n)
		for i := range r {
			r[i] = math.Round(rng.NormFloat64()*50+float64(trial%3-1)*5) / 100 * 100
		}
		// Summaries of three pieces joined in order.
		a, b := rng.IntN(n), 0
		b = a + rng.IntN(n-a+1)
		s := summarize(r[:a]).then(summarize(r[a:b])).then(summarize(r[b:]))

		curve := []float64{deposit}
		peak, dd, low := deposit, 0.0, deposit
		for _, v := range r {
			c := curve[len(curve)-1] + v
			curve = append(curve, c)
			peak, low = max(peak, c), min(low, c)
			dd = max(dd, peak-c)
		}
		var st stats.Stats
		st[stats.InitialDeposit], st[stats.Profit], st[stats.BalanceDD] = deposit, curve[n]-deposit, dd
		f := &criteria.Frame{Stats: st, Balance: curve, Equity: curve, HasPoints: true}
		for name, value := range curveCriteria {
			want, err := criteria.Value(name, f, criteria.Options{})
			if err != nil {
				t.Fatal(err)
			}
			switch name {
			case "sharpe_ratio", "profit_x_sharpe_ratio", "balance_x_sharpe_ratio":
				continue // MT5's statistic is not a curve's: checked below
			case "balancemin":
				want = low
			}
			if got := value(s, deposit); math.Abs(got-want) > 1e-7*max(1, math.Abs(want)) {
				t.Errorf("trial %d, %s: summary %v, curve %v", trial, name, got, want)
			}
		}
		lf, _ := criteria.Value("linear_factor", f, criteria.Options{})
		got := linearFactor(deposit, s.sum, n+1, func(visit func(float64)) {
			for _, c := range curve[1:] {
				visit(c - deposit)
			}
		})
		if math.Abs(got-lf) > 1e-9*max(1, lf) {
			t.Errorf("trial %d, linear_factor: %v, want %v", trial, got, lf)
		}
		mo, err := MomentsOf(r)
		if err == nil {
			near(t, "sharpe", sharpe(s.sum, s.sumSq, s.n), mo.Sharpe, 1e-9)
		}
	}
}

func TestCarryOntoGrid(t *testing.T) {
	// Daily grid from day 0; points at day 0 (deposit), day 1 12:00, day 1
	// 18:00, day 3 01:00: returns per day 0, (b2 − b0), 0, (b3 − b2).
	const day = int64(24 * 3600 * 1000)
	g := grid{origin: 0, step: day, n: 4}
	got := make([]float64, 4)
	g.carry([]int64{0, day + day/2, day + 3*day/4, 3*day + day/24}, []float64{100, 110, 95, 120}, got)
	want := []float64{0, -5, 0, 25}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("returns %v, want %v", got, want)
		}
	}
}
