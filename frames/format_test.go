package frames

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/passframes/passframes/stats"
)

// TestReadsFormat1 opens a run that collect wrote in format 1 (doubles for
// counts, no window column) and checks what it holds: two passes of
// MovingAverage (MovingPeriod 10 and 11), each with a back and a forward row.
func TestReadsFormat1(t *testing.T) {
	ds, err := Open(filepath.Join("testdata", "v1run"))
	if err != nil {
		t.Fatal(err)
	}
	if ds.Manifest.Format != 1 {
		t.Fatalf("fixture format %d, want 1", ds.Manifest.Format)
	}
	rows := collect(t, ds.Scan)
	if len(rows) != 4 {
		t.Fatalf("%d rows, want 4", len(rows))
	}
	cols := ds.Manifest.Columns
	moving := -1
	for i, c := range cols {
		if c.Name == "MovingPeriod" {
			moving = i
		}
	}
	for i, f := range rows {
		wantPass, wantPeriod := int64(i/2), []string{Back, Forward}[i%2]
		if f.Pass != wantPass || f.Period != wantPeriod || f.Window != 0 {
			t.Errorf("row %d: pass %d %s window %d, want pass %d %s window 0", i, f.Pass, f.Period, f.Window, wantPass, wantPeriod)
		}
		if f.Params[moving] != float64(10+f.Pass) {
			t.Errorf("row %d: MovingPeriod %g, want %d", i, f.Params[moving], 10+f.Pass)
		}
		trades, deals := f.Stats[stats.Trades], f.Stats[stats.Deals]
		if trades < 1 || trades != math.Round(trades) || deals != 2*trades {
			t.Errorf("row %d: %g trades, %g deals: want a whole number of trades, each an entry and an exit", i, trades, deals)
		}
		// The profit is the last balance point less the deposit: the
		// statistics and the points are read from the right columns.
		if got := f.Balance[len(f.Balance)-1] - f.Stats[stats.InitialDeposit]; math.Abs(got-f.Stats[stats.Profit]) > 1e-6 {
			t.Errorf("row %d: profit %g, balance says %g", i, f.Stats[stats.Profit], got)
		}
		if len(f.Time) != len(f.Balance) || len(f.Equity) != len(f.Balance) {
			t.Errorf("row %d: %d times, %d balances, %d equities", i, len(f.Time), len(f.Balance), len(f.Equity))
		}
	}
	ids, err := ds.PassIDs()
	if err != nil || len(ids) != 2 || !ids[0] || !ids[1] {
		t.Errorf("PassIDs %v, %v; want 0 and 1", ids, err)
	}
}

// TestResumeRefusesFormat1 keeps a format-2 writer from adding parts to a
// format-1 run, which would mix two layouts in one dataset.
func TestResumeRefusesFormat1(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	copyDir(t, filepath.Join("testdata", "v1run"), dir)
	old, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := *old
	m.Format = FormatVersion
	if _, _, err := Create(dir, &m, Resume); err == nil || !strings.Contains(err.Error(), "format is 1") {
		t.Fatalf("resume of a format-1 run: %v, want a refusal naming format 1", err)
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestFormat2ColumnTypes checks the physical types a reader of the part
// file (DuckDB, pandas) sees: counts INT64, window INT32, money DOUBLE.
func TestFormat2ColumnTypes(t *testing.T) {
	dir := t.TempDir()
	writeRun(t, dir, 1, New)
	f, err := os.Open(filepath.Join(dir, FramesDir, "part-00000.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]parquet.Kind{}
	for _, fl := range pf.Schema().Fields() {
		if fl.Leaf() {
			kinds[fl.Name()] = fl.Type().Kind()
		}
	}
	want := map[string]parquet.Kind{
		"pass": parquet.Int64, "window": parquet.Int32, "MovingPeriod": parquet.Int64, "MaximumRisk": parquet.Double,
		"trades": parquet.Int64, "deals": parquet.Int64, "profit_trades": parquet.Int64, "loss_trades": parquet.Int64,
		"short_trades": parquet.Int64, "long_trades": parquet.Int64, "profit_shorttrades": parquet.Int64,
		"profit_longtrades": parquet.Int64, "conprofitmax_trades": parquet.Int64, "max_conprofit_trades": parquet.Int64,
		"conlossmax_trades": parquet.Int64, "max_conloss_trades": parquet.Int64, "profittrades_avgcon": parquet.Int64,
		"losstrades_avgcon": parquet.Int64,
		"profit":            parquet.Double, "max_conwins": parquet.Double, "max_conlosses": parquet.Double,
		"equity_dd": parquet.Double, "sharpe_ratio": parquet.Double,
	}
	for name, k := range want {
		if got, ok := kinds[name]; !ok || got != k {
			t.Errorf("column %s: %v, want %v", name, got, k)
		}
	}
	ints := 0
	for _, n := range stats.Names {
		if kinds[n] == parquet.Int64 {
			ints++
		}
	}
	if ints != 14 {
		t.Errorf("%d integer statistics, want 14", ints)
	}
	var names []string
	for _, fl := range pf.Schema().Fields() {
		names = append(names, fl.Name())
	}
	if got := strings.Join(names[:5], ","); got != "pass,window,period,MovingPeriod,MaximumRisk" {
		t.Errorf("columns start %s, want pass,window,period and the parameters in order", got)
	}
}

// TestStoredStatsRounding writes noisy sums and fractional counts and reads
// back cents and whole numbers.
func TestStoredStatsRounding(t *testing.T) {
	dir := t.TempDir()
	w, _, err := Create(dir, testManifest(), New)
	if err != nil {
		t.Fatal(err)
	}
	f := testFrame(0, Back)
	f.Window = 7
	f.Stats[stats.Profit] = 1620.7899999999954
	f.Stats[stats.GrossLoss] = -0.005000001 // rounds away from zero to −0.01
	f.Stats[stats.BalanceDD] = 12.344999
	f.Stats[stats.EquityDD] = 12.344999 // marked to market: kept
	f.Stats[stats.Trades] = 31.0000001
	f.Stats[stats.ProfitTradesAvgCon] = 2.5 // rounds half away from zero
	f.Stats[stats.ProfitFactor] = stats.MaxFloat
	f.Stats[stats.MaxConWins] = 99.999
	if err := w.WritePass(f); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	ds, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := collect(t, ds.Scan)[0]
	for i, want := range map[int]float64{stats.Profit: 1620.79, stats.GrossLoss: -0.01, stats.BalanceDD: 12.34,
		stats.EquityDD: 12.344999, stats.Trades: 31, stats.ProfitTradesAvgCon: 3,
		stats.ProfitFactor: stats.MaxFloat, stats.MaxConWins: 100} {
		if got.Stats[i] != want {
			t.Errorf("%s = %v, want %v", stats.Names[i], got.Stats[i], want)
		}
	}
	if got.Window != 7 {
		t.Errorf("window %d, want 7", got.Window)
	}
	keys, err := ds.PassKeys()
	if err != nil || len(keys) != 1 || !keys[PassKey{Window: 7, Pass: 0}] {
		t.Errorf("PassKeys %v, %v; want window 7 pass 0", keys, err)
	}
}

// TestFakePartIsNotParquet puts a text file where a part belongs.
func TestFakePartIsNotParquet(t *testing.T) {
	dir := t.TempDir()
	writeRun(t, dir, 1, New)
	fake := filepath.Join(dir, FramesDir, "part-00001.parquet")
	if err := os.WriteFile(fake, []byte("pass,profit\n1,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ds, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	err = ds.Scan(func(*Frame) error { return nil })
	if err == nil || err.Error() != fake+": not a Parquet file" {
		t.Errorf("Scan: %v, want %q", err, fake+": not a Parquet file")
	}
	if _, err := ds.PassIDs(); !errors.Is(err, ErrNotParquet) {
		t.Errorf("PassIDs: %v, want ErrNotParquet", err)
	}
}
