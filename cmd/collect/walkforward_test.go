package main

import (
	"os"
	"strings"
	"testing"

	"github.com/passframes/passframes/frames"
)

func TestCollectWalkForward(t *testing.T) {
	dir := t.TempDir()
	out, code := runBinary(t, dir, "walkforward", "--param", "MovingPeriod=10:30:10", "--param", "MovingShift=1:2:1",
		"--train", "2mo", "--test", "1mo", "--from", "2023-01-01", "--to", "2023-06-30")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	// Windows start at the first bar (2 January): tests 2 Mar, 2 Apr, 2 May;
	// the one testing 2 June .. 2 July runs past 30 June and is dropped.
	for _, want := range []string{"windows  3,", "6 per window", "window 0   train 2023-01-02 .. 2023-03-02  test 2023-03-02 .. 2023-04-02",
		"window 2", "done     3 windows, 18 passes", "analyze walkforward runs/MovingAverage.SAMPLE.H1.walkforward"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	m, err := frames.ReadManifest(dir + "/runs/MovingAverage.SAMPLE.H1.walkforward")
	if err != nil {
		t.Fatal(err)
	}
	if m.WalkForward == nil || len(m.WalkForward.Windows) != 3 || m.WalkForward.Train != "2mo" {
		t.Fatalf("run.json walkforward = %+v", m.WalkForward)
	}

	// Done windows are not run again.
	out, code = runBinary(t, dir, "walkforward", "--param", "MovingPeriod=10:30:10", "--param", "MovingShift=1:2:1",
		"--train", "2mo", "--test", "1mo", "--from", "2023-01-01", "--to", "2023-06-30", "--resume")
	if code != 0 || !strings.Contains(out, "window 2   already finished") || !strings.Contains(out, "0 passes tested") {
		t.Errorf("resume of a finished run: exit %d:\n%s", code, out)
	}
	// collect resume continues a walk-forward run from its run.json: with
	// window 2's step file gone, window 2 counts as unfinished and its
	// stored passes are reused.
	run := dir + "/runs/MovingAverage.SAMPLE.H1.walkforward"
	if err := os.Remove(run + "/optimizer-w0002.parquet"); err != nil {
		t.Fatal(err)
	}
	out, code = runBinary(t, dir, "resume", run)
	if code != 0 || !strings.Contains(out, "window 1   already finished") || !strings.Contains(out, "window 2   train 2023-03-02") ||
		!strings.Contains(out, "0 passes tested") || !strings.Contains(out, "6 already stored") {
		t.Errorf("collect resume of a walk-forward run: exit %d:\n%s", code, out)
	}
	if _, err := os.Stat(run + "/optimizer-w0002.parquet"); err != nil {
		t.Errorf("window 2 not marked done after the resume: %v", err)
	}
	// The --partial keep window is a different run.
	out, code = runBinary(t, dir, "walkforward", "--param", "MovingPeriod=10:30:10", "--param", "MovingShift=1:2:1",
		"--train", "2mo", "--test", "1mo", "--from", "2023-01-01", "--to", "2023-06-30", "--resume", "--partial", "keep")
	if code == 0 || !strings.Contains(out, "walk-forward windows differ") {
		t.Errorf("resume with other windows: exit %d:\n%s", code, out)
	}
}

func TestCollectWalkForwardBadFlags(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--train", "3 months"}, `--train length "3 months"`},
		{[]string{"--train", "3mo", "--test", "500b"}, "mix bars"},
		{[]string{"--partial", "maybe"}, `--partial "maybe"`},
		{[]string{"--train", "3y"}, "do not fit"},
		{[]string{"--shard", "0/2"}, "flag provided but not defined"},
	} {
		out, code := runBinary(t, dir, append([]string{"walkforward"}, tc.args...)...)
		if code == 0 || !strings.Contains(out, tc.want) {
			t.Errorf("%v: exit %d, want an error with %q:\n%s", tc.args, code, tc.want, out)
		}
	}
}
