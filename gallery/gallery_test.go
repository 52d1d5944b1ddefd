package gallery

import (
	"context"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/passframes/passframes/analysis"
	"github.com/passframes/passframes/charts"
	"github.com/passframes/passframes/collect"
	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/data"
	"github.com/passframes/passframes/experts"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/regression"
	"github.com/passframes/passframes/tester"
	"github.com/passframes/passframes/walkforward"
)

// fakeResult is an analysis of six passes over A ∈ {1, 2} × B ∈ {10, 20, 30}
// with one more parameter C, and one criterion, profit.
func fakeResult() *analysis.Result {
	crit, _ := criteria.ByName("profit")
	m := &frames.Manifest{Expert: "E", Symbol: "S", Timeframe: "H1",
		Columns: []frames.Column{{Name: "A", Integer: true}, {Name: "B", Integer: true}, {Name: "C", Integer: true}},
		Space:   []frames.Param{{Name: "A", Optimize: true}, {Name: "B", Optimize: true}, {Name: "C", Optimize: true}}}
	res := &analysis.Result{Manifest: m, Criteria: []criteria.Criterion{crit}, Spearman: []float64{0}}
	rows := [][4]float64{ // A, B, C, profit
		{1, 10, 0, 5}, {1, 10, 1, 7}, {2, 10, 0, -3}, {1, 20, 0, 2}, {2, 30, 0, 9}, {2, 30, 1, 4},
	}
	for i, r := range rows {
		res.Passes = append(res.Passes, analysis.Pass{Pass: int64(i), Params: []float64{r[0], r[1], r[2]},
			Profit: r[3], Values: []float64{r[3]}, Available: []bool{true}, HasPoints: true, Balance: regression.Line{}})
	}
	ranks := criteria.Rank([]float64{5, 7, -3, 2, 9, 4}, criteria.Max)
	for i := range res.Passes {
		res.Passes[i].Ranks = []int{ranks[i]}
	}
	return res
}

func TestHeatmapTakesTheBestOverOtherParameters(t *testing.T) {
	hm := heatmap(fakeResult(), 0, []int{0, 1})
	if len(hm.X) != 2 || len(hm.Y) != 3 || hm.XName != "A" || hm.YName != "B" {
		t.Fatalf("axes %v %v", hm.X, hm.Y)
	}
	nan := math.NaN()
	// Rows are B = 10, 20, 30; columns A = 1, 2. (1,10) is max(5, 7) = 7;
	// (2,30) is max(9, 4) = 9; (2,20) has no pass.
	want := [][]float64{{7, -3}, {2, nan}, {nan, 9}}
	for r := range want {
		for c := range want[r] {
			got := hm.Values[r][c]
			if !(got == want[r][c] || math.IsNaN(got) && math.IsNaN(want[r][c])) {
				t.Errorf("cell B=%g A=%g = %g, want %g", hm.Y[r], hm.X[c], got, want[r][c])
			}
		}
	}
}

func TestPlanJobs(t *testing.T) {
	res := fakeResult()
	best := planJobs(res, Config{AllCriteria: true}, 0)
	if none := planJobs(res, Config{}, 0); len(none) != 0 {
		t.Errorf("statistics drawn in best mode without --all-criteria: %+v", none)
	}
	if len(best) != 1 || best[0].file != "profit+9.00.png" || best[0].pass != 4 {
		t.Fatalf("best mode %+v", best)
	}
	all := planJobs(res, Config{All: true, Top: 4}, 0)
	wantFiles := []string{"1_9.0000+9.00+4.png", "2_7.0000+7.00+1.png", "3_5.0000+5.00+0.png", "4_4.0000+4.00+5.png"}
	if len(all) != len(wantFiles) {
		t.Fatalf("all mode %+v", all)
	}
	for i, j := range all {
		if j.file != wantFiles[i] {
			t.Errorf("file %d = %s, want %s", i, j.file, wantFiles[i])
		}
	}
}

func TestHeatmapParams(t *testing.T) {
	m := fakeResult().Manifest
	if idx, err := heatmapParams(m, nil); err != nil || len(idx) != 2 || idx[0] != 0 || idx[1] != 1 {
		t.Errorf("default heatmap params %v %v", idx, err)
	}
	if idx, err := heatmapParams(m, []string{"C", "A"}); err != nil || idx[0] != 2 || idx[1] != 0 {
		t.Errorf("named heatmap params %v %v", idx, err)
	}
	for _, bad := range [][]string{{"A", "A"}, {"A", "Z"}} {
		if _, err := heatmapParams(m, bad); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

// demoRun collects the default demonstration grid (288 passes) once.
func demoRun(b *testing.B) (*frames.Dataset, *analysis.Result) {
	bars, err := data.Sample()
	if err != nil {
		b.Fatal(err)
	}
	def, _ := experts.Lookup("MovingAverage")
	space, _ := optimize.NewSpace(def.Params, def.Demo, "", def.DemoConstraint)
	per, _ := collect.SplitPeriods(bars, zero, zero, "1/4")
	dir := filepath.Join(b.TempDir(), "run")
	p, err := collect.Prepare(collect.Config{Expert: def, Bars: bars, Space: space, Periods: per,
		Tester: tester.DefaultConfig(), Objective: "profit", Method: "grid", RunDir: dir})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := p.Run(context.Background()); err != nil {
		b.Fatal(err)
	}
	ds, _ := frames.Open(dir)
	res, err := analysis.Run(context.Background(), ds, analysis.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return ds, res
}

// BenchmarkPlotAll draws every pass of the default collect run (288 charts
// at 1280×800, overview charts and index included) on every core.
func BenchmarkPlotAll(b *testing.B) {
	ds, res := demoRun(b)
	out := b.TempDir()
	b.ResetTimer()
	var n int
	for i := 0; i < b.N; i++ {
		o, err := Build(context.Background(), ds, res, Config{Out: out, All: true, Sort: "profit", Lines: "balance", Forward: "separate"})
		if err != nil {
			b.Fatal(err)
		}
		n = len(o.Charts)
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "charts/s")
	os.RemoveAll(out)
}

var zero = time.Time{}

func TestPassesWithoutPointsAreNotDrawn(t *testing.T) {
	res := fakeResult()
	res.Passes[4].HasPoints = false // the best under profit, imported without points
	if best := planJobs(res, Config{AllCriteria: true}, 0); len(best) != 0 {
		t.Errorf("best mode draws a pass without points: %+v", best)
	}
	all := planJobs(res, Config{All: true}, 0)
	if len(all) != 5 || all[0].pass != 1 || all[0].file != "1_7.0000+7.00+1.png" {
		t.Errorf("all mode %+v", all)
	}
}

func TestBrokenValuesAreClampedForDrawing(t *testing.T) {
	res := fakeResult()
	cv := &curves{back: walkforward.Curve{Balance: []float64{10000, 1.7976931348623157e308, 10000},
		Equity: []float64{10000, 10000, -1.7976931348623157e308}}}
	c := passChart(res, Config{Lines: "both", Forward: "separate"}, 0, cv)
	if err := charts.RenderPass(c, io.Discard); err != nil {
		t.Fatalf("a pass holding DBL_MAX was not drawn: %v", err)
	}
	if c.Balance[1] != charts.MaxDrawable || c.Equity[2] != -charts.MaxDrawable {
		t.Errorf("values %g and %g were not clamped", c.Balance[1], c.Equity[2])
	}
}

func TestInterruptedRenderingStops(t *testing.T) {
	res := fakeResult()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cv := map[int64]*curves{}
	for _, p := range res.Passes {
		cv[p.Pass] = &curves{back: walkforward.Curve{Balance: []float64{1, 2}, Equity: []float64{1, 2}}}
	}
	jobs := planJobs(res, Config{All: true}, 0)
	err := renderPasses(ctx, res, Config{All: true, Workers: 2, Lines: "none", Forward: "none"}, 0, jobs, cv, nil, &Output{Dir: t.TempDir()})
	if err == nil {
		t.Fatal("rendering went on after the context was cancelled")
	}
}
