package teststand

import (
	"math"
	"testing"
)

func TestFunctionsKnownExtremes(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    Function
		at   [2]float64
		want float64
		tol  float64 // the spec's last digit
	}{
		{"Skin max", Skin, Skin.ArgMax, 14.0606, 1e-4},
		{"Skin min", Skin, SkinArgMin, -4.3182, 1e-4},
		{"Forest max", Forest, Forest.ArgMax, 15.95123239744, 1e-10},
		{"Megacity max", Megacity, Megacity.ArgMax, 15, 0},
		{"Hilly max", Hilly, Hilly.ArgMax, 229.91931214214105, 1e-9},
		{"Hilly min", Hilly, HillyArgMin, -39.701816104859866, 1e-9},
		{"Forest current max", ForestCurrent, ForestCurrent.ArgMax, 1.8779867959790217, 1e-12},
		// The spec states the minimum without its place; it lies near the
		// narrow dip at (−42.3, −46).
		{"Forest current min", ForestCurrent, [2]float64{-42.299, -45.9955}, -0.26489289358875895, 1e-6},
		{"Megacity current max", MegacityCurrent, MegacityCurrent.ArgMax, 12, 0},
		// At the dip's centre floor(2·exp(0)) = 2 and the terrace is 0: −2,
		// below the −1 the spec scales from, so it scales (clamped) to 0.
		{"Megacity current dip", MegacityCurrent, [2]float64{-9.5, -7.5}, -2, 0},
	} {
		got := tc.f.F(tc.at[0], tc.at[1])
		if math.Abs(got-tc.want) > tc.tol {
			t.Errorf("%s: f(%v) = %.15g, want %.15g ± %g", tc.name, tc.at, got, tc.want, tc.tol)
		}
	}
}

// TestSeedMegacityStatedPoint documents the article's slip: at its stated
// arg-max the value is 14, not 15.
func TestSeedMegacityStatedPoint(t *testing.T) {
	if got := Megacity.F(3.16, 1.990); got != 14 {
		t.Errorf("Megacity(3.16, 1.990) = %v, want 14", got)
	}
}

func TestScale(t *testing.T) {
	for _, tc := range []struct {
		v, lo, hi, want float64
	}{
		{5, 0, 10, 0.5},
		{-4.3182, -4.3182, 14.0606, 0},
		{14.0606, -4.3182, 14.0606, 1},
		{-1, 0, 10, 0},           // clamped below
		{11, 0, 10, 1},           // clamped above
		{math.NaN(), 0, 10, 0},   // NaN is the worst
		{math.Inf(1), 0, 10, 1},  // saturates
		{3, 2, 2, 0.5},           // empty range: the middle, as the test-stand article's Scale
		{-0.5, -1, 12, 0.5 / 13}, // Megacity current's scale
	} {
		if got := Scale(tc.v, tc.lo, tc.hi); math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("Scale(%v, %v, %v) = %v, want %v", tc.v, tc.lo, tc.hi, got, tc.want)
		}
	}
}

func TestOutOfRangeScoresMinimum(t *testing.T) {
	nan := math.NaN()
	for _, f := range []Function{Skin, Forest, Megacity, Hilly, ForestCurrent, MegacityCurrent} {
		for _, p := range [][2]float64{
			{f.XMin - 1e-9, f.YMin}, {f.XMax + 1, f.YMax}, {f.XMin, f.YMax + 1e-9}, {f.XMax, f.YMin - 3},
			{nan, f.YMin}, {f.XMin, nan}, {math.Inf(-1), f.YMin},
		} {
			if got := f.Scaled(p[0], p[1]); got != 0 {
				t.Errorf("%s.Scaled(%v) = %v, want 0", f.Name, p, got)
			}
			if got := f.Value(p[0], p[1]); got != f.Min {
				t.Errorf("%s.Value(%v) = %v, want the minimum %v", f.Name, p, got, f.Min)
			}
		}
		// The corners of the range are inside.
		if got := f.Value(f.XMin, f.YMax); got != f.F(f.XMin, f.YMax) {
			t.Errorf("%s.Value at the corner = %v, want f = %v", f.Name, got, f.F(f.XMin, f.YMax))
		}
	}
}

func TestObjective(t *testing.T) {
	// Two pairs: one at the maximum, one out of range.
	mc := MegacityCurrent
	x := []float64{mc.ArgMax[0], mc.ArgMax[1], mc.XMax + 1, mc.YMin}
	// Current stand: (scaled 12 → 1, out of range → 0) / 2 = 0.5.
	if got := CurrentStand.Objective(mc, x); got != 0.5 {
		t.Errorf("current Megacity objective = %v, want 0.5", got)
	}
	// Seed stand, raw values: (15 + 0) / 2 = 7.5.
	m := Megacity
	x = []float64{m.ArgMax[0], m.ArgMax[1], math.NaN(), 0}
	if got := SeedStand.Objective(m, x); got != 7.5 {
		t.Errorf("seed Megacity objective = %v, want 7.5", got)
	}
	// A trailing odd parameter is ignored; no pair at all scores 0.
	if got := CurrentStand.Objective(mc, []float64{mc.ArgMax[0], mc.ArgMax[1], 0}); got != 1 {
		t.Errorf("objective with a trailing parameter = %v, want 1", got)
	}
	if got := CurrentStand.Objective(mc, []float64{-5}); got != 0 {
		t.Errorf("objective of one parameter = %v, want 0", got)
	}
}

func TestScore(t *testing.T) {
	// Seed stand: the raw mean is scaled by the function's range:
	// Forest 15.95123239744/4 → 0.25.
	if got := SeedStand.Score(Forest, Forest.Max/4); math.Abs(got-0.25) > 1e-15 {
		t.Errorf("seed score = %v, want 0.25", got)
	}
	// Skin: (5 − (−4.3182)) / (14.0606 − (−4.3182)) = 9.3182/18.3788.
	if got, want := SeedStand.Score(Skin, 5), 9.3182/18.3788; math.Abs(got-want) > 1e-12 {
		t.Errorf("seed Skin score = %v, want %v", got, want)
	}
	// Current stand: values are already scaled; only clamped.
	if got := CurrentStand.Score(Hilly, 0.7); got != 0.7 {
		t.Errorf("current score = %v, want 0.7", got)
	}
}

func TestProblemRanges(t *testing.T) {
	p := CurrentStand.Problem(ForestCurrent, 4, 100, 3)
	want := [][2]float64{{-43.5, -39}, {-47.35, -40}, {-43.5, -39}, {-47.35, -40}}
	if len(p.Dims) != 4 || p.Budget != 100 || p.Seed != 3 {
		t.Fatalf("problem %+v", p)
	}
	for i, d := range p.Dims {
		if d.Start != want[i][0] || d.Stop != want[i][1] || d.Step != 0 {
			t.Errorf("dim %d = [%g, %g] step %g, want %v continuous", i, d.Start, d.Stop, d.Step, want[i])
		}
	}
}

// TestScanMatchesStatedRange scans each function on a 301×301 grid: no value
// exceeds the stated maximum or falls below the stated minimum (except the
// current Megacity's dip to −2, which scaling clamps), and where the spec says
// "many points" for the minimum the scan finds it.
func TestScanMatchesStatedRange(t *testing.T) {
	for _, f := range []Function{Skin, Forest, Megacity, Hilly, ForestCurrent, MegacityCurrent} {
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := range 301 {
			for j := range 301 {
				x := f.XMin + (f.XMax-f.XMin)*float64(i)/300
				y := f.YMin + (f.YMax-f.YMin)*float64(j)/300
				v := f.F(x, y)
				lo, hi = min(lo, v), max(hi, v)
			}
		}
		floor := f.Min
		if f.Name == "Megacity" && f.Min == -1 {
			floor = -2
		}
		if hi > f.Max || lo < floor {
			t.Errorf("%s: scan range [%v, %v] leaves the stated [%v, %v]", f.Name, lo, hi, f.Min, f.Max)
		}
		if (f.Name == "Megacity" && f.Min == 0 && lo != 0) || (f.Name == "Forest" && f.Min == 0 && lo > 1e-3) {
			t.Errorf("%s: scan minimum %v, want the stated 0", f.Name, lo)
		}
	}
}
