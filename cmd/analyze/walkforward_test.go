package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/frames"
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

// A walk-forward run analyzed like any run: one window at a time, its train
// part as back and its test part as forward; the last window by default.
func TestAnalyzeAWalkForwardWindowLikeARun(t *testing.T) {
	root := t.TempDir()
	dir := testrun.WalkForward(t, root, nil)
	ds, err := frames.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	passesIn := map[int32]int{}
	ds.Scan(func(f *frames.Frame) error {
		if f.Period == frames.Back {
			passesIn[f.Window]++
		}
		return nil
	})
	last := int32(len(ds.Manifest.WalkForward.Windows) - 1)
	for _, tc := range []struct {
		args   []string
		window int32
	}{{nil, last}, {[]string{"--window", "1"}, 1}} {
		args := append(append([]string{"--format", "json", "--no-table"}, tc.args...), dir)
		out, code := run(t, root, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, out)
		}
		js := out[strings.Index(out, "{"):]
		var rep struct {
			Passes  int `json:"passes"`
			Forward int `json:"passes_with_forward"`
		}
		if err := json.NewDecoder(strings.NewReader(js)).Decode(&rep); err != nil { // stderr follows
			t.Fatalf("%v: %v\n%s", tc.args, err, out)
		}
		if rep.Passes != passesIn[tc.window] || rep.Forward != rep.Passes {
			t.Errorf("%v: %d passes (%d with forward), want window %d's %d", tc.args, rep.Passes, rep.Forward, tc.window, passesIn[tc.window])
		}
		if !strings.Contains(out, fmt.Sprintf("window %d of %d", tc.window, last+1)) {
			t.Errorf("%v: the output does not say which window:\n%s", tc.args, out)
		}
	}
	if out, code := run(t, root, "--window", "99", dir); code != 2 {
		t.Errorf("--window 99: exit %d, want 2: %s", code, out)
	}
}
