package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/passframes/passframes/internal/testrun"
)

// A glob over runs/ passes over folders that hold no run (a split run's
// root, say) and prints one JSON document for the runs it found.
func TestGlobSkipsFoldersThatAreNotRuns(t *testing.T) {
	root := t.TempDir()
	testrun.Collect(t, root)
	if err := os.MkdirAll(filepath.Join(root, "runs", "split"), 0o755); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := testrun.RunApp(t, root, "analyze", newApp(), "--format", "json", "--no-table", "runs/*")
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	var rep map[string]any
	if err := json.Unmarshal([]byte(out), &rep); err != nil || rep["run"] == nil {
		t.Fatalf("want one report for the one run: %v\n%s", err, out)
	}
	_, errOut, code = testrun.RunApp(t, root, "analyze", newApp(), "runs/split*")
	if code == 0 || errOut == "" {
		t.Fatalf("a glob matching no run: exit %d, stderr %q", code, errOut)
	}
}
