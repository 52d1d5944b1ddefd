package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/passframes/passframes/internal/testrun"
	"github.com/passframes/passframes/overfit"
)

func TestOverfit(t *testing.T) {
	root := t.TempDir()
	dir := testrun.Collect(t, root)
	// Six months of the sample on a daily grid: about 100 returns, enough
	// for 8 blocks.
	out, code := run(t, root, "--overfit", "--overfit-blocks", "8", "--format", "json", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	var rep struct {
		Best []struct {
			Criterion string   `json:"criterion"`
			PBO       *float64 `json:"pbo"`
			DSR       *float64 `json:"dsr"`
		} `json:"best"`
		Overfit overfit.Report `json:"overfit"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if rep.Overfit.Passes != 12 || rep.Overfit.Splits != 70 || rep.Overfit.Unavailable != "" {
		t.Fatalf("overfit: %+v", rep.Overfit)
	}
	seen := map[string]bool{}
	for _, b := range rep.Best {
		seen[b.Criterion] = true
		if b.Criterion == "r2" && b.PBO == nil {
			t.Errorf("r2's row has no pbo")
		}
		if b.Criterion == "tssf" && (b.PBO != nil || b.DSR == nil) {
			t.Errorf("tssf: pbo %v dsr %v: want no PBO (a curve has no trades) and a DSR", b.PBO, b.DSR)
		}
	}
	if !seen["r2"] || !seen["tssf"] {
		t.Fatalf("best rows: %v", seen)
	}
	folder := filepath.Join(dir, "charts", "overfit")
	b, err := os.ReadFile(filepath.Join(folder, "overfit.json"))
	if err != nil || !strings.Contains(string(b), `"criterion": "profit"`) {
		t.Fatalf("overfit.json: %v", err)
	}
	for _, name := range []string{"profit-logit.png", "r2-degradation.png"} {
		if st, err := os.Stat(filepath.Join(folder, name)); err != nil || st.Size() < 1000 {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(folder, "tssf-logit.png")); err == nil {
		t.Error("a chart for tssf, which has no PBO")
	}

	// The table, csv and markdown reports carry the section too.
	for _, format := range []string{"table", "csv", "markdown"} {
		out, code := run(t, root, "--overfit", "--overfit-blocks", "8", "--no-table", "--format", format, dir)
		if code != 0 || !strings.Contains(out, "min_track_record") || !strings.Contains(out, "sharpe_ratio") || strings.Contains(out, "NaN") {
			t.Errorf("--format %s: exit %d:\n%s", format, code, out)
		}
	}
	// Bad options: one error line each.
	for _, args := range [][]string{
		{"--overfit", "--overfit-blocks", "7", dir},
		{"--overfit", "--overfit-step", "soon", dir},
		{"--overfit", "--overfit-period", "sideways", dir},
		{"--overfit", "--overfit-step", "1m", dir}, // 260,000 steps over four months
	} {
		out, code := run(t, root, args...)
		if code == 0 || !strings.HasPrefix(out, "analyze: ") || strings.Count(out, "\n") != 1 || !strings.Contains(out, args[1]) {
			t.Errorf("%v: exit %d: %q", args, code, out)
		}
	}
	// Too many blocks for the returns: a reason per criterion, still exit 0.
	out, code = run(t, root, "--overfit", "--overfit-step", "4w", "--no-table", dir)
	if code != 0 || !strings.Contains(out, "returns for 16 blocks: each block needs at least one") {
		t.Errorf("4-week grid, 16 blocks: exit %d:\n%s", code, out)
	}
}
