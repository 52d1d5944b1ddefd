package overfit

import (
	"math"
	"testing"
)

// phi and phiInv are the standard normal law written here from math.Erfc
// and bisection, independently of the gonum code the package uses.
func phi(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

func phiInv(p float64) float64 {
	lo, hi := -40.0, 40.0
	for range 200 {
		mid := (lo + hi) / 2
		if phi(mid) < p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

func TestPSRAndDSRAgainstThePapers(t *testing.T) {
	mo := Moments{Sharpe: 0.1, Skewness: -0.5, Kurtosis: 4.5, T: 250}
	spread := math.Sqrt(1 - (-0.5)*0.1 + (4.5-1)/4*0.1*0.1)

	psr, err := PSR(mo, 0)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "PSR(0)", psr, phi(0.1*math.Sqrt(249)/spread), 1e-9)

	const v, n = 0.002, 100.0
	const gamma = 0.5772156649015329
	sr0 := math.Sqrt(v) * ((1-gamma)*phiInv(1-1/n) + gamma*phiInv(1-1/(n*math.E)))
	near(t, "E[max SR]", ExpectedMaxSharpe(v, n), sr0, 1e-9)
	dsr, err := DSR(mo, v, n)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "DSR", dsr, phi((0.1-sr0)*math.Sqrt(249)/spread), 1e-9)

	trl, err := MinTrackRecord(mo, 0, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "MinTRL", trl, 1+spread*spread*math.Pow(phiInv(0.95)/0.1, 2), 1e-6)
	// At T = MinTRL the PSR is exactly the confidence.
	at := math.Sqrt(trl-1) * 0.1 / spread
	near(t, "PSR at MinTRL", phi(at), 0.95, 1e-9)

	if _, err := MinTrackRecord(Moments{Sharpe: -0.1, Kurtosis: 3, T: 100}, 0, 0.95); err == nil {
		t.Error("MinTRL of a losing pass: want an error")
	}
	if got := ExpectedMaxSharpe(v, 1); got != 0 {
		t.Errorf("E[max SR] of one trial = %v, want 0", got)
	}
}

func TestMomentsOf(t *testing.T) {
	r := []float64{1, 2, 3, 4, 10}
	mo, err := MomentsOf(r)
	if err != nil {
		t.Fatal(err)
	}
	// mean 4, deviations −3 −2 −1 0 6: m2 = 50/5, m3 = (−27−8−1+216)/5, m4 = (81+16+1+1296)/5.
	m2, m3, m4 := 10.0, 180.0/5, 1394.0/5
	near(t, "sharpe", mo.Sharpe, 4/math.Sqrt(m2), 1e-12)
	near(t, "skewness", mo.Skewness, m3/math.Pow(m2, 1.5), 1e-12)
	near(t, "kurtosis", mo.Kurtosis, m4/(m2*m2), 1e-12)
	if _, err := MomentsOf([]float64{2, 2, 2}); err == nil {
		t.Error("flat returns: want an error")
	}
}

func TestMeanCorrelation(t *testing.T) {
	// Three series: b = 2a + 1 (ρ = 1 with a), c = −a (ρ = −1 with a and b):
	// mean pairwise correlation (1 − 1 − 1)/3 = −1/3.
	a := []float64{1, -2, 3, 0.5, -1}
	b, c := make([]float64, len(a)), make([]float64, len(a))
	for i, v := range a {
		b[i], c[i] = 2*v+1, -v
	}
	m, _ := NewMatrix([]int64{1, 2, 3}, []float64{1, 1, 1}, [][]float64{a, b, c})
	rho, used := MeanCorrelation(m)
	near(t, "mean correlation", rho, -1.0/3, 1e-12)
	if used != 3 {
		t.Errorf("used %d", used)
	}
	if got := EffectiveTrials(rho, 3); got != 3 {
		t.Errorf("effective trials with ρ̄ < 0 = %v, want 3", got)
	}
	if got := EffectiveTrials(1, 50); got != 1 {
		t.Errorf("effective trials with ρ̄ = 1 = %v, want 1", got)
	}
}
