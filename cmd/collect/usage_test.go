package main

import (
	"strings"
	"testing"

	"github.com/passframes/passframes/internal/testrun"
)

// TestUsageErrors runs the failure paths collect shares with the other commands
// (internal/cliutil) in-process: a wrong call exits 2 with one line on
// stderr and nothing on stdout.
func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--nope"},
		{"--workers", "many"},
		{"completion"},
		{"completion", "tcsh"},
	} {
		out, errOut, code := testrun.RunApp(t, t.TempDir(), "collect", newApp(), args...)
		if code != 2 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "collect: ") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
}

// TestCompletion checks that collect prints a completion script for each shell.
func TestCompletion(t *testing.T) {
	for shell, want := range map[string]string{"bash": "complete -o", "zsh": "#compdef collect", "fish": "complete -c collect"} {
		out, errOut, code := testrun.RunApp(t, t.TempDir(), "collect", newApp(), "completion", shell)
		if code != 0 || errOut != "" || !strings.Contains(out, want) {
			t.Errorf("%s: exit %d, stderr %q, script lacks %q", shell, code, errOut, want)
		}
	}
}
