package teststand

import "math"

// Function is a test function of two variables with its ranges and its known
// extremes.
type Function struct {
	Name       string
	XMin, XMax float64 // range of the first variable of a pair
	YMin, YMax float64 // range of the second
	Min, Max   float64 // the values scaling maps to 0 and 1
	ArgMax     [2]float64
	F          func(x, y float64) float64
}

// Scaled is f(x, y) mapped linearly from [Min, Max] to [0, 1] and clamped. A
// coordinate outside the ranges or NaN scores 0.
func (f Function) Scaled(x, y float64) float64 {
	if !f.inside(x, y) {
		return 0
	}
	return Scale(f.F(x, y), f.Min, f.Max)
}

// Value is f(x, y), or Min when a coordinate is outside the ranges or NaN.
func (f Function) Value(x, y float64) float64 {
	if !f.inside(x, y) {
		return f.Min
	}
	v := f.F(x, y)
	if math.IsNaN(v) {
		return f.Min
	}
	return v
}

// inside is false for NaN too: every comparison with NaN is false.
func (f Function) inside(x, y float64) bool {
	return x >= f.XMin && x <= f.XMax && y >= f.YMin && y <= f.YMax
}

// Scale maps v linearly from [lo, hi] to [0, 1], clamped; NaN maps to 0 and an
// empty range to 0.5 (the test-stand article's Scale).
func Scale(v, lo, hi float64) float64 {
	switch {
	case !(hi > lo):
		return 0.5
	case math.IsNaN(v) || v <= lo:
		return 0
	case v >= hi:
		return 1
	}
	return (v - lo) / (hi - lo)
}

// The parts shared by the Forest and Megacity functions of both stands.
func forestA(x, y float64) float64 {
	return math.Sin(math.Sqrt(math.Abs(x-1.13) + math.Abs(y-2)))
}

func forestB(x, y float64) float64 {
	return math.Cos(math.Sqrt(math.Abs(math.Sin(x))) + math.Sqrt(math.Abs(math.Sin(y-2))))
}

func pow4(v float64) float64 { v *= v; return v * v }

// gauss is exp(−((x−cx)² + (y−cy)²)/w), one bump of the current stand.
func gauss(x, y, cx, cy, w float64) float64 {
	dx, dy := x-cx, y-cy
	return math.Exp(-(dx*dx + dy*dy) / w)
}

// Skin is the test-stand article's smooth function with shallow traps, on [−5, 5]².
var Skin = Function{
	Name: "Skin", XMin: -5, XMax: 5, YMin: -5, YMax: 5,
	Min: -4.3182, Max: 14.0606, ArgMax: [2]float64{-3.315699, -3.072485},
	F: func(x, y float64) float64 {
		b1 := math.Cos(2*x*x) - 1.1
		c1 := math.Sin(x/2) - 1.2
		d1 := math.Cos(2*y*y) - 1.1
		e1 := math.Sin(y/2) - 1.2
		return b1*b1 + c1*c1 - d1*d1 + e1*e1
	},
}

// SkinArgMin is where Skin takes its stated minimum (the test-stand article).
var SkinArgMin = [2]float64{3.07021, 3.315935}

// Forest is the test-stand article's function of sharp peaks without derivatives, on
// [−50, −18]².
var Forest = Function{
	Name: "Forest", XMin: -50, XMax: -18, YMin: -50, YMax: -18,
	Min: 0, Max: 15.95123239744, ArgMax: [2]float64{-25.132741228718345, -32.55751918948773},
	F: func(x, y float64) float64 {
		return max(pow4(forestA(x, y)+forestB(x, y)), 0)
	},
}

// Megacity is the test-stand article's discontinuous function of flat terraces, on
// [−15, 15]². The seed places its maximum 15 at (3.16, 1.990), where the
// value is in fact 14 (the fourth power there is 14.82); the terrace of 15
// lies around (π, 2), where the power is 15.63, so that is the ArgMax here.
var Megacity = Function{
	Name: "Megacity", XMin: -15, XMax: 15, YMin: -15, YMax: 15,
	Min: 0, Max: 15, ArgMax: [2]float64{math.Pi, 2},
	F: func(x, y float64) float64 {
		return math.Floor(pow4(forestA(x, y) + forestB(x, y)))
	},
}

// Hilly is the current stand's smooth multimodal function on [−3, 3]².
var Hilly = Function{
	Name: "Hilly", XMin: -3, XMax: 3, YMin: -3, YMax: 3,
	Min: -39.701816104859866, Max: 229.91931214214105,
	ArgMax: [2]float64{-1.4809053654574758, 0.6254111843389699},
	F: func(x, y float64) float64 {
		return 20 + x*x + y*y - 10*math.Cos(2*math.Pi*x) - 10*math.Cos(2*math.Pi*y) -
			30*gauss(x, y, 1, 0, 0.1) +
			200*gauss(x, y, -0.47*math.Pi, 0.2*math.Pi, 0.1) +
			100*gauss(x, y, 0.5, -0.5, 0.01) -
			60*gauss(x, y, 1.33, 2, 0.02) -
			40*gauss(x, y, -1.3, -0.2, 0.5) +
			60*gauss(x, y, 1.5, -1.5, 0.1)
	},
}

// HillyArgMin is where Hilly takes its minimum.
var HillyArgMin = [2]float64{1.3200361419666748, 1.9993728393766546}

// ForestCurrent is the current stand's Forest, on x ∈ [−43.5, −39],
// y ∈ [−47.35, −40].
var ForestCurrent = Function{
	Name: "Forest", XMin: -43.5, XMax: -39, YMin: -47.35, YMax: -40,
	Min: -0.26489289358875895, Max: 1.8779867959790217,
	ArgMax: [2]float64{-40.840704496667314, -41.982297150257104},
	F: func(x, y float64) float64 {
		f := forestA(x, y) + forestB(x, y) +
			1.01*gauss(x, y, -42, -43.5, 0.9) +
			gauss(x, y, -40.2, -46, 0.3)
		return pow4(f) - 0.3*gauss(x, y, -42.3, -46, 0.02)
	},
}

// MegacityCurrent is the current stand's Megacity, on x ∈ [−10, −2],
// y ∈ [−10.5, 10], scaled from [−1, 12].
var MegacityCurrent = Function{
	Name: "Megacity", XMin: -10, XMax: -2, YMin: -10.5, YMax: 10,
	Min: -1, Max: 12, ArgMax: [2]float64{-3.1357545740179393, 2.006136371058429},
	F: func(x, y float64) float64 {
		return math.Floor(pow4(forestA(x, y)+forestB(x, y))) -
			math.Floor(2*gauss(x, y, -9.5, -7.5, 0.4))
	},
}
