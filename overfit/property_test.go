package overfit

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
)

// noise returns n passes of t independent normal returns (σ = 10), pass
// ids 1..n; pass 1 gets drift (in σ per step) on top.
func noise(seed uint64, n, t int, drift float64) *Matrix {
	rng := rand.New(rand.NewPCG(seed, 7))
	ids, deps, rets := make([]int64, n), make([]float64, n), make([][]float64, n)
	for i := range rets {
		ids[i], deps[i] = int64(i+1), 10000
		rets[i] = make([]float64, t)
		for k := range rets[i] {
			rets[i][k] = 10 * rng.NormFloat64()
			if i == 0 {
				rets[i][k] += 10 * drift
			}
		}
	}
	m, err := NewMatrix(ids, deps, rets)
	if err != nil {
		panic(err)
	}
	return m
}

var propertyRules = []string{"profit", "sharpe_ratio", "r2", "linear_factor", "balance_dd"}

func analyze(t *testing.T, m *Matrix, opt Options) *Report {
	t.Helper()
	rep, err := Analyze(context.Background(), m, opt)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestPureNoise(t *testing.T) {
	var sum float64
	var count int
	for seed := range uint64(4) {
		rep := analyze(t, noise(seed, 50, 400, 0), Options{Blocks: 10, Criteria: propertyRules})
		for _, row := range rep.Criteria {
			if row.PBO == nil {
				t.Fatalf("seed %d, %s: %s", seed, row.Criterion, row.PBOUnavailable)
			}
			sum += *row.PBO
			count++
		}
		sr := rep.Row("sharpe_ratio")
		// The best of 50 noise passes: its PSR can look convincing, the
		// deflated one must not.
		if *sr.DSR > 0.9 || *sr.DSREffective > 0.9 {
			t.Errorf("seed %d: DSR of the best noise pass %.3f (effective %.3f), want low", seed, *sr.DSR, *sr.DSREffective)
		}
		if rep.MeanCorrelation > 0.05 || rep.EffectiveTrials < 45 {
			t.Errorf("seed %d: independent noise has mean correlation %.3f, effective trials %.1f", seed, rep.MeanCorrelation, rep.EffectiveTrials)
		}
	}
	if mean := sum / float64(count); mean < 0.35 || mean > 0.65 {
		t.Errorf("mean PBO on noise %.3f, want near 0.5", mean)
	}
}

func TestPlantedWinner(t *testing.T) {
	rep := analyze(t, noise(3, 50, 400, 0.3), Options{Blocks: 10, Criteria: propertyRules})
	for _, name := range []string{"profit", "sharpe_ratio"} {
		row := rep.Row(name)
		if *row.PBO > 0.05 {
			t.Errorf("%s: PBO %.3f with a planted winner, want near 0", name, *row.PBO)
		}
		if *row.Pass != 1 || *row.DSR < 0.95 {
			t.Errorf("%s: best pass %d, DSR %.3f; want pass 1 with a high DSR", name, *row.Pass, *row.DSR)
		}
		if *row.OOSLossProbability > 0.05 {
			t.Errorf("%s: OOS loss probability %.3f", name, *row.OOSLossProbability)
		}
	}
}

func TestIndependentOfPassOrder(t *testing.T) {
	m := noise(5, 30, 200, 0.1)
	ids, deps, rets := append([]int64(nil), m.Passes...), append([]float64(nil), m.Deposit...), append([][]float64(nil), m.Returns...)
	rng := rand.New(rand.NewPCG(9, 9))
	rng.Shuffle(len(ids), func(i, j int) {
		ids[i], ids[j] = ids[j], ids[i]
		deps[i], deps[j] = deps[j], deps[i]
		rets[i], rets[j] = rets[j], rets[i]
	})
	shuffled, err := NewMatrix(ids, deps, rets)
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Blocks: 8, Criteria: propertyRules}
	if a, b := jsonOf(t, analyze(t, m, opt)), jsonOf(t, analyze(t, shuffled, opt)); a != b {
		t.Errorf("shuffling the passes changed the report:\n%s\n%s", a, b)
	}
}

func TestSameSeedSameNumbers(t *testing.T) {
	opt := Options{Blocks: 8, Criteria: propertyRules, Workers: 1}
	a := jsonOf(t, analyze(t, noise(11, 20, 160, 0), opt))
	opt.Workers = 3
	b := jsonOf(t, analyze(t, noise(11, 20, 160, 0), opt))
	if a != b {
		t.Errorf("same seed, other worker count, other numbers:\n%s\n%s", a, b)
	}
	if c := jsonOf(t, analyze(t, noise(12, 20, 160, 0), opt)); c == a {
		t.Error("another seed gave the same report")
	}
}

func jsonOf(t *testing.T, rep *Report) string {
	t.Helper()
	s, err := MetadataValue(rep) // fails on a NaN or an infinity
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestBadInput(t *testing.T) {
	ctx := context.Background()
	for _, blocks := range []int{3, 2, 22, -4} {
		if _, err := Analyze(ctx, noise(1, 5, 50, 0), Options{Blocks: blocks}); err == nil || !strings.Contains(err.Error(), "blocks") {
			t.Errorf("%d blocks: error %v", blocks, err)
		}
	}
	if _, err := Analyze(ctx, noise(1, 5, 50, 0), Options{Criteria: []string{"nope"}}); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("unknown criterion: %v", err)
	}
	flat, _ := NewMatrix([]int64{1, 2}, []float64{100, 100}, [][]float64{{0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}})
	flat.dropIdleSteps()
	onePass := noise(1, 1, 50, 0)
	noPoints := &Matrix{NoPoints: 7}
	cases := []struct {
		name string
		m    *Matrix
		want string
	}{
		{"one pass", onePass, "at least 2"},
		{"too few steps", noise(1, 5, 10, 0), "10 returns for 16 blocks"},
		{"flat curves", flat, "flat"},
		{"no points", noPoints, "no pass has balance points"},
	}
	for _, c := range cases {
		rep, err := Analyze(ctx, c.m, Options{})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		jsonOf(t, rep)
		for _, row := range rep.Criteria {
			if row.PBO != nil || row.PBOUnavailable == "" {
				t.Fatalf("%s, %s: PBO %v, reason %q", c.name, row.Criterion, row.PBO, row.PBOUnavailable)
			}
			if curveCriteria[row.Criterion] != nil && !strings.Contains(row.PBOUnavailable, c.want) {
				t.Errorf("%s, %s: reason %q, want %q", c.name, row.Criterion, row.PBOUnavailable, c.want)
			}
		}
	}
	// A criterion a curve cannot give says so; the pass a flat curve chose
	// has no Sharpe ratio to deflate.
	rep, _ := Analyze(ctx, noise(1, 5, 50, 0), Options{Blocks: 4, Criteria: []string{"tssf", "equity_rel"},
		Best: map[string]int64{"tssf": 2}})
	if r := rep.Row("tssf"); !strings.Contains(r.PBOUnavailable, "trades") || r.DSR == nil {
		t.Errorf("tssf: %q, DSR %v", r.PBOUnavailable, r.DSR)
	}
	if r := rep.Row("equity_rel"); !strings.Contains(r.PBOUnavailable, "equity") || r.DSR != nil || r.DSRUnavailable == "" {
		t.Errorf("equity_rel: %q, %q", r.PBOUnavailable, r.DSRUnavailable)
	}
	mixed, _ := NewMatrix([]int64{1, 2, 3}, []float64{100, 100, 100}, [][]float64{{0, 0, 0, 0, 0, 0}, {1, -2, 3, 1, 0, 2}, {2, 1, -1, 0, 1, -3}})
	rep, _ = Analyze(ctx, mixed, Options{Blocks: 4, Criteria: []string{"profit"}, Best: map[string]int64{"profit": 1}})
	if r := rep.Row("profit"); r.DSR != nil || !strings.Contains(r.DSRUnavailable, "flat") {
		t.Errorf("flat chosen pass: DSR %v, %q", r.DSR, r.DSRUnavailable)
	}
	jsonOf(t, rep)
}
