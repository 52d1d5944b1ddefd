package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/passframes/passframes/analysis"
	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/shareddata"
	"github.com/passframes/passframes/internal/testrun"
	"github.com/passframes/passframes/mt5"
	"github.com/passframes/passframes/optimize"
)

// run runs analyze in-process in dir and returns its stdout followed by its
// stderr, and its exit status.
func run(t *testing.T, dir string, args ...string) (string, int) {
	t.Helper()
	out, errOut, code := testrun.RunApp(t, dir, "analyze", newApp(), args...)
	return out + errOut, code
}

func TestAnalyzeLatestRun(t *testing.T) {
	root := t.TempDir()
	dir := testrun.Collect(t, root)
	out, code := run(t, root)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	for _, want := range []string{"MovingAverage on SAMPLE H1: 12 passes", "profit_stability", "Top 10 passes by profit", "analysis table:"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	ds, _ := frames.Open(dir)
	res, err := analysis.ReadTable(filepath.Join(dir, analysis.TableName), ds.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Passes) != 12 || len(res.Criteria) != len(criteria.All()) {
		t.Fatalf("table: %d passes, %d criteria", len(res.Passes), len(res.Criteria))
	}
}

func TestJSONAndErrors(t *testing.T) {
	root := t.TempDir()
	dir := testrun.Collect(t, root)
	out, code := run(t, root, "--format", "json", "--sort", "r2", "--top", "3", "--no-table", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	var rep analysis.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil || len(rep.Top) != 3 || rep.Sort != "r2" {
		t.Fatalf("json report: %v %+v", err, rep)
	}
	if _, err := os.Stat(filepath.Join(dir, analysis.TableName)); err == nil {
		t.Error("--no-table wrote the table")
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--sort", "nope", dir}, "nope"},
		{[]string{"--format", "xml", dir}, "xml"},
		{[]string{filepath.Join(root, "missing")}, "missing"},
		{[]string{"--runs", filepath.Join(root, "empty")}, "no run"},
	} {
		out, code := run(t, root, c.args...)
		if code == 0 || !strings.HasPrefix(out, "analyze: ") || !strings.Contains(out, c.want) || strings.Count(out, "\n") != 1 {
			t.Errorf("%v: exit %d, want one error line with %q, got %q", c.args, code, c.want, out)
		}
	}
	// A truncated part file is one clear error naming the file, and no table is written.
	part := filepath.Join(dir, "frames", "part-00000.parquet")
	b, _ := os.ReadFile(part)
	os.WriteFile(part, b[:len(b)/3], 0o644)
	out, code = run(t, root, dir)
	if code == 0 || !strings.Contains(out, "part-00000.parquet") {
		t.Errorf("truncated part: exit %d: %s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, analysis.TableName)); err == nil {
		t.Error("a table was written from a truncated dataset")
	}
}

func TestCriteriaList(t *testing.T) {
	out, code := run(t, t.TempDir(), "criteria")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, c := range criteria.All() {
		if !strings.Contains(out, c.Name) {
			t.Errorf("criteria list lacks %s", c.Name)
		}
	}
}

func TestExportSet(t *testing.T) {
	root := t.TempDir()
	dir := testrun.Collect(t, root)
	path := filepath.Join(root, "best.set")
	out, code := run(t, root, "--quiet", "--sort", "r2", "--export-set", path, dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	ds, _ := frames.Open(dir)
	res, _ := analysis.ReadTable(filepath.Join(dir, analysis.TableName), ds.Manifest)
	c, _ := res.Index("r2")
	best := res.Passes[res.Best(c)]
	f, _ := os.Open(path)
	defer f.Close()
	params, err := optimize.ReadSet(f, path)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range params {
		if p.Value != best.Params[i] {
			t.Errorf("%s = %g, want the best pass's %g", p.Name, p.Value, best.Params[i])
		}
	}
}

func TestReplay(t *testing.T) {
	root := t.TempDir()
	dir := testrun.Collect(t, root)
	out, code := run(t, root, "replay", dir, "--optimizer", "genetic", "--budget", "3,50%", "--runs", "40", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	var rep struct {
		GridPoints int64 `json:"grid_points"`
		Rows       []struct {
			Optimizer string
			Budget    int
			Runs      int
			Shares    []float64
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if rep.GridPoints != 12 || len(rep.Rows) != 4 {
		t.Fatalf("report %+v", rep)
	}
	seen := map[string]bool{}
	for _, r := range rep.Rows {
		seen[r.Optimizer] = true
		if r.Budget != 3 && r.Budget != 6 || r.Runs != 40 || len(r.Shares) != 6 {
			t.Errorf("row %+v", r)
		}
		for k := 1; k < len(r.Shares); k++ {
			if r.Shares[k] < r.Shares[k-1] || r.Shares[k] > 1 {
				t.Errorf("shares %v are not a growing list of fractions", r.Shares)
			}
		}
	}
	if !seen["random"] || !seen["genetic"] {
		t.Errorf("optimizers %v, want genetic and the random baseline", seen)
	}
	for _, bad := range [][]string{{"replay", dir, "--budget", "0"}, {"replay", dir, "--optimizer", "nope"}, {"replay"}} {
		if out, code := run(t, root, bad...); code == 0 {
			t.Errorf("%v accepted: %s", bad, out)
		}
	}
}

func TestImportedReportDifferences(t *testing.T) {
	report := shareddata.File(t, "mt5-reports/report-145-trades.html")
	root := t.TempDir()
	dirs, err := mt5.Import([]string{report}, filepath.Join(root, "runs"), frames.New)
	if err != nil {
		t.Fatal(err)
	}
	out, code := run(t, root, dirs[0])
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	for _, want := range []string{"differ from the printed ones", "sharpe_ratio", "equity_dd"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Criteria that need points are computed from the deals' balance points.
	if strings.Contains(out, "profit_stability") == false {
		t.Errorf("no custom criteria in the report:\n%s", out)
	}
}
