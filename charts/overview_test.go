package charts

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg/draw"

	"github.com/passframes/passframes/stats"
)

func decodePNG(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	return img
}

func TestGridShape(t *testing.T) {
	for _, tc := range []struct{ n, w, h, cols, rows int }{
		{12, 1600, 1000, 4, 3}, // √(12·1.6·¾) = 3.79 → 4 columns
		{1, 800, 600, 1, 1},
		{5, 800, 800, 2, 3},  // √(5·¾) = 1.94 → 2
		{3, 1600, 400, 3, 1}, // √(3·4·¾) = 3
		{2, 400, 1600, 1, 2}, // √(2·¼·¾) = 0.61 → 1
	} {
		if c, r := gridShape(tc.n, tc.w, tc.h); c != tc.cols || r != tc.rows {
			t.Errorf("gridShape(%d, %d, %d) = %d×%d, want %d×%d", tc.n, tc.w, tc.h, c, r, tc.cols, tc.rows)
		}
	}
}

func TestFences(t *testing.T) {
	for _, tc := range []struct {
		name   string
		xs     []float64
		lo, hi float64
	}{
		// Q1 = 2.5, Q3 = 7.5 (linear interpolation), IQR = 5: fences −12.5 and
		// 22.5, cut to the data: [1, 22.5]; 1000 is clipped.
		{"outlier", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 1000}, 1, 22.5},
		{"no outlier", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 1, 10},
		// Fewer than 4 finite values: their range; DBL_MAX never counts.
		{"saturated", []float64{1, 2, 3, stats.MaxFloat, -stats.MaxFloat}, 1, 3},
		// IQR 0: the finite range.
		{"ties", []float64{5, 5, 5, 5, 5, 9}, 5, 9},
		{"none", []float64{stats.MaxFloat}, 0, 0},
	} {
		if lo, hi := fences(tc.xs); lo != tc.lo || hi != tc.hi {
			t.Errorf("%s: fences = [%v, %v], want [%v, %v]", tc.name, lo, hi, tc.lo, tc.hi)
		}
	}
}

func TestScatterPanel(t *testing.T) {
	sp := ScatterPanel{Criterion: "r2", Spearman: 0.5349,
		Back:    []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 1000, stats.MaxFloat, math.NaN()},
		Forward: []float64{-5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}}
	p, err := scatterPlot(&sp, newLook(1280, 800), 640, 400)
	if err != nil {
		t.Fatal(err)
	}
	if want := "r2   ρ = 0.53"; p.Title.Text != want {
		t.Errorf("title %q, want %q", p.Title.Text, want)
	}
	// 11 passes (the NaN one is left out). The quartiles are taken over 1…9
	// and 1000 (DBL_MAX never counts): Q1 = 2.5, Q3 = 7.5, IQR = 5, so the
	// upper fence is 22.5, and 1000 and DBL_MAX are clipped to it.
	if !strings.Contains(p.X.Label.Text, "2 clipped") {
		t.Errorf("x label %q does not count 2 clipped passes", p.X.Label.Text)
	}
	// The x axis spans [1, 22.5] plus a 3% margin each side.
	if lo, hi := 1-0.03*21.5, 22.5+0.03*21.5; math.Abs(p.X.Min-lo) > 1e-9 || math.Abs(p.X.Max-hi) > 1e-9 {
		t.Errorf("x axis [%v, %v], want [%v, %v]", p.X.Min, p.X.Max, lo, hi)
	}
	if f := formatRho(math.NaN()); f != "n/a" {
		t.Errorf("formatRho(NaN) = %q", f)
	}
	if f := formatRho(-0.001); f != "0.00" {
		t.Errorf("formatRho(-0.001) = %q", f)
	}
}

func TestRenderScatter(t *testing.T) {
	panels := make([]ScatterPanel, 12)
	for i := range panels {
		panels[i] = ScatterPanel{Criterion: "c" + string(rune('a'+i)), Spearman: float64(i) / 12}
		for k := range 30 {
			panels[i].Back = append(panels[i].Back, float64(k*(i+1)))
			panels[i].Forward = append(panels[i].Forward, float64(k*k-200))
		}
	}
	panels[3].Back, panels[3].Forward = nil, nil // a panel with no passes still draws
	for _, size := range [][2]int{{1600, 1000}, {800, 600}} {
		var buf bytes.Buffer
		if err := RenderScatter(panels, &buf, size[0], size[1]); err != nil {
			t.Fatal(err)
		}
		if b := decodePNG(t, buf.Bytes()).Bounds(); b != image.Rect(0, 0, size[0], size[1]) {
			t.Errorf("size %v: picture %v", size, b)
		}
	}
	if err := RenderScatter(nil, &bytes.Buffer{}, 800, 600); err == nil {
		t.Error("no panels: no error")
	}
	bad := []ScatterPanel{{Criterion: "r2", Back: []float64{1}, Forward: nil}}
	if err := RenderScatter(bad, &bytes.Buffer{}, 800, 600); err == nil || !strings.Contains(err.Error(), `"r2"`) {
		t.Errorf("mismatched lengths: error %v", err)
	}
}

// heatFixture: 3 × 2 cells, values 0 (worst) to 100 (best), one missing and
// one saturated.
func heatFixture() *Heatmap {
	return &Heatmap{Objective: "profit", XName: "Period", YName: "Shift",
		X: []float64{10, 20, 30}, Y: []float64{1, 2},
		Values: [][]float64{
			{0, 50, math.NaN()},
			{100, 25, stats.MaxFloat},
		}}
}

// cellColours renders h and reads the colour at the centre of each cell.
func cellColours(t *testing.T, h *Heatmap, width, height int) [][]color.RGBA {
	t.Helper()
	var buf bytes.Buffer
	if err := RenderHeatmap(h, &buf, width, height); err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, buf.Bytes())
	if img.Bounds() != image.Rect(0, 0, width, height) {
		t.Fatalf("picture %v, want %d×%d", img.Bounds(), width, height)
	}
	lay, err := h.layout(width, height)
	if err != nil {
		t.Fatal(err)
	}
	cv := newImageCanvas(width, height)
	defer releaseCanvas(cv)
	mainArea, _ := lay.areas(draw.New(cv))
	data := lay.main.DataCanvas(mainArea)
	out := make([][]color.RGBA, len(h.Y))
	for j := range h.Y {
		for i := range h.X {
			// A quarter cell left of and below the centre: clear of the value
			// printed at the centre and of the best cell's frame.
			x := float64(data.X(lay.main.X.Norm(float64(i) - 0.3)))
			y := float64(height) - float64(data.Y(lay.main.Y.Norm(float64(j)-0.3)))
			out[j] = append(out[j], color.RGBAModel.Convert(img.At(int(x), int(y))).(color.RGBA))
		}
	}
	return out
}

func near(a, b color.RGBA) bool {
	d := func(x, y uint8) int { return max(int(x)-int(y), int(y)-int(x)) }
	return d(a.R, b.R) <= 2 && d(a.G, b.G) <= 2 && d(a.B, b.B) <= 2
}

// ColorBrewer's 11-class RdBu, written out from its published table.
var (
	deepRed  = color.RGBA{0x67, 0x00, 0x1f, 0xff}
	paleGrey = color.RGBA{0xf7, 0xf7, 0xf7, 0xff}
	deepBlue = color.RGBA{0x05, 0x30, 0x61, 0xff}
)

func rgba(c color.Color) color.RGBA { return color.RGBAModel.Convert(c).(color.RGBA) }

// TestHeatPaletteIsCentredOnZero: zero is the palette's white whatever the
// range, the ends are RdBu's, and a gain and an equal loss are mirror hues.
func TestHeatPaletteIsCentredOnZero(t *testing.T) {
	for _, r := range [][2]float64{{-100, 100}, {-10, 100}, {-100, 5}} {
		if got := rgba(heatColor(0, r[0], r[1], false)); got != paleGrey {
			t.Errorf("range %v: zero is %v, want RdBu's middle %v", r, got, paleGrey)
		}
	}
	if got := rgba(heatColor(45, -10, 100, false)); near(got, paleGrey) {
		t.Errorf("the middle of [-10, 100] is white: the palette is centred mid-range, not on zero")
	}
	if lo, hi := rgba(heatColor(-100, -100, 100, false)), rgba(heatColor(100, -100, 100, false)); lo != deepRed || hi != deepBlue {
		t.Errorf("ends %v, %v; want %v, %v", lo, hi, deepRed, deepBlue)
	}
	for _, v := range []float64{10, 37, 80} {
		if a, b := rgba(heatColor(v, -100, 100, false)), rgba(heatColor(-v, -100, 100, true)); a != b {
			t.Errorf("%v and its mirror with lower-is-better differ: %v, %v", v, a, b)
		}
		if c := rgba(heatColor(v, -100, 100, false)); c.B <= c.R {
			t.Errorf("gain %v is not blue: %v", v, c)
		}
		if c := rgba(heatColor(-v, -100, 100, false)); c.R <= c.B {
			t.Errorf("loss %v is not red: %v", -v, c)
		}
	}
	// One side only: a sequential blue from pale (lowest) to deep (highest).
	if lo, hi := rgba(heatColor(900, 900, 1000, false)), rgba(heatColor(1000, 900, 1000, false)); hi != deepBlue || lo.B <= lo.R || lo.R < 200 {
		t.Errorf("all positive: lowest %v (want a pale blue), highest %v", lo, hi)
	}
	if lo := rgba(heatColor(-1000, -1000, -900, false)); lo != deepRed {
		t.Errorf("all negative: lowest %v, want %v", lo, deepRed)
	}
}

func TestRenderHeatmapCells(t *testing.T) {
	white := color.RGBA{255, 255, 255, 255}
	h := heatFixture()
	h.Values[0][0] = -100 // now both signs
	for _, size := range [][2]int{{1280, 800}, {500, 400}} {
		got := cellColours(t, h, size[0], size[1])
		for _, c := range []struct {
			i, j int
			want color.RGBA
			what string
		}{
			{0, 0, deepRed, "the lowest value"},
			{0, 1, deepBlue, "the highest value"},
			{2, 0, white, "a missing cell"},
			{2, 1, deepBlue, "a saturated value"},
		} {
			if !near(got[c.j][c.i], c.want) {
				t.Errorf("%v: cell (%d, %d), %s, is %v, want %v", size, c.i, c.j, c.what, got[c.j][c.i], c.want)
			}
		}
	}
	// Lower is better: the hues swap.
	h.LowerIsBetter = true
	got := cellColours(t, h, 800, 600)
	if !near(got[0][0], deepBlue) || !near(got[1][0], deepRed) {
		t.Errorf("lower is better: lowest cell %v, highest %v; want blue, red", got[0][0], got[1][0])
	}
	// All values positive (0 … 100): sequential, so the lowest is pale, not red.
	got = cellColours(t, heatFixture(), 800, 600)
	if c := got[0][0]; c.R < 200 || c.B < c.R {
		t.Errorf("all positive: the lowest cell is %v, want a pale blue", c)
	}
}

// TestRenderHeatmapMarksBest: a black frame runs inside the best cell's edge,
// and no other cell has one.
func TestRenderHeatmapMarksBest(t *testing.T) {
	h := heatFixture()
	h.Values[1][2] = 60 // the best is now 100, at (0, 1)
	width, height := 800, 600
	var buf bytes.Buffer
	if err := RenderHeatmap(h, &buf, width, height); err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, buf.Bytes())
	lay, _ := h.layout(width, height)
	cv := newImageCanvas(width, height)
	defer releaseCanvas(cv)
	mainArea, _ := lay.areas(draw.New(cv))
	data := lay.main.DataCanvas(mainArea)
	framed := func(i, j int) bool {
		// The left edge of the cell, 1 pixel in, at its middle height.
		x := float64(data.X(lay.main.X.Norm(float64(i)-0.5))) + 1
		y := float64(height) - float64(data.Y(lay.main.Y.Norm(float64(j))))
		c := rgba(img.At(int(x), int(y)))
		return c.R < 60 && c.G < 60 && c.B < 60
	}
	for j := range h.Y {
		for i := range h.X {
			if want := i == 0 && j == 1; framed(i, j) != want {
				t.Errorf("cell (%d, %d): framed = %v, want %v", i, j, !want, want)
			}
		}
	}
}

func TestRenderHeatmapRejects(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Heatmap)
		want string
	}{
		{"no values", func(h *Heatmap) { h.X = nil }, "no parameter values"},
		{"unsorted", func(h *Heatmap) { h.X[1] = 5 }, "values of Period"},
		{"rows", func(h *Heatmap) { h.Values = h.Values[:1] }, "1 rows"},
		{"columns", func(h *Heatmap) { h.Values[1] = h.Values[1][:2] }, "row 1 has 2 values"},
	} {
		h := heatFixture()
		tc.edit(h)
		err := RenderHeatmap(h, &bytes.Buffer{}, 800, 600)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "heatmap profit") {
			t.Errorf("%s: error %v, want one with %q", tc.name, err, tc.want)
		}
	}
	// All missing, or one cell: still a picture.
	for _, h := range []*Heatmap{
		{Objective: "x", X: []float64{1}, Y: []float64{1}, Values: [][]float64{{math.NaN()}}},
		{Objective: "x", X: []float64{1}, Y: []float64{1}, Values: [][]float64{{3}}},
	} {
		if err := RenderHeatmap(h, &bytes.Buffer{}, 300, 200); err != nil {
			t.Error(err)
		}
	}
}
