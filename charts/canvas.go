package charts

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"
	"sync"

	"git.sr.ht/~sbinet/gg"
	xdraw "golang.org/x/image/draw"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// dpi makes one vg point one pixel, so that every length below is in pixels.
const dpi = 72

// The reference size: at 1280×800 the charts use their base sizes; other sizes
// scale them (see look).
const (
	refWidth  = 1280
	refHeight = 800
)

var (
	sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

	black     = color.RGBA{A: 255}
	gridGrey  = color.RGBA{R: 225, G: 225, B: 225, A: 255}
	textGreen = color.RGBA{G: 128, A: 255} // MT5's clrGreen, as in the original charts' text block
)

// look scales line widths and font sizes with the picture, relative to the
// reference size, with a floor so that small charts stay legible.
type look struct{ scale float64 }

func newLook(width, height int) look {
	return look{scale: math.Min(float64(width)/refWidth, float64(height)/refHeight)}
}

// px is base pixels at the reference size, scaled, and never below floor.
func (l look) px(base, floor float64) vg.Length {
	return vg.Length(math.Max(base*l.scale, floor))
}

// text is a sans-serif text style of base pixels (floor pixels at least).
func (l look) text(base, floor float64, c color.Color) text.Style {
	return text.Style{
		Color:   c,
		Font:    font.From(sans, l.px(base, floor)),
		Handler: textHandler,
	}
}

// newPlot returns a plot styled for the given picture size: fonts, axes and
// ticks that aim at about one label per 110 pixels across and 60 up.
func (l look) newPlot(title string, width, height int) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle = l.text(20, 10, black)
	p.Title.TextStyle.XAlign = draw.XCenter
	p.Title.TextStyle.YAlign = draw.YTop
	p.Title.Padding = l.px(8, 3)
	l.styleAxis(&p.X, niceTicks{want: width / 110})
	l.styleAxis(&p.Y, niceTicks{want: height / 60})
	p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XCenter, draw.YTop
	p.Y.Tick.Label.XAlign, p.Y.Tick.Label.YAlign = draw.XRight, draw.YCenter
	p.X.Label.TextStyle.XAlign, p.X.Label.TextStyle.YAlign = draw.XCenter, draw.YBottom
	p.Y.Label.TextStyle.XAlign, p.Y.Label.TextStyle.YAlign = draw.XCenter, draw.YBottom
	return p
}

// grid is light grey lines at the major ticks.
func (l look) grid() *plotter.Grid {
	g := plotter.NewGrid()
	g.Vertical.Color, g.Horizontal.Color = gridGrey, gridGrey
	g.Vertical.Width, g.Horizontal.Width = l.px(1, 1), l.px(1, 1)
	return g
}

func (l look) styleAxis(a *plot.Axis, t niceTicks) {
	a.Label.TextStyle = l.text(15, 9, black)
	a.Label.Padding = l.px(4, 2)
	a.Tick.Label = l.text(13, 8, black)
	a.Tick.Length = l.px(6, 3)
	a.Tick.Marker = t
	a.Padding = l.px(4, 2)
}

// niceTicks places major ticks at multiples of 1, 2, 2.5 or 5 times a power of
// ten, about want of them over the axis, labelled with just enough decimals.
type niceTicks struct {
	want    int
	integer bool // the axis counts things: no fractional ticks
}

func (t niceTicks) Ticks(lo, hi float64) []plot.Tick {
	span := hi - lo
	if !(span > 0) || math.IsInf(span, 0) {
		return nil
	}
	step, decimals := niceStep(span / float64(max(t.want, 3)))
	if t.integer && step < 1 {
		step, decimals = 1, 0
	}
	if math.Max(math.Abs(lo), math.Abs(hi)) >= 1e9 {
		decimals = -1 // 'g' below: avoid long runs of zeros
	}
	first := math.Ceil(lo/step) * step
	var ticks []plot.Tick
	for i := 0; i < 100; i++ {
		v := first + float64(i)*step
		if v > hi+step*1e-9 {
			break
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: tickLabel(v, decimals)})
	}
	return ticks
}

// niceStep picks the step of 1, 2, 2.5 or 5 × 10^k nearest to raw (by ratio)
// and says how many decimals its multiples need.
func niceStep(raw float64) (step float64, decimals int) {
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	best := math.Inf(1)
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if d := math.Abs(math.Log(m * mag / raw)); d < best {
			best, step = d, m*mag
		}
	}
	decimals = max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	if r := step * math.Pow(10, float64(decimals)); math.Abs(r-math.Round(r)) > 1e-6 {
		decimals++ // 2.5, 0.25, …
	}
	return step, decimals
}

func tickLabel(v float64, decimals int) string {
	if decimals < 0 {
		return strconv.FormatFloat(v, 'g', 6, 64)
	}
	return zeroSign(strconv.FormatFloat(v, 'f', decimals, 64))
}

// newImageCanvas returns a white canvas of exactly width×height pixels. Its
// picture comes from a pool: hand it back with releaseCanvas once encoded.
func newImageCanvas(width, height int) *imageCanvas {
	img, _ := pictures.Get().(*image.RGBA)
	if img == nil || img.Rect.Dx() != width || img.Rect.Dy() != height {
		img = image.NewRGBA(image.Rect(0, 0, width, height))
	}
	ctx := gg.NewContextForRGBA(img)
	// What vgimg does for a context it creates itself: butt line caps, y up.
	ctx.SetLineCapButt()
	ctx.InvertY()
	// Text is drawn by translating glyph masks by whole pixels, where
	// nearest-neighbour sampling gives the bilinear result at a fraction of
	// its cost.
	ctx.SetInterpolator(xdraw.NearestNeighbor)
	return &imageCanvas{Canvas: vgimg.NewWith(vgimg.UseImageWithContext(img, ctx), vgimg.UseDPI(dpi)), ctx: ctx}
}

// pictures recycles chart pictures (4 MB each at the default size).
var pictures sync.Pool

// releaseCanvas returns cv's picture to the pool; cv must not be used after.
func releaseCanvas(cv *imageCanvas) {
	if img, ok := cv.Image().(*image.RGBA); ok {
		pictures.Put(img)
	}
}

// canvasImage is the picture drawn on cv (always an *image.RGBA: vgimg draws
// through gg, which works on RGBA).
func canvasImage(cv *imageCanvas) *image.RGBA {
	return cv.Image().(*image.RGBA)
}

// checkSize rejects sizes no chart can be drawn in.
func checkSize(width, height int) error {
	const minSide, maxSide = 64, 16384
	if width < minSide || height < minSide || width > maxSide || height > maxSide {
		return fmt.Errorf("chart size %d×%d: each side must be %d to %d pixels", width, height, minSide, maxSide)
	}
	return nil
}
