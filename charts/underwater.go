package charts

import (
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Colours of the underwater panel and the deal marks (the marks in the
// Okabe–Ito palette, which colour-blind readers tell apart).
var (
	underwaterFill = color.RGBA{R: 240, G: 170, B: 170, A: 255}
	underwaterLine = color.RGBA{R: 190, G: 30, B: 30, A: 255}
	buyMark        = color.RGBA{R: 0, G: 158, B: 115, A: 255} // bluish green
	sellMark       = color.RGBA{R: 213, G: 94, B: 0, A: 255}  // vermillion
	exitMark       = color.RGBA{R: 90, G: 90, B: 90, A: 255}
)

// drawdown is how far each value lies under the running peak of the values
// before it (itself included), in percent of that peak: 0 at a new high,
// −25 a quarter below it. A non-positive peak gives 0 (there is no percentage
// of nothing). restartAt ≥ 0 starts a new peak there: a forward part drawn
// from the deposit again is a new account.
func drawdown(vs []float64, restartAt int) []float64 {
	dd := make([]float64, len(vs))
	peak := math.Inf(-1)
	for i, v := range vs {
		if i == restartAt {
			peak = math.Inf(-1)
		}
		peak = math.Max(peak, v)
		if peak > 0 {
			dd[i] = (v - peak) / peak * 100
		}
	}
	return dd
}

// underwater builds the panel under the plot: the drawdown of the equity (of
// the balance without equity) as a filled area down from zero.
func (c *PassChart) underwater(l look, width, height int, xs []float64, forward bool) *plot.Plot {
	series := c.Equity
	if len(series) == 0 {
		series = c.Balance
	}
	restart := -1
	if c.ForwardMode == ForwardSeparate && forward {
		restart = c.BackEnd + 1
	}
	dd := drawdown(series, restart)
	p := l.newPlot("", width, height)
	p.BackgroundColor = nil
	p.Y.Label.Text = "drawdown %"
	p.Y.Tick.Marker = niceTicks{want: max(height/240, 2)}
	if forward {
		p.Add(&forwardShade{from: xs[c.BackEnd], color: forwardShading})
	}
	p.Add(l.grid())
	breakAfter := -1
	if restart > 0 {
		breakAfter = c.BackEnd
	}
	p.Add(&areaDown{xys: pairXYs(xs, dd), breakAfter: breakAfter,
		line: draw.LineStyle{Color: underwaterLine, Width: l.px(1.2, 1)}})
	p.Y.Max = 0
	p.Y.Min = math.Min(p.Y.Min, -1) // a pass that never fell still shows a scale
	addMargin(&p.Y, 0.05)
	p.Y.Max = 0
	return p
}

// areaDown fills between y = 0 and a curve under it, optionally in two parts.
type areaDown struct {
	xys        plotter.XYs
	line       draw.LineStyle
	breakAfter int
}

func (a *areaDown) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	parts := []plotter.XYs{a.xys}
	if a.breakAfter >= 0 && a.breakAfter < len(a.xys)-1 {
		parts = []plotter.XYs{a.xys[:a.breakAfter+1], a.xys[a.breakAfter+1:]}
	}
	for _, part := range parts {
		pts := make([]vg.Point, 0, len(part)+2)
		pts = append(pts, vg.Point{X: trX(part[0].X), Y: trY(0)})
		for _, xy := range part {
			pts = append(pts, vg.Point{X: trX(xy.X), Y: trY(xy.Y)})
		}
		pts = append(pts, vg.Point{X: trX(part[len(part)-1].X), Y: trY(0)})
		c.FillPolygon(underwaterFill, pts)
		c.StrokeLines(a.line, pts[1:len(pts)-1])
	}
}

func (a *areaDown) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = math.Inf(1), math.Inf(-1), 0, 0
	for _, xy := range a.xys {
		xmin, xmax = math.Min(xmin, xy.X), math.Max(xmax, xy.X)
		ymin = math.Min(ymin, xy.Y)
	}
	return xmin, xmax, ymin, ymax
}

// underwaterThumb is the legend sample of the underwater panel.
type underwaterThumb struct{}

func (underwaterThumb) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(underwaterFill, []vg.Point{c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max, {X: c.Min.X, Y: c.Max.Y}})
}

// dealMarks are the deals drawn on the balance curve.
type dealMarks struct {
	pts   []vg.Point // data coordinates: time in seconds, balance
	deals []DealMark
	r     vg.Length
}

// dealMarks places each deal on the balance curve at its time (the balance
// of the last point at or before it), or returns nil when there are no deals,
// no times, or more deals than can be told apart (one per 8 pixels).
func (c *PassChart) dealMarks(l look, width int) *dealMarks {
	if len(c.Deals) == 0 || c.Times == nil || len(c.Deals)*8 > width {
		return nil
	}
	m := &dealMarks{deals: c.Deals, r: l.px(5, 3)}
	for _, d := range c.Deals {
		i := sort.Search(len(c.Times), func(i int) bool { return c.Times[i] > d.Time }) - 1
		i = max(i, 0)
		m.pts = append(m.pts, vg.Point{X: vg.Length(float64(d.Time) / 1000), Y: vg.Length(c.Balance[i])})
	}
	return m
}

func (m *dealMarks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i, d := range m.deals {
		at := vg.Point{X: trX(float64(m.pts[i].X)), Y: trY(float64(m.pts[i].Y))}
		m.mark(c, d, at)
	}
}

func (m *dealMarks) mark(c draw.Canvas, d DealMark, at vg.Point) {
	if !d.Entry {
		c.DrawGlyph(draw.GlyphStyle{Color: exitMark, Shape: draw.RingGlyph{}, Radius: m.r * 0.8}, at)
		return
	}
	col, dir := buyMark, vg.Length(1)
	if !d.Buy {
		col, dir = sellMark, -1
	}
	// A triangle pointing up (buy) or down (sell), its tip on the curve.
	tri := []vg.Point{at, {X: at.X - m.r, Y: at.Y - dir*2*m.r}, {X: at.X + m.r, Y: at.Y - dir*2*m.r}}
	c.FillPolygon(col, tri)
}

func (m *dealMarks) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, pt := range m.pts {
		xmin, xmax = math.Min(xmin, float64(pt.X)), math.Max(xmax, float64(pt.X))
		ymin, ymax = math.Min(ymin, float64(pt.Y)), math.Max(ymax, float64(pt.Y))
	}
	return xmin, xmax, ymin, ymax
}

type thumbFunc func(c *draw.Canvas)

func (f thumbFunc) Thumbnail(c *draw.Canvas) { f(c) }

func (m *dealMarks) entryThumb() thumbFunc {
	return func(c *draw.Canvas) {
		mid := vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: (c.Min.Y + c.Max.Y) / 2}
		m.mark(*c, DealMark{Buy: true, Entry: true}, vg.Point{X: mid.X - m.r*1.3, Y: mid.Y + m.r})
		m.mark(*c, DealMark{Entry: true}, vg.Point{X: mid.X + m.r*1.3, Y: mid.Y - m.r})
	}
}

func (m *dealMarks) exitThumb() thumbFunc {
	return func(c *draw.Canvas) {
		m.mark(*c, DealMark{}, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: (c.Min.Y + c.Max.Y) / 2})
	}
}
