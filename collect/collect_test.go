package collect

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/passframes/passframes/data"
	"github.com/passframes/passframes/experts"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/stats"
	"github.com/passframes/passframes/tester"
)

// testConfig is a 3 × 3 MovingAverage grid on four months of the sample
// with a 1/4 forward period.
func testConfig(t *testing.T, dir string, workers int) Config {
	t.Helper()
	bars, err := data.Sample()
	if err != nil {
		t.Fatal(err)
	}
	def, _ := experts.Lookup("MovingAverage")
	space, err := optimize.NewSpace(def.Params, []string{"MovingPeriod=10:30:10", "MovingShift=1:3:1"}, "", "")
	if err != nil {
		t.Fatal(err)
	}
	per, err := SplitPeriods(bars, time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 6, 30, 0, 0, 0, 0, time.UTC), "1/4")
	if err != nil {
		t.Fatal(err)
	}
	return Config{Expert: def, Bars: bars, Data: frames.DataInfo{Source: "sample"}, Space: space, Periods: per,
		Tester: tester.DefaultConfig(), Objective: "profit", Method: "grid", Seed: 1, Workers: workers, Batch: 4,
		RunDir: dir, Program: "test"}
}

func run(t *testing.T, cfg Config, ctx context.Context) *Summary {
	t.Helper()
	p, err := Prepare(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s, err := p.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func readAll(t *testing.T, dir string) []frames.Frame {
	t.Helper()
	ds, err := frames.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []frames.Frame
	err = ds.Scan(func(f *frames.Frame) error {
		c := *f
		c.Params = append([]float64(nil), f.Params...)
		c.Time = append([]int64(nil), f.Time...)
		c.Balance = append([]float64(nil), f.Balance...)
		c.Equity = append([]float64(nil), f.Equity...)
		out = append(out, c)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Pass != out[j].Pass {
			return out[i].Pass < out[j].Pass
		}
		return out[i].Period < out[j].Period
	})
	return out
}

func TestGridPassesAndIDs(t *testing.T) {
	dir := t.TempDir()
	s := run(t, testConfig(t, dir, 2), context.Background())
	if s.Evaluated != 9 || s.Stored != 9 || s.Total != 9 {
		t.Fatalf("summary %+v, want 9 passes evaluated and stored", s)
	}
	got := readAll(t, dir)
	if len(got) != 18 {
		t.Fatalf("%d rows, want 9 back + 9 forward", len(got))
	}
	// Grid order, first parameter fastest: id = (MovingPeriod index) + 3 × (MovingShift index).
	for i := 0; i < 9; i++ {
		back, fwd := got[2*i], got[2*i+1]
		wantPeriod, wantShift := float64(10+10*(i%3)), float64(1+i/3)
		if back.Pass != int64(i) || back.Period != frames.Back || fwd.Period != frames.Forward || fwd.Pass != int64(i) {
			t.Fatalf("rows %d: pass %d/%s and %d/%s", i, back.Pass, back.Period, fwd.Pass, fwd.Period)
		}
		if back.Params[2] != wantPeriod || back.Params[3] != wantShift {
			t.Errorf("pass %d: MovingPeriod %g MovingShift %g, want %g %g", i, back.Params[2], back.Params[3], wantPeriod, wantShift)
		}
		if len(back.Balance) < 2 || len(fwd.Balance) < 2 {
			t.Errorf("pass %d has empty point lists", i)
		}
		if back.Stats[stats.CustomOnTester] != back.Stats[stats.Profit] {
			t.Errorf("pass %d: custom_ontester %g is not the objective (profit %g)", i, back.Stats[stats.CustomOnTester], back.Stats[stats.Profit])
		}
		if fwd.Stats[stats.CustomOnTester] != 0 {
			t.Errorf("pass %d: forward custom_ontester %g, want 0 (the optimizer never receives it)", i, fwd.Stats[stats.CustomOnTester])
		}
		// The forward pass starts again from the deposit.
		if fwd.Balance[0] != 10000 {
			t.Errorf("pass %d: forward starts at %g", i, fwd.Balance[0])
		}
	}
}

func partBytes(t *testing.T, dir string) [][]byte {
	t.Helper()
	parts, err := frames.Parts(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, p := range parts {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

func TestSameFramesWhateverTheWorkers(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	run(t, testConfig(t, a, 1), context.Background())
	run(t, testConfig(t, b, 8), context.Background())
	pa, pb := partBytes(t, a), partBytes(t, b)
	if len(pa) == 0 || len(pa) != len(pb) {
		t.Fatalf("%d and %d part files", len(pa), len(pb))
	}
	for i := range pa {
		if !bytes.Equal(pa[i], pb[i]) {
			t.Fatalf("part %d differs between --workers 1 and --workers 8", i)
		}
	}
}

func TestRandomSameSeedSameBytes(t *testing.T) {
	var parts [][][]byte
	for _, seed := range []int64{7, 7, 8} {
		cfg := testConfig(t, t.TempDir(), 3)
		cfg.Method, cfg.Budget, cfg.Seed = "random", 5, seed
		run(t, cfg, context.Background())
		parts = append(parts, partBytes(t, cfg.RunDir))
	}
	if !reflect.DeepEqual(parts[0], parts[1]) {
		t.Error("the same seed gave different part files")
	}
	if reflect.DeepEqual(parts[0], parts[2]) {
		t.Error("seeds 7 and 8 gave the same part files")
	}
}

func TestInterruptThenResume(t *testing.T) {
	full := t.TempDir()
	fullSummary := run(t, testConfig(t, full, 2), context.Background())
	want := readAll(t, full)

	dir := t.TempDir()
	cfg := testConfig(t, dir, 2)
	ctx, cancel := context.WithCancel(context.Background())
	cfg.Progress = func(Progress) { cancel() } // stop after the first batch
	s := run(t, cfg, ctx)
	if !s.Interrupted || s.Evaluated != 4 {
		t.Fatalf("interrupted run: %+v, want 4 passes then a stop", s)
	}
	cfg = testConfig(t, dir, 2)
	cfg.Mode = frames.Resume
	s = run(t, cfg, context.Background())
	if s.Reused != 4 || s.Evaluated != 5 {
		t.Fatalf("resumed run: %+v, want 4 reused and 5 evaluated", s)
	}
	if s.Best != fullSummary.Best || s.BestPass != fullSummary.BestPass {
		t.Errorf("resumed run's best %g at pass %d, the whole run's %g at %d", s.Best, s.BestPass, fullSummary.Best, fullSummary.BestPass)
	}
	if got := readAll(t, dir); !reflect.DeepEqual(got, want) {
		t.Fatalf("interrupted + resumed run stored %d rows that differ from a clean run's %d", len(got), len(want))
	}
}

func TestFiltersKeepOnlyQualifyingPasses(t *testing.T) {
	cfg := testConfig(t, t.TempDir(), 2)
	cfg.MinTrades = 1e9
	s := run(t, cfg, context.Background())
	if s.Stored != 0 || s.Evaluated != 9 {
		t.Fatalf("min-trades 1e9: %+v, want nothing stored", s)
	}
	cfg = testConfig(t, t.TempDir(), 2)
	zero := 0.0
	cfg.MinProfitPct = &zero
	if s = run(t, cfg, context.Background()); s.Evaluated != 9 {
		t.Errorf("min-profit-pct 0: %d passes evaluated, want 9", s.Evaluated)
	}
	for _, f := range readAll(t, cfg.RunDir) {
		if f.Period == frames.Back && f.Stats[stats.Profit] < 0 {
			t.Errorf("pass %d with profit %g stored under min-profit-pct 0", f.Pass, f.Stats[stats.Profit])
		}
	}
}

func TestMinimizedObjectiveIsStoredAsIs(t *testing.T) {
	cfg := testConfig(t, t.TempDir(), 2)
	cfg.Objective = "equity_dd"
	s := run(t, cfg, context.Background())
	rows := readAll(t, cfg.RunDir)
	lowest := rows[0].Stats[stats.EquityDD]
	for _, f := range rows {
		if f.Period != frames.Back {
			continue
		}
		if f.Stats[stats.CustomOnTester] != f.Stats[stats.EquityDD] {
			t.Fatalf("custom_ontester %g, equity_dd %g", f.Stats[stats.CustomOnTester], f.Stats[stats.EquityDD])
		}
		lowest = min(lowest, f.Stats[stats.EquityDD])
	}
	if s.Best != lowest {
		t.Errorf("best equity_dd %g, want the lowest %g", s.Best, lowest)
	}
}

func TestPrepareRejectsBadInput(t *testing.T) {
	cases := map[string]func(*Config){
		"unknown criterion": func(c *Config) { c.Objective = "nope" },
		"unknown optimizer": func(c *Config) { c.Method = "nope" },
		"grid over a continuous parameter": func(c *Config) {
			c.Space, _ = optimize.NewSpace(c.Expert.Params, []string{"MaximumRisk=0.01:0.05:0"}, "", "")
			c.Method = "grid"
		},
		"bad deposit":     func(c *Config) { c.Tester.Account.Deposit = 0 },
		"bad equity mode": func(c *Config) { c.Tester.EquityMode = "max" },
		"impossible value": func(c *Config) {
			c.Space, _ = optimize.NewSpace(c.Expert.Params, []string{"MovingPeriod=0:10:5"}, "", "")
		},
		"nothing optimized": func(c *Config) { // a search needs a range (a grid of none is one test)
			c.Space, _ = optimize.NewSpace(c.Expert.Params, nil, "", "")
			c.Method = "random"
		},
	}
	for name, mutate := range cases {
		dir := filepath.Join(t.TempDir(), "run")
		cfg := testConfig(t, dir, 1)
		mutate(&cfg)
		if cfg.Space == nil {
			continue // the space itself was refused, which optimize tests cover
		}
		if _, err := Prepare(cfg); err == nil {
			t.Errorf("%s: accepted", name)
		}
		if _, err := os.Stat(dir); err == nil {
			t.Errorf("%s: the run directory was created", name)
		}
	}
}

func TestSplitPeriods(t *testing.T) {
	bars, _ := data.Sample()
	p, err := SplitPeriods(bars, time.Time{}, time.Time{}, "1/4")
	if err != nil {
		t.Fatal(err)
	}
	if p.BackLo != 0 || p.ForwardHi != bars.Len() || p.BackHi != p.ForwardLo {
		t.Fatalf("periods %+v do not cover the data", p)
	}
	// The forward quarter is a quarter of the time range, not of the bars.
	span := bars.BarTime(bars.Len() - 1).Sub(bars.BarTime(0))
	fwd := p.ForwardTo.Sub(p.ForwardFrom)
	if d := fwd - span/4; d < -2*time.Hour || d > 2*time.Hour {
		t.Errorf("forward period %v, want about %v", fwd, span/4)
	}
	p, err = SplitPeriods(bars, time.Time{}, time.Time{}, "2024-01-01")
	if err != nil || !p.ForwardFrom.Equal(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)) && p.ForwardFrom.Before(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("forward from a date: %+v %v", p, err)
	}
	for _, bad := range []string{"1/5", "2030-01-01", "2000-01-01", "soon"} {
		if _, err := SplitPeriods(bars, time.Time{}, time.Time{}, bad); err == nil {
			t.Errorf("--forward %s accepted", bad)
		}
	}
	if _, err := SplitPeriods(bars, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), "none"); err == nil {
		t.Error("--from after --to accepted")
	}
}

func TestResumeARandomSearch(t *testing.T) {
	full := testConfig(t, t.TempDir(), 2)
	full.Method, full.Budget, full.Seed = "random", 7, 3
	run(t, full, context.Background())
	want := readAll(t, full.RunDir)

	dir := t.TempDir()
	cfg := testConfig(t, dir, 2)
	cfg.Method, cfg.Budget, cfg.Seed = "random", 7, 3
	ctx, cancel := context.WithCancel(context.Background())
	cfg.Progress = func(Progress) { cancel() }
	if s := run(t, cfg, ctx); !s.Interrupted {
		t.Fatal("the run was not interrupted")
	}
	cfg = testConfig(t, dir, 2)
	cfg.Method, cfg.Budget, cfg.Seed, cfg.Mode = "random", 7, 3, frames.Resume
	s := run(t, cfg, context.Background())
	if s.Reused != 4 || s.Evaluated != 3 {
		t.Fatalf("resumed: %+v, want 4 reused and 3 evaluated", s)
	}
	if got := readAll(t, dir); !reflect.DeepEqual(got, want) {
		t.Fatal("an interrupted and resumed random search stored other passes than a clean one")
	}
	cfg = testConfig(t, dir, 2)
	cfg.Method, cfg.Budget, cfg.Seed, cfg.Mode, cfg.Batch = "random", 7, 3, frames.Resume, 5
	if p, err := Prepare(cfg); err == nil {
		if _, err := p.Run(context.Background()); err == nil {
			t.Error("resuming a random search with another batch size was accepted")
		}
	}
}

func TestShardsTogetherMakeTheWholeGrid(t *testing.T) {
	whole := testConfig(t, t.TempDir(), 2)
	run(t, whole, context.Background())
	want := readAll(t, whole.RunDir)

	dir := t.TempDir()
	total := 0
	for k := 0; k < 3; k++ {
		cfg := testConfig(t, dir, 2)
		cfg.Shard, cfg.Shards = k, 3
		s := run(t, cfg, context.Background())
		// 9 grid points, ids 0..8: shard k takes k, k+3, k+6.
		if s.Total != 3 || s.Evaluated != 3 {
			t.Fatalf("shard %d: %+v", k, s)
		}
		total += s.Evaluated
	}
	if got := readAll(t, dir); !reflect.DeepEqual(got, want) {
		t.Fatalf("3 shards stored %d rows that differ from the whole run's %d", len(got), len(want))
	}
	m, _ := frames.ReadManifest(dir)
	if m.Shards != 3 {
		t.Errorf("manifest says %d shards", m.Shards)
	}
	cfg := testConfig(t, dir, 2)
	cfg.Shard, cfg.Shards = 3, 3
	if _, err := Prepare(cfg); err == nil {
		t.Error("shard 3/3 accepted")
	}
}

func TestRandomShardsNumberPassesApart(t *testing.T) {
	dir := t.TempDir()
	for k := 0; k < 2; k++ {
		cfg := testConfig(t, dir, 2)
		cfg.Method, cfg.Budget, cfg.Shard, cfg.Shards = "random", 4, k, 2
		run(t, cfg, context.Background())
	}
	rows := readAll(t, dir)
	ids := map[int64]bool{}
	for _, f := range rows {
		if f.Period == frames.Back {
			ids[f.Pass] = true
		}
	}
	// Shard 0 numbers its passes 0, 2, 4, 6 and shard 1 1, 3, 5, 7.
	if len(ids) != 8 {
		t.Fatalf("pass ids %v, want 8 distinct", ids)
	}
	for id := int64(0); id < 8; id++ {
		if !ids[id] {
			t.Errorf("no pass %d", id)
		}
	}
}

func TestResumeRefusesOtherSettings(t *testing.T) {
	dir := t.TempDir()
	run(t, testConfig(t, dir, 2), context.Background())
	for name, change := range map[string]func(*Config){
		"deposit":     func(c *Config) { c.Tester.Account.Deposit = 1e6 },
		"equity mode": func(c *Config) { c.Tester.EquityMode = tester.Min },
		"min-trades":  func(c *Config) { c.MinTrades = 5 },
		"ratio":       func(c *Config) { c.Criteria.Ratio = 3 },
	} {
		cfg := testConfig(t, dir, 2)
		cfg.Mode = frames.Resume
		change(&cfg)
		p, err := Prepare(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.Run(context.Background()); err == nil {
			t.Errorf("resume with another %s was accepted", name)
		}
	}
}

// A grid with no optimized input is a single test: one pass, its inputs
// all fixed, stored like any other.
func TestGridOfFixedInputsIsOneTest(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(t, dir, 1)
	cfg.Space, _ = optimize.NewSpace(cfg.Expert.Params, []string{"MovingPeriod=20", "MovingShift=2"}, "", "")
	s := run(t, cfg, context.Background())
	if s.Evaluated != 1 || s.Stored != 1 || !s.HaveBest {
		t.Fatalf("evaluated %d, stored %d; want one test", s.Evaluated, s.Stored)
	}
	frames := readAll(t, dir)
	if len(frames) != 2 || frames[0].Params[2] != 20 || frames[0].Params[3] != 2 {
		t.Fatalf("frames %d, params %v; want the back and forward rows of MovingPeriod=20 MovingShift=2", len(frames), frames[0].Params)
	}
}
