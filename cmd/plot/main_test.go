package main

import (
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/passframes/passframes/analysis"
	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/testrun"
)

var binary string

func TestMain(m *testing.M) { testrun.Main(m, "plot", &binary) }

func TestBestModeWritesAChartPerCriterion(t *testing.T) {
	root := t.TempDir()
	testrun.Collect(t, root)
	out, code := testrun.Run(t, binary, root, "--width", "640", "--height", "400")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	folder := filepath.Join(root, "runs", "MovingAverage.SAMPLE.H1", "charts")
	want := 0
	for _, c := range criteria.All() {
		if c.Kind == criteria.KindStatistic {
			continue
		}
		want++
		matches, _ := filepath.Glob(filepath.Join(folder, c.Name+"+*.png"))
		if len(matches) != 1 {
			t.Errorf("%s: %d charts", c.Name, len(matches))
			continue
		}
		f, _ := os.Open(matches[0])
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != 640 || cfg.Height != 400 {
			t.Errorf("%s: %v %dx%d", matches[0], err, cfg.Width, cfg.Height)
		}
	}
	for _, o := range []string{"overview-forward-scatter.png", "overview-heatmap-MovingPeriod-MovingShift.png", "index.html"} {
		if _, err := os.Stat(filepath.Join(folder, o)); err != nil {
			t.Errorf("missing %s", o)
		}
	}
	// The page links every chart (a pass that is the best for several
	// criteria shows once, with a link per criterion).
	index, _ := os.ReadFile(filepath.Join(folder, "index.html"))
	pngs, _ := filepath.Glob(filepath.Join(folder, "*.png"))
	if len(pngs) < want {
		t.Errorf("%d charts, want at least %d", len(pngs), want)
	}
	for _, f := range pngs {
		if !strings.Contains(string(index), `href="./`+strings.ReplaceAll(filepath.Base(f), "+", "&#43;")+`"`) {
			t.Errorf("index.html does not link %s", filepath.Base(f))
		}
	}
}

func TestAllModeRanksFilesAndReplacesOldOnes(t *testing.T) {
	root := t.TempDir()
	testrun.Collect(t, root)
	folder := filepath.Join(root, "runs", "MovingAverage.SAMPLE.H1", "charts")
	stale := filepath.Join(folder, "old+1.00.png")
	os.MkdirAll(folder, 0o755)
	os.WriteFile(stale, []byte("x"), 0o644)
	out, code := testrun.Run(t, binary, root, "--all", "--sort", "r2", "--top", "5", "--width", "320", "--height", "200")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("a stale chart was left in the folder")
	}
	files, _ := filepath.Glob(filepath.Join(folder, "000*.png"))
	if len(files) != 0 {
		t.Errorf("rank padding too wide: %v", files)
	}
	files, _ = filepath.Glob(filepath.Join(folder, "[0-9]_*.png"))
	sort.Strings(files)
	if len(files) != 5 || !strings.HasPrefix(filepath.Base(files[0]), "1_") {
		t.Fatalf("ranked files %v", files)
	}
}

func TestBadOptions(t *testing.T) {
	root := t.TempDir()
	testrun.Collect(t, root)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--lines", "all"}, "--lines"},
		{[]string{"--forward", "later"}, "--forward"},
		{[]string{"--heatmap", "Nope,MovingShift"}, "Nope"},
		{[]string{"--sort", "nope"}, "nope"},
		{[]string{"--width", "10"}, "10"},
		{[]string{"--top", "5"}, "--all"},
		{[]string{"--best=false"}, "--all"},
	} {
		out, code := testrun.Run(t, binary, root, c.args...)
		if code == 0 || !strings.HasPrefix(out, "plot: ") || !strings.Contains(out, c.want) {
			t.Errorf("%v: exit %d: %s", c.args, code, out)
		}
		if _, err := os.Stat(filepath.Join(root, "runs", "MovingAverage.SAMPLE.H1", "charts")); err == nil {
			t.Errorf("%v: something was written", c.args)
		}
	}
}

func TestTableMadeWithOtherFiltersIsNotReused(t *testing.T) {
	root := t.TempDir()
	dir := testrun.Collect(t, root)
	// A table that keeps only the profitable passes...
	ds, _ := frames.Open(dir)
	zero := 0.0
	filtered, err := analysis.Run(t.Context(), ds, analysis.Options{MinProfitPct: &zero})
	if err != nil {
		t.Fatal(err)
	}
	if err := filtered.WriteTableFile(filepath.Join(dir, analysis.TableName)); err != nil {
		t.Fatal(err)
	}
	// ...must not stand in for plot's default of every pass.
	out, code := testrun.Run(t, binary, root, "--all", "--width", "320", "--height", "200")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	files, _ := filepath.Glob(filepath.Join(root, "runs", "MovingAverage.SAMPLE.H1", "charts", "*_*+*.png"))
	if len(files) != 12 {
		t.Errorf("%d charts, want all 12 passes (the table kept %d)", len(files), len(filtered.Passes))
	}
}
