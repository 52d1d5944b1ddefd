package analysis

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/testrun"
	"github.com/passframes/passframes/stats"
)

// smallRun collects a 4 × 3 MovingAverage grid on six months of the sample.
func smallRun(t *testing.T) *frames.Dataset {
	t.Helper()
	ds, err := frames.Open(testrun.Collect(t, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func TestRunMatchesFramesAndRanks(t *testing.T) {
	ds := smallRun(t)
	res, err := Run(t.Context(), ds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Passes) != 12 || len(res.Criteria) != len(criteria.All()) {
		t.Fatalf("%d passes, %d criteria", len(res.Passes), len(res.Criteria))
	}
	// Forward values match the forward rows; criteria match single evaluation.
	fwd := map[int64]*frames.Frame{}
	back := map[int64]*frames.Frame{}
	ds.Scan(func(f *frames.Frame) error {
		c := *f
		c.Balance = append([]float64(nil), f.Balance...)
		c.Equity = append([]float64(nil), f.Equity...)
		if f.Period == frames.Forward {
			fwd[f.Pass] = &c
		} else {
			back[f.Pass] = &c
		}
		return nil
	})
	for _, p := range res.Passes {
		f := fwd[p.Pass]
		want := math.Round((f.Balance[len(f.Balance)-1]-f.Balance[0])*100) / 100 // money, to the cent
		if !p.HasForward || p.ForwardProfit != want || p.ForwardTrades != f.Stats[stats.Trades] {
			t.Errorf("pass %d: forward %v %g/%g, want %g/%g", p.Pass, p.HasForward, p.ForwardProfit, p.ForwardTrades, want, f.Stats[stats.Trades])
		}
		b := back[p.Pass]
		for c, crit := range res.Criteria {
			v, err := criteria.Value(crit.Name, &criteria.Frame{Stats: b.Stats, Balance: b.Balance, Equity: b.Equity,
				EquityMode: b.EquityMode, HasPoints: true}, criteria.Options{})
			if err != nil || v != p.Values[c] {
				t.Fatalf("pass %d %s = %g, single evaluation %g (%v)", p.Pass, crit.Name, p.Values[c], v, err)
			}
		}
	}
	// Ranks agree with sorting each column.
	for c, crit := range res.Criteria {
		idx := res.Sorted(c)
		for k := 1; k < len(idx); k++ {
			a, b := res.Passes[idx[k-1]], res.Passes[idx[k]]
			if crit.Direction.Better(b.Values[c], a.Values[c]) {
				t.Fatalf("%s: rank order puts %g before %g", crit.Name, a.Values[c], b.Values[c])
			}
			if a.Values[c] == b.Values[c] && a.Ranks[c] != b.Ranks[c] {
				t.Fatalf("%s: equal values with ranks %d and %d", crit.Name, a.Ranks[c], b.Ranks[c])
			}
		}
	}
	// Spearman of profit against forward profit, recomputed by hand from ranks.
	pi, _ := res.Index("profit")
	var x, y []float64
	for _, p := range res.Passes {
		x, y = append(x, p.Profit), append(y, p.ForwardProfit)
	}
	if got, want := res.Spearman[pi], pearson(avgRanks(x), avgRanks(y)); math.Abs(got-want) > 1e-12 {
		t.Errorf("spearman %g, want %g", got, want)
	}
}

func avgRanks(v []float64) []float64 {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return v[idx[a]] < v[idx[b]] })
	r := make([]float64, len(v))
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && v[idx[j]] == v[idx[i]] {
			j++
		}
		for k := i; k < j; k++ {
			r[idx[k]] = float64(i+j-1)/2 + 1
		}
		i = j
	}
	return r
}

func pearson(x, y []float64) float64 {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i] / n
		my += y[i] / n
	}
	var sxy, sxx, syy float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
		syy += (y[i] - my) * (y[i] - my)
	}
	return sxy / math.Sqrt(sxx*syy)
}

func TestTableRoundTrip(t *testing.T) {
	ds := smallRun(t)
	res, err := Run(t.Context(), ds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(ds.Dir, TableName)
	if err := res.WriteTableFile(path); err != nil {
		t.Fatal(err)
	}
	back, err := ReadTable(path, ds.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Passes) != len(res.Passes) || len(back.Criteria) != len(res.Criteria) {
		t.Fatalf("read %d passes %d criteria", len(back.Passes), len(back.Criteria))
	}
	for i := range res.Passes {
		a, b := res.Passes[i], back.Passes[i]
		if a.Pass != b.Pass || a.ForwardProfit != b.ForwardProfit || a.Balance != b.Balance || a.Profit != b.Profit || a.HasPoints != b.HasPoints || !a.HasPoints {
			t.Fatalf("pass %d differs after the round trip", a.Pass)
		}
		for c := range res.Criteria {
			if a.Values[c] != b.Values[c] || a.Ranks[c] != b.Ranks[c] || a.Available[c] != b.Available[c] {
				t.Fatalf("pass %d %s differs after the round trip", a.Pass, res.Criteria[c].Name)
			}
		}
	}
	for c := range res.Spearman {
		if res.Spearman[c] != back.Spearman[c] {
			t.Fatalf("spearman of %s differs: %v vs %v", res.Criteria[c].Name, res.Spearman[c], back.Spearman[c])
		}
	}
}

func TestFiltersAndReportFormats(t *testing.T) {
	ds := smallRun(t)
	all, _ := Run(t.Context(), ds, Options{})
	big := 1e9
	none, err := Run(t.Context(), ds, Options{MinProfitPct: &big})
	if err != nil {
		t.Fatal(err)
	}
	if len(none.Passes) != 0 || none.Filtered != len(all.Passes) {
		t.Fatalf("min-profit-pct 1e9 kept %d passes", len(none.Passes))
	}
	rep, err := all.NewReport("run", "r2", 3, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Top) != 3 || rep.Top[0].Rank != 1 {
		t.Fatalf("top %+v", rep.Top)
	}
	for _, f := range []string{"table", "csv", "markdown", "json"} {
		var b bytes.Buffer
		if err := rep.Write(&b, f, ""); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "profit_stability") {
			t.Errorf("%s report lacks the criteria:\n%s", f, b.String())
		}
		if f == "json" {
			var back Report
			if err := json.Unmarshal(b.Bytes(), &back); err != nil || len(back.Best) != len(rep.Best) {
				t.Errorf("json report does not read back: %v", err)
			}
		}
	}
	if _, err := all.NewReport("run", "nope", 3, false); err == nil {
		t.Error("unknown --sort accepted")
	}
}

func TestFramesWithoutPointsLeaveCriteriaUnavailable(t *testing.T) {
	dir := t.TempDir()
	m := &frames.Manifest{Format: frames.FormatVersion, Expert: "X", Symbol: "S", Timeframe: "H1",
		Columns: []frames.Column{{Name: "A", Integer: true}}}
	w, _, err := frames.Create(dir, m, frames.New)
	if err != nil {
		t.Fatal(err)
	}
	for p := int64(0); p < 3; p++ {
		f := &frames.Frame{Pass: p, Period: frames.Back, Params: []float64{float64(p)}, EquityMode: "min_max"}
		f.Stats[stats.InitialDeposit], f.Stats[stats.Profit], f.Stats[stats.Trades] = 1000, float64(100*p), 10
		if err := w.WritePass(f); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	ds, _ := frames.Open(dir)
	res, err := Run(t.Context(), ds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r2, _ := res.Index("r2")
	pi, _ := res.Index("profit")
	for _, p := range res.Passes {
		if p.Available[r2] || p.HasPoints {
			t.Errorf("pass %d: r2 available without points", p.Pass)
		}
		if !p.Available[pi] {
			t.Errorf("pass %d: profit unavailable", p.Pass)
		}
	}
	if b := res.Best(r2); b != -1 {
		t.Errorf("a best pass under r2 without points: %d", b)
	}

	// An import that records which statistics its file gave: the others,
	// and every criterion built on them, are unavailable.
	os.WriteFile(filepath.Join(dir, "import.json"), []byte(`{"statistics": ["initial_deposit", "profit", "trades"]}`), 0o644)
	res, err = Run(t.Context(), ds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{"profit": true, "balance": true, "trades_x_profit": true,
		"equity_dd": false, "profit_per_equity_dd": false, "sharpe_ratio": false, "tssf": false} {
		k, _ := res.Index(name)
		if got := res.Passes[0].Available[k]; got != want {
			t.Errorf("%s available = %v, want %v", name, got, want)
		}
	}
}
