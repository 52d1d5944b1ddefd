package charts

import (
	"image"
	xdraw "image/draw"
	"sync"

	"git.sr.ht/~sbinet/gg"
	xfont "golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// imageCanvas is a vgimg canvas that draws text from a cache of glyph masks.
//
// vgimg makes a new font face for every string it draws, and the face
// rasterizes every glyph from its outline each time: a chart's text (tick
// labels, titles, the criteria column) cost more than its curves. A glyph's
// mask depends only on the rune and on where the pen stands within its pixel
// (a 64th of a pixel in each direction); its bounds move by whole pixels with
// the pen. So a mask rasterized once at a sub-pixel position serves every
// later string at that position, and the picture is the same to the bit as
// without the cache.
type imageCanvas struct {
	*vgimg.Canvas
	ctx *gg.Context // the context the vgimg canvas draws with
}

// FillString draws str as vgimg does (the same context, transform and
// colour), with a caching face.
func (c *imageCanvas) FillString(f font.Face, pt vg.Point, str string) {
	if f.Font.Size == 0 {
		return
	}
	c.ctx.Push()
	defer c.ctx.Pop()
	c.ctx.SetFontFace(cachedFace(f, c.DPI()))
	_, h := c.Size()
	dpi := c.DPI()
	c.ctx.InvertY()
	c.ctx.DrawString(str, pt.X.Dots(dpi), h.Dots(dpi)-pt.Y.Dots(dpi))
}

// faceKey identifies a font at a size and resolution.
type faceKey struct {
	font font.Font
	face any // the parsed font file (*opentype.Font), compared by identity
	dpi  float64
}

var (
	facesMu sync.Mutex
	faces   = map[faceKey]*glyphFace{}
)

// cachedFace returns the caching face of f at dpi, shared by every chart.
func cachedFace(f font.Face, dpi float64) *glyphFace {
	k := faceKey{font: f.Font, face: f.Face, dpi: dpi}
	facesMu.Lock()
	defer facesMu.Unlock()
	g := faces[k]
	if g == nil {
		face := f.FontFace(dpi)
		g = &glyphFace{face: face, metrics: face.Metrics(), glyphs: map[glyphKey]*glyph{},
			advances: map[rune]glyphAdvance{}, kerns: map[[2]rune]fixed.Int26_6{}}
		faces[k] = g
	}
	return g
}

// glyphFace is an x/image font.Face that remembers what its face computed.
// The face underneath is not safe for concurrent use and its masks are
// overwritten by the next call, so every call holds mu and masks are copied.
type glyphFace struct {
	mu       sync.Mutex
	face     xfont.Face
	metrics  xfont.Metrics
	glyphs   map[glyphKey]*glyph
	advances map[rune]glyphAdvance
	kerns    map[[2]rune]fixed.Int26_6
}

// maxGlyphs bounds the masks one face keeps (a few MB): past it, glyphs at
// new positions are rasterized for each use, as without the cache.
const maxGlyphs = 1 << 15

// glyphKey is a rune at a sub-pixel pen position (0 to 63 in each axis).
type glyphKey struct {
	r      rune
	fx, fy fixed.Int26_6
}

// glyph is what Glyph returned for a pen within the pixel at the origin.
type glyph struct {
	dr      image.Rectangle
	mask    *image.Alpha // the glyph's pixels from the mask's origin
	advance fixed.Int26_6
	ok      bool
}

type glyphAdvance struct {
	advance fixed.Int26_6
	ok      bool
}

func (g *glyphFace) Close() error { return nil } // shared: the cache keeps it

func (g *glyphFace) Metrics() xfont.Metrics { return g.metrics }

// Glyph returns the cached glyph at dot's sub-pixel position, moved by dot's
// whole pixels.
func (g *glyphFace) Glyph(dot fixed.Point26_6, r rune) (image.Rectangle, image.Image, image.Point, fixed.Int26_6, bool) {
	k := glyphKey{r: r, fx: dot.X & 63, fy: dot.Y & 63}
	shift := image.Pt(int(dot.X>>6), int(dot.Y>>6)) // whole pixels, rounded down
	g.mu.Lock()
	defer g.mu.Unlock()
	gl := g.glyphs[k]
	if gl == nil {
		gl = g.rasterize(k)
		if len(g.glyphs) < maxGlyphs {
			g.glyphs[k] = gl
		}
	}
	if !gl.ok {
		return image.Rectangle{}, nil, image.Point{}, 0, false
	}
	return gl.dr.Add(shift), gl.mask, image.Point{}, gl.advance, true
}

// rasterize asks the face for k's glyph with the pen at k's sub-pixel
// position in the pixel at the origin, and keeps a copy of its mask.
func (g *glyphFace) rasterize(k glyphKey) *glyph {
	dr, mask, maskp, advance, ok := g.face.Glyph(fixed.Point26_6{X: k.fx, Y: k.fy}, k.r)
	if !ok {
		return &glyph{}
	}
	// The part of the mask the glyph uses, at the origin.
	src := image.Rectangle{Min: maskp, Max: maskp.Add(dr.Size())}
	own := image.NewAlpha(image.Rectangle{Max: dr.Size()})
	xdraw.Draw(own, own.Rect, mask, src.Min, xdraw.Src)
	return &glyph{dr: dr, mask: own, advance: advance, ok: true}
}

func (g *glyphFace) GlyphBounds(r rune) (fixed.Rectangle26_6, fixed.Int26_6, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.face.GlyphBounds(r)
}

func (g *glyphFace) GlyphAdvance(r rune) (fixed.Int26_6, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	a, seen := g.advances[r]
	if !seen {
		a.advance, a.ok = g.face.GlyphAdvance(r)
		g.advances[r] = a
	}
	return a.advance, a.ok
}

func (g *glyphFace) Kern(r0, r1 rune) fixed.Int26_6 {
	g.mu.Lock()
	defer g.mu.Unlock()
	pair := [2]rune{r0, r1}
	k, seen := g.kerns[pair]
	if !seen {
		k = g.face.Kern(r0, r1)
		g.kerns[pair] = k
	}
	return k
}
