package charts

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Forward drawing modes, as in the spec's "Forward results".
const (
	ForwardNone      = "none"
	ForwardSeparate  = "separate"
	ForwardContinued = "continued"
)

// Default chart size in pixels.
const (
	DefaultWidth  = 1280
	DefaultHeight = 800
)

// Curve colours, as in the seed: balance blue, equity green, the equity
// regression red (the balance regression shares the balance's blue).
var (
	balanceBlue    = color.RGBA{B: 255, A: 255}
	equityGreen    = color.RGBA{G: 160, A: 255}
	regressionRed  = color.RGBA{R: 220, A: 255}
	backEndGrey    = color.RGBA{R: 70, G: 70, B: 70, A: 255}
	forwardShading = color.RGBA{R: 255, G: 244, B: 214, A: 255}
)

// PassChart is what one pass's chart shows.
type PassChart struct {
	Title string // the expert's name
	Pass  int64
	// Balance and Equity are the points to draw, back then forward, joined as
	// the forward mode says (Equity may be empty; otherwise as long as Balance).
	Balance, Equity []float64
	// BackEnd is the index of the last back point, where the vertical line
	// goes: len(Balance)-1 when there is no forward part.
	BackEnd int
	// ForwardMode is ForwardSeparate, ForwardContinued or ForwardNone (or
	// empty). It changes only how the forward part is drawn: shaded, and in
	// separate mode not joined to the back curve by a line.
	ForwardMode string
	// RegBalance and RegEquity are regression line values over the back points
	// (index 0…); nil is not drawn.
	RegBalance, RegEquity []float64
	// Text is the block of criteria lines drawn in green in the top-left corner
	// (see FormatText).
	Text []string
	// Width and Height in pixels, each 64 to 16384; both zero means
	// DefaultWidth×DefaultHeight.
	Width, Height int
}

// RenderPass draws c as a PNG of exactly Width×Height pixels to w.
//
// The chart imitates the seed's CGraphic screenshots: the expert's name as
// title, "pass N" under the x axis (x = point index), the balance in blue with
// a dot per point, the equity in green, the regression lines dashed (balance
// blue, equity red), a dark vertical line at BackEnd, and the text block in
// green on a light veil in the plot's top-left corner. The forward part, when
// there is one, has a pale amber background. A legend runs under the plot
// (left out when the picture is too small for it). Fonts and line widths
// scale with the picture (1280×800 is the reference), with floors that keep
// small charts legible; text lines that do not fit are left out.
func RenderPass(c *PassChart, w io.Writer) error {
	lay, err := c.layout()
	if err != nil {
		return fmt.Errorf("chart of pass %d: %w", c.Pass, err)
	}
	cv := newImageCanvas(c.size())
	defer releaseCanvas(cv)
	lay.draw(draw.New(cv))
	if err := encodePNG(w, canvasImage(cv)); err != nil {
		return fmt.Errorf("chart of pass %d: %w", c.Pass, err)
	}
	return nil
}

// passLayout is a built pass chart: the plot, and the legend strip under it.
type passLayout struct {
	look   look
	plot   *plot.Plot
	legend *legendStrip
}

// areas splits the picture, inside a margin, into the plot and the legend
// strip at the bottom.
func (lay *passLayout) areas(dc draw.Canvas) (plotArea, legendArea draw.Canvas) {
	m := lay.look.px(10, 3)
	inner := draw.Crop(dc, m, -m, m/2, -m/2)
	h := lay.legend.height(inner.Max.X - inner.Min.X)
	if h > (inner.Max.Y-inner.Min.Y)/4 {
		h = 0 // a picture too small for a legend: the curves matter more
	}
	plotArea = draw.Crop(inner, 0, 0, h, 0)
	legendArea = inner
	legendArea.Max.Y = inner.Min.Y + h
	return plotArea, legendArea
}

func (lay *passLayout) draw(dc draw.Canvas) {
	plotArea, legendArea := lay.areas(dc)
	lay.plot.Draw(plotArea)
	if legendArea.Max.Y > legendArea.Min.Y {
		lay.legend.draw(legendArea)
	}
}

func (c *PassChart) size() (width, height int) {
	width, height = c.Width, c.Height
	if width == 0 && height == 0 {
		width, height = DefaultWidth, DefaultHeight
	}
	return width, height
}

// MaxDrawable is the largest magnitude a chart draws: money beyond a
// quadrillion is a broken value (a DBL_MAX from an import), not a curve.
const MaxDrawable = 1e15

func (c *PassChart) check() error {
	n := len(c.Balance)
	switch {
	case n == 0:
		return errors.New("no balance points")
	case len(c.Equity) != 0 && len(c.Equity) != n:
		return fmt.Errorf("%d equity points for %d balance points", len(c.Equity), n)
	case c.BackEnd < 0 || c.BackEnd >= n:
		return fmt.Errorf("back end %d outside the %d points", c.BackEnd, n)
	case len(c.RegBalance) > n || len(c.RegEquity) > n:
		return fmt.Errorf("regression lines of %d and %d points for %d points", len(c.RegBalance), len(c.RegEquity), n)
	}
	switch c.ForwardMode {
	case "", ForwardNone, ForwardSeparate, ForwardContinued:
	default:
		return fmt.Errorf("unknown forward mode %q", c.ForwardMode)
	}
	for _, s := range [][]float64{c.Balance, c.Equity, c.RegBalance, c.RegEquity} {
		for i, v := range s {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("point %d is %v", i, v)
			}
			if math.Abs(v) > MaxDrawable {
				// The rasterizer spins on coordinates near DBL_MAX.
				return fmt.Errorf("point %d is %g, beyond ±%g: too large to draw", i, v, MaxDrawable)
			}
		}
	}
	return checkSize(c.size())
}

// hasForward reports whether there are forward points to shade.
func (c *PassChart) hasForward() bool {
	return c.ForwardMode != "" && c.ForwardMode != ForwardNone && c.BackEnd < len(c.Balance)-1
}

// layout builds the chart; tests use it to find where things land.
func (c *PassChart) layout() (*passLayout, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	width, height := c.size()
	l := newLook(width, height)
	p := l.newPlot(c.Title, width, height)
	p.BackgroundColor = nil // the canvas starts white: do not paint it twice
	p.X.Label.Text = fmt.Sprintf("pass %d", c.Pass)
	p.X.Tick.Marker = niceTicks{want: width / 110, integer: true}
	leg := &legendStrip{look: l}
	lineW := l.px(1.6, 1)

	// Drawn in this order: background first, the balance dots on top.
	var shade *forwardShade
	if c.hasForward() {
		shade = &forwardShade{from: float64(c.BackEnd), color: forwardShading}
		p.Add(shade)
	}
	p.Add(l.grid())
	p.Add(&backEndLine{at: float64(c.BackEnd), style: draw.LineStyle{Color: backEndGrey, Width: l.px(2, 1)}})

	glyph := &draw.GlyphStyle{Color: balanceBlue, Shape: draw.CircleGlyph{}, Radius: l.px(2.6, 1.5)}
	bal := c.curve(c.Balance, draw.LineStyle{Color: balanceBlue, Width: lineW}, glyph)
	leg.add("Balance", bal)
	if len(c.Equity) > 0 {
		eq := c.curve(c.Equity, draw.LineStyle{Color: equityGreen, Width: lineW}, nil)
		p.Add(eq)
		leg.add("Equity", eq)
	}
	fit := []vg.Length{l.px(8, 4), l.px(5, 3)}
	for _, r := range []struct {
		name string
		ys   []float64
		col  color.Color
	}{{"Balance regression", c.RegBalance, balanceBlue}, {"Equity regression", c.RegEquity, regressionRed}} {
		if len(r.ys) == 0 {
			continue
		}
		line := &polyline{xys: indexXYs(r.ys, 0), breakAfter: -1,
			line: draw.LineStyle{Color: r.col, Width: l.px(1.2, 1), Dashes: fit}}
		p.Add(line)
		leg.add(r.name, line)
	}
	p.Add(bal)
	if shade != nil {
		leg.add("Forward ("+c.ForwardMode+")", shade)
	}
	leg.add("End of back period", &verticalThumb{style: draw.LineStyle{Color: backEndGrey, Width: l.px(2, 1)}})
	p.Add(&textBlock{lines: c.Text, style: l.text(15, 8, textGreen), pad: l.px(8, 3)})
	addMargin(&p.X, 0.01) // room for the back-end line when it is the last point
	addMargin(&p.Y, 0.03)
	return &passLayout{look: l, plot: p, legend: leg}, nil
}

// addMargin widens an axis by frac of its span on each side, so that the
// extreme points do not sit on the plot's edge.
func addMargin(a *plot.Axis, frac float64) {
	span := a.Max - a.Min
	if span <= 0 {
		span = math.Max(math.Abs(a.Max), 1)
	}
	a.Min -= frac * span
	a.Max += frac * span
}

// curve draws ys against their index, as one polyline, or as two (back, then
// forward) in separate mode, where the forward curve restarts from the
// deposit and a joining segment would draw a trade that never happened.
func (c *PassChart) curve(ys []float64, line draw.LineStyle, glyph *draw.GlyphStyle) *polyline {
	pl := &polyline{xys: indexXYs(ys, 0), line: line, glyph: glyph, breakAfter: -1}
	if c.ForwardMode == ForwardSeparate && c.BackEnd < len(ys)-1 {
		pl.breakAfter = c.BackEnd
	}
	return pl
}

// indexXYs pairs ys with x = from, from+1, …
func indexXYs(ys []float64, from int) plotter.XYs {
	xys := make(plotter.XYs, len(ys))
	for i, y := range ys {
		xys[i] = plotter.XY{X: float64(from + i), Y: y}
	}
	return xys
}
