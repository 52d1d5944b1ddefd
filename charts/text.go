package charts

import (
	"math"
	"strings"
	"sync"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// measuredText is gonum/plot's plain text handler with its measurements
// remembered. Laying out a chart measures the same strings many times (each
// tick label for the axis' size, its glyph box and its drawing; each line of
// the criteria column twice), and every measurement walks the font's tables
// with a new buffer: a tenth of a chart's time and a fifth of what plot
// allocates. The numbers are the plain handler's, so the pictures are the
// same.
type measuredText struct {
	text.Plain
}

// textHandler is the handler of every text style of the charts.
var textHandler text.Handler = measuredText{text.Plain{Fonts: font.DefaultCache}}

// textKey is a string in a font.
type textKey struct {
	txt string
	fnt font.Font
}

// maxWidths bounds the widths remembered; past it the memory starts afresh
// (tick labels and values differ from chart to chart).
const maxWidths = 1 << 14

var (
	measuresMu sync.Mutex
	widths     = map[textKey]vg.Length{}
	extents    = map[font.Font]font.Extents{}
)

// width is face's width of txt, as font.Face.Width computes it.
func (h measuredText) width(face *font.Face, txt string) vg.Length {
	k := textKey{txt, face.Font}
	measuresMu.Lock()
	w, ok := widths[k]
	measuresMu.Unlock()
	if ok {
		return w
	}
	w = face.Width(txt)
	measuresMu.Lock()
	if len(widths) >= maxWidths {
		clear(widths)
	}
	widths[k] = w
	measuresMu.Unlock()
	return w
}

// extents is face's extents, as font.Face.Extents computes them.
func (h measuredText) extents(face *font.Face) font.Extents {
	measuresMu.Lock()
	e, ok := extents[face.Font]
	measuresMu.Unlock()
	if ok {
		return e
	}
	e = face.Extents()
	measuresMu.Lock()
	extents[face.Font] = e
	measuresMu.Unlock()
	return e
}

// Extents is text.Plain's, remembered.
func (h measuredText) Extents(fnt font.Font) font.Extents {
	face := h.Fonts.Lookup(fnt, fnt.Size)
	return h.extents(&face)
}

// Box is text.Plain's, with the width and extents remembered.
func (h measuredText) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	face := h.Fonts.Lookup(fnt, fnt.Size)
	ext := h.extents(&face)
	return h.width(&face, txt), ext.Ascent, ext.Descent
}

// Draw is text.Plain's, step for step, with the widths and extents
// remembered.
func (h measuredText) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	txt = strings.TrimRight(txt, "\n")
	if len(txt) == 0 {
		return
	}
	fnt := h.Fonts.Lookup(sty.Font, sty.Font.Size)
	c.SetColor(sty.Color)
	if sty.Rotation != 0 {
		c.Push()
		c.Rotate(sty.Rotation)
	}
	sin64, cos64 := math.Sincos(sty.Rotation)
	cos, sin := vg.Length(cos64), vg.Length(sin64)
	pt.X, pt.Y = pt.Y*sin+pt.X*cos, pt.Y*cos-pt.X*sin
	lines := h.Lines(txt)
	ht := sty.Height(txt)
	pt.Y += ht*vg.Length(sty.YAlign) - h.extents(&fnt).Ascent
	for i, line := range lines {
		xoffs := vg.Length(sty.XAlign) * h.width(&fnt, line)
		n := vg.Length(len(lines) - i)
		c.FillString(fnt, pt.Add(vg.Point{X: xoffs, Y: n * sty.Font.Size}), line)
	}
	if sty.Rotation != 0 {
		c.Pop()
	}
}
