package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/passframes/passframes/internal/testrun"
)

// A run written by the first version of collect (dataset format 1) is
// analyzed as it was, and its table written.
func TestAnalyzeAFormat1Run(t *testing.T) {
	dir := testrun.V1Run(t)
	out, code := run(t, filepath.Dir(dir), dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	if !strings.Contains(out, "MovingAverage on SAMPLE H1: 2 passes (2 with a forward pass") || !strings.Contains(out, "analysis table:") {
		t.Fatalf("output:\n%s", out)
	}
}
