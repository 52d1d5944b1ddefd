package charts

import (
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The walk-forward charts: the stitched out-of-sample curves of every
// criterion on one dated chart, and per window the train and test results
// and the chosen inputs of one criterion.

// StitchedSeries is one criterion's stitched out-of-sample balance.
type StitchedSeries struct {
	Label     string
	Time      []int64 // Unix ms, one per balance point
	Balance   []float64
	Highlight bool // drawn in colour, with a legend entry; the others are grey
}

// StitchedChart is every criterion's stitched curve on one dated chart.
type StitchedChart struct {
	Title         string
	Series        []StitchedSeries
	Deposit       float64 // a dashed line: where every curve starts
	WindowStarts  []int64 // Unix ms: thin vertical lines where each test starts
	Width, Height int     // 0: DefaultWidth×DefaultHeight
}

// highlightColors tell the best criteria apart (Okabe–Ito's colour-blind
// safe palette).
var highlightColors = []color.RGBA{
	{R: 0, G: 114, B: 178, A: 255},
	{R: 213, G: 94, B: 0, A: 255},
	{R: 0, G: 158, B: 115, A: 255},
	{R: 204, G: 121, B: 167, A: 255},
	{R: 230, G: 159, B: 0, A: 255},
	{R: 86, G: 180, B: 233, A: 255},
}

var fadedGrey = color.RGBA{R: 190, G: 190, B: 190, A: 255}

func chartSize(w, h int) (int, int, error) {
	if w == 0 {
		w = DefaultWidth
	}
	if h == 0 {
		h = DefaultHeight
	}
	return w, h, checkSize(w, h)
}

// RenderStitched draws c as a PNG.
func RenderStitched(c *StitchedChart, w io.Writer) error {
	width, height, err := chartSize(c.Width, c.Height)
	if err != nil {
		return err
	}
	l := newLook(width, height)
	p := l.newPlot(c.Title, width, height)
	p.X.Tick.Marker = plot.TimeTicks{Ticker: niceTicks{want: width / 140}, Format: "2006-01-02"}
	p.Y.Label.Text = "balance"
	p.Add(l.grid())
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range c.Series {
		for _, t := range s.Time {
			lo, hi = math.Min(lo, msToSec(t)), math.Max(hi, msToSec(t))
		}
	}
	for _, t := range c.WindowStarts {
		p.Add(vLine{x: msToSec(t), color: gridGrey, width: l.px(1, 1)})
	}
	if c.Deposit > 0 && lo < hi {
		dep, _ := plotter.NewLine(plotter.XYs{{X: lo, Y: c.Deposit}, {X: hi, Y: c.Deposit}})
		dep.Color, dep.Width, dep.Dashes = black, l.px(1, 1), []vg.Length{l.px(6, 3), l.px(4, 2)}
		p.Add(dep)
	}
	// Grey curves first, so the highlighted ones are drawn over them.
	for _, highlighted := range []bool{false, true} {
		k := 0 // the colour of the next highlighted curve
		for _, s := range c.Series {
			if s.Highlight != highlighted || len(s.Balance) == 0 {
				continue
			}
			xys := make(plotter.XYs, min(len(s.Time), len(s.Balance)))
			for i := range xys {
				xys[i] = plotter.XY{X: msToSec(s.Time[i]), Y: finiteOr0(s.Balance[i])}
			}
			line, err := plotter.NewLine(xys)
			if err != nil {
				return fmt.Errorf("stitched curve %s: %w", s.Label, err)
			}
			line.Color, line.Width = fadedGrey, l.px(1, 1)
			if s.Highlight {
				line.Color, line.Width = highlightColors[k%len(highlightColors)], l.px(3, 1.5)
				p.Legend.Add(s.Label, line)
				k++
			}
			p.Add(line)
		}
	}
	addMargin(&p.Y, 0.03)
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.TextStyle = l.text(13, 8, black)
	return drawPNG(p, width, height, w)
}

// vLine is a vertical line across the whole plot at x.
type vLine struct {
	x     float64
	color color.Color
	width vg.Length
}

func (v vLine) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(v.x)
	c.StrokeLine2(draw.LineStyle{Color: v.color, Width: v.width}, x, c.Min.Y, x, c.Max.Y)
}

// WindowBarsChart is one criterion's result per window: the chosen pass's
// train and test results side by side.
type WindowBarsChart struct {
	Title         string
	YLabel        string
	Windows       []string  // a label per window
	Train, Test   []float64 // per window; NaN where nothing was chosen
	Width, Height int
}

// RenderWindowBars draws c as a PNG.
func RenderWindowBars(c *WindowBarsChart, w io.Writer) error {
	width, height, err := chartSize(c.Width, c.Height)
	if err != nil {
		return err
	}
	if len(c.Train) != len(c.Windows) || len(c.Test) != len(c.Windows) {
		return fmt.Errorf("window bars: %d windows, %d train and %d test values", len(c.Windows), len(c.Train), len(c.Test))
	}
	l := newLook(width, height)
	p := l.newPlot(c.Title, width, height)
	p.Y.Label.Text = c.YLabel
	p.Add(l.grid())
	barW := vg.Length(min(float64(width)*0.6/float64(2*max(len(c.Windows), 1)), 40))
	train, err := plotter.NewBarChart(plotter.Values(finiteValues(c.Train)), barW)
	if err != nil {
		return err
	}
	test, err := plotter.NewBarChart(plotter.Values(finiteValues(c.Test)), barW)
	if err != nil {
		return err
	}
	train.Color, train.LineStyle.Width = highlightColors[5], 0
	test.Color, test.LineStyle.Width = highlightColors[0], 0
	train.Offset, test.Offset = -barW/2, barW/2
	p.Add(train, test)
	p.Y.Min, p.Y.Max = math.Min(p.Y.Min, 0), math.Max(p.Y.Max, 0)
	addMargin(&p.Y, 0.05)
	p.Legend.Add("train (in sample)", train)
	p.Legend.Add("test (out of sample)", test)
	p.Legend.Top = true
	p.Legend.TextStyle = l.text(13, 8, black)
	p.NominalX(c.Windows...)
	p.X.Tick.Label.XAlign = draw.XCenter
	return drawPNG(p, width, height, w)
}

// ParamSeries is one input's chosen value per window and its range.
type ParamSeries struct {
	Name   string
	Values []float64 // per window; NaN where nothing was chosen
	Lo, Hi float64   // the optimized range
}

// ParamsChart shows one criterion's chosen inputs per window, each as its
// position in its range (0 = start, 1 = stop), so inputs of any scale share
// the axis and a flat line is a stable choice.
type ParamsChart struct {
	Title         string
	Windows       []string
	Inputs        []ParamSeries
	Width, Height int
}

// RenderParams draws c as a PNG.
func RenderParams(c *ParamsChart, w io.Writer) error {
	width, height, err := chartSize(c.Width, c.Height)
	if err != nil {
		return err
	}
	l := newLook(width, height)
	p := l.newPlot(c.Title, width, height)
	p.Y.Label.Text = "position in the range (0 = start, 1 = stop)"
	p.Y.Min, p.Y.Max = -0.05, 1.05
	p.Add(l.grid())
	for k, in := range c.Inputs {
		var xys plotter.XYs
		for i, v := range in.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				continue
			}
			y := 0.5
			if in.Hi > in.Lo {
				y = (v - in.Lo) / (in.Hi - in.Lo)
			}
			xys = append(xys, plotter.XY{X: float64(i), Y: y})
		}
		if len(xys) == 0 {
			continue
		}
		line, points, err := plotter.NewLinePoints(xys)
		if err != nil {
			return fmt.Errorf("input %s: %w", in.Name, err)
		}
		col := highlightColors[k%len(highlightColors)]
		line.Color, line.Width = col, l.px(2.5, 1.5)
		points.Color, points.Radius, points.Shape = col, l.px(4, 2), draw.CircleGlyph{}
		p.Add(line, points)
		p.Legend.Add(fmt.Sprintf("%s (%g .. %g)", in.Name, in.Lo, in.Hi), line, points)
	}
	p.Legend.Top = true
	p.Legend.TextStyle = l.text(13, 8, black)
	p.NominalX(c.Windows...)
	p.X.Tick.Label.XAlign = draw.XCenter
	return drawPNG(p, width, height, w)
}

func drawPNG(p *plot.Plot, width, height int, w io.Writer) error {
	cv := newImageCanvas(width, height)
	defer releaseCanvas(cv)
	dc := draw.New(cv)
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	p.Draw(dc)
	return encodePNG(w, canvasImage(cv))
}

func msToSec(ms int64) float64 { return float64(ms) / 1000 }

func finiteOr0(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

func finiteValues(vs []float64) []float64 {
	out := make([]float64, len(vs))
	for i, v := range vs {
		out[i] = finiteOr0(v)
	}
	return out
}
