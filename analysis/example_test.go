package analysis_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/passframes/passframes/analysis"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/stats"
)

// writeRun stores three passes, each with a back and a forward row, and
// returns the opened dataset.
func writeRun(dir string) *frames.Dataset {
	m := &frames.Manifest{Format: frames.FormatVersion, Expert: "Example", Symbol: "X", Timeframe: "H1",
		Columns: []frames.Column{{Name: "Period", Integer: true}}}
	w, _, err := frames.Create(dir, m, frames.New)
	if err != nil {
		log.Fatal(err)
	}
	backs := [][]float64{{1000, 1010, 1020}, {1000, 990, 1050}, {1000, 1005, 995}}
	forwards := [][]float64{{1000, 1005}, {1000, 990}, {1000, 1003}}
	for p := range backs {
		for _, row := range []struct {
			period  string
			balance []float64
		}{{frames.Back, backs[p]}, {frames.Forward, forwards[p]}} {
			f := &frames.Frame{Pass: int64(p), Period: row.period, Params: []float64{float64(10 * (p + 1))},
				EquityMode: "min_max", Balance: row.balance, Equity: row.balance, Time: make([]int64, len(row.balance))}
			for i := range f.Time {
				f.Time[i] = int64(i) * 3_600_000
			}
			b := row.balance
			f.Stats[stats.InitialDeposit], f.Stats[stats.Profit], f.Stats[stats.Trades] = b[0], b[len(b)-1]-b[0], 2
			if err := w.WritePass(f); err != nil {
				log.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}
	ds, err := frames.Open(dir)
	if err != nil {
		log.Fatal(err)
	}
	return ds
}

// Run analyzes a run: every criterion per back pass, the forward results
// linked by pass id, the ranks, and how well each criterion's ranking
// predicted forward profit. The table it writes reads back unchanged.
func ExampleRun() {
	dir, _ := os.MkdirTemp("", "analysis-example")
	defer os.RemoveAll(dir)
	ds := writeRun(filepath.Join(dir, "run"))

	res, err := analysis.Run(context.Background(), ds, analysis.Options{
		Metadata: map[string]string{"example.note": "kept in analysis.parquet"}})
	if err != nil {
		log.Fatal(err)
	}
	profit, _ := res.Index("profit")
	for _, i := range res.Sorted(profit) {
		p := res.Passes[i]
		fmt.Printf("pass %d (Period %g): profit %.2f, rank %d, forward profit %.2f\n",
			p.Pass, p.Params[0], p.Values[profit], p.Ranks[profit], p.ForwardProfit)
	}
	// Back ranks 2, 3, 1 against forward ranks 3, 1, 2: ρ = 1 − 6·6/(3·8).
	fmt.Printf("Spearman of profit with forward profit: %.2f\n", res.Spearman[profit])

	table := frames.Layout{Dir: ds.Dir}.Analysis()
	if err := res.WriteTableFile(table); err != nil {
		log.Fatal(err)
	}
	back, err := analysis.ReadTable(table, ds.Manifest)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(back.Passes), "passes read back;", back.Options.Metadata["example.note"])
	// Output:
	// pass 1 (Period 20): profit 50.00, rank 1, forward profit -10.00
	// pass 0 (Period 10): profit 20.00, rank 2, forward profit 5.00
	// pass 2 (Period 30): profit -5.00, rank 3, forward profit 3.00
	// Spearman of profit with forward profit: -0.50
	// 3 passes read back; kept in analysis.parquet
}
