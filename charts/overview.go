package charts

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/brewer"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/passframes/passframes/stats"
)

// ScatterPanel is one criterion's panel of the scatter overview: how well the
// criterion's value on the back period foretold the forward profit.
type ScatterPanel struct {
	Criterion string
	// Spearman is the rank correlation of Back and Forward, computed by the
	// caller; it is printed in the panel's title with 2 decimals.
	Spearman float64
	// Back holds the criterion's back-period value and Forward the forward
	// profit of the same pass, pass by pass (equal lengths). A pass with a NaN
	// in either is left out.
	Back, Forward []float64
}

// Colours of the overview charts.
var (
	dotBlue     = color.NRGBA{R: 30, G: 80, B: 200, A: 150}
	clippedGrey = color.NRGBA{R: 120, G: 120, B: 120, A: 220}
	zeroLine    = color.RGBA{R: 150, G: 150, B: 150, A: 255}
)

// RenderScatter draws one small plot per panel, in a grid filling a PNG of
// width×height pixels: x is the criterion's back value, y the forward profit,
// with a dashed line at zero forward profit, titled "<criterion>   ρ = 0.53"
// ("n/a" for a NaN ρ).
//
// Extreme x values are clipped so that one huge value (stats.MaxFloat, say)
// does not squash every other pass into one column: the x range is limited to
// Tukey's far-out fences, [Q1 − 3·IQR, Q3 + 3·IQR] of the panel's x values
// strictly inside ±stats.MaxFloat, cut to those values' range (which is used
// alone when IQR is 0 or there are fewer than 4 values). A pass outside is
// drawn on the range's edge as a grey triangle, and the x axis label says how
// many were. Forward profits are drawn as they are, save ±stats.MaxFloat and
// ±Inf, which are clipped to the range of the others in the same way. Above
// DenseDots passes in a panel, its passes are drawn as a density image.
func RenderScatter(panels []ScatterPanel, w io.Writer, width, height int) error {
	if err := checkSize(width, height); err != nil {
		return fmt.Errorf("scatter overview: %w", err)
	}
	if len(panels) == 0 {
		return errors.New("scatter overview: no panels")
	}
	plots := make([]*plot.Plot, len(panels))
	cols, rows := gridShape(len(panels), width, height)
	// Fonts as on a picture twice the panel's size: small panels need
	// relatively bigger text than a full chart.
	pl := newLook(2*width/cols, 2*height/rows)
	for i := range panels {
		p, err := scatterPlot(&panels[i], pl, width/cols, height/rows)
		if err != nil {
			return fmt.Errorf("scatter overview: panel %q: %w", panels[i].Criterion, err)
		}
		plots[i] = p
	}

	cv := newImageCanvas(width, height)
	defer releaseCanvas(cv)
	dc := draw.New(cv)
	m := pl.px(10, 4)
	tiles := draw.Tiles{Cols: cols, Rows: rows, PadX: m, PadY: m, PadTop: m / 2, PadBottom: m / 2, PadLeft: m / 2, PadRight: m}
	for i, p := range plots {
		p.Draw(tiles.At(dc, i%cols, i/cols))
	}
	if err := encodePNG(w, canvasImage(cv)); err != nil {
		return fmt.Errorf("scatter overview: %w", err)
	}
	return nil
}

// gridShape picks columns and rows for n panels so that each panel is about
// 4:3 on a width×height picture.
func gridShape(n, width, height int) (cols, rows int) {
	cols = int(math.Round(math.Sqrt(float64(n) * float64(width) / float64(height) * 3 / 4)))
	cols = min(max(cols, 1), n)
	rows = (n + cols - 1) / cols
	return cols, rows
}

func scatterPlot(sp *ScatterPanel, l look, width, height int) (*plot.Plot, error) {
	if len(sp.Back) != len(sp.Forward) {
		return nil, fmt.Errorf("%d back values for %d forward profits", len(sp.Back), len(sp.Forward))
	}
	p := l.newPlot(sp.Criterion+"   ρ = "+formatRho(sp.Spearman), width, height)
	p.Title.TextStyle.Font.Size = l.px(15, 9)
	p.Y.Label.Text = "forward profit"
	p.BackgroundColor = nil

	var xs, ys []float64
	for i, x := range sp.Back {
		if y := sp.Forward[i]; !math.IsNaN(x) && !math.IsNaN(y) {
			xs, ys = append(xs, x), append(ys, y)
		}
	}
	xlo, xhi := fences(xs)
	ylo, yhi := finiteRange(ys)
	var inside, clipped plotter.XYs
	for i, x := range xs {
		cx, cy := clamp(x, xlo, xhi), clamp(ys[i], ylo, yhi)
		if cx != x || cy != ys[i] {
			clipped = append(clipped, plotter.XY{X: cx, Y: cy})
		} else {
			inside = append(inside, plotter.XY{X: cx, Y: cy})
		}
	}
	p.X.Label.Text = "back value"
	if len(clipped) > 0 {
		p.X.Label.Text += fmt.Sprintf(" (%d clipped to the edges)", len(clipped))
	}
	if len(xs) == 0 {
		p.X.Label.Text = "no passes"
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
		return p, nil
	}
	p.Add(l.grid())
	r := l.px(3.5, 1.5)
	if len(inside) > 0 {
		p.Add(scatterLayer(inside, r))
	}
	if len(clipped) > 0 {
		tri, err := plotter.NewScatter(clipped)
		if err != nil {
			return nil, err
		}
		tri.GlyphStyle = draw.GlyphStyle{Color: clippedGrey, Shape: draw.TriangleGlyph{}, Radius: r * 1.3}
		p.Add(tri)
	}
	if p.Y.Min < 0 && p.Y.Max > 0 {
		zero := plotter.NewFunction(func(float64) float64 { return 0 })
		zero.LineStyle = draw.LineStyle{Color: zeroLine, Width: l.px(1.5, 1), Dashes: []vg.Length{l.px(6, 3), l.px(4, 2)}}
		p.Add(zero)
	}
	addMargin(&p.X, 0.03)
	addMargin(&p.Y, 0.05)
	return p, nil
}

func formatRho(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "n/a"
	}
	return zeroSign(strconv.FormatFloat(v, 'f', 2, 64))
}

// fences is the x range of RenderScatter: Tukey's far-out fences, within the
// finite range of xs.
func fences(xs []float64) (lo, hi float64) {
	lo, hi = finiteRange(xs)
	var in []float64
	for _, x := range xs {
		if x > -stats.MaxFloat && x < stats.MaxFloat {
			in = append(in, x)
		}
	}
	if len(in) < 4 {
		return lo, hi
	}
	slices.Sort(in)
	q1 := stat.Quantile(0.25, stat.LinInterp, in, nil)
	q3 := stat.Quantile(0.75, stat.LinInterp, in, nil)
	if iqr := q3 - q1; iqr > 0 {
		lo, hi = math.Max(lo, q1-3*iqr), math.Min(hi, q3+3*iqr)
	}
	return lo, hi
}

// finiteRange is the range of the values strictly inside ±stats.MaxFloat
// (0, 0 when there is none).
func finiteRange(vs []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		if v > -stats.MaxFloat && v < stats.MaxFloat {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if lo > hi {
		return 0, 0
	}
	return lo, hi
}

func clamp(v, lo, hi float64) float64 { return math.Min(math.Max(v, lo), hi) }

// Heatmap is an objective over a grid of two parameters.
type Heatmap struct {
	Objective    string // the title
	XName, YName string // the parameters' names, the axes' labels
	// X and Y are the parameters' values along each axis, strictly increasing.
	X, Y []float64
	// Values[j][i] is the objective at X[i], Y[j]; NaN marks a combination
	// with no pass, drawn blank.
	Values [][]float64
	// LowerIsBetter flips the hues for a minimized objective (drawdowns), so
	// that blue always means better; it also picks the best cell.
	LowerIsBetter bool
}

// RenderHeatmap draws h as a PNG of width×height pixels: one cell per
// parameter pair, with a colour bar. The palette is ColorBrewer's RdBu
// (diverging and safe for colour-blind readers) centred on zero: white at 0,
// blue for gains and red for losses, deeper the farther from zero on the
// scale of the larger side. When every value is on one side of zero, the
// same hue runs as a sequential palette from pale (the value nearest zero) to
// deep over the values' own range. The best cell is outlined in black, and on
// a grid whose cells are big enough each cell prints its value. Cells are laid
// out evenly and the axes labelled with the parameters' values. Values at
// ±stats.MaxFloat or infinite get the colour of the bar's end; the bar spans
// the other values.
func RenderHeatmap(h *Heatmap, w io.Writer, width, height int) error {
	lay, err := h.layout(width, height)
	if err != nil {
		return fmt.Errorf("heatmap %s: %w", h.Objective, err)
	}
	cv := newImageCanvas(width, height)
	defer releaseCanvas(cv)
	lay.draw(draw.New(cv))
	if err := encodePNG(w, canvasImage(cv)); err != nil {
		return fmt.Errorf("heatmap %s: %w", h.Objective, err)
	}
	return nil
}

// heatLayout is a built heatmap: the map, and its colour bar on the right.
type heatLayout struct {
	look      look
	main, bar *plot.Plot
}

func (h *Heatmap) layout(width, height int) (*heatLayout, error) {
	if err := checkSize(width, height); err != nil {
		return nil, err
	}
	if err := h.check(); err != nil {
		return nil, err
	}
	l := newLook(width, height)
	lo, hi := h.valueRange()
	pal := heatPalette(lo, hi, h.LowerIsBetter)

	main := l.newPlot(h.Objective, width, height)
	main.BackgroundColor = nil
	main.X.Label.Text, main.Y.Label.Text = h.XName, h.YName
	main.X.Tick.Marker = valueTicks{values: h.X, want: width / 90}
	main.Y.Tick.Marker = valueTicks{values: h.Y, want: height / 40}
	hm := plotter.NewHeatMap(heatGrid{h}, paletteOf(pal))
	hm.Min, hm.Max = lo, hi
	hm.Underflow, hm.Overflow = pal[0], pal[len(pal)-1]
	hm.Rasterized = true
	main.Add(hm)
	if i, j, ok := h.best(); ok {
		main.Add(&cellOutline{i: i, j: j, style: draw.LineStyle{Color: black, Width: l.px(3, 2)}})
	}
	main.Add(&cellLabels{h: h, lo: lo, hi: hi, pal: pal, style: l.text(12, 7, black)})

	// The bar gets a blank title so that its top lines up with the map's.
	bar := l.newPlot(" ", width, height)
	bar.BackgroundColor = nil
	bar.HideX()
	bar.Y.Tick.Marker = niceTicks{want: height / 60}
	bar.Add(colorBar(pal, lo, hi))
	return &heatLayout{look: l, main: main, bar: bar}, nil
}

// areas splits the picture into the map and, on the right, the colour bar
// (a tenth of the width, at least 110 pixels at the reference size), whose
// bottom is raised to about the map's x axis.
func (lay *heatLayout) areas(dc draw.Canvas) (mainArea, barArea draw.Canvas) {
	m := lay.look.px(10, 4)
	inner := draw.Crop(dc, m, -m, m/2, -m/2)
	width := inner.Max.X - inner.Min.X
	barW := max(lay.look.px(110, 60), width/10)
	mainArea = draw.Crop(inner, 0, -barW, 0, 0)
	axis := lay.main.X.Label.TextStyle.Height(lay.main.X.Label.Text) + lay.look.px(30, 14)
	barArea = draw.Crop(inner, width-barW+m, 0, axis, 0)
	return mainArea, barArea
}

func (lay *heatLayout) draw(dc draw.Canvas) {
	mainArea, barArea := lay.areas(dc)
	lay.main.Draw(mainArea)
	lay.bar.Draw(barArea)
}

func (h *Heatmap) check() error {
	if len(h.X) == 0 || len(h.Y) == 0 {
		return errors.New("no parameter values")
	}
	for _, a := range []struct {
		name string
		vs   []float64
	}{{h.XName, h.X}, {h.YName, h.Y}} {
		for i, v := range a.vs {
			if math.IsNaN(v) || math.IsInf(v, 0) || i > 0 && v <= a.vs[i-1] {
				return fmt.Errorf("values of %s: %v at %d is not finite and above the one before", a.name, v, i)
			}
		}
	}
	if len(h.Values) != len(h.Y) {
		return fmt.Errorf("%d rows of values for %d %s values", len(h.Values), len(h.Y), h.YName)
	}
	for j, row := range h.Values {
		if len(row) != len(h.X) {
			return fmt.Errorf("row %d has %d values for %d %s values", j, len(row), len(h.X), h.XName)
		}
	}
	return nil
}

// valueRange is the colour bar's range: the values strictly inside
// ±stats.MaxFloat, widened when they are all equal (or absent).
func (h *Heatmap) valueRange() (lo, hi float64) {
	lo, hi = finiteRange(slices.Concat(h.Values...))
	if lo == hi {
		d := math.Max(math.Abs(lo)*0.01, 1)
		lo, hi = lo-d, hi+d
	}
	return lo, hi
}

// heatGrid puts the values on an even grid of cells: the cell of X[i], Y[j]
// is centred on (i, j); valueTicks labels the axes with the real values.
type heatGrid struct{ h *Heatmap }

func (g heatGrid) Dims() (c, r int)   { return len(g.h.X), len(g.h.Y) }
func (g heatGrid) Z(c, r int) float64 { return g.h.Values[r][c] }
func (g heatGrid) X(c int) float64    { return float64(c) }
func (g heatGrid) Y(r int) float64    { return float64(r) }

// valueTicks labels the cells of a heatGrid axis with the parameter values,
// every k-th cell so that at most want labels show.
type valueTicks struct {
	values []float64
	want   int
}

func (t valueTicks) Ticks(lo, hi float64) []plot.Tick {
	k := max(1, (len(t.values)+max(t.want, 1)-1)/max(t.want, 1))
	var ticks []plot.Tick
	for i := 0; i < len(t.values); i += k {
		ticks = append(ticks, plot.Tick{Value: float64(i), Label: strconv.FormatFloat(t.values[i], 'g', 6, 64)})
	}
	return ticks
}

// heatPalette is 256 colours spanning [lo, hi], from heatColor.
func heatPalette(lo, hi float64, lowerIsBetter bool) []color.Color {
	const n = 256
	out := make([]color.Color, n)
	for i := range out {
		out[i] = heatColor(lo+(hi-lo)*float64(i)/(n-1), lo, hi, lowerIsBetter)
	}
	return out
}

// rdBu is ColorBrewer's 11-class RdBu, red to blue, white (#f7f7f7) in the
// middle.
var rdBu = func() []color.Color {
	p, err := brewer.GetPalette(brewer.TypeDiverging, "RdBu", 11)
	if err != nil {
		panic(err) // a palette gonum/plot ships: cannot happen
	}
	return p.Colors()
}()

// heatColor is the colour of v on a scale over [lo, hi]: with values on both
// sides of zero, RdBu at v / max(|lo|, |hi|) (zero is the middle, white);
// with values on one side only, that side's hue from pale to deep over
// [lo, hi] (the end nearest zero pale). lowerIsBetter swaps the hues.
func heatColor(v, lo, hi float64, lowerIsBetter bool) color.Color {
	var t float64     // −1 … 1: deep red … white … deep blue
	const pale = 0.12 // the palest tint of a sequential scale: still not white
	switch {
	case lo >= 0 && hi > lo:
		t = pale + (1-pale)*(v-lo)/(hi-lo)
	case hi <= 0 && hi > lo:
		t = -(pale + (1-pale)*(hi-v)/(hi-lo))
	default:
		if m := math.Max(math.Abs(lo), math.Abs(hi)); m > 0 {
			t = v / m
		}
	}
	t = clamp(t, -1, 1)
	if lowerIsBetter {
		t = -t
	}
	f := (t + 1) / 2 * float64(len(rdBu)-1)
	k := min(int(f), len(rdBu)-2)
	return mix(rdBu[k], rdBu[k+1], f-float64(k))
}

// best is the cell of the best value (the highest, or the lowest when lower is
// better); ok is false when every cell is empty.
func (h *Heatmap) best() (i, j int, ok bool) {
	bestV := math.NaN()
	for r, row := range h.Values {
		for c, v := range row {
			if math.IsNaN(v) {
				continue
			}
			if math.IsNaN(bestV) || (!h.LowerIsBetter && v > bestV) || (h.LowerIsBetter && v < bestV) {
				bestV, i, j, ok = v, c, r, true
			}
		}
	}
	return i, j, ok
}

// cellOutline draws a frame around the cell (i, j) of a heatGrid.
type cellOutline struct {
	i, j  int
	style draw.LineStyle
}

func (o *cellOutline) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	x0, x1 := trX(float64(o.i)-0.5), trX(float64(o.i)+0.5)
	y0, y1 := trY(float64(o.j)-0.5), trY(float64(o.j)+0.5)
	in := o.style.Width / 2 // inside the cell, not over its neighbours
	c.StrokeLines(o.style, []vg.Point{{X: x0 + in, Y: y0 + in}, {X: x1 - in, Y: y0 + in},
		{X: x1 - in, Y: y1 - in}, {X: x0 + in, Y: y1 - in}, {X: x0 + in, Y: y0 + in}})
}

// cellLabels prints each cell's value at its centre (4 significant digits),
// in white on deep colours, when every label fits its cell.
type cellLabels struct {
	h      *Heatmap
	lo, hi float64
	pal    []color.Color
	style  text.Style
}

func (cl *cellLabels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	cellW := trX(1) - trX(0)
	cellH := trY(1) - trY(0)
	if len(cl.h.X) == 1 {
		cellW = c.Max.X - c.Min.X
	}
	if len(cl.h.Y) == 1 {
		cellH = c.Max.Y - c.Min.Y
	}
	ext := cl.style.FontExtents()
	if cellH < (ext.Ascent+ext.Descent)*1.4 {
		return
	}
	labels := make([][]string, len(cl.h.Values))
	for j, row := range cl.h.Values {
		for _, v := range row {
			s := ""
			if !math.IsNaN(v) {
				s = FormatValue(v, Ratio)
				if math.Abs(v) < hugeValue {
					s = strconv.FormatFloat(v, 'g', 4, 64)
				}
			}
			if cl.style.Width(s) > cellW*0.9 {
				return // one label does not fit: none is printed
			}
			labels[j] = append(labels[j], s)
		}
	}
	sty := cl.style
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	for j, row := range labels {
		for i, s := range row {
			if s == "" {
				continue
			}
			sty.Color = black
			if luminance(heatColor(clamp(cl.h.Values[j][i], cl.lo, cl.hi), cl.lo, cl.hi, cl.h.LowerIsBetter)) < 0.45 {
				sty.Color = color.White
			}
			c.FillText(sty, vg.Point{X: trX(float64(i)), Y: trY(float64(j))}, s)
		}
	}
}

// luminance is a colour's relative brightness, 0 (black) to 1 (white).
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xffff
}

func mix(a, b color.Color, t float64) color.Color {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	lerp := func(x, y uint32) uint8 { return uint8((float64(x)*(1-t) + float64(y)*t) / 257) }
	return color.RGBA{R: lerp(ar, br), G: lerp(ag, bg), B: lerp(ab, bb), A: 255}
}

type paletteOf []color.Color

func (p paletteOf) Colors() []color.Color { return p }

// colorBar is the palette as a one-pixel-wide picture stretched over the
// value range, bottom to top.
func colorBar(colors []color.Color, lo, hi float64) *plotter.Image {
	img := image.NewRGBA(image.Rect(0, 0, 1, len(colors)))
	for i, c := range colors {
		img.Set(0, len(colors)-1-i, c)
	}
	return plotter.NewImage(img, 0, lo, 1, hi)
}
