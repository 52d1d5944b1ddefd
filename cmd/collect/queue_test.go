package main

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/passframes/passframes/data"
	"github.com/passframes/passframes/internal/testrun"
)

// natsServerBinary finds Debian's nats-server. CI installs it, so a missing
// binary fails there instead of skipping.
func natsServerBinary(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"nats-server", "/usr/sbin/nats-server", "/usr/bin/nats-server"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("nats-server is not installed; .ci/run installs Debian's nats-server package")
	}
	t.Skip("nats-server is not installed (apt-get install nats-server); skipping the end-to-end queue test")
	return ""
}

func startNATS(t *testing.T) string {
	t.Helper()
	bin := natsServerBinary(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(bin, "-js", "-sd", t.TempDir(), "-a", "127.0.0.1", "-p", fmt.Sprint(port))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for deadline := time.Now().Add(10 * time.Second); ; {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("nats-server did not listen on %s", addr)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return "nats://" + addr
}

// writeSampleCSV writes the bundled sample as an OHLC CSV file, so the run
// has a data file that must travel to the workers.
func writeSampleCSV(t *testing.T, dir string) string {
	t.Helper()
	bars, err := data.Sample()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.WriteString("Date,Open,High,Low,Close,Volume\n")
	for i := 0; i < bars.Len(); i++ {
		tm := time.UnixMilli(bars.Time[i]).UTC().Format("2006-01-02 15:04:05")
		fmt.Fprintf(&b, "%s,%g,%g,%g,%g,%d\n", tm, bars.Open[i], bars.High[i], bars.Low[i], bars.Close[i], 100)
	}
	path := filepath.Join(dir, "EURUSD_H1.csv")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// A run through a real nats-server with two worker processes, one killed
// with SIGKILL in the middle: the dataset is complete, holds each pass once,
// and equals the local run byte for byte.
func TestQueueEndToEndWithKilledWorker(t *testing.T) {
	url := startNATS(t)
	dir := t.TempDir()
	csv := writeSampleCSV(t, dir)
	args := []string{"--data", csv, "--param", "MovingPeriod=5:100:1", "--param", "MovingShift=1:6:1", "--batch", "32"}

	if out, code := runBinary(t, dir, append(args, "--out", "local", "--quiet")...); code != 0 {
		t.Fatalf("local run: exit %d\n%s", code, out)
	}
	doomed := exec.Command(binary, "worker", url, "--workers", "1", "--name", "doomed", "--cache", filepath.Join(dir, "cache-a"))
	doomed.Dir = dir
	stderr, _ := doomed.StderrPipe()
	if err := doomed.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { doomed.Process.Kill(); doomed.Wait() })
	steady := exec.Command(binary, "worker", url, "--workers", "1", "--name", "steady", "--cache", filepath.Join(dir, "cache-b"))
	steady.Dir = dir
	if err := steady.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { steady.Process.Kill(); steady.Wait() })

	killed := make(chan struct{})
	go func() {
		defer close(killed)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "joined run") {
				time.Sleep(300 * time.Millisecond)
				doomed.Process.Signal(syscall.SIGKILL)
				return
			}
		}
	}()
	out, code := runBinary(t, dir, append(args, "--out", "queued", "--queue", url, "--ack-wait", "2s")...)
	if code != 0 {
		t.Fatalf("queued run: exit %d\n%s", code, out)
	}
	<-killed
	if err := doomed.Wait(); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("the doomed worker was not killed mid-run: %v", err)
	}
	if !strings.Contains(out, "576 passes tested") || !strings.Contains(out, "576 stored") {
		t.Fatalf("the queued run did not test and store all 576 passes:\n%s", out)
	}
	sameFrames(t, filepath.Join(dir, "local"), filepath.Join(dir, "queued"))
}

func TestWorkerNeedsAURL(t *testing.T) {
	out, code := runBinary(t, t.TempDir(), "worker")
	if code == 0 || !strings.Contains(out, "server's URL") {
		t.Fatalf("exit %d, output %q; want a refusal asking for the URL", code, out)
	}
}

// The coordinator killed mid-run: the same command with --resume continues
// from what is stored and ends with the same dataset as a local run.
func TestQueueCoordinatorKilledThenResumed(t *testing.T) {
	url := startNATS(t)
	dir := t.TempDir()
	args := []string{"--param", "MovingPeriod=5:100:1", "--param", "MovingShift=1:6:1", "--batch", "16", "--quiet"}
	if out, code := runBinary(t, dir, append(args, "--out", "local")...); code != 0 {
		t.Fatalf("local run: exit %d\n%s", code, out)
	}
	for _, name := range []string{"w1", "w2"} {
		w := exec.Command(binary, "worker", url, "--workers", "1", "--name", name, "--cache", filepath.Join(dir, name))
		if err := w.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { w.Process.Kill(); w.Wait() })
	}
	queued := append(args, "--out", "queued", "--queue", url, "--ack-wait", "2s")
	coord := exec.Command(binary, queued...)
	coord.Dir = dir
	if err := coord.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	coord.Process.Signal(syscall.SIGKILL)
	if err := coord.Wait(); err == nil {
		t.Fatal("the coordinator finished before it could be killed; give it a bigger grid")
	}
	if out, code := runBinary(t, dir, append(queued, "--resume")...); code != 0 {
		t.Fatalf("resumed queued run: exit %d\n%s", code, out)
	}
	sameFrames(t, filepath.Join(dir, "local"), filepath.Join(dir, "queued"))
}

// sameFrames checks that the one run under each root holds the same frames,
// each pass and period once.
func sameFrames(t *testing.T, wantRoot, gotRoot string) {
	t.Helper()
	want, got := testrun.Frames(t, onlyRun(t, wantRoot)), testrun.Frames(t, onlyRun(t, gotRoot))
	if len(want) == 0 || len(want) != len(got) {
		t.Fatalf("%d frames locally, %d through the queue", len(want), len(got))
	}
	for i := range want {
		if !reflect.DeepEqual(want[i], got[i]) {
			t.Fatalf("frame %d (pass %d %s) differs", i, want[i].Pass, want[i].Period)
		}
	}
}

// onlyRun is the one run directory under root.
func onlyRun(t *testing.T, root string) string {
	t.Helper()
	dirs, _ := filepath.Glob(filepath.Join(root, "*"))
	if len(dirs) != 1 {
		t.Fatalf("%s holds %d runs, want 1", root, len(dirs))
	}
	return dirs[0]
}
