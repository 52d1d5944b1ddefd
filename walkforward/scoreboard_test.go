package walkforward

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/frames"
)

const yearDur = time.Duration(daysPerYear*24) * time.Hour

type key struct {
	w    int
	pass int64
}

// handBoard is a 3-window, 3-pass board worked by hand (see the tests).
// Each window trains two years and tests one.
func handBoard() (*Board, map[key]Curve) {
	t0 := date(2020, 1, 1)
	bounds := func(k int) frames.Window {
		from := t0.Add(time.Duration(k) * yearDur)
		return frames.Window{Index: int32(k), TrainFrom: from, TrainTo: from.Add(2 * yearDur),
			TestFrom: from.Add(2 * yearDur), TestTo: from.Add(3 * yearDur)}
	}
	pass := func(id int64, p, a, b, train, test, trades, gp, gl float64) Pass {
		return Pass{Pass: id, Params: []float64{p}, Values: []float64{a, b}, Available: []bool{true, true},
			TrainProfit: train, HasTest: true, Test: TestResult{Profit: test, Trades: trades, GrossProfit: gp, GrossLoss: gl}}
	}
	b := &Board{
		Deposit:  1000,
		Criteria: []Criterion{{"a", criteria.Max}, {"b", criteria.Min}},
		Inputs:   []Input{{Name: "P", Index: 0, Range: 10}},
		Windows: []Window{
			{bounds(0), []Pass{
				pass(1, 0, 3, 5, 200, 100, 2, 150, -50),
				pass(2, 5, 1, 1, 100, -40, 1, 0, -40),
				pass(3, 10, 2, 3, 50, 10, 1, 10, 0),
			}},
			{bounds(1), []Pass{
				pass(1, 0, 1, 2, 20, -30, 1, 0, -30),
				pass(2, 5, 5, 9, 300, 60, 3, 100, -40),
				pass(3, 10, 5, 1, 10, 0, 0, 0, 0), // ties pass 2 under a: the lower id wins
			}},
			{bounds(2), []Pass{
				pass(1, 0, 4, 4, 100, 20, 1, 20, 0),
				pass(2, 5, 0, 0, 10, 500, 1, 500, 0), // b unavailable below
				pass(3, 10, 2, 6, 40, -10, 1, 0, -10),
			}},
		},
	}
	b.Windows[2].Passes[1].Available[1] = false
	curves := map[key]Curve{
		{0, 1}: {Balance: []float64{1000, 1150, 1100}, Equity: []float64{1000, 1140, 1100}},
		{1, 2}: {Balance: []float64{1000, 950, 1060}, Equity: []float64{1000, 930, 1060}},
		{2, 1}: {Balance: []float64{1000, 1020}, Equity: []float64{1000, 1020}},
		{0, 2}: {Balance: []float64{1000, 960}, Equity: []float64{1000, 950}},
		{1, 3}: {Balance: []float64{1000, 1000}, Equity: []float64{1000, 1000}},
	}
	return b, curves
}

func scoreHand(t *testing.T, b *Board, curves map[key]Curve, th Thresholds) map[string]Row {
	t.Helper()
	choices := Choose(b)
	rows := Score(b, choices, func(w, p int) Curve {
		c, ok := curves[key{w, b.Windows[w].Passes[p].Pass}]
		if !ok {
			t.Fatalf("curve of window %d pass %d asked but not chosen by hand", w, b.Windows[w].Passes[p].Pass)
		}
		return c
	}, th)
	out := map[string]Row{}
	for _, r := range rows {
		out[r.Criterion] = r
	}
	return out
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func nearPtr(p *float64, want float64) bool { return p != nil && near(*p, want) }

func TestChooseByHand(t *testing.T) {
	b, _ := handBoard()
	got := Choose(b)
	// a (max): 3 → pass 1; 5 = 5 → pass 2 (lower id); 4 → pass 1.
	// b (min): 1 → pass 2; 1 → pass 3; pass 2 unavailable, 4 < 6 → pass 1.
	want := [][]int{{0, 1, 0}, {1, 2, 0}}
	for c := range want {
		if !slices.Equal(got[c], want[c]) {
			t.Errorf("criterion %s chose %v, want %v", b.Criteria[c].Name, got[c], want[c])
		}
	}
	// A window where no pass has a value gets no choice.
	for i := range b.Windows[0].Passes {
		b.Windows[0].Passes[i].Available[0] = false
	}
	if got := Choose(b); got[0][0] != -1 {
		t.Errorf("window without values: choice %d, want -1", got[0][0])
	}
}

func TestScoreByHand(t *testing.T) {
	b, curves := handBoard()
	rows := scoreHand(t, b, curves, DefaultThresholds())
	a := rows["a"]
	if a.Rank != 1 || rows["b"].Rank != 2 {
		t.Errorf("ranks a %d, b %d; want 1, 2 (180 > −20)", a.Rank, rows["b"].Rank)
	}
	// Criterion a picks tests +100, +60, +20.
	checks := []struct {
		name      string
		got, want float64
	}{
		{"net profit", a.NetProfit, 180},
		{"trades", a.Trades, 6},
		// Stitched equity 1000 1140 1100 | 1030 1160 | 1180: peak 1140, low 1030.
		{"max drawdown", a.MaxDrawdown, 110},
		{"max drawdown %", a.MaxDrawdownPct, 100 * 110.0 / 1140},
		{"profitable windows %", a.ProfitableWindowsPct, 100},
		// IS: (200+300+100)/1000 over 6 years = 10 %/y; OOS: 180/1000 over 3 years = 6 %/y.
		{"IS annual %", a.ISAnnualPct, 10},
		{"OOS annual %", a.OOSAnnualPct, 6},
	}
	for _, c := range checks {
		if !near(c.got, c.want) {
			t.Errorf("a: %s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if !nearPtr(a.RecoveryFactor, 180.0/110) || !nearPtr(a.ProfitFactor, 270.0/90) ||
		!nearPtr(a.LargestWindowPct, 100*100.0/180) || !nearPtr(a.WFEPct, 60) {
		t.Errorf("a: RF %v PF %v largest %v WFE %v; want 1.636, 3, 55.6, 60",
			deref(a.RecoveryFactor), deref(a.ProfitFactor), deref(a.LargestWindowPct), deref(a.WFEPct))
	}
	// P: 0 → 5 → 0 over a range of 10: (0.5 + 0.5) / 2.
	if !nearPtr(a.ParamStability, 0.5) || !nearPtr(a.ParamStabilityByInput["P"], 0.5) {
		t.Errorf("a: parameter stability %v", deref(a.ParamStability))
	}
	// Spearman per window: 1; ranks (1, 2.5, 2.5) vs (1, 3, 2) → 1.5/√3; (3, 1, 2) vs (2, 3, 1) → −0.5.
	wantRho := []float64{1, 1.5 / math.Sqrt(3), -0.5}
	for w, want := range wantRho {
		if !nearPtr(a.SpearmanByWindow[w], want) {
			t.Errorf("a: Spearman in window %d = %v, want %v", w, deref(a.SpearmanByWindow[w]), want)
		}
	}
	if !nearPtr(a.SpearmanMean, (1+1.5/math.Sqrt(3)-0.5)/3) {
		t.Errorf("a: mean Spearman %v", deref(a.SpearmanMean))
	}
	wantCurve := Curve{Balance: []float64{1000, 1150, 1100, 1050, 1160, 1180}, Equity: []float64{1000, 1140, 1100, 1030, 1160, 1180}}
	if !curveEqual(a.Curve, wantCurve) {
		t.Errorf("a: stitched curve %+v, want %+v", a.Curve, wantCurve)
	}
	// One window holds 55.6 % of the profit: the only failed check.
	if a.Verdict != "fail" || !slices.Equal(a.Failed, []string{CheckShare}) {
		t.Errorf("a: verdict %s %v, want fail on the largest window share", a.Verdict, a.Failed)
	}

	// Criterion b picks tests −40, 0, +20.
	bb := rows["b"]
	if !near(bb.NetProfit, -20) || !near(bb.Trades, 2) || !near(bb.MaxDrawdown, 50) || !near(bb.MaxDrawdownPct, 5) ||
		!nearPtr(bb.RecoveryFactor, -0.4) || !nearPtr(bb.ProfitFactor, 0.5) || !near(bb.ProfitableWindowsPct, 100.0/3) {
		t.Errorf("b: %+v", bb)
	}
	if bb.LargestWindowPct != nil {
		t.Errorf("b: largest share %v of a loss, want undefined", *bb.LargestWindowPct)
	}
	// IS (100+10+100)/1000/6 = 3.5 %/y, OOS −20/1000/3 %/y.
	if !nearPtr(bb.WFEPct, 100*(-2.0/3)/3.5) {
		t.Errorf("b: WFE %v, want %v", deref(bb.WFEPct), 100*(-2.0/3)/3.5)
	}
	if !nearPtr(bb.ParamStability, 0.75) { // 5 → 10 → 0
		t.Errorf("b: parameter stability %v, want 0.75", deref(bb.ParamStability))
	}
	if bb.Verdict != "fail" || !slices.Equal(bb.Failed, []string{CheckProfit, CheckWFE, CheckWindows, CheckShare}) {
		t.Errorf("b: verdict %s %v, want 4 failed checks (profit, WFE, windows, share)", bb.Verdict, bb.Failed)
	}

	// Overriding the threshold that a missed makes it pass.
	th := DefaultThresholds()
	th.MaxWindowSharePct = 60
	if r := scoreHand(t, b, curves, th)["a"]; r.Verdict != "pass" || len(r.Failed) != 0 {
		t.Errorf("a with a 60%% share allowed: %s %v", r.Verdict, r.Failed)
	}
	th = DefaultThresholds()
	th.MinWFEPct = 61
	if r := scoreHand(t, b, curves, th)["a"]; !slices.Equal(r.Failed, []string{CheckWFE, CheckShare}) {
		t.Errorf("a with WFE ≥ 61%% asked: %v", r.Failed)
	}
}

func TestWFEUndefinedWhenISReturnNotPositive(t *testing.T) {
	b, curves := handBoard()
	for w := range b.Windows {
		for i := range b.Windows[w].Passes {
			b.Windows[w].Passes[i].TrainProfit = -b.Windows[w].Passes[i].TrainProfit
		}
	}
	a := scoreHand(t, b, curves, DefaultThresholds())["a"]
	if a.WFEPct != nil {
		t.Fatalf("WFE with a negative IS return = %v, want undefined", *a.WFEPct)
	}
	if !slices.Contains(a.Failed, CheckWFE) {
		t.Errorf("failed checks %v lack the undefined WFE", a.Failed)
	}
	js, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(js), `"wfe_pct":null`) || strings.Contains(string(js), "NaN") {
		t.Errorf("JSON %s: want wfe_pct null and no NaN", js)
	}
	// An IS return of exactly 0 is undefined too.
	for w := range b.Windows {
		for i := range b.Windows[w].Passes {
			b.Windows[w].Passes[i].TrainProfit = 0
		}
	}
	if a := scoreHand(t, b, curves, DefaultThresholds())["a"]; a.WFEPct != nil {
		t.Errorf("WFE with a zero IS return = %v", *a.WFEPct)
	}
}

func TestSpearmanUndefinedForConstantWindow(t *testing.T) {
	b, curves := handBoard()
	for i := range b.Windows[1].Passes {
		b.Windows[1].Passes[i].Values[0] = 7 // every pass ties under a
	}
	curves[key{1, 1}] = Curve{Balance: []float64{1000, 970}, Equity: []float64{1000, 970}}
	a := scoreHand(t, b, curves, DefaultThresholds())["a"]
	if a.SpearmanByWindow[1] != nil {
		t.Errorf("Spearman of a constant criterion = %v, want undefined", *a.SpearmanByWindow[1])
	}
	if !nearPtr(a.SpearmanMean, (1-0.5)/2) {
		t.Errorf("mean over the defined windows = %v, want 0.25", deref(a.SpearmanMean))
	}
}

func TestStitch(t *testing.T) {
	// Each test starts from the deposit 100; each later curve is shifted to
	// start at the previous one's end.
	curves := []Curve{
		{Time: []int64{1, 2}, Balance: []float64{100, 110}, Equity: []float64{100, 110}},
		{}, // a window without a choice adds nothing
		{Time: []int64{3, 4, 5}, Balance: []float64{100, 90, 95}, Equity: []float64{100, 85, 95}},
		{Time: []int64{6, 7}, Balance: []float64{100, 130}, Equity: []float64{100, 125}},
	}
	got := Stitch(curves)
	want := Curve{Time: []int64{1, 2, 4, 5, 7}, Balance: []float64{100, 110, 100, 105, 135}, Equity: []float64{100, 110, 95, 105, 130}}
	if !curveEqual(got, want) {
		t.Errorf("Stitch = %+v, want %+v", got, want)
	}
	if len(Stitch(nil).Balance) != 0 {
		t.Error("Stitch of nothing is not empty")
	}
}

// The stitched curve ends at the deposit plus the sum of the test profits,
// whatever the curves are.
func TestStitchEndsAtSumOfProfits(t *testing.T) {
	for seed := 1; seed <= 50; seed++ {
		x := uint64(seed)
		rnd := func() float64 {
			x = x*6364136223846793005 + 1442695040888963407
			return float64(x>>40)/float64(1<<24)*200 - 100
		}
		var curves []Curve
		sum := 0.0
		for w := 0; w < 1+seed%7; w++ {
			c := Curve{Balance: []float64{1000}, Equity: []float64{1000}}
			for k := 0; k < 1+seed%5; k++ {
				v := c.Balance[len(c.Balance)-1] + rnd()
				c.Balance, c.Equity = append(c.Balance, v), append(c.Equity, v-5)
			}
			sum += c.Balance[len(c.Balance)-1] - 1000
			curves = append(curves, c)
		}
		s := Stitch(curves)
		if !near(s.Balance[len(s.Balance)-1]-1000, sum) {
			t.Fatalf("seed %d: stitched end %v, want 1000 + %v", seed, s.Balance[len(s.Balance)-1], sum)
		}
	}
}

func deref(p *float64) any {
	if p == nil {
		return "undefined"
	}
	return *p
}

func TestWriteScoreboardFormats(t *testing.T) {
	b, curves := handBoard()
	m := scoreHand(t, b, curves, DefaultThresholds())
	rows := []Row{m["a"], m["b"]}
	rows[1].WFEPct = ptr(-0.001)
	var out strings.Builder
	if err := WriteScoreboard(&out, rows, FormatJSON); err != nil {
		t.Fatal(err)
	}
	var back []map[string]any
	if err := json.Unmarshal([]byte(out.String()), &back); err != nil || len(back) != 2 || back[0]["criterion"] != "a" {
		t.Fatalf("JSON %s: %v", out.String(), err)
	}
	if back[1]["largest_window_share_pct"] != nil {
		t.Errorf("b's undefined share = %v in JSON, want null", back[1]["largest_window_share_pct"])
	}
	for _, f := range []string{FormatTable, FormatMarkdown, FormatCSV} {
		out.Reset()
		if err := WriteScoreboard(&out, rows, f); err != nil {
			t.Fatal(err)
		}
		s := out.String()
		if strings.Contains(s, "NaN") || strings.Contains(s, " -0 ") || !strings.Contains(s, "fail") {
			t.Errorf("%s:\n%s", f, s)
		}
		if f != FormatCSV && !strings.Contains(s, "—") {
			t.Errorf("%s: no — for b's undefined share:\n%s", f, s)
		}
	}
	if lines := strings.Split(strings.TrimSpace(out.String()), "\n"); len(lines) != 3 || !strings.HasPrefix(lines[2], "2,b,-20.00,") {
		t.Errorf("CSV:\n%s", out.String())
	}
	if err := WriteScoreboard(&out, rows, "xml"); err == nil {
		t.Error("format xml accepted")
	}
}
