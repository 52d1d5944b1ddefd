package charts

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Colours of the overfitting charts.
var (
	barGreen = color.RGBA{R: 60, G: 150, B: 90, A: 255}
	fitRed   = color.RGBA{R: 210, G: 40, B: 40, A: 255}
)

// LogitHistogram is a criterion's distribution of CSCV logits: the logit of
// the out-of-sample relative rank of the pass the criterion chose in sample,
// one per split (package overfit).
type LogitHistogram struct {
	Criterion string
	PBO       float64   // printed in the title
	Edges     []float64 // bin edges, increasing, len(Counts)+1
	Counts    []int
}

// RenderLogitHistogram draws h as bars with a dashed line at λ = 0: the
// bars left of it are the splits where the chosen pass fell to or below the
// median out of sample, whose share is the PBO.
func RenderLogitHistogram(h *LogitHistogram, w io.Writer, width, height int) error {
	if err := checkSize(width, height); err != nil {
		return fmt.Errorf("logit histogram: %w", err)
	}
	if len(h.Counts) == 0 || len(h.Edges) != len(h.Counts)+1 {
		return errors.New("logit histogram: want n counts and n+1 edges")
	}
	l := newLook(width, height)
	p := l.newPlot(fmt.Sprintf("%s: logits of the chosen pass's out-of-sample rank   PBO = %s", h.Criterion, formatShare(h.PBO)), width, height)
	p.X.Label.Text = "logit λ (left of 0: at or below the median out of sample)"
	p.Y.Label.Text = "splits"
	p.Add(l.grid())
	bins := make([]plotter.HistogramBin, len(h.Counts))
	top := 0
	for i, c := range h.Counts {
		bins[i] = plotter.HistogramBin{Min: h.Edges[i], Max: h.Edges[i+1], Weight: float64(c)}
		top = max(top, c)
	}
	hist := &plotter.Histogram{Bins: bins, Width: h.Edges[1] - h.Edges[0], FillColor: barGreen,
		LineStyle: draw.LineStyle{Color: black, Width: l.px(1, 1)}}
	p.Add(hist)
	p.Add(verticalAt(0, float64(top)*1.05, l))
	p.X.Min, p.X.Max = math.Min(h.Edges[0], -0.5), math.Max(h.Edges[len(h.Edges)-1], 0.5)
	p.Y.Min, p.Y.Max = 0, math.Max(float64(top)*1.08, 1)
	p.Y.Tick.Marker = niceTicks{want: height / 60, integer: true}
	return renderOne(p, w, width, height)
}

// Degradation is a criterion's in-sample value of its chosen pass against
// the same pass's out-of-sample value, one point per CSCV split, with the
// least-squares line through them.
type Degradation struct {
	Criterion        string
	IS, OOS          []float64
	Slope, Intercept float64
	HasLine          bool // false: the points have no spread in x
}

// RenderDegradation draws d as a scatter with its fitted line, titled with
// the slope. Far-out values are clipped to Tukey's far-out fences of each
// axis, as in RenderScatter, and drawn as grey triangles on the edges.
func RenderDegradation(d *Degradation, w io.Writer, width, height int) error {
	if err := checkSize(width, height); err != nil {
		return fmt.Errorf("degradation chart: %w", err)
	}
	if len(d.IS) != len(d.OOS) || len(d.IS) == 0 {
		return errors.New("degradation chart: want as many out-of-sample values as in-sample ones, at least one")
	}
	l := newLook(width, height)
	title := d.Criterion + ": in sample vs out of sample, chosen pass per split"
	if d.HasLine {
		title += "   slope = " + strconv.FormatFloat(d.Slope, 'f', 3, 64)
	}
	p := l.newPlot(title, width, height)
	p.X.Label.Text, p.Y.Label.Text = "in sample", "out of sample"
	p.Add(l.grid())
	xlo, xhi := fences(d.IS)
	ylo, yhi := fences(d.OOS)
	var inside, clipped plotter.XYs
	for i := range d.IS {
		pt := plotter.XY{X: clamp(d.IS[i], xlo, xhi), Y: clamp(d.OOS[i], ylo, yhi)}
		if pt.X != d.IS[i] || pt.Y != d.OOS[i] {
			clipped = append(clipped, pt)
		} else {
			inside = append(inside, pt)
		}
	}
	r := l.px(3, 1.5)
	for _, set := range []struct {
		pts   plotter.XYs
		glyph draw.GlyphStyle
	}{
		{inside, draw.GlyphStyle{Color: dotBlue, Shape: draw.CircleGlyph{}, Radius: r}},
		{clipped, draw.GlyphStyle{Color: clippedGrey, Shape: draw.TriangleGlyph{}, Radius: r * 1.3}},
	} {
		if len(set.pts) == 0 {
			continue
		}
		dots, err := plotter.NewScatter(set.pts)
		if err != nil {
			return fmt.Errorf("degradation chart: %w", err)
		}
		dots.GlyphStyle = set.glyph
		p.Add(dots)
	}
	if len(clipped) > 0 {
		p.X.Label.Text += fmt.Sprintf(" (%d far-out points drawn as grey triangles on the edges)", len(clipped))
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xlo, xhi, ylo, yhi
	addMargin(&p.X, 0.04)
	addMargin(&p.Y, 0.06)
	if d.HasLine {
		fit := plotter.NewFunction(func(x float64) float64 { return d.Slope*x + d.Intercept })
		fit.LineStyle = draw.LineStyle{Color: fitRed, Width: l.px(2, 1)}
		p.Add(fit)
	}
	if p.Y.Min < 0 && p.Y.Max > 0 {
		zero := plotter.NewFunction(func(float64) float64 { return 0 })
		zero.LineStyle = draw.LineStyle{Color: zeroLine, Width: l.px(1.5, 1), Dashes: []vg.Length{l.px(6, 3), l.px(4, 2)}}
		p.Add(zero)
	}
	return renderOne(p, w, width, height)
}

// verticalAt is a dashed red vertical line at x from 0 up to top.
func verticalAt(x, top float64, l look) *plotter.Line {
	ln, _ := plotter.NewLine(plotter.XYs{{X: x, Y: 0}, {X: x, Y: top}}) // two finite points: no error
	ln.LineStyle = draw.LineStyle{Color: fitRed, Width: l.px(2, 1), Dashes: []vg.Length{l.px(8, 3), l.px(5, 2)}}
	return ln
}

// renderOne draws one plot filling a width×height PNG.
func renderOne(p *plot.Plot, w io.Writer, width, height int) error {
	cv := newImageCanvas(width, height)
	defer releaseCanvas(cv)
	p.Draw(draw.New(cv))
	return encodePNG(w, canvasImage(cv))
}

// formatShare prints a probability with 2 decimals.
func formatShare(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "n/a"
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}
