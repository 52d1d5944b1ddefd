package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/internal/testrun"
)

func TestAnalyzeWalkForward(t *testing.T) {
	root := t.TempDir()
	dir := testrun.WalkForward(t, root, map[string]string{"profit_per_trade": "profit / (trades + 1)"})
	out, code := run(t, root, "walkforward", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	if !strings.Contains(out, "4 rolling windows (train 2mo, test 1mo, step 1mo)") || strings.Contains(out, "NaN") {
		t.Errorf("header or NaN:\n%s", out)
	}
	// A row for every criterion analyze ranks by default and the formula.
	want := []string{"profit_per_trade"}
	for _, c := range criteria.All() {
		if c.Kind != criteria.KindStatistic {
			want = append(want, c.Name)
		}
	}
	for _, name := range want {
		if !strings.Contains(out, " "+name+" ") {
			t.Errorf("no row for %s:\n%s", name, out)
		}
	}

	out, code = run(t, root, "walkforward", "--format", "json", "--min-wfe", "0", dir)
	if code != 0 {
		t.Fatalf("json: exit %d: %s", code, out)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("json output does not parse: %v\n%s", err, out)
	}
	if len(rows) != len(want) {
		t.Errorf("%d json rows, want %d", len(rows), len(want))
	}
	for i, r := range rows {
		if _, ok := r["criterion"].(string); !ok || r["rank"] != float64(i+1) {
			t.Errorf("row %d: %v", i, r)
		}
		if v, ok := r["verdict"].(string); !ok || v != "pass" && v != "fail" {
			t.Errorf("row %d verdict %v", i, r["verdict"])
		}
	}

	out, code = run(t, root, "walkforward", "--format", "csv", "--all", dir)
	if lines := strings.Split(strings.TrimSpace(out), "\n"); code != 0 || len(lines) != 1+len(criteria.All())+1 ||
		!strings.HasPrefix(lines[0], "rank,criterion,oos_profit,") {
		t.Errorf("csv --all: exit %d, %d lines:\n%s", code, len(lines), out)
	}
}

func TestAnalyzeWalkForwardRefusals(t *testing.T) {
	root := t.TempDir()
	plain := testrun.Collect(t, root)
	out, code := run(t, root, "walkforward", plain)
	if code == 0 || !strings.Contains(out, "not a walk-forward run") || !strings.Contains(out, "collect walkforward") {
		t.Errorf("a run without windows: exit %d: %s", code, out)
	}
	out, code = run(t, root, "walkforward", "--format", "xml", plain)
	if code == 0 || !strings.Contains(out, `--format "xml"`) {
		t.Errorf("--format xml: exit %d: %s", code, out)
	}
	if out, code = run(t, root, "walkforward"); code == 0 {
		t.Errorf("no run directory: exit 0: %s", out)
	}
}
