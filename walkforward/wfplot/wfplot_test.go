package wfplot

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/passframes/passframes/internal/testrun"
	"github.com/passframes/passframes/walkforward"
)

func TestPlotWalkForward(t *testing.T) {
	dir := testrun.WalkForward(t, t.TempDir(), nil)
	paths, err := PlotWalkForward(context.Background(), dir, "")
	if err != nil {
		t.Fatal(err)
	}
	// scoreboard.json, stitched.png, and windows + params for 3 criteria.
	if len(paths) != 8 {
		t.Fatalf("wrote %v, want 8 files", paths)
	}
	for _, p := range paths {
		if filepath.Dir(p) != Dir(dir) {
			t.Errorf("%s is not in %s", p, Dir(dir))
		}
	}
	// scoreboard.json is what analyze walkforward --format json prints.
	got, err := os.ReadFile(filepath.Join(Dir(dir), ScoreboardName))
	if err != nil {
		t.Fatal(err)
	}
	run, err := walkforward.Load(context.Background(), dir, walkforward.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := run.Scoreboard(context.Background(), walkforward.DefaultThresholds())
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := walkforward.WriteJSON(&want, rows); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Error("scoreboard.json differs from the scoreboard's JSON")
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := PlotWalkForward(ctx, dir, t.TempDir()); err == nil {
		t.Error("a cancelled context drew the charts")
	}
}
