package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

// welfordSharpe is the Sharpe ratio with Welford's updates, the returns
// taken by logOf. With math.Log of the ratio it is the computation the
// Calculator used before the running sums; with math.Log1p of the relative
// change it is the accurate reference.
// It returns the ratio and the returns' standard deviation.
func welfordSharpe(deposit float64, closes []float64, barsPerYear float64, logOf func(e, prev float64) float64) (sharpe, std float64) {
	n := 0
	mean, m2 := 0.0, 0.0
	prev := deposit
	for _, e := range closes {
		if e > 0 && prev > 0 {
			r := logOf(e, prev)
			n++
			d := r - mean
			mean += d / float64(n)
			m2 += d * (r - mean)
		}
		prev = e
	}
	if n < 2 {
		return 0, 0
	}
	std = math.Sqrt(m2 / float64(n))
	if std == 0 || math.IsNaN(std) {
		return 0, std
	}
	return mean / std * math.Sqrt(barsPerYear), std
}

// randomCloses is an equity path of n changed closes from deposit whose
// steps have typical size scale, with a drift of drift·scale per step; with
// ruin set it may cross zero (closes that give no return).
func randomCloses(rng *rand.Rand, deposit float64, n int, scale, drift float64, ruin bool) []float64 {
	closes := make([]float64, n)
	e := deposit
	for i := range closes {
		e *= 1 + scale*(rng.NormFloat64()+drift)
		e = math.Round(e*100) / 100 // money is booked in cents
		if ruin && rng.IntN(50) == 0 {
			e = -e
		}
		closes[i] = e
	}
	return closes
}

func oldLog(e, prev float64) float64      { return math.Log(e / prev) }
func accurateLog(e, prev float64) float64 { return math.Log1p((e - prev) / prev) }

// TestSharpeMatchesWelford holds the running-sum Sharpe ratio to Welford's
// on random passes: returns from 1e-6 to 10% per bar (the series and the
// logarithm both in play), drifts from none to strong, short and long
// passes, closes that cross zero. Against the accurate reference (log1p of
// the relative change) it agrees to 1e-12 everywhere. The former
// computation (math.Log of the ratio) has an error of its own: the ratio
// e/prev is rounded (by up to 1.1e-16) before the logarithm, so each return
// may be off by 1.1e-16, the mean as much, and the ratio by up to
// 1.1e-16·√barsPerYear/std: the two agree to 1e-12 plus that bound (the
// difference exceeds 1e-12 only when the returns are tiny or few).
func TestSharpeMatchesWelford(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 1))
	worstAccurate, worstOld := 0.0, 0.0
	for pass := range 3000 {
		n := 2 + rng.IntN(20000)
		scale := math.Pow(10, -6+5*rng.Float64())
		drift := []float64{0, 0.01, 0.1, -0.05, 1}[pass%5]
		closes := randomCloses(rng, 10000, n, scale, drift, pass%7 == 0)
		c := NewCalculator(10000, 6240)
		for _, e := range closes {
			c.BarClose(e)
		}
		got := c.Stats(0)[SharpeRatio]
		accurate, _ := welfordSharpe(10000, c.closes, 6240, accurateLog)
		accurate = Clamp(accurate)
		d := math.Abs(got-accurate) / max(1, math.Abs(accurate))
		worstAccurate = max(worstAccurate, d)
		if d > 1e-12 {
			t.Fatalf("pass %d (%d closes, scale %g, drift %g): sharpe %.17g, accurate Welford %.17g", pass, n, scale, drift, got, accurate)
		}
		old, std := welfordSharpe(10000, c.closes, 6240, oldLog)
		old = Clamp(old)
		d = math.Abs(got-old) / max(1, math.Abs(old))
		worstOld = max(worstOld, d)
		if bound := 1.1e-16 * math.Sqrt(6240) / std; std > 0 && d > 1e-12+bound {
			t.Fatalf("pass %d (%d closes, scale %g, drift %g): sharpe %.17g, former Welford %.17g", pass, n, scale, drift, got, old)
		}
	}
	t.Logf("largest difference (relative above 1): %.3g from the accurate reference, %.3g from the former computation", worstAccurate, worstOld)
}

// TestLogRatio checks the series against math.Log1p at the small ratios it
// is there for (above 1/256 logRatio is math.Log itself).
func TestLogRatio(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 2))
	for range 100000 {
		prev := 100 + 1e5*rng.Float64()
		x := math.Pow(10, -12+9.5*rng.Float64()) // up to 0.0032, under the threshold
		if rng.IntN(2) == 0 {
			x = -x
		}
		e := prev * (1 + x)
		got, want := logRatio(e, prev), math.Log1p((e-prev)/prev)
		if d := math.Abs(got - want); d > 4e-16*math.Abs(want) {
			t.Fatalf("logRatio(%v, %v) = %.17g, log1p gives %.17g", e, prev, got, want)
		}
	}
}

// BenchmarkSharpe is the Sharpe ratio of 12,000 changed closes, the sample's
// size, per close.
func BenchmarkSharpe(b *testing.B) {
	rng := rand.New(rand.NewPCG(15, 3))
	c := NewCalculator(10000, 6240)
	for _, e := range randomCloses(rng, 10000, 12000, 1e-3, 0.01, false) {
		c.BarClose(e)
	}
	for b.Loop() {
		c.sharpe()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(c.closes)), "ns/close")
}
