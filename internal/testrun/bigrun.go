package testrun

import (
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/stats"
)

// Synthetic writes a run of passes back passes with points balance/equity
// points each (random walks from a fixed seed), without running the
// tester, into root/runs/Synthetic.X.H1 and returns that run directory. It
// makes runs big enough that analyzing them takes a noticeable time.
func Synthetic(t testing.TB, root string, passes, points int) string {
	t.Helper()
	dir := filepath.Join(root, "runs", "Synthetic.X.H1")
	m := &frames.Manifest{Format: frames.FormatVersion, Expert: "Synthetic", Symbol: "X", Timeframe: "H1",
		Criterion: "profit", Columns: []frames.Column{{Name: "A", Integer: true}}}
	w, _, err := frames.Create(dir, m, frames.New)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	f := &frames.Frame{Period: frames.Back, EquityMode: "min_max", Params: []float64{0},
		Time: make([]int64, points), Balance: make([]float64, points), Equity: make([]float64, points)}
	for p := 0; p < passes; p++ {
		f.Pass, f.Params[0] = int64(p), float64(p)
		b := 10000.0
		for i := range f.Balance {
			b += r.NormFloat64() * 10
			f.Time[i], f.Balance[i], f.Equity[i] = int64(i)*3600_000, b, b-r.Float64()*5
		}
		f.Stats = stats.Stats{}
		f.Stats[stats.InitialDeposit], f.Stats[stats.Profit], f.Stats[stats.Trades] = 10000, b-10000, float64(points)
		if err := w.WritePass(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}
