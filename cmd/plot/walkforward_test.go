package main

import (
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/passframes/passframes/internal/testrun"
)

func TestPlotWalkForward(t *testing.T) {
	root := t.TempDir()
	dir := testrun.WalkForward(t, root, nil)
	out, code := testrun.Run(t, binary, root, "walkforward", "--width", "640", "--height", "400", "--highlight", "2", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	charts := filepath.Join(dir, "charts", "walkforward")
	var pngs []string
	for _, line := range strings.Fields(out) {
		if !strings.HasPrefix(line, charts) {
			t.Errorf("%s written outside %s", line, charts)
		}
		if strings.HasSuffix(line, ".png") {
			pngs = append(pngs, line)
		}
	}
	// The stitched chart, then per highlighted criterion its windows and inputs.
	if len(pngs) != 5 || filepath.Base(pngs[0]) != "stitched.png" {
		t.Fatalf("charts %v, want stitched + 2 × (windows, params)", pngs)
	}
	for _, p := range pngs {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != 640 || cfg.Height != 400 {
			t.Errorf("%s: %v %dx%d", p, err, cfg.Width, cfg.Height)
		}
	}
	b, err := os.ReadFile(filepath.Join(charts, "scoreboard.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal(b, &rows); err != nil || len(rows) == 0 || rows[0]["criterion"] == nil {
		t.Errorf("scoreboard.json: %v\n%s", err, b)
	}

	plain := testrun.Collect(t, root)
	if out, code := testrun.Run(t, binary, root, "walkforward", plain); code == 0 || !strings.Contains(out, "not a walk-forward run") {
		t.Errorf("a run without windows: exit %d: %s", code, out)
	}
}
