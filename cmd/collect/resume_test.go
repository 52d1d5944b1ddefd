package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// smallRun is a 10-pass grid on two months of the sample, with deals and a
// commission, so a resume has settings to get right.
var smallRun = []string{"--from", "2023-01-02", "--to", "2023-03-01", "--param", "MovingPeriod=10:19:1",
	"--commission", "2.5", "--deals", "--quiet"}

func TestResumeFromTheManifestAlone(t *testing.T) {
	dir := t.TempDir()
	if out, code := runBinary(t, dir, smallRun...); code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	runDir := filepath.Join("runs", "MovingAverage.SAMPLE.H1")
	out, code := runBinary(t, dir, "resume", runDir)
	if code != 0 || !strings.Contains(out, "10 already stored, 0 stored") || !strings.Contains(out, "MovingPeriod=10:19:1") {
		t.Fatalf("resume: exit %d:\n%s", code, out)
	}
	// With flags, the first one that differs is named with both values.
	for _, tt := range []struct {
		flag []string
		want string
	}{
		{[]string{"--commission", "3"}, "--commission is 3, the stored run has 2.5"},
		{[]string{"--seed", "9"}, ""}, // a grid's seed: still compared
		{[]string{"--param", "MovingShift=5"}, "--param MovingShift is int fixed at 5, the stored run has int fixed at 6"},
		{[]string{"--deposit", "5000"}, "--deposit is 5000, the stored run has 10000"},
	} {
		args := append(append([]string{"--resume"}, smallRun...), tt.flag...)
		out, code := runBinary(t, dir, args...)
		if tt.want == "" {
			tt.want = "--seed is 9, the stored run has 1"
		}
		if code == 0 || !strings.Contains(out, tt.want) || strings.Count(strings.TrimSpace(out), "\n") != 0 {
			t.Errorf("--resume %v: exit %d: %q, want one line saying %q", tt.flag, code, out, tt.want)
		}
	}
	if out, code := runBinary(t, dir, append([]string{"--resume"}, smallRun...)...); code != 0 {
		t.Errorf("--resume with the same flags: exit %d: %s", code, out)
	}
	// A run made from bars that have changed since is refused.
	bars := filepath.Join(dir, "TEST_H1.csv")
	os.WriteFile(bars, []byte("date,open,high,low,close\n2023-01-02 00:00,1,1,1,1\n2023-01-02 01:00,1,1,1,1\n2023-01-02 02:00,1,1,1,1\n"), 0o644)
	if out, code := runBinary(t, dir, "--data", bars, "--quiet", "--forward", "none", "--out", "files"); code != 0 {
		t.Fatalf("run on a file: exit %d: %s", code, out)
	}
	fileRun, _ := filepath.Glob(filepath.Join(dir, "files", "*"))
	if len(fileRun) != 1 {
		t.Fatalf("runs from the file: %v", fileRun)
	}
	os.WriteFile(bars, []byte("date,open,high,low,close\n2023-01-02 00:00,1,1,1,1\n2023-01-02 01:00,1,1,1,1\n2023-01-02 02:00,1,2,1,2\n"), 0o644)
	out, code = runBinary(t, dir, "resume", fileRun[0])
	if code == 0 || !strings.Contains(out, "changed since the run") {
		t.Errorf("resume over changed bars: exit %d: %s", code, out)
	}
	if out, code := runBinary(t, dir, "resume", "nowhere"); code == 0 || !strings.Contains(out, "not a run directory") {
		t.Errorf("resume of nothing: exit %d: %s", code, out)
	}
}

// TestTwoCollectsIntoOneRun starts a long run, then a second collect into
// the same run directory while the first writes: the second stops at once
// with one clear line and touches nothing; the first finishes its work.
func TestTwoCollectsIntoOneRun(t *testing.T) {
	dir := t.TempDir()
	args := []string{"--param", "MovingPeriod=1:100:1", "--param", "MovingShift=1:30:1", "--quiet", "--batch", "16"}
	first := exec.Command(binary, args...)
	first.Dir = dir
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer first.Process.Kill()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if tmp, _ := filepath.Glob(filepath.Join(dir, "runs", "*", "frames", ".part-*.tmp")); len(tmp) > 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, extra := range [][]string{{"--resume"}, {"--overwrite"}, {}} {
		out, code := runBinary(t, dir, append(args, extra...)...)
		if code == 0 || !strings.Contains(out, "another process is writing this run now") || strings.Count(strings.TrimSpace(out), "\n") != 0 {
			t.Errorf("second collect %v: exit %d: %q", extra, code, out)
		}
		if strings.Contains(out, "rename") {
			t.Errorf("second collect %v: a rename error: %s", extra, out)
		}
	}
	out, code := runBinary(t, dir, "resume", filepath.Join("runs", "MovingAverage.SAMPLE.H1"))
	if code == 0 || !strings.Contains(out, "another process") {
		t.Errorf("collect resume during the run: exit %d: %s", code, out)
	}
	// Ctrl-C: the first stops with 130, says it was interrupted, not done.
	first.Process.Signal(syscall.SIGINT)
	err := first.Wait()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 130 {
		t.Fatalf("interrupted collect: %v, want exit 130", err)
	}
	// The lock died with it: the run continues.
	out, code = runBinary(t, dir, "resume", filepath.Join("runs", "MovingAverage.SAMPLE.H1"), "--quiet")
	if code != 0 {
		t.Fatalf("resume after the interrupt: exit %d: %s", code, out)
	}
	if n := storedPasses(t, filepath.Join(dir, "runs", "MovingAverage.SAMPLE.H1")); n != 3000 {
		t.Errorf("%d passes after resuming, want 3000", n)
	}
}

func TestInterruptedCollectSaysSo(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(binary, "--param", "MovingPeriod=1:100:1", "--param", "MovingShift=1:30:1", "--batch", "16")
	cmd.Dir = dir
	var out lockedBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) && !strings.Contains(out.String(), "passes") {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 130 {
		t.Fatalf("exit %v, want 130:\n%s", err, out.String())
	}
	if s := out.String(); strings.Contains(s, "done") || !strings.Contains(s, "interrupted") || !strings.Contains(s, "collect resume") {
		t.Errorf("output of an interrupted run:\n%s", s)
	}
}

// lockedBuffer is a buffer a command writes while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestTeststandChartsGoUnderTheRunRoot: by default the stand's charts go
// to runs/teststand, and nothing is written into the working folder.
func TestTeststandChartsGoUnderTheRunRoot(t *testing.T) {
	dir := t.TempDir()
	out, code := runBinary(t, dir, "teststand", "--stand", "seed", "--optimizer", "rnd", "--repeats", "1", "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "runs", "teststand", "*.png"))
	if len(pngs) != 3 {
		t.Errorf("charts under runs/teststand: %v, want 3", pngs)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "runs" {
		t.Errorf("the working folder holds %v, want runs/ only", entries)
	}
}

// TestResumeOfAnImportedRun: a run directory an import wrote cannot be
// continued by collecting, and collect says so (not that its bars differ).
func TestResumeOfAnImportedRun(t *testing.T) {
	dir := t.TempDir()
	if out, code := runBinary(t, dir, smallRun...); code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	runDir := filepath.Join(dir, "runs", "MovingAverage.SAMPLE.H1")
	b, err := os.ReadFile(filepath.Join(runDir, "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	// What an import records: another source and the report's own hash.
	b = bytes.Replace(b, []byte(`"source": "collect"`), []byte(`"source": "mt5-xml"`), 1)
	b = bytes.Replace(b, []byte(`"sha256": "`), []byte(`"sha256": "00`), 1)
	if err := os.WriteFile(filepath.Join(runDir, "run.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{append([]string{"--resume"}, smallRun...), {"resume", runDir}} {
		out, code := runBinary(t, dir, args...)
		if code == 0 || !strings.Contains(out, "imported run, which cannot be resumed") || strings.Contains(out, "bars") {
			t.Errorf("%v: exit %d: %s", args[0], code, out)
		}
	}
}
