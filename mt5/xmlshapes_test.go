package mt5

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/passframes/passframes/analysis"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/stats"
)

// TestXMLEmptyCells imports testdata/empty-cells.xml: passes 1 and 3 have
// no trades and an empty Profit Factor (one as an empty Data element, one
// as an empty Cell). All four passes import; the profit factor is
// unavailable for those two, and analyze leaves its criteria null there.
func TestXMLEmptyCells(t *testing.T) {
	runs, err := Load([]string{filepath.Join("testdata", "empty-cells.xml")})
	if err != nil {
		t.Fatal(err)
	}
	r := runs[0]
	if len(r.Passes) != 4 {
		t.Fatalf("%d passes, want 4", len(r.Passes))
	}
	if want := map[string][]int64{"profit_factor": {1, 3}}; !reflect.DeepEqual(r.Info.Unavailable, want) {
		t.Errorf("unavailable %v, want %v", r.Info.Unavailable, want)
	}
	if len(r.Manifest.Warnings) != 1 || r.Manifest.Warnings[0].Kind != "empty_cells" || r.Manifest.Warnings[0].Count != 2 {
		t.Errorf("warnings %+v", r.Manifest.Warnings)
	}
	if pf := r.Passes[2].Back.Stats[stats.ProfitFactor]; pf != 1.25 || r.Passes[1].Back.Stats[stats.ProfitFactor] != 0 {
		t.Errorf("profit factors %v, %v", pf, r.Passes[1].Back.Stats[stats.ProfitFactor])
	}
	if r.Manifest.Statistics["profit_factor"] != frames.ProvPrinted || r.Manifest.Statistics["gross_profit"] != frames.ProvUnavailable {
		t.Errorf("provenance %v", r.Manifest.Statistics)
	}

	dirs, err := Write(runs, t.TempDir(), frames.New)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := frames.Open(dirs[0])
	if err != nil {
		t.Fatal(err)
	}
	res, err := analysis.Run(context.Background(), ds, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := res.Index("profit_factor")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Passes {
		want := p.Pass == 0 || p.Pass == 2
		if p.Available[c] != want {
			t.Errorf("pass %d: profit_factor available %v, want %v", p.Pass, p.Available[c], want)
		}
	}
}

// TestXMLSymbols imports testdata/symbols.xml, an optimization over the
// symbol: one row per symbol and no input column. The "symbol" column is a
// string column of the names; a pass's parameter value is the name's index.
func TestXMLSymbols(t *testing.T) {
	dir := t.TempDir()
	runs, err := Load([]string{filepath.Join("testdata", "symbols.xml")})
	if err != nil {
		t.Fatal(err)
	}
	r := runs[0]
	if len(r.Passes) != 3 {
		t.Fatalf("%d passes, want 3", len(r.Passes))
	}
	if want := []string{"EURUSD", "GBPUSD", "USDJPY"}; !reflect.DeepEqual(r.Info.Symbols, want) {
		t.Errorf("symbols %v", r.Info.Symbols)
	}
	if len(r.Manifest.Columns) != 1 || r.Manifest.Columns[0].Name != "symbol" || !r.Manifest.Columns[0].Integer ||
		!r.Manifest.Space[0].Optimize || r.Manifest.Space[0].Stop != 2 {
		t.Errorf("columns %+v, space %+v", r.Manifest.Columns, r.Manifest.Space)
	}
	if want := []string{"EURUSD", "GBPUSD", "USDJPY"}; !reflect.DeepEqual(r.Manifest.Columns[0].Labels, want) {
		t.Errorf("the symbol column's labels are %v, want %v: the dataset holds the names as strings", r.Manifest.Columns[0].Labels, want)
	}
	dirs, err := Write(runs, dir, frames.New)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := frames.Open(dirs[0])
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]float64{}
	ds.Scan(func(f *frames.Frame) error {
		got[f.Pass] = f.Params[0]
		if f.Pass == 2 && f.Stats[stats.Profit] != 310 {
			t.Errorf("pass 2 profit %v", f.Stats[stats.Profit])
		}
		return nil
	})
	if want := map[int64]float64{0: 0, 1: 1, 2: 2}; !reflect.DeepEqual(got, want) {
		t.Errorf("symbol column %v, want %v", got, want)
	}
	if !strings.Contains(strings.Join(r.Info.Notes, "\n"), "EURUSD, GBPUSD, USDJPY") {
		t.Errorf("notes %q", r.Info.Notes)
	}
}
