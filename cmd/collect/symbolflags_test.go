package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/rescale"
)

// writeLike writes the sample rescaled like l into dir as SYMBOL_H1.csv,
// cut to its first n bars to keep the runs short.
func writeLike(t *testing.T, dir string, l rescale.Like, n int) string {
	t.Helper()
	s, err := rescale.Sample(l)
	if err != nil {
		t.Fatal(err)
	}
	s = s.Range(0, n)
	path := filepath.Join(dir, l.Symbol+"_H1.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := rescale.WriteMT5(f, s, l.Digits); err != nil {
		t.Fatal(err)
	}
	return path
}

var smallGrid = []string{"--param", "MovingPeriod=10:30:10", "--param", "MovingShift=3"}

func manifestOf(t *testing.T, dir, run string) *frames.Manifest {
	t.Helper()
	m, err := frames.ReadManifest(filepath.Join(dir, "runs", run))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// bestProfit reads "best     profit = X" from collect's output.
func bestProfit(t *testing.T, out string) float64 {
	t.Helper()
	m := regexp.MustCompile(`best +profit = (-?[0-9.]+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no best profit in:\n%s", out)
	}
	v, _ := strconv.ParseFloat(m[1], 64)
	return v
}

// TestUSDJPYRunInDollars: a USDJPY file on the default USD account is
// inferred as 3 digits, USD/JPY and converted by its own price; run.json
// says so, and the best profit is of the size of the deposit, not 150
// times it.
func TestUSDJPYRunInDollars(t *testing.T) {
	dir := t.TempDir()
	data := writeLike(t, dir, rescale.USDJPY, 3000)
	out, code := runBinary(t, dir, append([]string{"--data", data}, smallGrid...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	if p := bestProfit(t, out); p <= -10000 || p >= 10000 {
		t.Errorf("best profit %g on a 10000 USD deposit", p)
	}
	if strings.Contains(out, "warning:") {
		t.Errorf("warnings on a plain USDJPY run:\n%s", out)
	}
	m := manifestOf(t, dir, "MovingAverage.USDJPY.H1")
	s := m.SymbolSpec
	if m.Account == nil || m.Account.Currency != "USD" || s == nil || s.Digits != 3 || s.BaseCurrency != "USD" ||
		s.ProfitCurrency != "JPY" || s.Source["profit_currency"] != "inferred" || len(m.Rates) != 0 {
		t.Errorf("account %+v, symbol %+v, rates %+v", m.Account, s, m.Rates)
	}
}

// TestCrossNeedsRate: EURGBP on a USD account needs a GBP→USD rate; without
// one the error says which to give, with a fixed one the run is marked
// approximate, with a series run.json names its file.
func TestCrossNeedsRate(t *testing.T) {
	dir := t.TempDir()
	data := writeLike(t, dir, rescale.EURGBP, 2000)
	out, code := runBinary(t, dir, append([]string{"--data", data}, smallGrid...)...)
	if code == 0 || !strings.Contains(out, "--rate GBPUSD=FILE") || strings.Count(strings.TrimSpace(out), "\n") != 0 {
		t.Errorf("no rate: exit %d, %s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "runs")); err == nil {
		t.Error("something was written")
	}

	out, code = runBinary(t, dir, append([]string{"--data", data, "--rate", "GBPUSD=1.27"}, smallGrid...)...)
	if code != 0 || !strings.Contains(out, "approximate") {
		t.Fatalf("fixed rate: exit %d, %s", code, out)
	}
	m := manifestOf(t, dir, "MovingAverage.EURGBP.H1")
	if len(m.Rates) != 1 || m.Rates[0].Pair != "GBPUSD" || m.Rates[0].Fixed != 1.27 || len(m.Warnings) == 0 || m.Warnings[0].Kind != "rate" {
		t.Errorf("rates %+v warnings %+v", m.Rates, m.Warnings)
	}

	rates := writeLike(t, dir, rescale.Like{Symbol: "GBPUSD", Level: 1.27, Digits: 5}, 2000)
	out, code = runBinary(t, dir, append([]string{"--data", data, "--rate", "gbpusd=" + rates, "--overwrite"}, smallGrid...)...)
	if code != 0 || strings.Contains(out, "approximate") {
		t.Fatalf("rate series: exit %d, %s", code, out)
	}
	m = manifestOf(t, dir, "MovingAverage.EURGBP.H1")
	if len(m.Rates) != 1 || m.Rates[0].Source != rates || len(m.Rates[0].SHA256) != 64 {
		t.Errorf("rates %+v", m.Rates)
	}
}

// TestSymbolSpecFile: a specification file's table for the data's symbol is
// used and recorded with its source; a bad file is one error naming its
// line and column.
func TestSymbolSpecFile(t *testing.T) {
	dir := t.TempDir()
	data := writeLike(t, dir, rescale.US30, 2000)
	spec := filepath.Join(dir, "symbols.toml")
	os.WriteFile(spec, []byte("[GOOG]\npreset = \"stock\"\n\n[US30]\npreset = \"index\"\nvolume_min = 0.01\nvolume_step = 0.01\n"), 0o644)
	out, code := runBinary(t, dir, append([]string{"--data", data, "--symbol-spec", spec}, smallGrid...)...)
	if code != 0 || strings.Contains(out, "warning:") {
		t.Fatalf("exit %d: %s", code, out)
	}
	s := manifestOf(t, dir, "MovingAverage.US30.H1").SymbolSpec
	if s.ContractSize != 1 || s.VolumeMin != 0.01 || s.Source["volume_min"] != "file:"+spec || s.Source["contract_size"] != "preset:index" {
		t.Errorf("symbol %+v", s)
	}

	os.WriteFile(spec, []byte("[US30]\ncontract_size = 1\nvolume_min = 0\n"), 0o644)
	out, code = runBinary(t, t.TempDir(), append([]string{"--data", data, "--symbol-spec", spec}, smallGrid...)...)
	if code == 0 || !strings.Contains(out, spec+":3:1: [US30] volume_min") {
		t.Errorf("bad spec: exit %d, %s", code, out)
	}
	out, code = runBinary(t, t.TempDir(), append([]string{"--data", data, "--symbol-preset", "bond"}, smallGrid...)...)
	if code == 0 || !strings.Contains(out, "fx-jpy") {
		t.Errorf("bad preset: exit %d, %s", code, out)
	}
}

// TestIndexWithoutSpecWarnsOnStderr: US30-like bars with no specification
// end with warnings that say what to do.
func TestIndexWithoutSpecWarnsOnStderr(t *testing.T) {
	dir := t.TempDir()
	data := writeLike(t, dir, rescale.US30, 2000)
	out, code := runBinary(t, dir, append([]string{"--data", data}, smallGrid...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	for _, want := range []string{"warning: US30 does not look like a currency pair", "made no trade", "what to do: give --symbol-preset"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, code = runBinary(t, dir, append([]string{"--data", data, "--symbol-preset", "index", "--overwrite"}, smallGrid...)...)
	if code != 0 || strings.Contains(out, "warning:") || bestProfit(t, out) == 0 {
		t.Errorf("index preset: exit %d, %s", code, out)
	}
}

// TestLongRunRefused: a grid of a billion passes, estimated at far more
// than 24 hours however fast the machine, is refused
// before anything is written, and the error names --yes.
func TestLongRunRefused(t *testing.T) {
	dir := t.TempDir()
	// 10^10 passes: far over the limit however fast a pass is (with 10^9 a
	// fast tester on an idle machine came near the 24 hours, and the run started).
	out, code := runBinary(t, dir, "--param", "MovingPeriod=1:100000:1", "--param", "MovingShift=0:100000:1", "--workers", "2")
	if code == 0 || !strings.Contains(out, "estimated to take") || !strings.Contains(out, "--yes") {
		t.Errorf("exit %d: %s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "runs")); err == nil {
		t.Error("something was written")
	}
}
