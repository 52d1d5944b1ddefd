package mt5

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/stats"
)

// xlsxOf lays the rows of an HTML report out as a workbook.
func xlsxOf(html []byte) []byte {
	text, _ := decodeText(html)
	var rows [][]string
	for _, r := range htmlRows(text) {
		var cells []string
		for _, c := range r.Cells {
			for len(cells) < c.Col {
				cells = append(cells, "")
			}
			cells = append(cells, c.Text)
		}
		rows = append(rows, cells)
	}
	return buildXLSX(rows)
}

// testFiles writes one file of every kind into dir, under names that do not
// give their kind away, each for a different run directory.
func testFiles(t *testing.T, dir string) map[Kind]string {
	t.Helper()
	opt := testOptSpec()
	opt.expert = "MACache"
	xlsx := handReport()
	xlsx.expert = "MAWorkbook"
	return map[Kind]string{
		OptCache:   writeFile(t, filepath.Join(dir, "cache.bin"), buildOpt(opt)),
		ReportHTML: writeFile(t, filepath.Join(dir, "report.txt"), buildReportHTML(handReport())),
		OptXML:     writeFile(t, filepath.Join(dir, "results.xml"), []byte(buildXML(backXML()))),
		MQD:        writeFile(t, filepath.Join(dir, "MA.GBPUSD.M15.dat"), buildMQD(testMQDFrames()...)),
		ReportXLSX: writeFile(t, filepath.Join(dir, "report.zip"), xlsxOf(buildReportHTML(xlsx))),
	}
}

func TestDetect(t *testing.T) {
	files := testFiles(t, t.TempDir())
	for want, path := range files {
		if got, err := Detect(path); got != want || err != nil {
			t.Errorf("Detect(%s) = %v, %v; want %v", filepath.Base(path), got, err, want)
		}
	}
	dir := t.TempDir()
	for name, data := range map[string][]byte{
		"empty":       nil,
		"text.txt":    []byte("hello"),
		"html.html":   []byte("<p>not a document</p>"),
		"other.xml":   []byte("<?xml version=\"1.0\"?><rss/>"),
		"short.bin":   make([]byte, 300),
		"utf16bad.mq": {0xFF, 0xFE, 0x41},
	} {
		path := writeFile(t, filepath.Join(dir, name), data)
		if k, err := Detect(path); err == nil {
			t.Errorf("Detect(%s) = %v, want an error", name, k)
		}
	}
	// A UTF-16 report whose head is cut in the middle of a code unit, and
	// an .mqd too short to judge by content but named .mqd.
	if k := detectBytes(buildReportHTML(handReport())[:101]); k != ReportHTML {
		t.Errorf("cut UTF-16 head detected as %v", k)
	}
	if k, _ := Detect(writeFile(t, filepath.Join(dir, "x.mqd"), make([]byte, 10))); k != MQD {
		t.Errorf(".mqd by name: %v", k)
	}
	if _, err := Detect(filepath.Join(dir, "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestImportEveryKind(t *testing.T) {
	dir := t.TempDir()
	files := testFiles(t, dir)
	out := filepath.Join(dir, "runs")
	paths := []string{files[OptCache], files[ReportHTML], files[OptXML], files[MQD], files[ReportXLSX]}
	dirs, err := Import(paths, out, frames.New)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		dir, source string
		rows        int
		points      bool
	}{
		{"MACache.EURUSD.H1", "mt5-opt", 2, false},
		{"MovingAverage.EURUSD.H1", "mt5-report", 1, true},
		{"Moving Average.EURUSD.H1", "mt5-xml", 3, false},
		{"MA.GBPUSD.M15", "mt5-mqd", 4, true},
		{"MAWorkbook.EURUSD.H1", "mt5-report", 1, true},
	}
	if len(dirs) != len(want) {
		t.Fatalf("dirs %v", dirs)
	}
	for i, w := range want {
		if dirs[i] != filepath.Join(out, w.dir) {
			t.Errorf("dir %d = %s, want %s", i, dirs[i], w.dir)
			continue
		}
		ds, err := frames.Open(dirs[i])
		if err != nil {
			t.Fatal(err)
		}
		if ds.Manifest.Source != w.source || ds.Manifest.Program != Program {
			t.Errorf("%s: source %s", w.dir, ds.Manifest.Source)
		}
		rows, withPoints := 0, 0
		err = ds.Scan(func(f *frames.Frame) error {
			rows++
			if len(f.Balance) > 0 {
				withPoints++
			}
			if len(f.Balance) != len(f.Equity) {
				t.Errorf("%s pass %d: %d balance and %d equity points", w.dir, f.Pass, len(f.Balance), len(f.Equity))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if rows != w.rows || (withPoints == rows) != w.points || (withPoints == 0) == w.points {
			t.Errorf("%s: %d rows, %d with points; want %d rows, points %v", w.dir, rows, withPoints, w.rows, w.points)
		}
		info, err := ReadImportInfo(dirs[i])
		if err != nil || info.Kind != w.source || info.Points != w.points {
			t.Errorf("%s: import info %+v, %v", w.dir, info, err)
		}
		_, err = ReadReported(dirs[i])
		if isReport := w.source == "mt5-report"; isReport == errors.Is(err, ErrNotReport) {
			t.Errorf("%s: reported.json: %v", w.dir, err)
		}
	}
}

// TestImportAtomic: a bad file among good ones, or a run directory already
// in use, stops the import before anything is written.
func TestImportAtomic(t *testing.T) {
	dir := t.TempDir()
	files := testFiles(t, dir)
	bad := writeFile(t, filepath.Join(dir, "bad.opt"), buildOpt(testOptSpec())[:2000])
	out := filepath.Join(dir, "runs")
	_, err := Import([]string{files[ReportHTML], files[MQD], bad}, out, frames.New)
	var fe *FormatError
	if !errors.As(err, &fe) || fe.File != bad {
		t.Fatalf("error %v, want a FormatError on %s", err, bad)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s exists after a failed import", out)
	}

	// Two inputs for one run directory.
	opt := testOptSpec() // MovingAverage EURUSD H1, as the report
	same := writeFile(t, filepath.Join(dir, "same.opt"), buildOpt(opt))
	if _, err := Import([]string{files[ReportHTML], same}, out, frames.New); err == nil || !strings.Contains(err.Error(), "would both be written") {
		t.Errorf("two runs into one directory: %v", err)
	}

	// A run directory in use, with mode New: nothing is written, not even
	// the other runs.
	if _, err := Import([]string{files[MQD]}, out, frames.New); err != nil {
		t.Fatal(err)
	}
	_, err = Import([]string{files[ReportHTML], files[MQD]}, out, frames.New)
	if err == nil || !strings.Contains(err.Error(), "already holds a run") {
		t.Errorf("existing run: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "MovingAverage.EURUSD.H1")); !errors.Is(err, os.ErrNotExist) {
		t.Error("the report's run was written although the import failed")
	}
}

// TestWriteRollback makes writing fail half way (a run whose frames the
// dataset refuses) and checks that what was written is removed.
func TestWriteRollback(t *testing.T) {
	dir := t.TempDir()
	files := testFiles(t, dir)
	out := filepath.Join(dir, "runs")
	// An existing run in a directory the import will overwrite.
	if _, err := Import([]string{files[MQD]}, out, frames.New); err != nil {
		t.Fatal(err)
	}
	runs, err := Load([]string{files[ReportHTML], files[MQD]})
	if err != nil {
		t.Fatal(err)
	}
	// A new pass with a parameter the dataset has no column for.
	bad := *runs[1].Passes[0].Back
	bad.Pass, bad.Params = 999, []float64{1}
	runs[1].Passes = append(runs[1].Passes, Pass{Back: &bad})
	_, err = Write(runs, out, frames.Resume)
	if err == nil {
		t.Fatal("Write accepted a frame with a parameter the dataset does not have")
	}
	if _, err := os.Stat(filepath.Join(out, "MovingAverage.EURUSD.H1")); !errors.Is(err, os.ErrNotExist) {
		t.Error("the first run's new directory was left behind")
	}
	// The existing run is as it was: its manifest and its one part file.
	parts, _ := frames.Parts(filepath.Join(out, "MA.GBPUSD.M15"))
	if _, err := frames.Open(filepath.Join(out, "MA.GBPUSD.M15")); err != nil || len(parts) != 1 {
		t.Errorf("the existing run was damaged: %v, parts %v", err, parts)
	}

	// With Overwrite the old run is deleted first; a failure then leaves no
	// half-written run in its place (no manifest without its frames).
	if _, err := Write(runs, out, frames.Overwrite); err == nil {
		t.Fatal("Write accepted the bad frame with Overwrite")
	}
	if _, err := os.Stat(filepath.Join(out, "MA.GBPUSD.M15", frames.ManifestName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a manifest was left after a failed overwrite: %v", err)
	}
	if parts, _ := frames.Parts(filepath.Join(out, "MA.GBPUSD.M15")); len(parts) != 0 {
		t.Errorf("parts left after a failed overwrite: %v", parts)
	}
}

func TestImportModes(t *testing.T) {
	dir := t.TempDir()
	files := testFiles(t, dir)
	out := filepath.Join(dir, "runs")
	for _, mode := range []frames.Mode{frames.New, frames.Resume, frames.Overwrite} {
		dirs, err := Import([]string{files[OptXML]}, out, mode)
		if err != nil {
			t.Fatalf("mode %d: %v", mode, err)
		}
		ds, _ := frames.Open(dirs[0])
		ids, err := ds.PassIDs()
		if err != nil || len(ids) != 3 {
			t.Errorf("mode %d: pass ids %v, %v", mode, ids, err)
		}
		parts, _ := frames.Parts(dirs[0])
		if len(parts) != 1 { // Resume adds nothing: every pass is stored
			t.Errorf("mode %d: parts %v", mode, parts)
		}
	}
}

func TestExportSet(t *testing.T) {
	space := []optimize.Param{
		{Name: "MovingPeriod", Type: optimize.Int, Value: 12, Start: 10, Step: 2, Stop: 14, Optimize: true},
		{Name: "MaximumRisk", Type: optimize.Double, Value: 0.02, Start: 0.01, Step: 0.01, Stop: 0.03, Optimize: true},
		{Name: "UseFilter", Type: optimize.Bool, Value: 1, Step: 1},
	}
	var buf bytes.Buffer
	if err := ExportSet(&buf, space, []float64{14, 0.03, 0}); err != nil {
		t.Fatal(err)
	}
	want := "; parameter set written by passframes\r\n" +
		"MovingPeriod=14||10||2||14||Y\r\n" +
		"MaximumRisk=0.03||0.01||0.01||0.03||Y\r\n" +
		"UseFilter=false||false||1||false||N\r\n"
	if buf.String() != want {
		t.Errorf("set file\n%q\nwant\n%q", buf.String(), want)
	}
	back, err := optimize.ReadSet(&buf, "best.set")
	if err != nil || back[0].Value != 14 || back[1].Value != 0.03 || back[2].Value != 0 {
		t.Errorf("read back %+v, %v", back, err)
	}
	if err := ExportSet(&buf, space, []float64{1}); err == nil {
		t.Error("ExportSet accepted 1 value for 3 parameters")
	}
	if space[0].Value != 12 {
		t.Error("ExportSet changed the space it was given")
	}
}

func TestExportPass(t *testing.T) {
	dir := t.TempDir()
	files := testFiles(t, dir)
	dirs, err := Import([]string{files[OptCache]}, filepath.Join(dir, "runs"), frames.New)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ExportPass(&buf, dirs[0], 7); err != nil {
		t.Fatal(err)
	}
	params, err := optimize.ReadSet(&buf, "pass7.set")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	var names []string
	for _, p := range params {
		got[p.Name] = p.Value
		names = append(names, p.Name)
	}
	sort.Strings(names)
	// Pass 7's optimized values (14, 0.03, 1) and the fixed ones.
	want := map[string]float64{"MovingPeriod": 14, "MaximumRisk": 0.03, "UseFilter": 1, "Shift": -3, "Threshold": 1}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("set %v, want %v", got, want)
	}
	if err := ExportPass(&buf, dirs[0], 99); err == nil || !strings.Contains(err.Error(), "no back frame of pass 99") {
		t.Errorf("missing pass: %v", err)
	}
}

// TestImportedStatsFinite: no NaN or infinity reaches a file, whatever the
// input holds (a cache may hold NaN).
func TestImportedStatsFinite(t *testing.T) {
	s := testOptSpec()
	s.passes[0].doubles[22] = nan()
	s.passes[1].doubles[22] = inf()
	c, err := parseOpt(buildOpt(s), "x.opt")
	if err != nil {
		t.Fatal(err)
	}
	if c.Passes[0].Stats[stats.ProfitFactor] != 0 || c.Passes[1].Stats[stats.ProfitFactor] != stats.MaxFloat {
		t.Errorf("profit factor %v %v", c.Passes[0].Stats[stats.ProfitFactor], c.Passes[1].Stats[stats.ProfitFactor])
	}
}

// Two reports of the same expert, symbol and timeframe imported one after
// the other: the second is refused as another run, not offered a resume.
func TestImportIntoARunOfAnotherFile(t *testing.T) {
	dir := t.TempDir()
	first := filepath.Join(dir, "first.html")
	second := filepath.Join(dir, "second.html")
	html := buildReportHTML(handReport())
	if err := os.WriteFile(first, html, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(second, append(append([]byte(nil), html...), []byte("\n<!-- another test -->\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(dir, "runs")
	if _, err := Import([]string{first}, root, frames.New); err != nil {
		t.Fatal(err)
	}
	if _, err := Import([]string{second}, root, frames.New); !errors.Is(err, ErrOtherRun) {
		t.Fatalf("second report: %v, want ErrOtherRun", err)
	}
	if _, err := Import([]string{first}, root, frames.New); !errors.Is(err, ErrRunExists) {
		t.Fatalf("the same report again: %v, want ErrRunExists", err)
	}
}
