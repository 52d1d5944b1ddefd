package frames

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/passframes/passframes/stats"
)

// fullManifest is a manifest with every field Compare looks at set.
func fullManifest() *Manifest {
	minProfit := 5.0
	return &Manifest{Format: FormatVersion, Program: "test", Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		Source: "collect", Expert: "MovingAverage", Symbol: "EURUSD", Timeframe: "H1",
		Data:    DataInfo{Source: "bars.csv", SHA256: "abc123", Bars: 100},
		Periods: Periods{BackFrom: time.Date(2023, 1, 2, 0, 0, 0, 0, time.UTC), BackTo: time.Date(2023, 6, 1, 12, 0, 0, 0, time.UTC), Forward: "1/4"},
		Columns: []Column{{Name: "MovingPeriod", Integer: true}, {Name: "MaximumRisk"}},
		Space: []Param{{Name: "MovingPeriod", Type: TypeInt, Value: 12, Start: 10, Step: 1, Stop: 30, Optimize: true},
			{Name: "MaximumRisk", Type: TypeDouble, Value: 0.02, Start: 0.02, Stop: 0.02}},
		Constraint: "MovingPeriod > 5",
		Optimizer:  OptimizerInfo{Name: "anneal", Options: map[string]string{"method": "cauchy"}, Seed: 7, Budget: 100, Batch: 16},
		Criterion:  "profit", By: "balance", Ratio: 1, EquityMode: "min_max",
		Filters: Filters{MinTrades: 3, MinProfitPct: &minProfit},
		Account: &AccountInfo{Currency: "USD", Deposit: 10000, Leverage: 100},
		SymbolSpec: &SymbolSpec{Name: "EURUSD", Digits: 5, Point: 0.00001, ContractSize: 100000, VolumeMin: 0.01,
			VolumeStep: 0.01, VolumeMax: 100, Spread: 10},
		Deals: true,
	}
}

func TestCompareNamesTheField(t *testing.T) {
	if err := Compare(fullManifest(), fullManifest()); err != nil {
		t.Fatalf("a manifest differs from itself: %v", err)
	}
	same := fullManifest()
	same.Program, same.Created, same.Data.Source = "other", time.Now(), "elsewhere/bars.csv"
	if err := Compare(fullManifest(), same); err != nil {
		t.Errorf("program, time and data path must not matter: %v", err)
	}
	tests := []struct {
		change               func(*Manifest)
		field, stored, given string
	}{
		{func(m *Manifest) { m.Expert = "SmaCross" }, "expert", "MovingAverage", "SmaCross"},
		{func(m *Manifest) { m.Data.SHA256 = "def456" }, "data.sha256", "abc123", "def456"},
		{func(m *Manifest) { m.Periods.BackTo = time.Date(2023, 7, 1, 0, 0, 0, 0, time.UTC) }, "periods.back_to", "2023-06-01T12:00:00Z", "2023-07-01"},
		{func(m *Manifest) { m.Space[0].Stop = 40 }, "space.MovingPeriod", "int 10:30:1", "int 10:40:1"},
		{func(m *Manifest) { m.Space[1].Value = 0.1 }, "space.MaximumRisk", "double fixed at 0.02", "double fixed at 0.1"},
		{func(m *Manifest) { m.Space = m.Space[:1] }, "space.MaximumRisk", "double fixed at 0.02", none},
		{func(m *Manifest) { m.SymbolSpec.Commission = 3.5 }, "symbol_spec.commission", "0", "3.5"},
		{func(m *Manifest) { m.Account.Deposit = 5000 }, "account.deposit", "10000", "5000"},
		{func(m *Manifest) { m.EquityMode = "min" }, "equity_mode", "min_max", "min"},
		{func(m *Manifest) { m.Filters.MinProfitPct = nil }, "filters.min_profit_pct", "5", "none"},
		{func(m *Manifest) { m.Optimizer.Seed = 8 }, "optimizer.seed", "7", "8"},
		{func(m *Manifest) { m.Optimizer.Options = nil }, "optimizer.options.method", "cauchy", none},
		{func(m *Manifest) { m.Optimizer.Batch = 64 }, "optimizer.batch", "16", "64"},
		{func(m *Manifest) { m.Shards = 4 }, "shards", "0", "4"},
		{func(m *Manifest) { m.Deals = false }, "deals", "true", "false"},
		{func(m *Manifest) { m.Account = nil }, "account.currency", "USD", none},
	}
	for _, tt := range tests {
		m := fullManifest()
		tt.change(m)
		err := Compare(fullManifest(), m)
		var mm *MismatchError
		if !errors.As(err, &mm) || mm.Field != tt.field || mm.Stored != tt.stored || mm.Given != tt.given {
			t.Errorf("%s changed: %v (%+v), want field %s stored %q given %q", tt.field, err, mm, tt.field, tt.stored, tt.given)
		}
	}
	// A grid replays nothing: its batch and budget may change.
	g, h := fullManifest(), fullManifest()
	g.Optimizer, h.Optimizer = OptimizerInfo{Name: "grid", Batch: 16}, OptimizerInfo{Name: "grid", Batch: 64, Budget: 9}
	if err := Compare(g, h); err != nil {
		t.Errorf("grid with another batch: %v", err)
	}
	imported := fullManifest()
	imported.Source = "mt5-opt"
	if err := Compare(imported, fullManifest()); !errors.Is(err, ErrImported) {
		t.Errorf("collecting into an imported run: %v, want ErrImported", err)
	}
}

// TestManifestJSONKeys checks run.json's keys are snake_case and the equity
// mode is written once.
func TestManifestJSONKeys(t *testing.T) {
	dir := t.TempDir()
	if err := WriteManifest(dir, fullManifest()); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, ManifestName))
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	snake := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if !snake.MatchString(k) {
					t.Errorf("key %s%s is not snake_case", path, k)
				}
				walk(path+k+".", x)
			}
		case []any:
			for _, x := range v {
				walk(path, x)
			}
		}
	}
	walk("", v)
	if n := strings.Count(strings.ToLower(string(b)), "equity_mode"); n != 1 {
		t.Errorf("equity_mode appears %d times", n)
	}
	m, err := ReadManifest(dir)
	if err != nil || Compare(fullManifest(), m) != nil {
		t.Errorf("read back: %v, %v", err, Compare(fullManifest(), m))
	}
}

// TestReadsManifest1 reads the format-1 fixture's settings into the
// account and symbol specification.
func TestReadsManifest1(t *testing.T) {
	m, err := ReadManifest(filepath.Join("testdata", "v1run"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Account == nil || m.Account.Deposit != 10000 || m.Account.Leverage != 100 {
		t.Errorf("account %+v, want deposit 10000 leverage 100", m.Account)
	}
	s := m.SymbolSpec
	if s == nil || s.ContractSize != 100000 || s.Point != 0.00001 || s.Digits != 5 || s.Spread != 10 || s.VolumeMax != 100 {
		t.Errorf("symbol spec %+v", s)
	}
	if m.EquityMode != "min_max" || len(m.Space) != 4 || m.Space[2].Name != "MovingPeriod" || m.Space[2].Type != TypeInt {
		t.Errorf("equity mode %q, space %+v", m.EquityMode, m.Space)
	}
}

func TestFiltersKeep(t *testing.T) {
	pct := 1.0
	f := Filters{MinTrades: 3, MinProfitPct: &pct}
	s := testFrame(0, Back).Stats
	for _, tt := range []struct {
		trades, deposit, profit float64
		want                    bool
	}{
		{3, 10000, 100, true},    // exactly 3 trades, exactly 1 %
		{2, 10000, 100, false},   // too few trades
		{3, 10000, 99.99, false}, // under 1 %
		{5, 0, -50, true},        // no deposit: the profit condition cannot apply
	} {
		s[stats.InitialDeposit], s[stats.Profit], s[stats.Trades] = tt.deposit, tt.profit, tt.trades
		if got := f.Keep(&s); got != tt.want {
			t.Errorf("%g trades, %g of %g: Keep %v, want %v", tt.trades, tt.profit, tt.deposit, got, tt.want)
		}
	}
	if !(Filters{}).Keep(&s) {
		t.Error("no filters dropped a pass")
	}
}
