// Package regression fits the least-squares line through a pass's balance or
// equity points and derives the quality figures the criteria are built on:
// the signed coefficient of determination, the standard error of the line and
// the profit stability (trend profit per unit of standard error).
//
// The x coordinate of point i is its index i (trade order, not time), so a
// series is just a []float64. Every output is finite: degenerate inputs (too
// few points, a constant series, a zero standard error) give 0, never NaN or
// ±Inf.
package regression

import (
	"math"

	"github.com/passframes/passframes/stats"
)

// Line is the least-squares line y = Slope·x + Intercept through a series
// y[0..n-1] with x = 0..n-1, and the figures derived from it.
type Line struct {
	// Slope and Intercept define the line: At(i) = Slope·i + Intercept.
	Slope, Intercept float64
	// R2 is the squared Pearson correlation between the series and the line,
	// negated when the series ends below where it started (y[0] > y[n-1]).
	// It is 0 with fewer than 2 points or when the series or the line is
	// constant.
	R2 float64
	// StandErr is sqrt(Σ(y[i] − At(i))² / (n − 2)); 0 when n ≤ 2.
	StandErr float64
	// ProfitStability is the trend profit At(n−1) − At(0) divided by
	// StandErr; 0 when StandErr is 0.
	ProfitStability float64
}

// Fit returns the least-squares line through y, with x = 0..n-1.
//
// Fit does not allocate: the analysis fits two series for each of up to
// hundreds of thousands of passes. gonum's stat.LinearRegression would need an
// x slice per call (and walks the data five times), so the sums are done here:
// the moments of x = 0..n-1 are known in closed form (mean (n−1)/2,
// Σ(x−x̄)² = n(n²−1)/12), and the y sums are taken around the mean (two short
// passes plus one for the residuals) so that a curve near 10,000 that moves by
// cents keeps its precision.
//
// With one point the line is the constant y[0]; with none it is the zero Line.
// A series holding NaN or ±Inf gives the zero Line.
func Fit(y []float64) Line {
	n := len(y)
	switch n {
	case 0:
		return Line{}
	case 1:
		return finiteOrZero(Line{Intercept: y[0]})
	}
	fn := float64(n)
	xMean := (fn - 1) / 2
	sxx := fn * (fn*fn - 1) / 12

	var sum float64
	for _, v := range y {
		sum += v
	}
	yMean := sum / fn

	var sxy, syy float64
	for i, v := range y {
		dy := v - yMean
		sxy += (float64(i) - xMean) * dy
		syy += dy * dy
	}
	slope := sxy / sxx
	l := Line{Slope: slope, Intercept: yMean - slope*xMean}

	// Pearson(y, line)² equals sxy²/(sxx·syy) for a least-squares line; it is
	// undefined (and reported as 0) when y is constant (syy = 0) or the line
	// is flat (sxy = 0).
	if syy > 0 && sxy != 0 {
		l.R2 = min(sxy*sxy/(sxx*syy), 1)
		if y[0] > y[n-1] {
			l.R2 = -l.R2
		}
	}

	if n > 2 {
		var ss float64
		for i, v := range y {
			d := v - l.At(i)
			ss += d * d
		}
		l.StandErr = math.Sqrt(ss / (fn - 2))
		// Residuals of a straight line are float noise, not deviation: below
		// a millionth of a millionth of the values they count as none, so a
		// perfect line scores profit_stability 0 whatever its step.
		if l.StandErr <= 1e-12*maxAbs(y) {
			l.StandErr = 0
		}
	}
	if l.StandErr > 0 {
		l.ProfitStability = saturate((l.At(n-1) - l.At(0)) / l.StandErr)
	}
	return finiteOrZero(l)
}

// At returns the line's value at index i.
func (l Line) At(i int) float64 {
	return l.Slope*float64(i) + l.Intercept
}

// Values returns the line's values at 0..n-1, written into dst when it has
// room for n values (so a caller can reuse one buffer) and into a new slice
// otherwise.
func (l Line) Values(n int, dst []float64) []float64 {
	if cap(dst) < n {
		dst = make([]float64, n)
	}
	dst = dst[:n]
	for i := range dst {
		dst[i] = l.At(i)
	}
	return dst
}

// saturate clamps an overflowed ratio to ±stats.MaxFloat, the largest value a
// file may hold.
func saturate(v float64) float64 {
	return max(-stats.MaxFloat, min(v, stats.MaxFloat))
}

// finiteOrZero returns l, or the zero Line when any field is NaN or ±Inf
// (which only a non-finite input can cause).
func finiteOrZero(l Line) Line {
	for _, v := range [...]float64{l.Slope, l.Intercept, l.R2, l.StandErr, l.ProfitStability} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return Line{}
		}
	}
	return l
}

func maxAbs(y []float64) float64 {
	m := 0.0
	for _, v := range y {
		m = max(m, math.Abs(v))
	}
	return m
}
