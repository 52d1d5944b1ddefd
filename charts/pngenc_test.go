package charts

import (
	"bytes"
	stdadler32 "hash/adler32"
	"image"
	"io"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/plot/vg/draw"
)

// subFilterSlow is the Sub filter as the PNG specification states it, byte
// by byte: the reference subFilterRow is checked against.
func subFilterSlow(row, pix []byte) {
	row[0] = 1
	n := min(len(pix)/4, (len(row)-1)/3)
	for x := 0; x < n; x++ {
		for ch := 0; ch < 3; ch++ {
			var left byte
			if x > 0 {
				left = pix[4*(x-1)+ch]
			}
			row[1+3*x+ch] = pix[4*x+ch] - left
		}
	}
}

// TestSubFilterRow: the word-at-a-time filter gives the specification's
// bytes for every width (odd and even pixel counts, one pixel, none), with
// borrows across channels (a channel below its left neighbour), and writes
// nothing past the row.
func TestSubFilterRow(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for width := 0; width < 40; width++ {
		for trial := 0; trial < 20; trial++ {
			pix := make([]byte, 4*width)
			for i := range pix {
				switch trial % 3 {
				case 0:
					pix[i] = byte(r.IntN(256))
				case 1: // few distinct values: many zero differences
					pix[i] = []byte{0, 1, 255}[r.IntN(3)]
				default:
					pix[i] = byte(255 - i) // every channel below its left neighbour
				}
			}
			want := make([]byte, 1+3*width)
			subFilterSlow(want, pix)
			got := make([]byte, 1+3*width, 1+3*width+16)
			for i := range got[:cap(got)] {
				got[:cap(got)][i] = 0xAA
			}
			subFilterRow(got, pix)
			if !bytes.Equal(got, want) {
				t.Fatalf("width %d, trial %d:\n got %v\nwant %v", width, trial, got, want)
			}
			for i, b := range got[len(got):cap(got)] {
				if b != 0xAA {
					t.Fatalf("width %d: byte %d past the row written", width, i)
				}
			}
		}
	}
}

// chartPicture is the picture of a 400-point pass chart at 1280×800.
func chartPicture(b *testing.B) *image.RGBA {
	c := samplePass(ForwardSeparate, 300, 100, 7)
	lay, err := c.layout()
	if err != nil {
		b.Fatal(err)
	}
	cv := newImageCanvas(c.size())
	lay.draw(draw.New(cv))
	return canvasImage(cv)
}

// BenchmarkEncodePNG encodes a pass chart's picture (1280×800).
func BenchmarkEncodePNG(b *testing.B) {
	img := chartPicture(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(img.Pix)))
	for b.Loop() {
		if err := encodePNG(io.Discard, img); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSubFilter filters the rows of a pass chart's picture.
func BenchmarkSubFilter(b *testing.B) {
	img := chartPicture(b)
	w, h := img.Rect.Dx(), img.Rect.Dy()
	row := make([]byte, 1+3*w)
	b.SetBytes(int64(len(img.Pix)))
	for b.Loop() {
		for y := 0; y < h; y++ {
			subFilterRow(row, img.Pix[y*img.Stride:y*img.Stride+4*w])
		}
	}
}

// TestAdler32: the checksum is hash/adler32's over data of every kind —
// random bytes, long runs of zeros broken here and there, all 0xff (the
// largest sums) — fed in pieces of every length, across the reduction
// interval.
func TestAdler32(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, kind := range []string{"random", "sparse", "ones"} {
		data := make([]byte, 40000)
		for i := range data {
			switch kind {
			case "random":
				data[i] = byte(r.IntN(256))
			case "sparse":
				if r.IntN(50) == 0 {
					data[i] = byte(r.IntN(256))
				}
			case "ones":
				data[i] = 0xff
			}
		}
		for _, piece := range []int{1, 7, 8, 13, 3841, 5552, 5553, 40000} {
			sum := uint32(1)
			for p := data; len(p) > 0; {
				k := min(piece, len(p))
				sum, p = adler32(sum, p[:k]), p[k:]
			}
			if want := stdadler32.Checksum(data); sum != want {
				t.Errorf("%s data in pieces of %d: %08x, want %08x", kind, piece, sum, want)
			}
		}
	}
}
