package mt5

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/stats"
)

var xmlHeader = []string{"Pass", "Result", "Profit", "Expected Payoff", "Profit Factor", "Recovery Factor",
	"Sharpe Ratio", "Custom", "Equity DD %", "Trades", "MovingPeriod", "MaximumRisk", "UseFilter", "Mode"}

func backXML() xmlSpec {
	return xmlSpec{title: "Moving Average EURUSD,H1 2024.01.01-2024.06.30", deposit: "10000 USD", header: xmlHeader,
		rows: [][]string{
			{"0", "10250", "250", "12.5", "1.8", "2.5", "0.9", "0", "1.5", "20", "10", "0.02", "true", "fast"},
			{"1", "9900", "-100", "-4", "0.8", "-0.5", "-0.2", "0", "3.25", "25", "12", "0.02", "false", "fast"},
			{"2", "10400", "400", "10", "1.7976931348623157e+308", "4", "1.1", "0", "0.8", "40", "16", "0.05", "true", "slow"},
		}}
}

func forwardXML() xmlSpec {
	h := append([]string{"Pass", "Forward Result", "Back Result"}, xmlHeader[2:]...)
	return xmlSpec{title: "Moving Average EURUSD,H1 2024.07.01-2024.12.31", deposit: "10000 USD", header: h,
		rows: [][]string{
			{"2", "10100", "10400", "100", "10", "1.2", "1", "0.5", "0", "1", "10", "16", "0.05", "true", "slow"},
			{"0", "9950", "10250", "-50", "-5", "0.7", "-1", "-0.1", "0", "2", "10", "10", "0.02", "true", "fast"},
		}}
}

func writeFile(t *testing.T, path string, data []byte) string {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestXMLBackAndForward(t *testing.T) {
	dir := t.TempDir()
	back := writeFile(t, filepath.Join(dir, "ReportOptimizer-1.xml"), []byte(buildXML(backXML())))
	// The forward file is UTF-16LE with a BOM, found beside the back one.
	writeFile(t, filepath.Join(dir, "ReportOptimizer-1.forward.xml"), utf16LE(buildXML(forwardXML())))
	runs, err := Load([]string{back})
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 1 {
		t.Fatalf("%d runs, want 1", len(runs))
	}
	r := runs[0]
	m := r.Manifest
	jan1, jul1, jan2025 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	if m.Source != "mt5-xml" || m.Expert != "Moving Average" || m.Symbol != "EURUSD" || m.Timeframe != "H1" ||
		!m.Periods.BackFrom.Equal(jan1) || !m.Periods.BackTo.Equal(jul1) || m.Periods.ForwardTo == nil || !m.Periods.ForwardTo.Equal(jan2025) {
		t.Errorf("manifest %+v %+v", m, m.Periods)
	}
	// Ranges inferred from the values seen in both files: MovingPeriod 10,
	// 12, 16 → 10..16 step 2; MaximumRisk 0.02, 0.05 → step 0.03.
	wantSpace := []optimize.Param{
		{Name: "MovingPeriod", Type: optimize.Int, Value: 10, Start: 10, Step: 2, Stop: 16, Optimize: true},
		{Name: "MaximumRisk", Type: optimize.Double, Value: 0.02, Start: 0.02, Step: 0.03, Stop: 0.05, Optimize: true},
		{Name: "UseFilter", Type: optimize.Bool, Value: 1, Start: 0, Step: 1, Stop: 1, Optimize: true},
	}
	if !reflect.DeepEqual(optimize.FromManifest(m.Space), wantSpace) {
		t.Errorf("space\n got %+v\nwant %+v", m.Space, wantSpace)
	}
	if len(r.Passes) != 3 || r.Passes[1].Forward != nil {
		t.Fatalf("passes %+v", r.Passes)
	}
	p2 := r.Passes[2]
	if p2.Back.Pass != 2 || p2.Forward == nil || p2.Forward.Pass != 2 || p2.Forward.Period != frames.Forward {
		t.Fatalf("pass 2 %+v", p2)
	}
	if !reflect.DeepEqual(p2.Back.Params, []float64{16, 0.05, 1}) {
		t.Errorf("params %v", p2.Back.Params)
	}
	want := map[int]float64{stats.InitialDeposit: 10000, stats.Profit: 400, stats.ExpectedPayoff: 10,
		stats.ProfitFactor: stats.MaxFloat, stats.RecoveryFactor: 4, stats.SharpeRatio: 1.1, stats.EquityDDPercent: 0.8, stats.Trades: 40}
	for i, v := range p2.Back.Stats {
		if v != want[i] {
			t.Errorf("back %s = %v, want %v", stats.Names[i], v, want[i])
		}
	}
	if f := p2.Forward.Stats; f[stats.Profit] != 100 || f[stats.SharpeRatio] != 0.5 || f[stats.EquityDDPercent] != 1 || f[stats.Trades] != 10 {
		t.Errorf("forward stats %v", f)
	}
	notes := strings.Join(r.Info.Notes, "\n")
	if !strings.Contains(notes, "Mode") || r.Info.Points || len(r.Info.Files) != 2 {
		t.Errorf("info %+v", r.Info)
	}
	wantStats := []string{"initial_deposit", "profit", "expected_payoff", "profit_factor", "recovery_factor",
		"sharpe_ratio", "custom_ontester", "equitydd_percent", "trades"}
	if !reflect.DeepEqual(r.Info.Statistics, wantStats) {
		t.Errorf("statistics %v", r.Info.Statistics)
	}

	// Given the forward file, the pair is found the other way round, once.
	runs2, err := Load([]string{filepath.Join(dir, "ReportOptimizer-1.forward.xml"), back})
	if err != nil {
		t.Fatal(err)
	}
	if len(runs2) != 1 || len(runs2[0].Passes) != 3 || runs2[0].Passes[0].Forward == nil {
		t.Errorf("from the forward file: %d runs", len(runs2))
	}
}

func TestXMLForwardAlone(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, filepath.Join(dir, "Opt.forward.xml"), []byte(buildXML(forwardXML())))
	runs, err := Load([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range runs[0].Passes {
		if p.Back != nil || p.Forward == nil || p.Forward.Period != frames.Forward {
			t.Errorf("pass %+v", p)
		}
	}
}

func TestXMLErrors(t *testing.T) {
	cases := []struct {
		name string
		xml  string
		line int
		msg  string
	}{
		{"malformed", strings.Replace(buildXML(backXML()), "</Row>", "</Rox>", 2), 0, "malformed XML"},
		{"no pass column", strings.Replace(buildXML(backXML()), ">Pass<", ">Passe<", 1), 0, "no Pass column"},
		{"bad number", strings.Replace(buildXML(backXML()), ">-100<", ">-1OO<", 1), 0, "profit"},
		{"bad pass", strings.Replace(buildXML(backXML()), ">1<", ">one<", 1), 0, "not a pass number"},
		{"duplicate pass", strings.Replace(buildXML(backXML()), ">2<", ">1<", 1), 0, "already on line"},
		{"not a workbook", "<?xml version=\"1.0\"?>\n<Book xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"/>", 2, "root element"},
		{"missing cell", strings.Replace(buildXML(backXML()), "<Cell><Data ss:Type=\"Number\">-4</Data></Cell>", "", 1), 0, "no input Mode value"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sh, err := parseSpreadsheet([]byte(c.xml), "bad.xml")
			if err == nil {
				_, err = readXMLTable(sh, "bad.xml")
			}
			var fe *FormatError
			if !errors.As(err, &fe) || fe.Line < 1 || !strings.Contains(fe.Msg, c.msg) || (c.line > 0 && fe.Line != c.line) {
				t.Errorf("error %v, want a line and %q", err, c.msg)
			}
		})
	}
	// The line of a bad cell is its row's line.
	x := strings.Replace(buildXML(backXML()), ">-100<", ">x<", 1)
	_, err := readXMLTable(mustSheet(t, x), "bad.xml")
	var fe *FormatError
	if !errors.As(err, &fe) || !strings.Contains(strings.Split(x, "\n")[fe.Line-1], "<Row>") {
		t.Errorf("error %v does not point at the row", err)
	}
}

func mustSheet(t *testing.T, x string) *sheet {
	t.Helper()
	sh, err := parseSpreadsheet([]byte(x), "t.xml")
	if err != nil {
		t.Fatal(err)
	}
	return sh
}

// TestXMLForwardMismatch: a forward row whose inputs differ from its back
// row's is refused.
func TestXMLForwardMismatch(t *testing.T) {
	dir := t.TempDir()
	back := writeFile(t, filepath.Join(dir, "O.xml"), []byte(buildXML(backXML())))
	f := forwardXML()
	f.rows[0][11] = "14"
	writeFile(t, filepath.Join(dir, "O.forward.xml"), []byte(buildXML(f)))
	_, err := Load([]string{back})
	var fe *FormatError
	if !errors.As(err, &fe) || !strings.Contains(fe.Msg, "pass 2: MovingPeriod is 14 here and 16") {
		t.Errorf("error %v", err)
	}
}

func TestInferRange(t *testing.T) {
	p := inferRange("X", optimize.Double, []float64{0.3, 0.1, 0.2, 0.1})
	if p.Start != 0.1 || p.Stop != 0.3 || p.Step != 0.1 || !p.Optimize || p.Value != 0.3 {
		t.Errorf("%+v", p)
	}
	p = inferRange("N", optimize.Int, []float64{5})
	if p.Optimize || p.Start != 5 || p.Stop != 5 || p.Step != 1 {
		t.Errorf("%+v", p)
	}
	if math.IsNaN(inferRange("E", optimize.Double, nil).Step) {
		t.Error("NaN step")
	}
}

func TestTitleParts(t *testing.T) {
	e, s, tf, from, to, ok := titleParts("Moving Average EURUSD.m,M15 2020.01.01-2020.12.31")
	if !ok || e != "Moving Average" || s != "EURUSD.m" || tf != "M15" || from.Year() != 2020 || to.Day() != 31 {
		t.Errorf("%q %q %q %v %v %v", e, s, tf, from, to, ok)
	}
	if _, _, _, _, _, ok := titleParts("Optimization results"); ok {
		t.Error("a title without symbol and timeframe parsed")
	}
}
