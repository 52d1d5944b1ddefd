package regression

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/stat"
)

const tol = 1e-12

func TestFitHandComputed(t *testing.T) {
	tests := []struct {
		name string
		y    []float64
		want Line
	}{
		{
			// A perfect rising line: every residual is 0, so stand_err and
			// profit_stability are 0 and R² is exactly 1.
			name: "rising line",
			y:    []float64{10000, 10100, 10200, 10300, 10400},
			want: Line{Slope: 100, Intercept: 10000, R2: 1},
		},
		{
			name: "falling line",
			y:    []float64{5, 4, 3, 2, 1},
			want: Line{Slope: -1, Intercept: 5, R2: -1},
		},
		{
			// x̄ = 1.5, ȳ = 1.5, Σdx² = 5, Σdy² = 5,
			// Σdx·dy = 2.25 − 0.25 − 0.25 + 2.25 = 4.
			// slope = 4/5 = 0.8, intercept = 1.5 − 0.8·1.5 = 0.3,
			// R² = 4²/(5·5) = 0.64.
			// line = 0.3, 1.1, 1.9, 2.7; residuals −0.3, 0.9, −0.9, 0.3;
			// Σres² = 1.8; stand_err = √(1.8/2) = √0.9;
			// profit_stability = (2.7 − 0.3)/√0.9.
			name: "noisy rising",
			y:    []float64{0, 2, 1, 3},
			want: Line{Slope: 0.8, Intercept: 0.3, R2: 0.64, StandErr: math.Sqrt(0.9), ProfitStability: 2.4 / math.Sqrt(0.9)},
		},
		{
			// The mirror image of the previous case.
			name: "noisy falling",
			y:    []float64{3, 1, 2, 0},
			want: Line{Slope: -0.8, Intercept: 2.7, R2: -0.64, StandErr: math.Sqrt(0.9), ProfitStability: -2.4 / math.Sqrt(0.9)},
		},
		{
			// The sign follows the end points, not the slope:
			// x̄ = 2, ȳ = 3.2, dy = −0.2, −3.2, 1.8, 2.8, −1.2;
			// Σdx·dy = 0.4 + 3.2 + 0 + 2.8 − 2.4 = 4, Σdx² = 10 → slope 0.4,
			// intercept 3.2 − 0.8 = 2.4; Σdy² = 22.8 → R² = 16/228, negated
			// because y[0] = 3 > y[4] = 2.
			// line = 2.4, 2.8, 3.2, 3.6, 4.0; residuals 0.6, −2.8, 1.8, 2.4, −2;
			// Σres² = 21.2; stand_err = √(21.2/3); stability = 1.6/stand_err.
			name: "rising slope, lower end",
			y:    []float64{3, 0, 5, 6, 2},
			want: Line{Slope: 0.4, Intercept: 2.4, R2: -16.0 / 228, StandErr: math.Sqrt(21.2 / 3), ProfitStability: 1.6 / math.Sqrt(21.2/3)},
		},
		{
			// Two points: the line passes through both, R² = 1, and with
			// n − 2 = 0 degrees of freedom stand_err is 0.
			name: "two points",
			y:    []float64{1, 3},
			want: Line{Slope: 2, Intercept: 1, R2: 1},
		},
		{name: "constant", y: []float64{5, 5, 5, 5}, want: Line{Intercept: 5}},
		{name: "one point", y: []float64{7}, want: Line{Intercept: 7}},
		{name: "empty", y: nil, want: Line{}},
		{name: "NaN", y: []float64{1, math.NaN(), 3}, want: Line{}},
		{name: "Inf", y: []float64{1, math.Inf(1), 3}, want: Line{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Fit(tt.y)
			if !lineEqual(got, tt.want, tol) {
				t.Errorf("Fit(%v) = %+v, want %+v", tt.y, got, tt.want)
			}
		})
	}
}

// TestFitAgainstGonum checks Fit on random curves against gonum's regression,
// R² and correlation, and against a direct residual sum.
func TestFitAgainstGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		n := 3 + rng.IntN(300)
		x := make([]float64, n)
		y := make([]float64, n)
		v := 10000.0
		for i := range y {
			x[i] = float64(i)
			v += rng.NormFloat64()*50 + 3
			y[i] = v
		}
		got := Fit(y)

		alpha, beta := stat.LinearRegression(x, y, nil, false)
		r2 := stat.RSquared(x, y, nil, alpha, beta)
		lr := got.Values(n, nil)
		corr := stat.Correlation(y, lr, nil)
		var ss float64
		for i := range y {
			d := y[i] - (alpha + beta*float64(i))
			ss += d * d
		}
		se := math.Sqrt(ss / float64(n-2))
		if y[0] > y[n-1] {
			r2 = -r2
		}
		want := Line{Slope: beta, Intercept: alpha, R2: r2, StandErr: se, ProfitStability: beta * float64(n-1) / se}
		if !lineEqual(got, want, 1e-9) {
			t.Fatalf("trial %d (n=%d): Fit = %+v, gonum gives %+v", trial, n, got, want)
		}
		if !scalar.EqualWithinAbsOrRel(math.Abs(got.R2), corr*corr, 1e-9, 1e-9) {
			t.Fatalf("trial %d: |R2| = %v, Pearson(y, line)² = %v", trial, math.Abs(got.R2), corr*corr)
		}
	}
}

func TestFitDoesNotAllocate(t *testing.T) {
	y := make([]float64, 400)
	for i := range y {
		y[i] = 10000 + float64(i*i%37)
	}
	if a := testing.AllocsPerRun(100, func() { Fit(y) }); a != 0 {
		t.Errorf("Fit allocates %v times per call, want 0", a)
	}
}

func TestFitHugeValuesStayFinite(t *testing.T) {
	// Squared deviations of values near 1e300 overflow; whatever Fit makes
	// of such a series, it must not hand out NaN or ±Inf.
	y := []float64{0, 1e300, 2e300, 3e300 * (1 + 1e-15)}
	l := Fit(y)
	for _, v := range []float64{l.Slope, l.Intercept, l.R2, l.StandErr, l.ProfitStability} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("Fit(%v) = %+v: not finite", y, l)
		}
	}
}

func TestValues(t *testing.T) {
	l := Line{Slope: 2, Intercept: -1}
	buf := make([]float64, 0, 8)
	got := l.Values(4, buf)
	want := []float64{-1, 1, 3, 5}
	if len(got) != len(want) {
		t.Fatalf("Values(4) has %d values, want 4", len(got))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Values(4)[%d] = %v, want %v", i, got[i], want[i])
		}
	}
	if &got[0] != &buf[:1][0] {
		t.Error("Values did not reuse a buffer with enough capacity")
	}
	if small := l.Values(3, make([]float64, 1)); len(small) != 3 || small[2] != 3 {
		t.Errorf("Values(3, short buffer) = %v, want [-1 1 3]", small)
	}
	if l.At(10) != 19 {
		t.Errorf("At(10) = %v, want 19", l.At(10))
	}
}

func lineEqual(a, b Line, tol float64) bool {
	eq := func(x, y float64) bool { return scalar.EqualWithinAbsOrRel(x, y, tol, tol) }
	return eq(a.Slope, b.Slope) && eq(a.Intercept, b.Intercept) && eq(a.R2, b.R2) &&
		eq(a.StandErr, b.StandErr) && eq(a.ProfitStability, b.ProfitStability)
}

func BenchmarkFit(b *testing.B) {
	y := make([]float64, 400)
	for i := range y {
		y[i] = 10000 + float64(i) + float64(i*i%37)
	}
	b.ReportAllocs()
	for b.Loop() {
		Fit(y)
	}
}

func TestStraightLineNoiseIsNoDeviation(t *testing.T) {
	// 10000 + step·i is a perfect line whatever the step; float rounding of
	// the fit must not leave a tiny standard error that blows up
	// profit_stability.
	for _, step := range []float64{0.1, 0.07, 0.01, 3.3} {
		y := make([]float64, 9)
		for i := range y {
			y[i] = 10000 + step*float64(i)
		}
		l := Fit(y)
		if l.StandErr != 0 || l.ProfitStability != 0 {
			t.Errorf("step %g: stand_err %g, profit_stability %g, want 0 and 0", step, l.StandErr, l.ProfitStability)
		}
	}
	// A real deviation of a cent stays.
	y := []float64{10000, 10000.1, 10000.21, 10000.3, 10000.4}
	if l := Fit(y); l.StandErr == 0 {
		t.Error("a deviation of a cent was taken for noise")
	}
}
