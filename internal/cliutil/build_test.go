package cliutil

import (
	"strings"
	"testing"
)

func TestBuildNamesTheVersionAndTheBuild(t *testing.T) {
	b := Build()
	if !strings.HasPrefix(b, "passframes "+Version+"+") || len(b) <= len("passframes "+Version+"+") {
		t.Fatalf("Build() = %q, want the version followed by the build's identity", b)
	}
	if Build() != b {
		t.Fatal("Build() changed between calls")
	}
}
