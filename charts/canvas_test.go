package charts

import (
	"bytes"
	"image"
	"image/png"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/plot"
)

func TestNiceStep(t *testing.T) {
	for _, tc := range []struct {
		raw      float64
		step     float64
		decimals int
	}{
		// 3.3: the candidates 2, 2.5, 5 are 1.65×, 1.32×, 1.52× away: 2.5 wins.
		{3.3, 2.5, 1},
		{1, 1, 0},
		{7.2, 10, 0},     // 10/7.2 = 1.39 is nearer than 7.2/5 = 1.44
		{0.03, 0.025, 3}, // 0.025 needs 3 decimals
		{140, 100, 0},
		{0.18, 0.2, 1},
	} {
		step, dec := niceStep(tc.raw)
		if step != tc.step || dec != tc.decimals {
			t.Errorf("niceStep(%v) = %v, %d; want %v, %d", tc.raw, step, dec, tc.step, tc.decimals)
		}
	}
}

func TestNiceTicks(t *testing.T) {
	labels := func(ts []plot.Tick) (ls []string) {
		for _, t := range ts {
			ls = append(ls, t.Label)
		}
		return ls
	}
	for _, tc := range []struct {
		t      niceTicks
		lo, hi float64
		want   []string
	}{
		{niceTicks{want: 4}, 0, 10, []string{"0.0", "2.5", "5.0", "7.5", "10.0"}},
		{niceTicks{want: 10, integer: true}, 0, 3, []string{"0", "1", "2", "3"}},
		{niceTicks{want: 5}, -1.2, 1.2, []string{"-1.0", "-0.5", "0.0", "0.5", "1.0"}},
		{niceTicks{want: 4}, 0, 2e9, []string{"0", "5e+08", "1e+09", "1.5e+09", "2e+09"}},
		{niceTicks{want: 4}, 1, 1, nil},
	} {
		if got := labels(tc.t.Ticks(tc.lo, tc.hi)); !slices.Equal(got, tc.want) {
			t.Errorf("%+v.Ticks(%v, %v) = %q, want %q", tc.t, tc.lo, tc.hi, got, tc.want)
		}
	}
}

// TestWritePNG: the encoder's output decodes, with image/png, to the same pixels.
func TestWritePNG(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, size := range [][2]int{{1, 1}, {37, 23}, {300, 2}, {700, 100}} {
		img := image.NewRGBA(image.Rect(0, 0, size[0], size[1]))
		for i := range img.Pix {
			img.Pix[i] = uint8(r.IntN(256))
			if i%4 == 3 {
				img.Pix[i] = 255
			}
		}
		if size[0] == 700 { // big flat runs, as in a chart: several IDAT chunks
			for i := 0; i < len(img.Pix)/2; i++ {
				img.Pix[i] = 255
			}
		}
		var buf bytes.Buffer
		if err := encodePNG(&buf, img); err != nil {
			t.Fatal(err)
		}
		got, err := png.Decode(&buf)
		if err != nil {
			t.Fatalf("%v: %v", size, err)
		}
		if got.Bounds() != img.Bounds() {
			t.Fatalf("%v: decoded %v", size, got.Bounds())
		}
		for y := 0; y < size[1]; y++ {
			for x := 0; x < size[0]; x++ {
				if a, b := img.At(x, y), got.At(x, y); a != b {
					gr, gg, gb, ga := b.RGBA()
					wr, wg, wb, wa := a.RGBA()
					if gr != wr || gg != wg || gb != wb || ga != wa {
						t.Fatalf("%v: pixel (%d, %d) is %v, want %v", size, x, y, b, a)
					}
				}
			}
		}
	}
}
