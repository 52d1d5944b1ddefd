package charts

import (
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// samplePass is a realistic pass: nBack back points of a random walk with a
// drift from a 10000 deposit, nFwd forward points drawn as mode says, equity
// a little under the balance, both regression lines and a full text block.
func samplePass(mode string, nBack, nFwd int, seed uint64) *PassChart {
	r := rand.New(rand.NewPCG(seed, 1))
	walk := func(from float64, n int, drift float64) []float64 {
		w := []float64{from}
		for i := 1; i < n; i++ {
			w = append(w, w[i-1]+r.NormFloat64()*40+drift)
		}
		return w
	}
	bal := walk(10000, nBack, 8)
	all := bal
	switch mode {
	case ForwardSeparate:
		all = append(append([]float64{}, bal...), walk(10000, nFwd, 3)...)
	case ForwardContinued:
		all = append(append([]float64{}, bal...), walk(bal[nBack-1], nFwd+1, 3)[1:]...)
	}
	eq := make([]float64, len(all))
	for i, b := range all {
		eq[i] = b - r.Float64()*60
	}
	regB, regE := make([]float64, nBack), make([]float64, nBack)
	slope := (bal[nBack-1] - bal[0]) / float64(nBack-1)
	for i := range regB {
		regB[i] = bal[0] + slope*float64(i)
		regE[i] = regB[i] - 30
	}
	text := FormatText([]NamedValue{
		{"profit", bal[nBack-1] - bal[0], Money}, {"trades", float64(nBack / 2), Count},
		{"r2", 0.9123, Ratio}, {"profit_stability", 12.3456, Ratio}, {"tssf", 0, Ratio},
		{"linear_factor", 3.2, Ratio}, {"equity_rel", 0.95, Ratio}, {"c_recovery_factor", 4.12, Ratio},
		{"c_recovery_factor_r2", 3.76, Ratio}, {"profit_r2", 0.21, Ratio},
		{"forward_profit", all[len(all)-1] - all[nBack-1], Money}, {"forward_trades", float64(nFwd / 2), Count},
	}, math.MaxFloat64, 12.3456)
	// One point every 6 hours from 2 January 2023; the forward part goes on
	// where the back part ends.
	times := make([]int64, len(all))
	for i := range times {
		times[i] = time.Date(2023, 1, 2, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * 6 * time.Hour).UnixMilli()
	}
	return &PassChart{Title: "Moving Average · EURUSD H1 · r2 best (rank 1 of 10000)",
		Subtitle: "MovingPeriod=12  MovingShift=6  MaximumRisk=0.02  DecreaseFactor=3",
		Pass:     1234, Balance: all, Equity: eq, Times: times, Currency: "USD", BackEnd: nBack - 1,
		ForwardMode: mode, RegBalance: regB, RegEquity: regE, Text: text}
}

// TestWriteSamples writes sample charts into the directory named by
// $CHARTS_SAMPLES, for looking at; it is skipped when that is not set.
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("CHARTS_SAMPLES")
	if dir == "" {
		t.Skip("CHARTS_SAMPLES not set")
	}
	save := func(name string, render func(io.Writer) error) {
		if err := WriteFileAtomic(filepath.Join(dir, name), render); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range []struct {
		name    string
		mode    string
		w, h    int
		forward int
	}{
		{"separate.png", ForwardSeparate, 0, 0, 100},
		{"continued.png", ForwardContinued, 0, 0, 100},
		{"none.png", ForwardNone, 0, 0, 0},
		{"small.png", ForwardSeparate, 640, 400, 100},
		{"thumb.png", ForwardContinued, 320, 200, 100},
	} {
		c := samplePass(s.mode, 300, s.forward, 7)
		c.Width, c.Height = s.w, s.h
		if s.name == "small.png" { // few points, with deals: dots and marks
			c = samplePass(s.mode, 40, 15, 7)
			c.Width, c.Height = s.w, s.h
			for i := 2; i+3 < len(c.Times); i += 6 {
				c.Deals = append(c.Deals, DealMark{Time: c.Times[i], Buy: i%4 == 2, Entry: true},
					DealMark{Time: c.Times[i+3], Buy: i%4 != 2})
			}
		}
		save(s.name, func(w io.Writer) error { return RenderPass(c, w) })
	}

	r := rand.New(rand.NewPCG(3, 1))
	names := []string{"r2", "profit_stability", "tssf", "linear_factor", "equity_rel", "c_recovery_factor",
		"c_recovery_factor_r2", "profit_r2", "profit_r2_err", "profit_R_equity_r2", "profit_equity_R_r2", "profit_equity_r2_R"}
	var panels []ScatterPanel
	for k, n := range names {
		sp := ScatterPanel{Criterion: n, Spearman: r.Float64()*1.2 - 0.4}
		for range 300 {
			x := r.NormFloat64()
			sp.Back = append(sp.Back, x*float64(k+1))
			sp.Forward = append(sp.Forward, x*200*sp.Spearman+r.NormFloat64()*300)
		}
		if k == 3 {
			sp.Back[5], sp.Back[6] = math.MaxFloat64, 1e9
		}
		panels = append(panels, sp)
	}
	save("scatter.png", func(w io.Writer) error { return RenderScatter(panels, w, 1600, 1000) })

	h := &Heatmap{Objective: "profit", XName: "MovingPeriod", YName: "MovingShift"}
	for i := range 20 {
		h.X = append(h.X, float64(5+i*5))
	}
	for j := range 10 {
		h.Y = append(h.Y, float64(j))
		row := make([]float64, len(h.X))
		for i := range row {
			row[i] = 1000*math.Sin(float64(i)/4)*math.Cos(float64(j)/3) + r.NormFloat64()*100
			if r.IntN(10) == 0 {
				row[i] = math.NaN()
			}
		}
		h.Values = append(h.Values, row)
	}
	save("heatmap.png", func(w io.Writer) error { return RenderHeatmap(h, w, 1280, 800) })

	conv := &LineChart{Title: "genetic optimizer: best profit so far", XLabel: "evaluations", YLabel: "profit"}
	for k := range 2 {
		sr := Series{Name: "shard " + strconv.Itoa(k)}
		best := 0.0
		for e := 50; e <= 2000; e += 50 {
			best = math.Max(best, 3000*(1-math.Exp(-float64(e)/500))+r.NormFloat64()*200)
			sr.X, sr.Y = append(sr.X, float64(e)), append(sr.Y, best)
		}
		conv.Series = append(conv.Series, sr)
	}
	save("convergence.png", func(w io.Writer) error { return RenderLines(conv, w, 1280, 800) })

	sens := &Sensitivity{Title: "Sensitivity", Measures: []Column{{Name: "profit"}, {Name: "r2"}}}
	for _, in := range []string{"MovingPeriod", "MovingShift", "MaximumRisk"} {
		sens.Inputs = append(sens.Inputs, Column{Name: in})
	}
	for range 600 {
		a, b, c := float64(5+r.IntN(20)*5), float64(r.IntN(10)), float64(1+r.IntN(5))/100
		sens.Inputs[0].Values = append(sens.Inputs[0].Values, a)
		sens.Inputs[1].Values = append(sens.Inputs[1].Values, b)
		sens.Inputs[2].Values = append(sens.Inputs[2].Values, c)
		pr := 1000*math.Sin(a/20) + 300*b/10 + r.NormFloat64()*300
		sens.Measures[0].Values = append(sens.Measures[0].Values, pr)
		sens.Measures[1].Values = append(sens.Measures[1].Values, math.Tanh(pr/1500))
	}
	save("sensitivity.png", func(w io.Writer) error { return RenderSensitivity(sens, w, 1280, 800) })
	save("index.html", func(w io.Writer) error { return WriteRunPage(w, samplePage()) })
}
