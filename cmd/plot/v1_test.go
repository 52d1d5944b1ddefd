package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/testrun"
)

// A run written by the first version of collect (dataset format 1) is
// drawn: its charts and its page.
func TestPlotAFormat1Run(t *testing.T) {
	dir := testrun.V1Run(t)
	out, errOut, code := testrun.RunApp(t, filepath.Dir(dir), "plot", newApp(), dir)
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	charts := frames.Layout{Dir: dir}.Charts()
	if _, err := os.Stat(filepath.Join(charts, frames.PageFileName)); err != nil {
		t.Fatalf("no run page: %v\n%s", err, out)
	}
	pngs, _ := filepath.Glob(filepath.Join(charts, "*.png"))
	if len(pngs) == 0 {
		t.Fatal("no chart drawn")
	}
}
