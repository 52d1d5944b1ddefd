package charts

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Series is one named line of a LineChart.
type Series struct {
	Name string
	X, Y []float64 // equal lengths, X not decreasing
}

// LineChart is a few lines over one x axis: the optimizer's convergence
// (best objective so far against evaluations, one line per shard).
type LineChart struct {
	Title, XLabel, YLabel string
	Series                []Series
}

// seriesColors are the Okabe–Ito colours, which colour-blind readers tell
// apart, in the order lines take them.
var seriesColors = []color.Color{
	color.RGBA{0, 114, 178, 255}, color.RGBA{213, 94, 0, 255}, color.RGBA{0, 158, 115, 255},
	color.RGBA{204, 121, 167, 255}, color.RGBA{230, 159, 0, 255}, color.RGBA{86, 180, 233, 255},
	color.RGBA{0, 0, 0, 255},
}

// RenderLines draws c as a PNG of width×height pixels: each series as a step
// line (a best-so-far holds until the next improvement), with a legend under
// the plot when there is more than one.
func RenderLines(c *LineChart, w io.Writer, width, height int) error {
	if err := checkSize(width, height); err != nil {
		return fmt.Errorf("%s: %w", c.Title, err)
	}
	if len(c.Series) == 0 {
		return fmt.Errorf("%s: no series", c.Title)
	}
	l := newLook(width, height)
	p := l.newPlot(c.Title, width, height)
	p.BackgroundColor = nil
	p.X.Label.Text, p.Y.Label.Text = c.XLabel, c.YLabel
	p.Add(l.grid())
	leg := &legendStrip{look: l}
	for k, s := range c.Series {
		if len(s.X) != len(s.Y) || len(s.X) == 0 {
			return fmt.Errorf("%s: series %q has %d x and %d y values", c.Title, s.Name, len(s.X), len(s.Y))
		}
		line := &polyline{xys: stepXYs(s.X, s.Y), breakAfter: -1,
			line: draw.LineStyle{Color: seriesColors[k%len(seriesColors)], Width: l.px(2, 1)}}
		p.Add(line)
		leg.add(s.Name, line)
	}
	addMargin(&p.Y, 0.05)
	cv := newImageCanvas(width, height)
	defer releaseCanvas(cv)
	dc := draw.New(cv)
	m := l.px(10, 4)
	inner := draw.Crop(dc, m, -m, m/2, -m/2)
	if len(c.Series) > 1 {
		h := leg.height(inner.Max.X - inner.Min.X)
		legArea := inner
		legArea.Max.Y = inner.Min.Y + h
		leg.draw(legArea)
		inner = draw.Crop(inner, 0, 0, h, 0)
	}
	p.Draw(inner)
	if err := encodePNG(w, canvasImage(cv)); err != nil {
		return fmt.Errorf("%s: %w", c.Title, err)
	}
	return nil
}

// stepXYs turns points into a staircase: each y holds until the next x.
func stepXYs(xs, ys []float64) plotter.XYs {
	out := make(plotter.XYs, 0, 2*len(xs))
	for i := range xs {
		if i > 0 {
			out = append(out, plotter.XY{X: xs[i], Y: ys[i-1]})
		}
		out = append(out, plotter.XY{X: xs[i], Y: ys[i]})
	}
	return out
}

// Sensitivity is how measures (profit, a criterion) vary with each input:
// one panel per measure and input, each pass a dot, and a line through the
// best value at each of the input's values.
type Sensitivity struct {
	Title string
	// Inputs are the optimized inputs: each with one value per pass.
	Inputs []Column
	// Measures are what is drawn up the y axis, one value per pass (NaN: the
	// pass is left out of that measure's panels).
	Measures []Column
	// LowerIsBetter, per measure, makes the line follow the lowest value.
	LowerIsBetter []bool
}

// Column is a named value per pass.
type Column struct {
	Name   string
	Values []float64
}

// DenseDots is the number of passes above which a sensitivity panel draws a
// density image (the share of passes in each small cell, darker where more
// fall) instead of a dot per pass: past it, dots pile into one blot and
// drawing them costs more than the rest of the chart.
const DenseDots = 20000

// RenderSensitivity draws s as a PNG of width×height pixels: a grid of
// panels, one row per measure and one column per input.
func RenderSensitivity(s *Sensitivity, w io.Writer, width, height int) error {
	if err := checkSize(width, height); err != nil {
		return fmt.Errorf("sensitivity: %w", err)
	}
	if len(s.Inputs) == 0 || len(s.Measures) == 0 {
		return errors.New("sensitivity: no inputs or measures")
	}
	cols, rows := len(s.Inputs), len(s.Measures)
	pl := newLook(2*width/cols, 2*height/rows)
	cv := newImageCanvas(width, height)
	defer releaseCanvas(cv)
	dc := draw.New(cv)
	m := pl.px(10, 4)
	title := pl.text(20, 10, black)
	title.XAlign, title.YAlign = draw.XCenter, draw.YTop
	dc.FillText(title, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Max.Y - m/2}, s.Title)
	body := draw.Crop(dc, 0, 0, 0, -(title.Height(s.Title) + m))
	tiles := draw.Tiles{Cols: cols, Rows: rows, PadX: m, PadY: m, PadTop: m / 2, PadBottom: m / 2, PadLeft: m / 2, PadRight: m}
	for r, meas := range s.Measures {
		lower := r < len(s.LowerIsBetter) && s.LowerIsBetter[r]
		for c, in := range s.Inputs {
			if len(in.Values) != len(meas.Values) {
				return fmt.Errorf("sensitivity: %d values of %s for %d of %s", len(in.Values), in.Name, len(meas.Values), meas.Name)
			}
			p := sensitivityPanel(pl, in, meas, lower, width/cols, height/rows)
			p.Draw(tiles.At(body, c, r))
		}
	}
	if err := encodePNG(w, canvasImage(cv)); err != nil {
		return fmt.Errorf("sensitivity: %w", err)
	}
	return nil
}

func sensitivityPanel(l look, in, meas Column, lower bool, width, height int) *plot.Plot {
	p := l.newPlot("", width, height)
	p.BackgroundColor = nil
	p.X.Label.Text, p.Y.Label.Text = in.Name, meas.Name
	var xys plotter.XYs
	best := map[float64]float64{}
	for i, x := range in.Values {
		y := meas.Values[i]
		if math.IsNaN(y) || math.IsNaN(x) || math.Abs(y) >= MaxDrawable {
			continue
		}
		xys = append(xys, plotter.XY{X: x, Y: y})
		if b, ok := best[x]; !ok || (!lower && y > b) || (lower && y < b) {
			best[x] = y
		}
	}
	if len(xys) == 0 {
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
		p.X.Label.Text += " (no passes)"
		return p
	}
	p.Add(l.grid())
	p.Add(scatterLayer(xys, l.px(2.5, 1.2)))
	xs := make([]float64, 0, len(best))
	for x := range best {
		xs = append(xs, x)
	}
	sort.Float64s(xs)
	ys := make([]float64, len(xs))
	for i, x := range xs {
		ys[i] = best[x]
	}
	p.Add(&polyline{xys: pairXYs(xs, ys), breakAfter: -1,
		line: draw.LineStyle{Color: seriesColors[1], Width: l.px(2, 1)}})
	addMargin(&p.X, 0.03)
	addMargin(&p.Y, 0.05)
	return p
}

// scatterLayer draws points as dots, or as a density image past DenseDots.
func scatterLayer(xys plotter.XYs, r vg.Length) plot.Plotter {
	if len(xys) > DenseDots {
		return newDensity(xys, 120, 80)
	}
	return &dots{xys: xys, r: r, color: dotBlue}
}

// dots fills a disc per point in one path (see fillDots).
type dots struct {
	xys   plotter.XYs
	r     vg.Length
	color color.Color
}

func (d *dots) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	pts := make([]vg.Point, len(d.xys))
	for i, xy := range d.xys {
		pts[i] = vg.Point{X: trX(xy.X), Y: trY(xy.Y)}
	}
	fillDots(c, pts, d.r, d.color)
}

func (d *dots) DataRange() (xmin, xmax, ymin, ymax float64) { return plotter.XYRange(d.xys) }

// density is a scatter too dense for dots: the points counted into a grid of
// cells, each cell shaded by its share of the busiest cell.
type density struct {
	xys                    plotter.XYs
	nx, ny                 int
	xmin, xmax, ymin, ymax float64
}

func newDensity(xys plotter.XYs, nx, ny int) *density {
	d := &density{xys: xys, nx: nx, ny: ny}
	d.xmin, d.xmax, d.ymin, d.ymax = plotter.XYRange(xys)
	return d
}

func (d *density) DataRange() (xmin, xmax, ymin, ymax float64) { return d.xmin, d.xmax, d.ymin, d.ymax }

// counts are the passes in each cell (row by row from the bottom), and the
// largest count.
func (d *density) counts() (counts []int, peak int) {
	counts = make([]int, d.nx*d.ny)
	cell := func(v, lo, hi float64, n int) int {
		if hi <= lo {
			return 0
		}
		return min(int((v-lo)/(hi-lo)*float64(n)), n-1)
	}
	for _, xy := range d.xys {
		k := cell(xy.Y, d.ymin, d.ymax, d.ny)*d.nx + cell(xy.X, d.xmin, d.xmax, d.nx)
		counts[k]++
		peak = max(peak, counts[k])
	}
	return counts, peak
}

func (d *density) Plot(c draw.Canvas, p *plot.Plot) {
	counts, peak := d.counts()
	trX, trY := p.Transforms(&c)
	w, h := (d.xmax-d.xmin)/float64(d.nx), (d.ymax-d.ymin)/float64(d.ny)
	for k, n := range counts {
		if n == 0 {
			continue
		}
		i, j := k%d.nx, k/d.nx
		// Square-root shading: a cell of one pass still shows.
		a := uint8(40 + 215*math.Sqrt(float64(n)/float64(peak)))
		x0, y0 := d.xmin+float64(i)*w, d.ymin+float64(j)*h
		c.FillPolygon(color.NRGBA{R: 30, G: 80, B: 200, A: a}, []vg.Point{
			{X: trX(x0), Y: trY(y0)}, {X: trX(x0 + w), Y: trY(y0)},
			{X: trX(x0 + w), Y: trY(y0 + h)}, {X: trX(x0), Y: trY(y0 + h)}})
	}
}
