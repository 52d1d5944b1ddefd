package charts

import (
	"image"
	"image/color"
	imgdraw "image/draw"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// The pieces of a pass chart that gonum/plot does not have ready-made.

// polyline draws points joined by lines, optionally with a dot at every point,
// and optionally broken into two curves after index breakAfter (≥ 0).
type polyline struct {
	xys        plotter.XYs
	line       draw.LineStyle
	glyph      *draw.GlyphStyle
	breakAfter int
}

func (pl *polyline) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	pts := make([]vg.Point, len(pl.xys))
	for i, xy := range pl.xys {
		pts[i] = vg.Point{X: trX(xy.X), Y: trY(xy.Y)}
	}
	if pl.breakAfter >= 0 && pl.breakAfter < len(pts)-1 {
		c.StrokeLines(pl.line, pts[:pl.breakAfter+1], pts[pl.breakAfter+1:])
	} else {
		c.StrokeLines(pl.line, pts)
	}
	if pl.glyph != nil {
		fillDots(c, pts, pl.glyph.Radius, pl.glyph.Color)
	}
}

// fillDots fills a disc at every point in one path: one rasterizer pass for
// all of them instead of one per point.
func fillDots(c draw.Canvas, pts []vg.Point, r vg.Length, col color.Color) {
	var path vg.Path
	for _, pt := range pts {
		path.Move(vg.Point{X: pt.X + r, Y: pt.Y})
		path.Arc(pt, r, 0, 2*math.Pi)
		path.Close()
	}
	c.SetColor(col)
	c.Fill(path)
}

func (pl *polyline) DataRange() (xmin, xmax, ymin, ymax float64) {
	return plotter.XYRange(pl.xys)
}

// GlyphBoxes makes the plot leave room for the dots at the curve's extremes.
func (pl *polyline) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	if pl.glyph == nil || len(pl.xys) == 0 {
		return nil
	}
	xmin, xmax, ymin, ymax := pl.DataRange()
	r := pl.glyph.Rectangle()
	return []plot.GlyphBox{
		{X: p.X.Norm(xmin), Y: p.Y.Norm(ymin), Rectangle: r},
		{X: p.X.Norm(xmax), Y: p.Y.Norm(ymax), Rectangle: r},
	}
}

func (pl *polyline) Thumbnail(c *draw.Canvas) {
	y := (c.Min.Y + c.Max.Y) / 2
	c.StrokeLine2(pl.line, c.Min.X, y, c.Max.X, y)
	if pl.glyph != nil {
		fillDots(*c, []vg.Point{{X: (c.Min.X + c.Max.X) / 2, Y: y}}, pl.glyph.Radius, pl.glyph.Color)
	}
}

// forwardShade tints the plot area right of x = from: the forward period.
type forwardShade struct {
	from  float64
	color color.Color
}

func (s *forwardShade) Plot(c draw.Canvas, p *plot.Plot) {
	x := c.X(p.X.Norm(s.from))
	if fillPixels(c, s.color, vg.Rectangle{Min: vg.Point{X: x, Y: c.Min.Y}, Max: c.Max}) {
		return
	}
	c.FillPolygon(s.color, []vg.Point{
		{X: x, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: x, Y: c.Max.Y},
	})
}

// fillPixels paints an opaque rectangle straight into the picture when c
// draws on one of our image canvases (one unit = one pixel), rounding its
// edges to whole pixels; the rasterizer would blend every pixel of a large
// area one by one. It reports false when c is some other canvas.
func fillPixels(c draw.Canvas, col color.Color, r vg.Rectangle) bool {
	cv := imageCanvasOf(c.Canvas)
	if cv == nil || cv.DPI() != dpi {
		return false
	}
	img := cv.Image()
	h := float64(img.Bounds().Dy())
	px := image.Rect(
		int(math.Round(float64(r.Min.X))), int(math.Round(h-float64(r.Max.Y))),
		int(math.Round(float64(r.Max.X))), int(math.Round(h-float64(r.Min.Y))))
	imgdraw.Draw(img, px.Intersect(img.Bounds()), image.NewUniform(col), image.Point{}, imgdraw.Src)
	return true
}

func (s *forwardShade) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(s.color, []vg.Point{
		c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max, {X: c.Min.X, Y: c.Max.Y},
	})
}

// backEndLine is the vertical line at x = at, the last point of the back period.
type backEndLine struct {
	at    float64
	style draw.LineStyle
}

func (b *backEndLine) Plot(c draw.Canvas, p *plot.Plot) {
	// On a pixel's centre, so that a thin line stays crisp.
	x := vg.Length(math.Floor(float64(c.X(p.X.Norm(b.at)))) + 0.5)
	c.StrokeLine2(b.style, x, c.Min.Y, x, c.Max.Y)
}

// imageCanvasOf finds the image canvas under the draw.Canvas wrappers that
// gonum/plot adds, or nil.
func imageCanvasOf(c vg.Canvas) *vgimg.Canvas {
	for {
		switch v := c.(type) {
		case *vgimg.Canvas:
			return v
		case *imageCanvas:
			return v.Canvas
		case draw.Canvas:
			c = v.Canvas
		case *draw.Canvas:
			c = v.Canvas
		default:
			return nil
		}
	}
}

// verticalThumb is the legend sample of backEndLine.
type verticalThumb struct{ style draw.LineStyle }

func (v *verticalThumb) Thumbnail(c *draw.Canvas) {
	x := (c.Min.X + c.Max.X) / 2
	c.StrokeLine2(v.style, x, c.Min.Y, x, c.Max.Y)
}

// veil is the translucent white laid under the text block so that it reads
// over the curves.
var veil = color.NRGBA{R: 255, G: 255, B: 255, A: 210}

// textBlock writes lines top-down from the top-left corner of its area (the
// column beside the plot), on a veil; lines that do not fit the area's height
// are left out.
type textBlock struct {
	lines []string
	style text.Style
	pad   vg.Length
}

// width is the block's width: its widest line and the padding (0 without text).
func (t *textBlock) width() vg.Length {
	if len(t.lines) == 0 {
		return 0
	}
	var w vg.Length
	for _, s := range t.lines {
		w = max(w, t.style.Width(s))
	}
	return w + 2*t.pad
}

func (t *textBlock) Plot(c draw.Canvas, _ *plot.Plot) {
	if len(t.lines) == 0 {
		return
	}
	ext := t.style.FontExtents()
	lineH := (ext.Ascent + ext.Descent) * 1.15
	fit := int((c.Max.Y - c.Min.Y - 3*t.pad) / lineH)
	lines := t.lines[:min(len(t.lines), max(fit, 0))]
	var width vg.Length
	for _, s := range lines {
		width = max(width, t.style.Width(s))
	}
	if len(lines) == 0 {
		return
	}
	top := c.Max.Y - t.pad
	left := c.Min.X + t.pad
	bottom := top - vg.Length(len(lines))*lineH - t.pad
	c.FillPolygon(veil, []vg.Point{
		{X: left, Y: bottom}, {X: left + width + 2*t.pad, Y: bottom},
		{X: left + width + 2*t.pad, Y: top}, {X: left, Y: top},
	})
	for i, s := range lines {
		base := top - t.pad/2 - vg.Length(i)*lineH - ext.Ascent
		c.FillText(t.style, vg.Point{X: left + t.pad, Y: base}, s)
	}
}

// legendStrip lays legend entries out in rows under the plot, centred, so it
// never hides a curve; entries wrap to more rows when the picture is narrow.
type legendStrip struct {
	look    look
	entries []legendEntry
}

type legendEntry struct {
	name  string
	thumb plot.Thumbnailer
}

func (l *legendStrip) add(name string, t plot.Thumbnailer) {
	l.entries = append(l.entries, legendEntry{name, t})
}

func (l *legendStrip) style() text.Style { return l.look.text(13, 8, black) }

func (l *legendStrip) metrics() (thumbW, gap, rowH vg.Length) {
	ext := l.style().FontExtents()
	return l.look.px(28, 12), l.look.px(18, 6), (ext.Ascent + ext.Descent) * 1.3
}

// rows splits the entries into rows that fit width, with each row's width.
func (l *legendStrip) rows(width vg.Length) (rows [][]legendEntry, widths []vg.Length) {
	thumbW, gap, _ := l.metrics()
	sty := l.style()
	var cur []legendEntry
	var curW vg.Length
	for _, e := range l.entries {
		w := thumbW + gap/3 + sty.Width(e.name)
		if len(cur) > 0 && curW+gap+w > width {
			rows, widths = append(rows, cur), append(widths, curW)
			cur, curW = nil, 0
		}
		if len(cur) > 0 {
			curW += gap
		}
		cur, curW = append(cur, e), curW+w
	}
	if len(cur) > 0 {
		rows, widths = append(rows, cur), append(widths, curW)
	}
	return rows, widths
}

// height is the strip's height when laid out across width.
func (l *legendStrip) height(width vg.Length) vg.Length {
	if len(l.entries) == 0 {
		return 0
	}
	_, _, rowH := l.metrics()
	rows, _ := l.rows(width)
	return vg.Length(len(rows))*rowH + rowH/3
}

func (l *legendStrip) draw(c draw.Canvas) {
	thumbW, gap, rowH := l.metrics()
	sty := l.style()
	ext := sty.FontExtents()
	rows, widths := l.rows(c.Max.X - c.Min.X)
	for r, row := range rows {
		x := (c.Min.X + c.Max.X - widths[r]) / 2
		top := c.Max.Y - vg.Length(r)*rowH
		base := top - (rowH+ext.Ascent-ext.Descent)/2
		mid := base + (ext.Ascent-ext.Descent)/2
		for _, e := range row {
			icon := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
				Min: vg.Point{X: x, Y: mid - rowH*0.3},
				Max: vg.Point{X: x + thumbW, Y: mid + rowH*0.3},
			}}
			e.thumb.Thumbnail(&icon)
			x += thumbW + gap/3
			c.FillText(sty, vg.Point{X: x, Y: base}, e.name)
			x += sty.Width(e.name) + gap
		}
	}
}
