package gallery

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/frames"
)

// fakeStages writes what the walk-forward and overfitting stages leave in a
// run directory: PNGs under charts/<stage>/ and a JSON list of objects.
func fakeStages(t *testing.T, run string) {
	t.Helper()
	write := func(rel, text string) {
		p := filepath.Join(run, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("charts/walkforward/stitched r2.png", "png")
	write("charts/walkforward/scoreboard.json", `[{"criterion":"r2","oos_profit":12.5,"windows":3},
		{"criterion":"tssf","oos_profit":-4,"verdict":"fails <here>"}]`)
	write("charts/overfit/pbo.png", "png")
	write("overfit.json", `[{"criterion":"r2","pbo":0.31,"dsr":null,"folds":[1,2]}]`)
}

func TestPageShowsOtherStages(t *testing.T) {
	run := t.TempDir()
	fakeStages(t, run)
	res := fakeResult()
	ds := &frames.Dataset{Dir: run, Manifest: res.Manifest}
	for _, c := range []struct{ out, prefix string }{
		{ChartsDir(run, ""), "./"},
		{filepath.Join(t.TempDir(), "elsewhere"), ""},
	} {
		os.MkdirAll(c.out, 0o755)
		if err := writePage(ds, res, Config{}, 0, nil, &Output{Dir: c.out}, "id"); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(filepath.Join(c.out, "index.html"))
		page := string(b)
		wf, _ := filepath.Rel(c.out, filepath.Join(run, "charts", "walkforward"))
		of, _ := filepath.Rel(c.out, filepath.Join(run, "charts", "overfit"))
		pre := func(s string) string {
			if strings.HasPrefix(s, "..") {
				return s
			}
			return "./" + s
		}
		for _, want := range []string{
			`<section id="walkforward"><h2>Walk-forward</h2>`,
			`src="` + pre(filepath.ToSlash(wf)) + `/stitched%20r2.png"`,
			`<th>criterion</th><th>oos_profit</th><th>windows</th><th>verdict</th>`,
			`<tr><td>r2</td><td>12.5000</td><td>3</td><td></td></tr>`,
			`<td>fails &lt;here&gt;</td>`,
			`<section id="overfit"><h2>Overfitting</h2>`,
			`src="` + pre(filepath.ToSlash(of)) + `/pbo.png"`,
			`<th>criterion</th><th>pbo</th><th>dsr</th><th>folds</th>`,
			`<tr><td>r2</td><td>0.3100</td><td></td><td>[1,2]</td></tr>`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("out %s: the page lacks %s", c.out, want)
			}
		}
	}
	// A run directory given relative to the working directory, the page
	// elsewhere: the links still lead to the pictures.
	t.Chdir(filepath.Dir(run))
	ds.Dir = filepath.Base(run)
	out := filepath.Join(t.TempDir(), "abs")
	os.MkdirAll(out, 0o755)
	if err := writePage(ds, res, Config{}, 0, nil, &Output{Dir: out}, "id"); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(out, "index.html"))
	m := regexp.MustCompile(`src="([^"]*stitched%20r2.png)"`).FindStringSubmatch(string(b))
	if m == nil {
		t.Fatal("a relative run directory: no walk-forward picture on the page")
	}
	if _, err := os.Stat(filepath.Join(out, strings.ReplaceAll(m[1], "%20", " "))); err != nil {
		t.Errorf("the page's link %s leads nowhere: %v", m[1], err)
	}
	// Without the stages' folders, no such sections.
	bare := t.TempDir()
	ds.Dir = bare
	if err := writePage(ds, res, Config{}, 0, nil, &Output{Dir: bare}, "id"); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(filepath.Join(bare, "index.html"))
	if strings.Contains(string(b), `id="walkforward"`) || strings.Contains(string(b), `id="overfit"`) {
		t.Error("sections for stages that did not run")
	}
}

func TestJSONTableRejectsOtherShapes(t *testing.T) {
	for _, bad := range []string{`{"a":1}`, `[1,2]`, `[{"a":1}`, `nope`} {
		if _, _, err := jsonTable([]byte(bad)); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

// TestPassTable: at most PageRows rows, the best by the sort criterion, a
// column per input, the table sorted by that criterion.
func TestPassTable(t *testing.T) {
	res := fakeResult()
	tb := passTable(res, Config{PageRows: 3}, 0, nil)
	if len(tb.Rows) != 3 || tb.Total != 6 {
		t.Fatalf("%d rows of %d", len(tb.Rows), tb.Total)
	}
	var names []string
	for _, c := range tb.Columns {
		names = append(names, c.Name)
	}
	if got := strings.Join(names, ","); got != "pass,A,B,C,profit,trades" {
		t.Errorf("columns %s", got)
	}
	// Profits 5, 7, -3, 2, 9, 4: the best three are passes 4, 1, 0.
	for i, want := range []float64{4, 1, 0} {
		if tb.Rows[i][0] != want {
			t.Errorf("row %d is pass %v, want %v", i, tb.Rows[i][0], want)
		}
	}
	if tb.Columns[tb.Sort].Name != "profit" || !tb.Desc {
		t.Errorf("sorted by %s desc=%v", tb.Columns[tb.Sort].Name, tb.Desc)
	}
}

// TestCardsOneForEachDistinctPass: a pass that is the best for two criteria
// gets one card naming both.
func TestCardsOneForEachDistinctPass(t *testing.T) {
	res := fakeResult()
	crit, _ := criteria.ByName("r2")
	res.Criteria = append(res.Criteria, crit)
	for i := range res.Passes {
		p := &res.Passes[i]
		p.Values = append(p.Values, p.Profit/10) // the same order as profit
		p.Available = append(p.Available, true)
		p.Ranks = append(p.Ranks, p.Ranks[0])
	}
	cfg := Config{AllCriteria: true}
	jobs := planJobs(res, cfg, 0)
	chartOf := map[int]string{}
	for _, j := range jobs {
		if _, ok := chartOf[j.pass]; !ok {
			chartOf[j.pass] = j.file
		}
	}
	cs := cards(res, cfg, jobs, chartOf)
	if len(jobs) != 2 || len(cs) != 1 || len(cs[0].Wins) != 2 || cs[0].Pass != 4 {
		t.Fatalf("%d charts, cards %+v", len(jobs), cs)
	}
	if cs[0].Wins[0].Criterion != "profit" || cs[0].Wins[1].Criterion != "r2" || cs[0].Wins[1].File != jobs[1].file {
		t.Errorf("wins %+v", cs[0].Wins)
	}
	if cs[0].Inputs != "A=2  B=30  C=0" {
		t.Errorf("inputs %q", cs[0].Inputs)
	}
}
