package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/testrun"
)

// These tests send signals to a real analyze process: a big synthetic run
// keeps it busy long enough to be caught in the middle.

func startAnalyze(t *testing.T, bin, dir string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(bin, "--workers", "1", dir)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &out, &errOut
}

func TestSignals(t *testing.T) {
	if testing.Short() {
		t.Skip("builds analyze and a big run")
	}
	bin, cleanup := testrun.Build("analyze")
	defer cleanup()
	root := t.TempDir()
	dir := testrun.Synthetic(t, root, 20000, 60)
	table := frames.Layout{Dir: dir}.Analysis()
	temps := filepath.Join(dir, "."+filepath.Base(table)+".*.tmp")

	t.Run("Ctrl-C exits 130 and writes nothing", func(t *testing.T) {
		cmd, out, errOut := startAnalyze(t, bin, dir)
		time.Sleep(300 * time.Millisecond)
		cmd.Process.Signal(os.Interrupt)
		err := cmd.Wait()
		// A machine busy with other work can stretch the start past the
		// sleep: a process killed by the signal itself had not yet set up
		// its handling, so try again, waiting longer.
		for wait := 600 * time.Millisecond; killedBy(cmd, os.Interrupt) && wait <= 5*time.Second; wait *= 2 {
			cmd, out, errOut = startAnalyze(t, bin, dir)
			time.Sleep(wait)
			cmd.Process.Signal(os.Interrupt)
			err = cmd.Wait()
		}
		if code := cmd.ProcessState.ExitCode(); code != 130 {
			t.Fatalf("exit %d (%v), stderr %q: want 130 (was the run too small to catch?)", code, err, errOut)
		}
		if out.Len() != 0 || !strings.Contains(errOut.String(), "interrupted") || strings.Count(errOut.String(), "\n") != 1 {
			t.Errorf("stdout %q, stderr %q", out, errOut)
		}
		if _, err := os.Stat(table); err == nil {
			t.Error("an interrupted analyze wrote the table")
		}
	})

	t.Run("a killed writer's temporary file goes with the next run", func(t *testing.T) {
		caught := ""
		for attempt := 0; attempt < 5 && caught == ""; attempt++ {
			os.Remove(table)
			cmd, _, _ := startAnalyze(t, bin, dir)
			for cmd.ProcessState == nil {
				if m, _ := filepath.Glob(temps); len(m) > 0 {
					cmd.Process.Signal(syscall.SIGKILL)
					caught = m[0]
					break
				}
				if p, _ := os.Stat(table); p != nil {
					break // finished before we saw the temporary file: try again
				}
				time.Sleep(200 * time.Microsecond)
			}
			cmd.Wait()
		}
		if caught == "" {
			t.Fatal("never caught analyze while it wrote its table")
		}
		if _, err := os.Stat(caught); err != nil {
			t.Fatalf("the killed process left no temporary file: %v", err)
		}
		out, errOut, code := testrun.RunApp(t, root, "analyze", newApp(), "--quiet", dir)
		if code != 0 || out != "" || errOut != "" {
			t.Fatalf("rerun: exit %d, %q %q", code, out, errOut)
		}
		if m, _ := filepath.Glob(temps); len(m) > 0 {
			t.Errorf("temporary files left after the rerun: %v", m)
		}
		if _, err := os.Stat(table); err != nil {
			t.Errorf("the rerun wrote no table: %v", err)
		}
	})
}

// killedBy reports whether the process ended by the default action of sig,
// not through the program's own handling of it.
func killedBy(cmd *exec.Cmd, sig os.Signal) bool {
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == sig
}
