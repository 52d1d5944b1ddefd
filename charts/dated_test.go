package charts

import (
	"image/color"
	"math"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
)

var march = time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)

// dated is the fixture with a point every 6 hours from 1 March 2023.
func dated() *PassChart {
	c := fixture(ForwardSeparate)
	for i := range c.Balance {
		c.Times = append(c.Times, march.Add(time.Duration(i)*6*time.Hour).UnixMilli())
	}
	c.Title, c.Subtitle, c.Currency = "EA · EURUSD H1 · rank 1 by r2", "Fast=12  Slow=26  Risk=0.02", "EUR"
	return c
}

func TestDateTicks(t *testing.T) {
	at := func(s string) float64 {
		v, _ := time.Parse("2006-01-02 15:04", s)
		return float64(v.Unix())
	}
	for _, tc := range []struct {
		from, to string
		want     int
		labels   string
	}{
		{"2023-03-01 00:00", "2023-03-04 00:00", 5, "2023-03-01 2023-03-02 2023-03-03 2023-03-04"},
		{"2023-03-01 10:30", "2023-03-01 20:00", 5, "03-01 12:00 03-01 15:00 03-01 18:00"},
		{"2022-11-15 00:00", "2024-02-01 00:00", 8, "Jan 2023 Mar 2023 May 2023 Jul 2023 Sep 2023 Nov 2023 Jan 2024"},
		{"2001-05-01 00:00", "2023-01-01 00:00", 6, "2005 2010 2015 2020"},
	} {
		var got []string
		for _, tk := range (dateTicks{want: tc.want}).Ticks(at(tc.from), at(tc.to)) {
			got = append(got, tk.Label)
			if tk.Value < at(tc.from) || tk.Value > at(tc.to) {
				t.Errorf("%s…%s: tick %s outside", tc.from, tc.to, tk.Label)
			}
		}
		if strings.Join(got, " ") != tc.labels {
			t.Errorf("%s…%s: %q, want %q", tc.from, tc.to, strings.Join(got, " "), tc.labels)
		}
	}
}

// TestRenderPassTimeAxisSpansThePeriod: the x axis runs from the first
// point's time to the last one's (plus the margin), in the plot and the
// underwater panel alike, whose data areas line up; its labels are dates.
func TestRenderPassTimeAxisSpansThePeriod(t *testing.T) {
	c := dated()
	lay, err := c.layout()
	if err != nil {
		t.Fatal(err)
	}
	first, last := float64(c.Times[0])/1000, float64(c.Times[len(c.Times)-1])/1000
	p, u := lay.plot, lay.under
	if u == nil {
		t.Fatal("no underwater panel at 1280×800")
	}
	span := last - first
	if p.X.Min > first || p.X.Max < last || p.X.Min < first-0.05*span || p.X.Max > last+0.05*span {
		t.Errorf("x axis %v…%v for points %v…%v", p.X.Min, p.X.Max, first, last)
	}
	if u.X.Min != p.X.Min || u.X.Max != p.X.Max {
		t.Errorf("underwater x %v…%v, plot %v…%v", u.X.Min, u.X.Max, p.X.Min, p.X.Max)
	}
	ticks := u.X.Tick.Marker.Ticks(u.X.Min, u.X.Max)
	// 2.5 days over 1280 pixels: a tick every 12 hours, from the first point.
	if len(ticks) != 6 || ticks[0].Label != "03-01 00:00" || ticks[5].Label != "03-03 12:00" {
		t.Errorf("date labels %+v", ticks)
	}
	cv := newImageCanvas(c.size())
	defer releaseCanvas(cv)
	a := lay.areas(draw.New(cv))
	dp, du := p.DataCanvas(a.plot), u.DataCanvas(a.under)
	for _, x := range []float64{first, last} {
		if px, ux := dp.X(p.X.Norm(x)), du.X(u.X.Norm(x)); math.Abs(float64(px-ux)) > 0.5 {
			t.Errorf("time %v is at column %v in the plot and %v under it", x, px, ux)
		}
	}
	if du.Max.Y >= dp.Min.Y {
		t.Error("the underwater panel is not under the plot")
	}
	if p.Y.Label.Text != "EUR" {
		t.Errorf("money axis %q, want the account currency", p.Y.Label.Text)
	}
}

// TestRenderPassTitleHoldsTheInputs: every input's value is in the title, at
// any width (wrapped onto more lines when narrow).
func TestRenderPassTitleHoldsTheInputs(t *testing.T) {
	for _, w := range []int{1280, 480, 200} {
		c := dated()
		c.Width, c.Height = w, 400
		lay, err := c.layout()
		if err != nil {
			t.Fatal(err)
		}
		title := lay.plot.Title.Text
		if !strings.HasPrefix(title, c.Title+"\n") {
			t.Errorf("width %d: title %q", w, title)
		}
		for _, v := range []string{"Fast=12", "Slow=26", "Risk=0.02"} {
			if !strings.Contains(title, v) {
				t.Errorf("width %d: title %q lacks %s", w, title, v)
			}
		}
		sty := lay.look.text(15, 8, black)
		for _, line := range strings.Split(title, "\n")[1:] {
			if float64(sty.Width(line)) > 0.9*float64(w) && strings.Contains(line, "  ") {
				t.Errorf("width %d: line %q is wider than the picture", w, line)
			}
		}
	}
}

func TestDrawdown(t *testing.T) {
	got := drawdown([]float64{100, 110, 99, 121, 110, 50, 55}, 5)
	want := []float64{0, 0, -10, 0, -100.0 * 11 / 121, 0, 0} // a new account at index 5
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Errorf("drawdown %d = %v, want %v", i, got[i], want[i])
		}
	}
	if dd := drawdown([]float64{0, -5}, -1); dd[0] != 0 || dd[1] != 0 {
		t.Errorf("no positive peak: %v", dd)
	}
}

func TestDotsOnlyWhenSparse(t *testing.T) {
	c := &PassChart{Balance: make([]float64, 100)}
	if !c.sparse(1280) {
		t.Error("100 points at 1280 pixels get no dots")
	}
	c.Balance = make([]float64, 1000)
	if c.sparse(1280) {
		t.Error("1000 points at 1280 pixels get a dot each")
	}
}

// TestRenderPassMarksDeals: a buy entry is drawn in the buy colour at its
// time on the balance curve.
func TestRenderPassMarksDeals(t *testing.T) {
	c := dated()
	c.Equity = nil
	c.Deals = []DealMark{{Time: c.Times[3], Buy: true, Entry: true}}
	img := renderDecoded(t, c)
	at := locate(t, c)
	x, y := at.x(float64(c.Times[3])/1000), at.y(c.Balance[3])
	found := 0
	for dy := -12.0; dy <= 2; dy++ {
		for dx := -8.0; dx <= 8; dx++ {
			r, g, b := rgb(img, x+dx, y-dy)
			if (color.RGBA{r, g, b, 255}) == buyMark {
				found++
			}
		}
	}
	if found < 10 {
		t.Errorf("%d buy-coloured pixels at the deal", found)
	}
}

// TestDenseScatterIsADensityImage: past DenseDots passes a sensitivity panel
// shades cells by how many passes fall in them: the busiest cell is the
// darkest, and an empty one stays white.
func TestDenseScatterIsADensityImage(t *testing.T) {
	n := DenseDots + 1000
	s := &Sensitivity{Title: "dense", Inputs: []Column{{Name: "x", Values: make([]float64, n)}},
		Measures: []Column{{Name: "y", Values: make([]float64, n)}}}
	for i := range n {
		// Nine passes in ten at (1, 1), the rest spread along x = 0…9 at y = 0.
		x, y := 1.0, 1.0
		if i%10 == 0 {
			x, y = float64(i%9), 0
		}
		s.Inputs[0].Values[i], s.Measures[0].Values[i] = x, y
	}
	var buf strings.Builder
	if err := RenderSensitivity(s, &buf, 800, 600); err != nil {
		t.Fatal(err)
	}
	var xys plotter.XYs
	for i := range n {
		xys = append(xys, plotter.XY{X: s.Inputs[0].Values[i], Y: s.Measures[0].Values[i]})
	}
	if _, ok := scatterLayer(xys[:DenseDots], 2).(*dots); !ok {
		t.Error("DenseDots passes are not drawn as dots")
	}
	dens, ok := scatterLayer(xys, 2).(*density)
	if !ok {
		t.Fatalf("%d passes are not drawn as a density image", n)
	}
	counts, peak := dens.counts()
	// (1, 1) is the top row, the column of x = 1 of 120 over 0…8.
	top := (dens.ny-1)*dens.nx + int(1.0/8*float64(dens.nx))
	if counts[top] != peak || peak != n-(n+9)/10 {
		t.Errorf("the busiest cell holds %d (cell at (1, 1): %d), want %d", peak, counts[top], n-(n+9)/10)
	}
	total := 0
	for _, c := range counts {
		total += c
	}
	if total != n {
		t.Errorf("%d passes counted of %d", total, n)
	}
}
