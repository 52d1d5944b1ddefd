package charts

import (
	"bytes"
	"math"
	"testing"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// TestMeasuredTextMatchesPlain: the remembering handler measures and draws
// as gonum/plot's plain handler does — boxes and extents equal for strings
// and sizes of every kind, asked twice (measured, then remembered), and the
// same pixels for text drawn aligned, rotated and over several lines.
func TestMeasuredTextMatchesPlain(t *testing.T) {
	plain := text.Plain{Fonts: font.DefaultCache}
	strs := []string{"", "Profit", "−3,902.95", "AVA To Wy", "2023-01-02 21:00", "línea ü ß", "a\nb c"}
	for _, size := range []vg.Length{7, 8.5, 13, 20} {
		fnt := font.From(sans, size)
		for round := 0; round < 2; round++ {
			if got, want := textHandler.Extents(fnt), plain.Extents(fnt); got != want {
				t.Fatalf("size %g: extents %+v, want %+v", size, got, want)
			}
			for _, s := range strs {
				w, h, d := textHandler.Box(s, fnt)
				ww, wh, wd := plain.Box(s, fnt)
				if w != ww || h != wh || d != wd {
					t.Fatalf("size %g, %q: box %g %g %g, want %g %g %g", size, s, w, h, d, ww, wh, wd)
				}
			}
		}
	}

	drawAll := func(h text.Handler) []byte {
		cv, img := plainCanvas(500, 400)
		dc := draw.New(cv)
		for i, rot := range []float64{0, math.Pi / 2, 0.3} {
			for j, align := range []draw.XAlignment{draw.XLeft, draw.XCenter, draw.XRight} {
				sty := text.Style{Color: black, Font: font.From(sans, vg.Length(9+3*i)), Handler: h,
					Rotation: rot, XAlign: align, YAlign: draw.YCenter}
				dc.FillText(sty, vg.Point{X: vg.Length(60 + 150*j), Y: vg.Length(60 + 120*i)}, "Forward profit\n1,234.5")
			}
		}
		return img.Pix
	}
	if got, want := drawAll(textHandler), drawAll(plain); !bytes.Equal(got, want) {
		t.Errorf("text drawn through the remembering handler differs in %d bytes", differing(got, want))
	}
}
