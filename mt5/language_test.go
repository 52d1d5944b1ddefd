package mt5

import (
	"bytes"
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/passframes/passframes/analysis"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/stats"
)

// withLabels is the hand-made report with result labels replaced.
func withLabels(t *testing.T, replace map[string]string) *Run {
	t.Helper()
	s := handReport()
	s.results = append([][2]string(nil), s.results...)
	for i, r := range s.results {
		if n, ok := replace[r[0]]; ok {
			s.results[i][0] = n
		}
	}
	data := buildReportHTML(s)
	r, err := parseReport(data, "ReportTester-1.html", ReportHTML)
	if err != nil {
		t.Fatal(err)
	}
	run, err := reportRun(r, ReportHTML, data)
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// TestUnknownLabel: one label changed to a word no table knows imports with
// a warning naming it; the statistic only it gives is unavailable (0 in the
// frame, "unavailable" in run.json, absent from import.json's statistics)
// and analyze leaves the criteria built on it, and their ranks, null.
func TestUnknownLabel(t *testing.T) {
	run := withLabels(t, map[string]string{"Sharpe Ratio:": "Scharfsinn:"})
	m := run.Manifest
	if len(m.Warnings) != 1 || m.Warnings[0].Kind != "unknown_labels" || m.Warnings[0].Count != 1 ||
		!strings.Contains(m.Warnings[0].Message, "Scharfsinn") {
		t.Fatalf("warnings %+v", m.Warnings)
	}
	if m.Statistics["sharpe_ratio"] != frames.ProvUnavailable || run.Passes[0].Back.Stats[stats.SharpeRatio] != 0 {
		t.Errorf("sharpe_ratio %v (%s)", run.Passes[0].Back.Stats[stats.SharpeRatio], m.Statistics["sharpe_ratio"])
	}
	for _, name := range run.Info.Statistics {
		if name == "sharpe_ratio" {
			t.Error("import.json lists sharpe_ratio as given")
		}
	}
	// Every other statistic is still there.
	if len(run.Info.Statistics) != stats.Count-1 || m.Statistics["recovery_factor"] != frames.ProvPrinted {
		t.Errorf("%d statistics available: %v", len(run.Info.Statistics), m.Statistics)
	}

	out := t.TempDir()
	dirs, err := Write([]*Run{run}, out, frames.New)
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
	c, err := res.Index("profit_x_sharpe_ratio")
	if err != nil {
		t.Fatal(err)
	}
	p := res.Passes[0]
	if p.Available[c] {
		t.Errorf("profit_x_sharpe_ratio is available: %v", p.Values[c])
	}
	k, _ := res.Index("profit_x_recovery_factor")
	if !p.Available[k] {
		t.Error("profit_x_recovery_factor is unavailable")
	}
	// The analysis table keeps the value null (the rank: analysis/nullrank_test.go).
	path := filepath.Join(dirs[0], "analysis.parquet")
	if err := res.WriteTableFile(path); err != nil {
		t.Fatal(err)
	}
	back, err := analysis.ReadTable(path, ds.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	if back.Passes[0].Available[c] || !back.Passes[0].Available[k] {
		t.Errorf("read back: available %v", back.Passes[0].Available[c])
	}
	var buf bytes.Buffer
	if err := res.WriteTable(&buf); err != nil || buf.Len() == 0 {
		t.Fatal(err)
	}
}

// TestUnknownLanguage: a report whose result labels are all in a language
// no table has imports what its layout gives: every statistic the deals
// define, and none of those only MT5 can compute; the warning names every
// label.
func TestUnknownLanguage(t *testing.T) {
	replace := map[string]string{}
	for _, r := range handReport().results {
		replace[r[0]] = "Étiquette " + strings.TrimSuffix(r[0], ":") + ":"
	}
	run := withLabels(t, replace)
	m := run.Manifest
	if len(m.Warnings) != 1 || m.Warnings[0].Count != int64(len(replace)) {
		t.Fatalf("warnings %+v", m.Warnings)
	}
	want := handStats()
	f := run.Passes[0].Back
	for i, name := range stats.Names {
		switch {
		case printedOnly[i]:
			if m.Statistics[name] != frames.ProvUnavailable || f.Stats[i] != 0 {
				t.Errorf("%s = %v (%s), want unavailable", name, f.Stats[i], m.Statistics[name])
			}
		case m.Statistics[name] != frames.ProvDeals || !agrees(f.Stats[i], want[i], 9):
			t.Errorf("%s = %v (%s), want %v from the deals", name, f.Stats[i], m.Statistics[name], want[i])
		}
	}
	if len(m.Extra) != 0 || m.Expert != "MovingAverage" || m.Timeframe != "H1" || len(m.Space) != 5 {
		t.Errorf("extra %v, settings %s %s %d", m.Extra, m.Expert, m.Timeframe, len(m.Space))
	}
}

// spanishOf is the label of the Spanish table for an English label.
func spanishOf(t *testing.T, english string) string {
	for es, en := range spanishLabels {
		if en == english {
			return es
		}
	}
	return ""
}

// TestSpanishLabels: the hand-made report with its labels as the Spanish
// table's source prints them reads as the English one: the same stored
// statistics, provenances and extra statistics. "Máximo de pérdidas
// consecutivas" names both loss runs, told apart by their values' order.
func TestSpanishLabels(t *testing.T) {
	replace := map[string]string{}
	for _, r := range handReport().results {
		en := strings.TrimSuffix(r[0], ":")
		switch es := spanishOf(t, en); {
		case es != "":
			replace[r[0]] = es + ":"
		case en == "Maximum consecutive losses ($)" || en == "Maximal consecutive loss (count)":
			replace[r[0]] = "Máximo de pérdidas consecutivas:"
		}
	}
	es := withLabels(t, replace)
	en := loadHandReport(t)
	if es.Passes[0].Back.Stats != en.Passes[0].Back.Stats || !reflect.DeepEqual(es.Manifest.Statistics, en.Manifest.Statistics) ||
		!reflect.DeepEqual(es.Reported.Values, en.Reported.Values) {
		t.Errorf("Spanish labels read differently:\n%v\n%v", es.Reported.Values, en.Reported.Values)
	}
	// Ticks, Z-Score, AHPR and LR Correlation stay English in a Spanish report.
	if len(es.Manifest.Warnings) != 0 || !reflect.DeepEqual(es.Manifest.Extra, en.Manifest.Extra) {
		t.Errorf("warnings %v, extra %v", es.Manifest.Warnings, es.Manifest.Extra)
	}
	for _, c := range []struct{ value, want string }{
		{"4 (-264.87)", "Maximum consecutive losses ($)"}, {"-264.87 (4)", "Maximal consecutive loss (count)"}, {"4 (5)", ""},
	} {
		if got, _ := englishLabel("Máximo de pérdidas consecutivas:", c.value); got != c.want {
			t.Errorf("%q read as %q, want %q", c.value, got, c.want)
		}
	}
}
