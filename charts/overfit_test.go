package charts

import (
	"bytes"
	"image/png"
	"testing"
)

func TestOverfitCharts(t *testing.T) {
	var buf bytes.Buffer
	h := &LogitHistogram{Criterion: "profit", PBO: 0.62, Edges: []float64{-1, -0.5, 0, 0.5}, Counts: []int{3, 5, 2}}
	if err := RenderLogitHistogram(h, &buf, 400, 300); err != nil {
		t.Fatal(err)
	}
	if img, err := png.Decode(&buf); err != nil || img.Bounds().Dx() != 400 {
		t.Fatalf("histogram: %v", err)
	}
	if err := RenderLogitHistogram(&LogitHistogram{Edges: []float64{0}}, &buf, 400, 300); err == nil {
		t.Error("a histogram without bins: want an error")
	}
	buf.Reset()
	d := &Degradation{Criterion: "r2", IS: []float64{0.1, 0.5, 0.9, 1e300}, OOS: []float64{0.2, 0, -0.3, 0}, Slope: -0.5, Intercept: 0.2, HasLine: true}
	if err := RenderDegradation(d, &buf, 400, 300); err != nil {
		t.Fatal(err)
	}
	if img, err := png.Decode(&buf); err != nil || img.Bounds().Dy() != 300 {
		t.Fatalf("degradation: %v", err)
	}
	if err := RenderDegradation(&Degradation{IS: []float64{1}}, &buf, 400, 300); err == nil {
		t.Error("mismatched lengths: want an error")
	}
}
