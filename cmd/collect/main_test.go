package main

import (
	"encoding/json"
	"fmt"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/shareddata"
	"github.com/passframes/passframes/internal/testrun"
	"github.com/passframes/passframes/optimize"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// binary is collect built once for the tests that run it as a user would.
var binary string

func TestMain(m *testing.M) { testrun.Main(m, "collect", &binary) }

func runBinary(t *testing.T, dir string, args ...string) (string, int) {
	t.Helper()
	return testrun.Run(t, binary, dir, args...)
}

func TestDemoRunWithNoFlags(t *testing.T) {
	dir := t.TempDir()
	out, code := runBinary(t, dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	for _, want := range []string{"MovingAverage on SAMPLE H1", "passes   288", "best     profit", "runs/MovingAverage.SAMPLE.H1"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	parts, _ := filepath.Glob(filepath.Join(dir, "runs", "*", "frames", "*.parquet"))
	if len(parts) == 0 {
		t.Fatal("no part files written")
	}
	// A second run refuses to touch the stored one.
	out, code = runBinary(t, dir)
	if code == 0 || !strings.Contains(out, "--resume") {
		t.Errorf("second run: exit %d, %s", code, out)
	}
	out, code = runBinary(t, dir, "--resume", "--quiet")
	if code != 0 || out != "" {
		t.Errorf("--resume --quiet: exit %d, output %q", code, out)
	}
}

func TestBadInputFailsCleanly(t *testing.T) {
	dataDir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dataDir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	header := "<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>\r\n"
	nanFile := write("EURUSD_H1.csv", header+"2024.01.02\t00:00:00\t1.1\t1.2\t1.0\t1.1\t10\t0\t5\r\n2024.01.02\t01:00:00\tNaN\t1.2\t1.0\t1.1\t10\t0\t5\r\n")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"step 0", []string{"--param", "MovingPeriod=10:20:0"}, "step"},
		{"start > stop", []string{"--param", "MovingPeriod=30:20:1"}, "MovingPeriod"},
		{"unknown parameter", []string{"--param", "Nope=1:2:1"}, "Nope"},
		{"not an integer", []string{"--param", "MovingPeriod=1.5"}, "MovingPeriod"},
		{"bad constraint", []string{"--param", "MovingPeriod=10:20:5", "--constraint", "Nope <"}, "constraint"},
		{"unknown expert", []string{"--expert", "Nope"}, "Nope"},
		{"unknown criterion", []string{"--criterion", "nope"}, "nope"},
		{"bad forward", []string{"--forward", "1/9"}, "forward"},
		{"missing data", []string{"--data", filepath.Join(dataDir, "missing.csv")}, "missing.csv"},
		{"NaN price", []string{"--data", nanFile}, "line 3"},
		{"resume and overwrite", []string{"--resume", "--overwrite"}, "exclude"},
		{"negative budget", []string{"--budget", "-5"}, "--budget"},
		{"from after the data", []string{"--from", "2030-01-01"}, "last bar"},
		{"random without budget", []string{"--optimizer", "random", "--param", "MovingPeriod=10:20:5"}, ""},
	}
	for _, c := range cases {
		dir := t.TempDir()
		out, code := runBinary(t, dir, c.args...)
		if c.name == "random without budget" {
			// A random search with no budget covers the grid in random order: not an error.
			if code != 0 {
				t.Errorf("%s: exit %d: %s", c.name, code, out)
			}
			continue
		}
		if code == 0 {
			t.Errorf("%s: exit 0", c.name)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 1 || !strings.HasPrefix(lines[0], "collect: ") || !strings.Contains(out, c.want) {
			t.Errorf("%s: want one error line containing %q, got:\n%s", c.name, c.want, out)
		}
		if _, err := os.Stat(filepath.Join(dir, "runs")); err == nil {
			t.Errorf("%s: something was written", c.name)
		}
	}
}

func TestKilledRunLeavesNoPartialFileAndResumes(t *testing.T) {
	dir := t.TempDir()
	// A grid big enough to be killed mid-run: 100 × 60 passes, small parts.
	args := []string{"--param", "MovingPeriod=1:100:1", "--param", "MovingShift=1:60:1", "--quiet", "--batch", "16"}
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait for the first finished part, then kill without warning.
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if tmp, _ := filepath.Glob(filepath.Join(dir, "runs", "*", "frames", ".part-*.tmp")); len(tmp) > 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	cmd.Process.Kill()
	cmd.Wait()
	visible, _ := filepath.Glob(filepath.Join(dir, "runs", "*", "frames", "*.parquet"))
	for _, v := range visible {
		b, err := os.ReadFile(v)
		if err != nil || len(b) < 8 || string(b[len(b)-4:]) != "PAR1" {
			t.Fatalf("a visible part file is incomplete: %s", v)
		}
	}
	runDir := filepath.Join(dir, "runs", "MovingAverage.SAMPLE.H1")
	if n := storedPasses(t, runDir); n >= 6000 {
		t.Fatalf("the run finished (%d passes) before it was killed", n)
	}
	out, code := runBinary(t, dir, append(args, "--resume")...)
	if code != 0 {
		t.Fatalf("resume: exit %d: %s", code, out)
	}
	if n := storedPasses(t, runDir); n != 6000 {
		t.Errorf("after resuming, %d passes stored, want 6000", n)
	}
	tmp, _ := filepath.Glob(filepath.Join(dir, "runs", "*", "frames", ".part-*"))
	if len(tmp) != 0 {
		t.Errorf("temporary files left after the resumed run: %v", tmp)
	}
}

func storedPasses(t *testing.T, runDir string) int {
	t.Helper()
	ds, err := frames.Open(runDir)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := ds.PassIDs()
	if err != nil {
		t.Fatal(err)
	}
	return len(ids)
}

func TestExportSetAfterTheRun(t *testing.T) {
	dir := t.TempDir()
	out, code := runBinary(t, dir, "--param", "MovingPeriod=10:30:10", "--param", "MovingShift=2", "--export-set", "best.set")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	f, err := os.Open(filepath.Join(dir, "best.set"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	params, err := optimize.ReadSet(f, "best.set")
	if err != nil {
		t.Fatal(err)
	}
	// The summary names the best MovingPeriod; the file holds it.
	var best string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "best ") {
			best = line[strings.Index(line, "MovingPeriod=")+len("MovingPeriod="):]
		}
	}
	if got := params[2]; got.Name != "MovingPeriod" || fmt.Sprint(got.Value) != strings.TrimSpace(best) || !got.Optimize {
		t.Errorf("set file MovingPeriod %+v, summary says %q", got, best)
	}
	if out, code := runBinary(t, t.TempDir(), "--export-set", "/nonexistent/dir/best.set"); code == 0 {
		t.Errorf("export into a missing folder accepted: %s", out)
	}
}

func TestTeststandJSON(t *testing.T) {
	dir := t.TempDir()
	out, code := runBinary(t, dir, "teststand", "--stand", "seed", "--optimizer", "rnd,random", "--repeats", "1",
		"--format", "json", "--quiet", "--charts", "charts")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	var rows []struct {
		Optimizer string
		Tests     []struct {
			Function    string
			Parameters  int
			Evaluations int
			Result      float64
		}
		Final   float64
		Percent float64
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(rows) != 2 || rows[0].Optimizer != "rnd" {
		t.Fatalf("rows %+v", rows)
	}
	// The article's stand: 3 functions × 3 sizes × 2 budgets, results in [0, 1].
	for _, r := range rows {
		if len(r.Tests) != 18 || r.Final <= 0 || r.Final > 1 || r.Percent != r.Final*100 {
			t.Errorf("%s: %d tests, final %g, percent %g", r.Optimizer, len(r.Tests), r.Final, r.Percent)
		}
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "charts", "*.png"))
	if len(pngs) != 3 {
		t.Errorf("convergence charts %v, want one per function", pngs)
	}
	if out, code := runBinary(t, dir, "teststand", "--optimizer", "grid"); code == 0 || !strings.Contains(out, "grid") {
		t.Errorf("grid on the stand: exit %d: %s", code, out)
	}
}

func TestImport(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.opt")
	os.WriteFile(junk, []byte("this is not a MetaTrader file"), 0o644)
	out, code := runBinary(t, dir, "import", junk)
	if code == 0 || !strings.HasPrefix(out, "collect: ") || !strings.Contains(out, "junk.opt") {
		t.Errorf("junk: exit %d: %s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "runs")); err == nil {
		t.Error("a failed import wrote a run")
	}
	abs := shareddata.File(t, "mt5-reports/zero-to-hero-3-trades.html")
	out, code = runBinary(t, dir, "import", abs)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	ds, err := frames.Open(filepath.Join(dir, "runs", "EA_ZeroToHero.XAUUSD.M5"))
	if err != nil {
		t.Fatal(err)
	}
	ids, _ := ds.PassIDs()
	if len(ids) != 1 {
		t.Errorf("%d passes, want the report's one", len(ids))
	}
}

func TestShardsRunConcurrently(t *testing.T) {
	dir := t.TempDir()
	args := []string{"--param", "MovingPeriod=10:60:10", "--param", "MovingShift=1:4:1", "--quiet", "--batch", "4"}
	cmds := make([]*exec.Cmd, 3)
	for k := range cmds {
		cmds[k] = exec.Command(binary, append(args, "--shard", fmt.Sprintf("%d/3", k))...)
		cmds[k].Dir = dir
		if err := cmds[k].Start(); err != nil {
			t.Fatal(err)
		}
	}
	for k, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Fatalf("shard %d: %v", k, err)
		}
	}
	if n := storedPasses(t, filepath.Join(dir, "runs", "MovingAverage.SAMPLE.H1")); n != 24 {
		t.Errorf("%d passes from 3 shards, want the grid's 24", n)
	}
	for _, bad := range []string{"3/3", "1", "-1/2", "a/b"} {
		if out, code := runBinary(t, t.TempDir(), "--shard", bad); code == 0 || !strings.Contains(out, "--shard") {
			t.Errorf("--shard %s: exit %d: %s", bad, code, out)
		}
	}
}
