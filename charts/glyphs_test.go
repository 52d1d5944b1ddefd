package charts

import (
	"bytes"
	"image"
	"testing"

	"git.sr.ht/~sbinet/gg"
	xdraw "golang.org/x/image/draw"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// plainCanvas is newImageCanvas without the glyph cache: vgimg draws the
// text itself.
func plainCanvas(width, height int) (*vgimg.Canvas, *image.RGBA) {
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	ctx := gg.NewContextForRGBA(img)
	ctx.SetLineCapButt()
	ctx.InvertY()
	ctx.SetInterpolator(xdraw.NearestNeighbor)
	return vgimg.NewWith(vgimg.UseImageWithContext(img, ctx), vgimg.UseDPI(dpi)), img
}

// TestGlyphCacheSamePicture: pass charts (titles, tick labels, the rotated
// axis label, the criteria column) drawn with the glyph cache are the same
// to the bit as drawn by vgimg alone, the first time (masks rasterized)
// and the second (masks from the cache); so is text at every sub-pixel
// offset of a pixel, with kerned pairs.
func TestGlyphCacheSamePicture(t *testing.T) {
	for _, size := range [][2]int{{1280, 800}, {640, 400}, {333, 217}} {
		c := samplePass(ForwardSeparate, 300, 100, 7)
		c.Width, c.Height = size[0], size[1]
		lay, err := c.layout()
		if err != nil {
			t.Fatal(err)
		}
		plain, want := plainCanvas(c.size())
		lay.draw(draw.New(plain))
		for round := 0; round < 2; round++ {
			cv := newImageCanvas(c.size())
			lay.draw(draw.New(cv))
			if got := canvasImage(cv); !bytes.Equal(got.Pix, want.Pix) {
				t.Fatalf("%v, round %d: %d of %d bytes differ", size, round, differing(got.Pix, want.Pix), len(want.Pix))
			}
			releaseCanvas(cv)
		}
	}

	sty := newLook(400, 300).text(13, 8, black)
	text := func(dc draw.Canvas) {
		for i := 0; i < 64; i++ {
			x, y := vg.Length(5+float64(i)*5.017), vg.Length(10+float64(i)*4.0313)
			dc.FillText(sty, vg.Point{X: x, Y: y}, "AVA To, 1.25% −3,902.95 Wy")
		}
	}
	plain, want := plainCanvas(400, 300)
	text(draw.New(plain))
	for round := 0; round < 2; round++ {
		cv := newImageCanvas(400, 300)
		text(draw.New(cv))
		if got := canvasImage(cv); !bytes.Equal(got.Pix, want.Pix) {
			t.Fatalf("text, round %d: %d bytes differ", round, differing(got.Pix, want.Pix))
		}
		releaseCanvas(cv)
	}
}

func differing(a, b []byte) int {
	n := 0
	for i := range a {
		if a[i] != b[i] {
			n++
		}
	}
	return n
}

// BenchmarkText draws a chart's worth of labels (60 strings).
func BenchmarkText(b *testing.B) {
	sty := newLook(1280, 800).text(13, 8, black)
	for _, cached := range []bool{false, true} {
		name := "vgimg"
		if cached {
			name = "cached"
		}
		b.Run(name, func(b *testing.B) {
			var dc draw.Canvas
			if cached {
				cv := newImageCanvas(1280, 800)
				defer releaseCanvas(cv)
				dc = draw.New(cv)
			} else {
				cv, _ := plainCanvas(1280, 800)
				dc = draw.New(cv)
			}
			b.ReportAllocs()
			for b.Loop() {
				for i := 0; i < 60; i++ {
					dc.FillText(sty, vg.Point{X: vg.Length(10 + 17.3*float64(i)), Y: vg.Length(10 + 11.7*float64(i))}, "Profit 3,902.95")
				}
			}
		})
	}
}
