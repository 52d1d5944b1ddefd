package charts

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg/draw"
)

// renderDecoded renders c and decodes the PNG back.
func renderDecoded(t *testing.T, c *PassChart) image.Image {
	t.Helper()
	var buf bytes.Buffer
	if err := RenderPass(c, &buf); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatalf("the chart is not a PNG: %v", err)
	}
	return img
}

// where maps data coordinates of c to image pixels, with the same layout
// RenderPass uses.
type where struct {
	x, y        func(float64) float64 // data → pixel column, row (row 0 at the top)
	top, bottom float64               // pixel rows of the data area's edges
	left, right float64               // pixel columns of the data area's edges
}

func locate(t *testing.T, c *PassChart) where {
	t.Helper()
	lay, err := c.layout()
	if err != nil {
		t.Fatal(err)
	}
	w, h := c.size()
	cv := newImageCanvas(w, h)
	defer releaseCanvas(cv)
	areas := lay.areas(draw.New(cv))
	data := lay.plot.DataCanvas(areas.plot)
	p := lay.plot
	return where{
		x:      func(v float64) float64 { return float64(data.X(p.X.Norm(v))) },
		y:      func(v float64) float64 { return float64(h) - float64(data.Y(p.Y.Norm(v))) },
		top:    float64(h) - float64(data.Max.Y),
		bottom: float64(h) - float64(data.Min.Y),
		left:   float64(data.Min.X),
		right:  float64(data.Max.X),
	}
}

func rgb(img image.Image, x, y float64) (r, g, b uint8) {
	c := color.RGBAModel.Convert(img.At(int(math.Floor(x)), int(math.Floor(y)))).(color.RGBA)
	return c.R, c.G, c.B
}

func isBlue(r, g, b uint8) bool  { return b > 200 && r < 90 && g < 90 }
func isGreen(r, g, b uint8) bool { return g > 100 && r < 90 && b < 90 }
func isGreenish(r, g, b uint8) bool { // green text, anti-aliased on white
	return int(g)-max(int(r), int(b)) > 40
}
func isShade(r, g, b uint8) bool { return color.RGBA{r, g, b, 255} == forwardShading }
func isWhite(r, g, b uint8) bool { return r == 255 && g == 255 && b == 255 }

// fixture: 8 back points rising by 100 from 1000 (indices 0…7), then 3
// forward points restarting from the deposit (separate mode, 8…10).
// Equity sits 40 below the balance; the balance regression is the exact line.
func fixture(mode string) *PassChart {
	bal := []float64{1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700, 1000, 1050, 1100}
	eq := make([]float64, len(bal))
	for i, b := range bal {
		eq[i] = b - 40
	}
	reg := []float64{1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700}
	return &PassChart{Title: "EA", Pass: 42, Balance: bal, Equity: eq, BackEnd: 7,
		ForwardMode: mode, RegBalance: reg}
}

func TestRenderPassSize(t *testing.T) {
	for _, sz := range [][2]int{{0, 0}, {1280, 800}, {640, 400}, {320, 200}, {1000, 1000}, {200, 600}, {1920, 1080}} {
		c := fixture(ForwardSeparate)
		c.Width, c.Height = sz[0], sz[1]
		c.Text = FormatText([]NamedValue{{"r2", 0.9, Ratio}, {"trades", 12, Count}}, 1.5, 10)
		img := renderDecoded(t, c)
		want := image.Rect(0, 0, sz[0], sz[1])
		if sz[0] == 0 {
			want = image.Rect(0, 0, DefaultWidth, DefaultHeight)
		}
		if img.Bounds() != want {
			t.Errorf("size %v: got a %v picture", sz, img.Bounds())
		}
	}
}

func TestRenderPassRejects(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(*PassChart)
		error string
	}{
		{"no points", func(c *PassChart) { c.Balance, c.Equity = nil, nil }, "no balance points"},
		{"equity length", func(c *PassChart) { c.Equity = c.Equity[:3] }, "3 equity points"},
		{"back end", func(c *PassChart) { c.BackEnd = 11 }, "back end 11"},
		{"negative back end", func(c *PassChart) { c.BackEnd = -1 }, "back end -1"},
		{"mode", func(c *PassChart) { c.ForwardMode = "sideways" }, `forward mode "sideways"`},
		{"NaN", func(c *PassChart) { c.Balance[3] = math.NaN() }, "point 3 is NaN"},
		{"size", func(c *PassChart) { c.Width, c.Height = 10, 10 }, "chart size"},
	} {
		c := fixture(ForwardSeparate)
		tc.edit(c)
		err := RenderPass(c, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), tc.error) || !strings.Contains(err.Error(), "pass 42") {
			t.Errorf("%s: error %v, want one naming the pass and %q", tc.name, err, tc.error)
		}
	}
}

// TestRenderPassDrawsBackEndLine: the dark vertical line is at the pixel
// column of x = BackEnd, from the plot's own data-to-pixel transform.
func TestRenderPassDrawsBackEndLine(t *testing.T) {
	for _, size := range [][2]int{{1280, 800}, {640, 400}} {
		c := fixture(ForwardSeparate)
		c.Width, c.Height = size[0], size[1]
		img := renderDecoded(t, c)
		at := locate(t, c)
		col := at.x(7)
		// At balance 1250 nothing else is drawn at x = 7 (the curves there are
		// at 1600…1700): only the line.
		row := at.y(1250)
		darkest, darkX := 255, -1
		for x := int(col) - 4; x <= int(col)+4; x++ {
			if r, _, _ := rgb(img, float64(x), row); int(r) < darkest {
				darkest, darkX = int(r), x
			}
		}
		if darkest > 120 || math.Abs(float64(darkX)-col) > 1 {
			t.Errorf("%v: darkest pixel near column %.1f of row %.0f is %d at column %d; want the back-end line", size, col, row, darkest, darkX)
		}
		// and it runs the height of the plot: check near the top and bottom.
		for _, y := range []float64{at.top + 3, at.bottom - 3} {
			if r, _, _ := rgb(img, col, y); r > 120 {
				t.Errorf("%v: no line at column %.1f, row %.0f (red %d)", size, col, y, r)
			}
		}
	}
}

// TestRenderPassDrawsCurves: a blue dot on every balance point, green along
// every equity segment.
func TestRenderPassDrawsCurves(t *testing.T) {
	c := fixture(ForwardSeparate)
	img := renderDecoded(t, c)
	at := locate(t, c)
	for i, b := range c.Balance {
		if r, g, bl := rgb(img, at.x(float64(i)), at.y(b)); !isBlue(r, g, bl) {
			t.Errorf("balance point %d (%v) at pixel (%.1f, %.1f) is (%d,%d,%d), not blue", i, b, at.x(float64(i)), at.y(b), r, g, bl)
		}
	}
	for i := 0; i+1 < len(c.Equity); i++ {
		if i == c.BackEnd {
			continue // separate mode: no segment from the back curve to the forward one
		}
		x := float64(i) + 0.5
		y := (c.Equity[i] + c.Equity[i+1]) / 2
		if r, g, b := rgb(img, at.x(x), at.y(y)); !isGreen(r, g, b) {
			t.Errorf("equity segment %d at pixel (%.1f, %.1f) is (%d,%d,%d), not green", i, at.x(x), at.y(y), r, g, b)
		}
	}
}

// TestRenderPassForwardPart: the shading starts at the back end's column; in
// separate mode the balance curve is not joined across it, in the other modes
// it is; with no forward there is no shading.
func TestRenderPassForwardPart(t *testing.T) {
	for _, tc := range []struct {
		mode   string
		shaded bool
		joined bool // a segment from the last back point to the next one
	}{
		{ForwardSeparate, true, false},
		{ForwardContinued, true, true},
		{ForwardNone, false, true},
		{"", false, true},
	} {
		c := fixture(tc.mode)
		img := renderDecoded(t, c)
		at := locate(t, c)
		col := at.x(7)
		// Row at balance 1250: no curve crosses it between x = 6.2 and the right
		// edge (the forward points stay below 1110, the back ones reach 1250
		// only at x = 2.5). Probe 3 rows in case one is on a grid line.
		shadeRight, whiteLeft := 0, 0
		for _, dy := range []float64{-7, 0, 7} {
			row := at.y(1250) + dy
			if isShade(rgb(img, col+4, row)) {
				shadeRight++
			}
			if isWhite(rgb(img, col-4, row)) {
				whiteLeft++
			}
			if isShade(rgb(img, col-4, row)) {
				t.Errorf("%q: shading left of the back end at row %.0f", tc.mode, row)
			}
		}
		if tc.shaded && shadeRight < 2 {
			t.Errorf("%q: right of the back end is not shaded", tc.mode)
		}
		if !tc.shaded && shadeRight > 0 {
			t.Errorf("%q: shaded with no forward part", tc.mode)
		}
		if whiteLeft < 2 {
			t.Errorf("%q: left of the back end is not plain background", tc.mode)
		}
		// The segment 7 → 8 runs from 1700 down to 1000: its middle is (7.5, 1350).
		r, g, b := rgb(img, at.x(7.5), at.y(1350))
		if tc.joined != isBlue(r, g, b) {
			t.Errorf("%q: pixel on the 7→8 segment is (%d,%d,%d); joined = %v", tc.mode, r, g, b, tc.joined)
		}
	}
}

// TestRenderPassTextBlock: the green text sits in a column right of the
// plot's data area, never over it, and only when there is text.
func TestRenderPassTextBlock(t *testing.T) {
	for _, size := range [][2]int{{1280, 800}, {480, 300}} {
		for _, withText := range []bool{true, false} {
			c := fixture(ForwardSeparate)
			c.Width, c.Height = size[0], size[1]
			c.Equity = nil // the only other green on the chart
			if withText {
				c.Text = FormatText([]NamedValue{{"r2", 0.9876, Ratio}, {"profit_stability", 3.5, Ratio}}, 2.1, 10)
			}
			img := renderDecoded(t, c)
			at := locate(t, c)
			inside, beside := 0, 0
			b := img.Bounds()
			for y := b.Min.Y; y < b.Max.Y; y++ {
				for x := b.Min.X; x < b.Max.X; x++ {
					if r, g, bl := rgb(img, float64(x), float64(y)); isGreenish(r, g, bl) {
						switch {
						case float64(x) >= at.left && float64(x) <= at.right && float64(y) >= at.top && float64(y) <= at.bottom:
							inside++
						case float64(x) > at.right && float64(y) < at.top+(at.bottom-at.top)/2:
							beside++
						}
					}
				}
			}
			if withText && beside < 50 {
				t.Errorf("%v: only %d green text pixels right of the plot", size, beside)
			}
			if !withText && beside > 0 {
				t.Errorf("%v: %d green pixels right of the plot with no text", size, beside)
			}
			if inside > 0 {
				t.Errorf("%v: %d text-green pixels inside the plot's data area", size, inside)
			}
		}
	}
}

func TestRenderPassEdgeCases(t *testing.T) {
	for _, c := range []*PassChart{
		{Title: "one point", Balance: []float64{1000}},
		{Title: "flat", Balance: []float64{1000, 1000, 1000}, Equity: []float64{1000, 1000, 1000}, BackEnd: 2},
		{Title: "no equity, forward", Balance: []float64{1, 2, 3, 1, 2}, BackEnd: 2, ForwardMode: ForwardSeparate},
		{Title: "huge", Balance: []float64{0, MaxDrawable}, BackEnd: 1},
		{Title: "smallest", Balance: []float64{1, 2}, BackEnd: 1, Width: 64, Height: 64, Text: []string{"a = 1"}},
	} {
		want := image.Rect(0, 0, DefaultWidth, DefaultHeight)
		if c.Width != 0 {
			want = image.Rect(0, 0, c.Width, c.Height)
		}
		if img := renderDecoded(t, c); img.Bounds() != want {
			t.Errorf("%s: picture %v, want %v", c.Title, img.Bounds(), want)
		}
	}
	// Beyond MaxDrawable (a DBL_MAX from a broken import) the rasterizer
	// would spin: such a chart is refused at once.
	for _, v := range []float64{1e300, 1.7976931348623157e308, -1e16} {
		c := &PassChart{Title: "broken", Balance: []float64{10000, v, 10000}, BackEnd: 2}
		if err := RenderPass(c, io.Discard); err == nil || !strings.Contains(err.Error(), "too large") {
			t.Errorf("a point of %g: %v", v, err)
		}
	}
	// Everything at the smallest sizes: no legend room, text cut, no panic.
	for _, size := range [][2]int{{64, 64}, {100, 64}, {64, 300}} {
		c := fixture(ForwardSeparate)
		c.RegEquity = c.RegBalance
		c.Width, c.Height = size[0], size[1]
		c.Text = []string{"a = 1", "b = 2", "c = 3", "d = 4", "e = 5", "f = 6"}
		renderDecoded(t, c)
	}
}

// TestRenderPassDeterministic: the same chart gives the same bytes, also
// when rendered concurrently (the picture and encoder pools are shared).
func TestRenderPassDeterministic(t *testing.T) {
	c := samplePass(ForwardContinued, 120, 40, 3)
	c.Width, c.Height = 480, 300
	var want bytes.Buffer
	if err := RenderPass(c, &want); err != nil {
		t.Fatal(err)
	}
	got := make([]bytes.Buffer, 4)
	errs := make(chan error, len(got))
	for i := range got {
		go func() { errs <- RenderPass(c, &got[i]) }()
	}
	for range got {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	for i := range got {
		if !bytes.Equal(got[i].Bytes(), want.Bytes()) {
			t.Errorf("render %d differs from the first", i)
		}
	}
}
