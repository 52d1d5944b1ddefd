package charts

import (
	"bytes"
	"image/png"
	"math"
	"strings"
	"testing"
)

func TestRenderWalkForwardCharts(t *testing.T) {
	day := int64(86_400_000)
	stitched := &StitchedChart{Title: "stitched", Deposit: 1000, WindowStarts: []int64{0, 3 * day}, Width: 400, Height: 300,
		Series: []StitchedSeries{
			{Label: "grey", Time: []int64{0, day, 2 * day}, Balance: []float64{1000, 990, 980}},
			{Label: "best", Time: []int64{0, day, 5 * day}, Balance: []float64{1000, 1100, math.NaN()}, Highlight: true},
			{Label: "empty", Highlight: true},
		}}
	bars := &WindowBarsChart{Title: "bars", Windows: []string{"0", "1"}, Train: []float64{10, math.NaN()}, Test: []float64{-5, 3},
		Width: 400, Height: 300}
	params := &ParamsChart{Title: "params", Windows: []string{"0", "1", "2"}, Width: 400, Height: 300,
		Inputs: []ParamSeries{{Name: "P", Values: []float64{10, math.NaN(), 30}, Lo: 10, Hi: 30}, {Name: "Fixed", Values: []float64{1, 1, 1}, Lo: 1, Hi: 1}}}
	for name, render := range map[string]func(*bytes.Buffer) error{
		"stitched": func(b *bytes.Buffer) error { return RenderStitched(stitched, b) },
		"bars":     func(b *bytes.Buffer) error { return RenderWindowBars(bars, b) },
		"params":   func(b *bytes.Buffer) error { return RenderParams(params, b) },
	} {
		var b bytes.Buffer
		if err := render(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		img, err := png.Decode(&b)
		if err != nil {
			t.Fatalf("%s: not a PNG: %v", name, err)
		}
		if r := img.Bounds(); r.Dx() != 400 || r.Dy() != 300 {
			t.Errorf("%s: %v, want 400×300", name, r)
		}
	}
	bars.Test = bars.Test[:1]
	if err := RenderWindowBars(bars, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "2 windows") {
		t.Errorf("mismatched bars: %v", err)
	}
	stitched.Width = 10
	if err := RenderStitched(stitched, &bytes.Buffer{}); err == nil {
		t.Error("a 10-pixel-wide chart was drawn")
	}
}
