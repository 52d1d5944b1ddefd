package overfit

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// EulerGamma is the Euler–Mascheroni constant γ of the expected maximum.
const EulerGamma = 0.5772156649015329

// Moments are what the Sharpe ratio tests read of one pass's returns.
type Moments struct {
	Sharpe   float64 // mean / standard deviation, per step (not annualized)
	Skewness float64 // γ3 = m3 / m2^1.5
	Kurtosis float64 // γ4 = m4 / m2² (not excess: 3 for a normal law)
	T        int     // returns
}

// errFlat says a curve's returns have no spread.
var errFlat = errors.New("flat curve: the returns have no spread, so the Sharpe ratio and its moments are undefined")

// MomentsOf computes the moments of r with population (1/T) central moments.
func MomentsOf(r []float64) (Moments, error) {
	t := float64(len(r))
	if len(r) < 2 {
		return Moments{}, errors.New("fewer than 2 returns")
	}
	var mean float64
	for _, v := range r {
		mean += v
	}
	mean /= t
	var m2, m3, m4 float64
	for _, v := range r {
		d := v - mean
		d2 := d * d
		m2 += d2
		m3 += d2 * d
		m4 += d2 * d2
	}
	m2, m3, m4 = m2/t, m3/t, m4/t
	if m2 <= 1e-24*(mean*mean) || m2 == 0 {
		return Moments{}, errFlat
	}
	return Moments{Sharpe: mean / math.Sqrt(m2), Skewness: m3 / math.Pow(m2, 1.5), Kurtosis: m4 / (m2 * m2), T: len(r)}, nil
}

// sharpeSpread is the denominator of PSR: the standard deviation of the
// Sharpe ratio estimate times √(T−1), √(1 − γ3·SR + (γ4 − 1)/4·SR²).
func (mo Moments) sharpeSpread() (float64, error) {
	v := 1 - mo.Skewness*mo.Sharpe + (mo.Kurtosis-1)/4*mo.Sharpe*mo.Sharpe
	if !(v > 0) {
		return 0, errors.New("the returns' skewness and kurtosis give the Sharpe ratio no positive variance")
	}
	return math.Sqrt(v), nil
}

// PSR is the Probabilistic Sharpe Ratio of "The Sharpe Ratio Efficient
// Frontier": the probability that the true Sharpe ratio exceeds benchmark,
//
//	PSR(SR*) = Φ( (SR − SR*)·√(T − 1) / √(1 − γ3·SR + (γ4 − 1)/4·SR²) ).
func PSR(mo Moments, benchmark float64) (float64, error) {
	if mo.T < 2 {
		return 0, errors.New("fewer than 2 returns")
	}
	d, err := mo.sharpeSpread()
	if err != nil {
		return 0, err
	}
	return distuv.UnitNormal.CDF((mo.Sharpe - benchmark) * math.Sqrt(float64(mo.T-1)) / d), nil
}

// MinTrackRecord is the minimum track record length of the same paper: the
// number of returns needed for PSR(benchmark) to reach confidence,
//
//	MinTRL = 1 + (1 − γ3·SR + (γ4 − 1)/4·SR²)·(Z_α / (SR − SR*))²,
//
// Z_α the standard normal quantile of confidence. It exists only for a
// Sharpe ratio above the benchmark.
func MinTrackRecord(mo Moments, benchmark, confidence float64) (float64, error) {
	if mo.Sharpe <= benchmark {
		return 0, errors.New("the Sharpe ratio is not above the benchmark: no track record is long enough")
	}
	d, err := mo.sharpeSpread()
	if err != nil {
		return 0, err
	}
	z := distuv.UnitNormal.Quantile(confidence)
	return 1 + d*d*math.Pow(z/(mo.Sharpe-benchmark), 2), nil
}

// ExpectedMaxSharpe is the Deflated Sharpe Ratio's benchmark: the expected
// largest Sharpe ratio of trials independent trials without skill whose
// Sharpe ratios have variance variance,
//
//	E[max SR] ≈ √V·((1 − γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e))).
//
// With one trial or fewer there is nothing to select: 0.
func ExpectedMaxSharpe(variance, trials float64) float64 {
	if trials <= 1 || variance <= 0 {
		return 0
	}
	q := distuv.UnitNormal.Quantile
	return math.Sqrt(variance) * ((1-EulerGamma)*q(1-1/trials) + EulerGamma*q(1-1/(trials*math.E)))
}

// DSR is the Deflated Sharpe Ratio: PSR with the expected maximum Sharpe
// ratio of the trials as benchmark.
func DSR(mo Moments, variance, trials float64) (float64, error) {
	return PSR(mo, ExpectedMaxSharpe(variance, trials))
}

// EffectiveTrials approximates the number of independent trials among n
// correlated ones from their mean pairwise correlation ρ̄:
// N̂ = ρ̄ + (1 − ρ̄)·n, ρ̄ taken in [0, 1].
func EffectiveTrials(rho float64, n int) float64 {
	rho = max(0, min(rho, 1))
	return rho + (1-rho)*float64(n)
}

// MeanCorrelation returns the mean pairwise Pearson correlation of the rows
// of m that are not flat, and how many those are, in O(passes × T): with
// every row standardized (z), the variance of the average row over time is
// v = (1 + (n − 1)·ρ̄)/n, so ρ̄ = (n·v − 1)/(n − 1).
func MeanCorrelation(m *Matrix) (rho float64, used int) {
	t := m.T()
	avg := make([]float64, t)
	for _, r := range m.Returns {
		mean, m2 := 0.0, 0.0
		for _, v := range r {
			mean += v
		}
		mean /= float64(t)
		for _, v := range r {
			m2 += (v - mean) * (v - mean)
		}
		sd := math.Sqrt(m2 / float64(t))
		if !(sd > 1e-12*math.Abs(mean)) || sd == 0 {
			continue
		}
		used++
		for k, v := range r {
			avg[k] += (v - mean) / sd
		}
	}
	if used < 2 {
		return 0, used
	}
	n := float64(used)
	var v float64
	for _, a := range avg {
		v += (a / n) * (a / n)
	}
	v /= float64(t)
	return (n*v - 1) / (n - 1), used
}

// SharpeVariance is the sample variance (n − 1) of the passes' per-step
// Sharpe ratios over the whole matrix; flat passes count with 0.
func SharpeVariance(m *Matrix) float64 {
	n := len(m.Returns)
	if n < 2 {
		return 0
	}
	srs := make([]float64, n)
	var mean float64
	for i, r := range m.Returns {
		s := summarize(r)
		srs[i] = sharpe(s.sum, s.sumSq, s.n)
		mean += srs[i]
	}
	mean /= float64(n)
	var v float64
	for _, s := range srs {
		v += (s - mean) * (s - mean)
	}
	return v / float64(n-1)
}
