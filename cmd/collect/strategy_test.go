package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/passframes/passframes/frames"
)

// framesByKey reads every frame of a run, keyed by pass and period.
func framesByKey(t *testing.T, runDir string) map[string]*frames.Frame {
	t.Helper()
	ds, err := frames.Open(runDir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*frames.Frame{}
	err = ds.Scan(func(f *frames.Frame) error {
		c := *f
		c.Params = append([]float64(nil), f.Params...)
		c.Time = append([]int64(nil), f.Time...)
		c.Balance = append([]float64(nil), f.Balance...)
		c.Equity = append([]float64(nil), f.Equity...)
		out[fmt.Sprintf("%d/%d/%s", f.Window, f.Pass, f.Period)] = &c
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestStrategyFilesMatchBuiltinExperts runs collect with --expert and with
// the shipped strategy file on one grid: every frame must hold the same
// column values (inputs, the 41 statistics, points).
func TestStrategyFilesMatchBuiltinExperts(t *testing.T) {
	cases := []struct {
		expert, file string
		grid         []string
	}{
		{"SmaCross", "smacross.toml", []string{"--param", "Fast=5:20:5", "--param", "Slow=10:60:25", "--param", "Short=false:true", "--contract-size", "1"}},
		{"MACross", "macross.toml", []string{"--param", "Fast=4:12:4", "--param", "Slow=15:45:15"}},
	}
	for _, c := range cases {
		dir := t.TempDir()
		file, _ := filepath.Abs(filepath.Join("..", "..", "strategies", c.file))
		common := append([]string{"--quiet", "--constraint", "Fast < Slow"}, c.grid...)
		if out, code := runBinary(t, dir, append([]string{"--expert", c.expert, "--out", "expert"}, common...)...); code != 0 {
			t.Fatalf("--expert %s: exit %d: %s", c.expert, code, out)
		}
		if out, code := runBinary(t, dir, append([]string{"--strategy", file, "--out", "file"}, common...)...); code != 0 {
			t.Fatalf("--strategy %s: exit %d: %s", c.file, code, out)
		}
		runName := c.expert + ".SAMPLE.H1"
		want := framesByKey(t, filepath.Join(dir, "expert", runName))
		got := framesByKey(t, filepath.Join(dir, "file", runName))
		if len(want) == 0 || len(got) != len(want) {
			t.Fatalf("%s: %d frames from the file, %d from the expert", c.expert, len(got), len(want))
		}
		traded := 0
		for k, w := range want {
			g := got[k]
			if g == nil || !reflect.DeepEqual(g, w) {
				t.Errorf("%s frame %s differs:\n file   %+v\n expert %+v", c.expert, k, g, w)
				break
			}
			traded += int(w.Stats[32]) // trades
		}
		if traded == 0 {
			t.Fatalf("%s: no pass traded; the comparison proves nothing", c.expert)
		}
		var m struct {
			Strategy frames.StrategyInfo `json:"strategy"`
		}
		b, err := os.ReadFile(filepath.Join(dir, "file", runName, "run.json"))
		if err == nil {
			err = json.Unmarshal(b, &m)
		}
		if err != nil {
			t.Fatal(err)
		}
		text, _ := os.ReadFile(file)
		if m.Strategy.Name != c.expert || m.Strategy.Text != string(text) || len(m.Strategy.SHA256) != 64 {
			t.Errorf("run.json strategy = %+v", m.Strategy)
		}
	}
}

func TestBadStrategyFileWritesNothing(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	text := "name = \"Bad\"\n[rules]\nbuy = \"close > sma(close)\"\n[lots]\nfixed = 0.1\n"
	if err := os.WriteFile(bad, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	out, code := runBinary(t, dir, "--strategy", bad, "--out", "runs")
	if code == 0 || !strings.Contains(out, "bad.toml:3:16: sma takes 2 argument(s), got 1") {
		t.Errorf("exit %d, output %q: want bad.toml:3:16 and the arity", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "runs")); !os.IsNotExist(err) {
		t.Errorf("a bad strategy file left %s behind", filepath.Join(dir, "runs"))
	}
	out, code = runBinary(t, dir, "--strategy", bad, "--expert", "SmaCross")
	if code == 0 || !strings.Contains(out, "exclude each other") {
		t.Errorf("--strategy with --expert: exit %d, %q", code, out)
	}
}

func TestCriterionFormula(t *testing.T) {
	dir := t.TempDir()
	expr := "(gross_profit - 1/(trades+1)) / -(gross_loss - 1/(trades+1))"
	out, code := runBinary(t, dir, "--expert", "SmaCross", "--param", "Fast=5:10:5", "--param", "Slow=20:40:20",
		"--contract-size", "1", "--criterion", expr, "--out", "runs")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	if !strings.Contains(out, "best     "+expr+" = ") {
		t.Errorf("output lacks the formula's best:\n%s", out)
	}
	m, err := frames.ReadManifest(filepath.Join(dir, "runs", "SmaCross.SAMPLE.H1"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Criterion != expr || m.Formulas[expr] != expr {
		t.Errorf("run.json criterion %q, formulas %v", m.Criterion, m.Formulas)
	}
	out, code = runBinary(t, dir, "--criterion", "profit +", "--out", "runs2")
	if code == 0 || !strings.Contains(out, "--criterion") {
		t.Errorf("a broken formula: exit %d, %q", code, out)
	}
}

// TestResumeStrategyRunWithoutTheFile: collect resume rebuilds a strategy
// run's expert and formula objective from run.json alone.
func TestResumeStrategyRunWithoutTheFile(t *testing.T) {
	dir := t.TempDir()
	src, _ := os.ReadFile(filepath.Join("..", "..", "strategies", "smacross.toml"))
	file := filepath.Join(dir, "mine.toml")
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	formula := "profit / (trades + 1)"
	args := []string{"--strategy", file, "--param", "Fast=5:10:5", "--param", "Slow=20:40:20", "--contract-size", "1",
		"--criterion", formula, "--quiet"}
	if out, code := runBinary(t, dir, args...); code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	os.Remove(file)
	out, code := runBinary(t, dir, "resume", filepath.Join("runs", "SmaCross.SAMPLE.H1"))
	if code != 0 || !strings.Contains(out, "4 already stored, 0 stored") || !strings.Contains(out, "best     "+formula) {
		t.Fatalf("resume without the strategy file: exit %d:\n%s", code, out)
	}
}
