package stats

import (
	"math"
	"testing"
)

func TestProfitFactorEdges(t *testing.T) {
	// No trade at all: 0. Only winners: DBL_MAX. Only losers: 0. Both: the ratio.
	c := NewCalculator(1000, 252)
	if s := c.Stats(0); s[ProfitFactor] != 0 || s[ExpectedPayoff] != 0 || s[SharpeRatio] != 0 {
		t.Errorf("no trades: profit factor %g, payoff %g, sharpe %g", s[ProfitFactor], s[ExpectedPayoff], s[SharpeRatio])
	}
	c.Reset(1000, 252)
	c.Trade(10, true)
	if s := c.Stats(0); s[ProfitFactor] != MaxFloat {
		t.Errorf("only a winner: profit factor %g, want DBL_MAX", s[ProfitFactor])
	}
	c.Reset(1000, 252)
	c.Trade(-10, true)
	if s := c.Stats(0); s[ProfitFactor] != 0 {
		t.Errorf("only a loser: profit factor %g, want 0", s[ProfitFactor])
	}
	c.Reset(1000, 252)
	c.Trade(30, false)
	c.Trade(-10, true)
	if s := c.Stats(0); s[ProfitFactor] != 3 || s[ShortTrades] != 1 || s[LongTrades] != 1 || s[ProfitShortTrades] != 1 {
		t.Errorf("30 and −10: %v", s)
	}
}

func TestRunsTiesAndAverages(t *testing.T) {
	// Results: +1 +2 | −5 | +3 +1 | −1 −1 | +9
	// Winning runs: [1 2] total 3, [3 1] total 4, [9] total 9. Largest total 9
	// (1 trade); longest run 2 trades, tie between totals 3 and 4: the larger, 4.
	// Losing runs: [−5], [−1 −1]: most negative total −5 (1 trade); longest
	// run [−1 −1], total −2. Average lengths: wins (2+2+1)/3 = 1.67 → 2,
	// losses (1+2)/2 = 1.5 → 2.
	c := NewCalculator(100, 252)
	for _, r := range []float64{1, 2, -5, 3, 1, -1, -1, 9} {
		c.Trade(r, true)
	}
	s := c.Stats(0)
	want := map[int]float64{
		ConProfitMax: 9, ConProfitMaxTrades: 1, MaxConWins: 4, MaxConProfitTrades: 2,
		ConLossMax: -5, ConLossMaxTrades: 1, MaxConLosses: -2, MaxConLossTrades: 2,
		ProfitTradesAvgCon: 2, LossTradesAvgCon: 2, Profit: 9, GrossProfit: 16, GrossLoss: -7,
	}
	for i, w := range want {
		if s[i] != w {
			t.Errorf("%s = %g, want %g", Names[i], s[i], w)
		}
	}
}

func TestSharpeSkipsUnchangedBars(t *testing.T) {
	// Closes 1000 1000 1100 1100 1000: the changes give returns ln(1.1) and
	// ln(1000/1100) = −ln(1.1): mean 0, so the ratio is 0. Adding a final
	// 1100 gives returns a, −a, a with mean a/3 and deviation a·√(8/9).
	c := NewCalculator(1000, 4)
	for _, e := range []float64{1000, 1100, 1100, 1000} {
		c.BarClose(e)
	}
	if s := c.Stats(0); math.Abs(s[SharpeRatio]) > 1e-12 {
		t.Errorf("sharpe %g, want 0", s[SharpeRatio])
	}
	c.Reset(1000, 4)
	for _, e := range []float64{1000, 1100, 1100, 1000, 1100} {
		c.BarClose(e)
	}
	a := math.Log(1.1)
	want := (a / 3) / (a * math.Sqrt(8.0/9)) * 2 // × √4
	if s := c.Stats(0); math.Abs(s[SharpeRatio]-want) > 1e-12 {
		t.Errorf("sharpe %g, want %g", s[SharpeRatio], want)
	}
}

func TestFiniteAndIndex(t *testing.T) {
	var s Stats
	s[0], s[1], s[2] = math.NaN(), math.Inf(1), math.Inf(-1)
	f := Finite(s)
	if f[0] != 0 || f[1] != MaxFloat || f[2] != -MaxFloat {
		t.Errorf("Finite gave %v", f[:3])
	}
	for i, n := range Names {
		if j, ok := Index(n); !ok || j != i {
			t.Errorf("Index(%s) = %d", n, j)
		}
	}
	if _, ok := Index("nope"); ok {
		t.Error("Index found nope")
	}
}
