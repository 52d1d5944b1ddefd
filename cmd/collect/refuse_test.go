package main

import (
	"strings"
	"testing"

	"github.com/passframes/passframes/internal/testrun"
)

// A run refused because its directory already holds one prints its error on
// stderr and nothing on stdout: no header of a run that never starts.
func TestRefusedRunPrintsNothingOnStdout(t *testing.T) {
	dir := t.TempDir()
	args := []string{"--param", "MovingPeriod=10:20:10", "--param", "MovingShift=1:2:1"}
	if out, errOut, code := testrun.RunApp(t, dir, "collect", newApp(), args...); code != 0 || !strings.Contains(out, "MovingAverage on SAMPLE H1") {
		t.Fatalf("first run: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code := testrun.RunApp(t, dir, "collect", newApp(), args...)
	if code != 1 || out != "" || !strings.Contains(errOut, "already holds a run") {
		t.Fatalf("second run: exit %d, stdout %q, stderr %q; want 1, nothing, the refusal", code, out, errOut)
	}
}
