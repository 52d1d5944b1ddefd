package charts

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Forward drawing modes (see docs/plot.md).
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

// Curve colours, as in the original charts: balance blue, equity green, the equity
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
	// Title is the first title line: expert (or strategy), symbol, timeframe,
	// criterion and rank; Subtitle the second, the pass's parameter values
	// (wrapped to the picture's width).
	Title, Subtitle string
	Pass            int64
	// Balance and Equity are the points to draw, back then forward, joined as
	// the forward mode says (Equity may be empty; otherwise as long as Balance).
	Balance, Equity []float64
	// Times are the points' times in Unix milliseconds (as long as Balance,
	// not decreasing): the x axis is then dated. Nil: x is the point index.
	Times []int64
	// Currency labels the money axis (the account currency); empty: no label.
	Currency string
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
	// Text is the block of criteria lines drawn in green in a column right of
	// the plot (see FormatText).
	Text []string
	// Deals are marked on the balance curve (entries as triangles, exits as
	// rings) when Times is set and there are few enough to tell apart.
	Deals []DealMark
	// Width and Height in pixels, each 64 to 16384; both zero means
	// DefaultWidth×DefaultHeight.
	Width, Height int
}

// DealMark is one deal of a pass, as a chart marks it.
type DealMark struct {
	Time  int64 // Unix milliseconds
	Buy   bool  // a buy (else a sell)
	Entry bool  // opens a position (else closes one)
}

// RenderPass draws c as a PNG of exactly Width×Height pixels to w.
//
// The chart follows the MT5 CGraphic screenshots the tool started from — the
// balance in blue (with a dot per point while the points are few enough to
// tell apart), the equity in green, the regression lines dashed (balance
// blue, equity red), a dark vertical line at BackEnd, the forward part on a
// pale amber background, the criteria in green — and adds what a trader reads
// a pass by: a two-line title (who, where, which criterion and rank; the
// parameter values), a dated x axis, the money axis in the account currency,
// the criteria in a column beside the plot (never over a curve), an underwater
// panel under the plot (the equity's fall from its running peak, in percent;
// left out below 300 pixels of height) and the deals on the balance curve. A
// legend runs under everything (left out when the picture is too small for
// it). Fonts and line widths scale with the picture (1280×800 is the
// reference), with floors that keep small charts legible; text lines that do
// not fit are left out.
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

// passLayout is a built pass chart: the plot, the underwater panel under it
// (nil when the picture is too small), the text column and the legend strip.
type passLayout struct {
	look   look
	plot   *plot.Plot
	under  *plot.Plot
	text   *textBlock
	legend *legendStrip
}

// passAreas are where the parts of a pass chart go.
type passAreas struct {
	plot, under, text, legend draw.Canvas
}

// areas splits the picture, inside a margin: the legend strip at the bottom,
// the text column on the right (as wide as its widest line, at most a third
// of the picture), the plot over the underwater panel (a quarter of the
// height) on the left. The two panels' data areas are lined up, so that one
// x means one column in both.
func (lay *passLayout) areas(dc draw.Canvas) passAreas {
	m := lay.look.px(10, 3)
	inner := draw.Crop(dc, m, -m, m/2, -m/2)
	width := inner.Max.X - inner.Min.X
	h := lay.legend.height(width)
	if h > (inner.Max.Y-inner.Min.Y)/4 {
		h = 0 // a picture too small for a legend: the curves matter more
	}
	var a passAreas
	a.legend = inner
	a.legend.Max.Y = inner.Min.Y + h
	body := draw.Crop(inner, 0, 0, h, 0)
	if tw := lay.text.width(); tw > 0 {
		tw = min(tw+m, width/3)
		a.text = draw.Crop(body, width-tw, 0, 0, 0)
		body = draw.Crop(body, 0, -tw, 0, 0)
	}
	a.plot = body
	if lay.under != nil {
		uh := (body.Max.Y - body.Min.Y) / 4
		a.under = body
		a.under.Max.Y = body.Min.Y + uh
		a.plot = draw.Crop(body, 0, 0, uh, 0)
		lay.align(&a)
	}
	return a
}

// align narrows the plot or the underwater panel so that their data areas
// start and end at the same columns (their y labels differ in width).
func (lay *passLayout) align(a *passAreas) {
	dp, du := lay.plot.DataCanvas(a.plot), lay.under.DataCanvas(a.under)
	if d := dp.Min.X - du.Min.X; d > 0 {
		a.under.Min.X += d
	} else {
		a.plot.Min.X -= d
	}
	if d := dp.Max.X - du.Max.X; d < 0 {
		a.under.Max.X += d
	} else {
		a.plot.Max.X -= d
	}
}

func (lay *passLayout) draw(dc draw.Canvas) {
	a := lay.areas(dc)
	lay.plot.Draw(a.plot)
	if lay.under != nil {
		lay.under.Draw(a.under)
	}
	if a.text.Max.X > a.text.Min.X {
		// The column's top lines up with the top of the plot's data area.
		col := a.text
		col.Max.Y = lay.plot.DataCanvas(a.plot).Max.Y
		lay.text.Plot(col, nil)
	}
	if a.legend.Max.Y > a.legend.Min.Y {
		lay.legend.draw(a.legend)
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
	case len(c.Times) != 0 && len(c.Times) != n:
		return fmt.Errorf("%d times for %d balance points", len(c.Times), n)
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
	p := l.newPlot("", width, height)
	p.Title.Text = c.titleText(l, width)
	p.BackgroundColor = nil // the canvas starts white: do not paint it twice
	p.Y.Label.Text = c.Currency
	xs := c.xs()
	if c.Times != nil {
		p.X.Label.Text = fmt.Sprintf("pass %d · time (UTC)", c.Pass)
		p.X.Tick.Marker = dateTicks{want: width / 140}
	} else {
		p.X.Label.Text = fmt.Sprintf("pass %d", c.Pass)
		p.X.Tick.Marker = niceTicks{want: width / 110, integer: true}
	}
	leg := &legendStrip{look: l}
	lineW := l.px(1.6, 1)

	// Drawn in this order: background first, the balance dots on top.
	var shade *forwardShade
	if c.hasForward() {
		shade = &forwardShade{from: xs[c.BackEnd], color: forwardShading}
		p.Add(shade)
	}
	p.Add(l.grid())
	p.Add(&backEndLine{at: xs[c.BackEnd], style: draw.LineStyle{Color: backEndGrey, Width: l.px(2, 1)}})

	var glyph *draw.GlyphStyle
	if c.sparse(width) {
		glyph = &draw.GlyphStyle{Color: balanceBlue, Shape: draw.CircleGlyph{}, Radius: l.px(2.6, 1.5)}
	}
	bal := c.curve(xs, c.Balance, draw.LineStyle{Color: balanceBlue, Width: lineW}, glyph)
	leg.add("Balance", bal)
	if len(c.Equity) > 0 {
		eq := c.curve(xs, c.Equity, draw.LineStyle{Color: equityGreen, Width: lineW}, nil)
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
		line := &polyline{xys: pairXYs(xs, r.ys), breakAfter: -1,
			line: draw.LineStyle{Color: r.col, Width: l.px(1.2, 1), Dashes: fit}}
		p.Add(line)
		leg.add(r.name, line)
	}
	p.Add(bal)
	if marks := c.dealMarks(l, width); marks != nil {
		p.Add(marks)
		leg.add("Deal in (▲ buy, ▼ sell)", marks.entryThumb())
		leg.add("Deal out", marks.exitThumb())
	}
	if shade != nil {
		leg.add("Forward ("+c.ForwardMode+")", shade)
	}
	leg.add("End of back period", &verticalThumb{style: draw.LineStyle{Color: backEndGrey, Width: l.px(2, 1)}})
	addMargin(&p.X, 0.01) // room for the back-end line when it is the last point
	addMargin(&p.Y, 0.03)
	lay := &passLayout{look: l, plot: p, legend: leg,
		text: &textBlock{lines: c.Text, style: l.text(15, 8, textGreen), pad: l.px(8, 3)}}
	if height >= 300 {
		lay.under = c.underwater(l, width, height, xs, shade != nil)
		lay.under.X.Min, lay.under.X.Max = p.X.Min, p.X.Max
		lay.under.X.Tick.Marker = p.X.Tick.Marker
		lay.under.X.Label.Text = p.X.Label.Text
		p.X.Label.Text = ""
		p.X.Tick.Marker = unlabelled{p.X.Tick.Marker}
		leg.add("Underwater (fall from the peak)", &underwaterThumb{})
	}
	return lay, nil
}

// titleText is the title line, then the subtitle wrapped to the picture's
// width at its double spaces.
func (c *PassChart) titleText(l look, width int) string {
	if c.Subtitle == "" {
		return c.Title
	}
	sty := l.text(15, 8, black)
	limit := vg.Length(width) * 0.9
	var lines []string
	cur := ""
	for _, part := range strings.Split(c.Subtitle, "  ") {
		if cur != "" && sty.Width(cur+"  "+part) > limit {
			lines, cur = append(lines, cur), part
		} else if cur == "" {
			cur = part
		} else {
			cur += "  " + part
		}
	}
	lines = append(lines, cur)
	if len(lines) > 3 { // a pass of many inputs: the page lists them all
		lines = append(lines[:3], "…")
	}
	return c.Title + "\n" + strings.Join(lines, "\n")
}

// xs are the points' x values: their times in Unix seconds, or their index.
func (c *PassChart) xs() []float64 {
	xs := make([]float64, len(c.Balance))
	for i := range xs {
		if c.Times != nil {
			xs[i] = float64(c.Times[i]) / 1000
		} else {
			xs[i] = float64(i)
		}
	}
	return xs
}

// sparse reports whether the points are few enough for a dot on each: at
// least 6 pixels apart on average.
func (c *PassChart) sparse(width int) bool { return len(c.Balance)*6 <= width*3/4 }

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

// curve draws ys against xs, as one polyline, or as two (back, then
// forward) in separate mode, where the forward curve restarts from the
// deposit and a joining segment would draw a trade that never happened.
func (c *PassChart) curve(xs, ys []float64, line draw.LineStyle, glyph *draw.GlyphStyle) *polyline {
	pl := &polyline{xys: pairXYs(xs, ys), line: line, glyph: glyph, breakAfter: -1}
	if c.ForwardMode == ForwardSeparate && c.BackEnd < len(ys)-1 {
		pl.breakAfter = c.BackEnd
	}
	return pl
}

// pairXYs pairs ys with the first len(ys) xs.
func pairXYs(xs, ys []float64) plotter.XYs {
	xys := make(plotter.XYs, len(ys))
	for i, y := range ys {
		xys[i] = plotter.XY{X: xs[i], Y: y}
	}
	return xys
}

// unlabelled keeps a tick marker's ticks (and so the grid) but drops their
// labels: the panel under the plot prints them.
type unlabelled struct{ plot.Ticker }

func (u unlabelled) Ticks(lo, hi float64) []plot.Tick {
	ts := u.Ticker.Ticks(lo, hi)
	for i := range ts {
		ts[i].Label = ""
	}
	return ts
}
