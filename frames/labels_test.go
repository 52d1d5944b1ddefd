package frames

import (
	"os"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// A labelled parameter column (MetaTrader's optimization over the Symbol)
// is a string column in the file, and reads back as the label's index.
func TestLabelledColumnIsAStringColumn(t *testing.T) {
	dir := t.TempDir()
	m := &Manifest{Format: FormatVersion, Expert: "EA", Symbol: "EURUSD", Timeframe: "H1",
		Columns: []Column{{Name: "symbol", Integer: true, Labels: []string{"EURUSD", "GBPUSD", "USDJPY"}}, {Name: "Lots"}}}
	w, _, err := Create(dir, m, New)
	if err != nil {
		t.Fatal(err)
	}
	for pass, sym := range []float64{2, 0, 1} {
		f := &Frame{Pass: int64(pass), Period: Back, Params: []float64{sym, 0.1}, EquityMode: "min_max"}
		if err := w.WritePass(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	ds, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []float64
	if err := ds.Scan(func(f *Frame) error { got = append(got, f.Params[0]); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0] != 2 || got[1] != 0 || got[2] != 1 {
		t.Fatalf("symbol values read back %v, want [2 0 1]", got)
	}
	// What a notebook sees: a string column holding the symbol names.
	fh, err := os.Open(ds.Parts[0])
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	st, _ := fh.Stat()
	pf, err := parquet.OpenFile(fh, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	leaf, ok := pf.Schema().Lookup("symbol")
	lt := leaf.Node.Type().LogicalType()
	if _, isString := logicalValue(lt).(*format.StringType); !ok || leaf.Node.Type().Kind() != parquet.ByteArray || !isString {
		t.Fatalf("column symbol is %v, want a string column", leaf.Node.Type())
	}
	rows := make([]parquet.Row, 3)
	n, _ := pf.RowGroups()[0].Rows().ReadRows(rows)
	var names []string
	for _, r := range rows[:n] {
		for _, v := range r {
			if v.Column() == leaf.ColumnIndex {
				names = append(names, v.String())
			}
		}
	}
	if len(names) != 3 || names[0] != "USDJPY" || names[1] != "EURUSD" || names[2] != "GBPUSD" {
		t.Fatalf("symbol column holds %v, want [USDJPY EURUSD GBPUSD]", names)
	}
}

func logicalValue(lt *format.LogicalType) format.LogicalTypeValue {
	if lt == nil {
		return nil
	}
	return lt.Value
}

func TestLabelOutOfRangeIsEmpty(t *testing.T) {
	c := Column{Name: "symbol", Labels: []string{"A", "B"}}
	for _, v := range []float64{-1, 2, 0.5} {
		if got := c.Label(v); got != "" {
			t.Errorf("Label(%g) = %q, want empty", v, got)
		}
	}
	if c.Label(1) != "B" {
		t.Error("Label(1) != B")
	}
}
