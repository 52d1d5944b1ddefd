package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/passframes/passframes/analysis"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/testrun"
)

// TestEveryFailurePath runs each way analyze can fail once: the exit status
// is 2 for a wrong call and 1 for a failure, stdout stays empty, stderr is
// one line, and no analysis table is written.
func TestEveryFailurePath(t *testing.T) {
	root := t.TempDir()
	dir := testrun.Collect(t, root)
	truncated := filepath.Join(root, "truncated")
	copyRun(t, dir, truncated)
	part := filepath.Join(truncated, "frames", "part-00000.parquet")
	b, _ := os.ReadFile(part)
	os.WriteFile(part, b[:len(b)/3], 0o644)
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown flag", []string{"--nope", dir}, 2, "-nope"},
		{"flag value not a number", []string{"--top", "many", dir}, 2, "-top"},
		{"flag without its value", []string{dir, "--sort"}, 2, "-sort"},
		{"negative top", []string{"--top", "-1", dir}, 2, "--top"},
		{"unknown format", []string{"--format", "xml", dir}, 2, "xml"},
		{"unknown table", []string{"--format", "csv", "--table", "middle", dir}, 2, "--table"},
		{"unknown sort criterion", []string{"--sort", "nope", dir}, 2, "nope"},
		{"unknown series", []string{"--by", "price", dir}, 2, "--by"},
		{"ratio not finite", []string{"--ratio", "NaN", dir}, 2, "--ratio"},
		{"min-profit-pct not finite", []string{"--min-profit-pct", "Inf", dir}, 2, "--min-profit-pct"},
		{"min-trades not finite", []string{"--min-trades", "NaN", dir}, 2, "--min-trades"},
		{"negative workers", []string{"--workers", "-1", dir}, 2, "--workers"},
		{"export-set over two runs", []string{"--export-set", filepath.Join(root, "x.set"), dir, dir}, 2, "--export-set"},
		{"bad glob", []string{filepath.Join(root, "[")}, 2, "["},
		{"criteria format", []string{"criteria", "--format", "xml"}, 2, "xml"},
		{"replay without a run", []string{"replay"}, 2, "one run directory"},
		{"replay format", []string{"replay", dir, "--format", "csv"}, 2, "--format"},
		{"replay runs", []string{"replay", dir, "--runs", "0"}, 2, "--runs"},
		{"replay budget", []string{"replay", dir, "--budget", "0"}, 2, "--budget"},
		{"replay percentage", []string{"replay", dir, "--budget", "150%"}, 2, "--budget"},
		{"replay optimizer", []string{"replay", dir, "--optimizer", "nope"}, 2, "--optimizer"},
		{"replay criterion", []string{"replay", dir, "--criterion", "nope"}, 2, "--criterion"},
		{"completion without a shell", []string{"completion"}, 2, "bash"},
		{"completion of another shell", []string{"completion", "tcsh"}, 2, "tcsh"},
		{"missing run directory", []string{filepath.Join(root, "missing")}, 1, "missing"},
		{"no run under --runs", []string{"--runs", filepath.Join(root, "empty")}, 1, "no run"},
		{"every pass filtered out", []string{"--min-trades", "1e9", dir}, 1, "no pass to analyze"},
		{"truncated part file", []string{truncated}, 1, "part-00000.parquet"},
		{"replay of a missing run", []string{"replay", filepath.Join(root, "missing")}, 1, "missing"},
	}
	for _, c := range cases {
		out, errOut, code := testrun.RunApp(t, root, "analyze", newApp(), c.args...)
		if code != c.code || out != "" || strings.Count(errOut, "\n") != 1 ||
			!strings.HasPrefix(errOut, "analyze: ") || !strings.Contains(errOut, c.want) {
			t.Errorf("%s: exit %d (want %d), stdout %q, stderr %q (want one line with %q)", c.name, code, c.code, out, errOut, c.want)
		}
		if c.code == 2 && !strings.Contains(errOut, "--help") {
			t.Errorf("%s: a usage error without a pointer to --help: %q", c.name, errOut)
		}
	}
	for _, d := range []string{dir, truncated} {
		if _, err := os.Stat(frames.Layout{Dir: d}.Analysis()); err == nil {
			t.Errorf("a failing call wrote %s", frames.Layout{Dir: d}.Analysis())
		}
	}
}

// TestInterruptedExits130 cancels analyze's context (what Ctrl-C does) and
// checks the exit status and that nothing was written.
func TestInterruptedExits130(t *testing.T) {
	root := t.TempDir()
	dir := testrun.Collect(t, root)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	out, errOut, code := testrun.RunAppContext(ctx, t, root, "analyze", newApp(), dir)
	if code != 130 || out != "" || !strings.Contains(errOut, "interrupted") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if _, err := os.Stat(frames.Layout{Dir: dir}.Analysis()); err == nil {
		t.Error("an interrupted analysis wrote its table")
	}
}

func copyRun(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestOneDocumentPerCall checks that several runs give one JSON array and
// one CSV table, with the same snake_case names as the JSON.
func TestOneDocumentPerCall(t *testing.T) {
	root := t.TempDir()
	dir := testrun.Collect(t, root)
	second := filepath.Join(root, "runs", "second")
	copyRun(t, dir, second)
	out, errOut, code := testrun.RunApp(t, root, "analyze", newApp(), "--format", "json", "--top", "2", dir, second)
	if code != 0 || errOut != "" {
		t.Fatalf("json: exit %d: %s", code, errOut)
	}
	var reps []map[string]any
	if err := json.Unmarshal([]byte(out), &reps); err != nil || len(reps) != 2 {
		t.Fatalf("json over two runs is not one array of two: %v\n%s", err, out)
	}
	if reps[1]["run"] != second {
		t.Errorf("second report is of %v", reps[1]["run"])
	}
	best := reps[0]["best"].([]any)[0].(map[string]any)
	top := reps[0]["top"].([]any)[0].(map[string]any)
	for table, want := range map[string][]string{
		"best": {"run", "criterion", "direction", "value", "pass", "profit", "forward_profit", "spearman_forward"},
		"top":  {"run", "sort", "rank", "pass", "value", "profit", "trades", "forward_profit", "forward_trades"},
	} {
		out, errOut, code := testrun.RunApp(t, root, "analyze", newApp(), "--format", "csv", "--table", table, "--top", "2", dir, second)
		if code != 0 || errOut != "" {
			t.Fatalf("csv %s: exit %d: %s", table, code, errOut)
		}
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatalf("csv %s is not one table: %v\n%s", table, err, out)
		}
		header := map[string]bool{}
		for _, h := range rows[0] {
			header[h] = true
		}
		for _, name := range want {
			json := best
			if table == "top" {
				json = top
			}
			if _, inJSON := json[name]; !header[name] || !inJSON && name != "run" && name != "sort" {
				t.Errorf("csv %s: column %q missing from the header %v or from the JSON", table, name, rows[0])
			}
		}
		wantRows := 2 * len(reps[0][table].([]any))
		if len(rows)-1 != wantRows {
			t.Errorf("csv %s: %d rows, want %d (both runs)", table, len(rows)-1, wantRows)
		}
	}
	// Every report format names the columns alike.
	out, _, _ = testrun.RunApp(t, root, "analyze", newApp(), "--no-table", dir)
	for _, name := range []string{"direction", "forward_profit", "spearman_forward", "forward_trades"} {
		if !strings.Contains(out, name) {
			t.Errorf("table format lacks %q", name)
		}
	}
	if _, err := os.Stat(filepath.Join(second, analysis.TableName)); err != nil {
		t.Errorf("the second run's table: %v", err)
	}
}

// TestCompletionScripts checks that each shell gets a script for analyze.
func TestCompletionScripts(t *testing.T) {
	for shell, want := range map[string]string{
		"bash": "complete -o bashdefault -o default -F _analyze_complete analyze",
		"zsh":  "#compdef analyze",
		"fish": "complete -c analyze",
	} {
		out, errOut, code := testrun.RunApp(t, t.TempDir(), "analyze", newApp(), "completion", shell)
		if code != 0 || errOut != "" || !strings.Contains(out, want) || !strings.Contains(out, "generate-bash-completion") && shell != "fish" {
			t.Errorf("%s: exit %d, stderr %q, script lacks %q:\n%s", shell, code, errOut, want, out)
		}
	}
	// What the scripts ask: the candidates after a partial command line.
	// urfave/cli reads the partial word from os.Args, as it is in a real process.
	args := os.Args
	t.Cleanup(func() { os.Args = args })
	os.Args = []string{"analyze", "--for", "--generate-bash-completion"}
	out, _, code := testrun.RunApp(t, t.TempDir(), "analyze", newApp(), "--for", "--generate-bash-completion")
	if code != 0 || !strings.Contains(out, "--format") || strings.Contains(out, "--top") {
		t.Errorf("flag candidates for --for: exit %d: %q", code, out)
	}
	os.Args = []string{"analyze", "--generate-bash-completion"}
	out, _, _ = testrun.RunApp(t, t.TempDir(), "analyze", newApp(), "--generate-bash-completion")
	for _, sub := range []string{"criteria", "replay", "completion"} {
		if !strings.Contains(out, sub) {
			t.Errorf("subcommand candidates lack %s: %q", sub, out)
		}
	}
}
