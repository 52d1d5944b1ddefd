package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/passframes/passframes/frames"
)

func TestPrintImported(t *testing.T) {
	m := &frames.Manifest{
		Statistics: map[string]string{"sharpe_ratio": frames.ProvPrinted, "profit": frames.ProvDeals,
			"min_marginlevel": frames.ProvUnavailable, "z_score": frames.ProvPrinted},
		Extra:    map[string]float64{"z_score": -1.09, "holding_time_max_s": 104700},
		Warnings: []frames.Warning{{Kind: "unknown_labels", Count: 1, Message: "1 result label is in no label table: Foo"}},
	}
	var b bytes.Buffer
	if err := printImported(&b, t.TempDir(), m); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"printed:     sharpe_ratio\n", "deals:       profit\n", "unavailable: min_marginlevel\n",
		"z_score             -1.09", "holding_time_max_s  104700", "warning (unknown_labels): 1 result label"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	b.Reset()
	if err := printImported(&b, t.TempDir(), &frames.Manifest{}); err != nil || b.Len() != 0 {
		t.Errorf("a collected run printed %q", b.String())
	}
}

// TestPrintImportedSymbols: a run optimized over the symbol names the
// symbol behind each index of its symbol column.
func TestPrintImportedSymbols(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "import.json"), []byte(`{"kind": "mt5-xml", "symbols": ["EURUSD", "GBPUSD"]}`), 0o644)
	var b bytes.Buffer
	m := &frames.Manifest{Statistics: map[string]string{"profit": frames.ProvPrinted}}
	if err := printImported(&b, dir, m); err != nil || !strings.Contains(b.String(), "symbol: 0 = EURUSD, 1 = GBPUSD\n") {
		t.Errorf("output %q, %v", b.String(), err)
	}
}
