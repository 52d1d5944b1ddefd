package teststand

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/passframes/passframes/optimize/rnd"
)

// tinyStand has the seed stand's shape at a size a unit test affords.
var tinyStand = Stand{
	Name:        "tiny",
	Functions:   []Function{Skin, Megacity},
	Params:      []int{2, 6},
	Checkpoints: []int{40, 200},
	Repeats:     2,
}

func TestRunTinyStand(t *testing.T) {
	cfg := Config{Methods: []string{"random", "genetic"}, Seed: 5, Workers: 2}
	var calls []int
	r, err := run(context.Background(), tinyStand, cfg, func(done, total int) {
		if total != 2*2*2*2 { // methods × functions × sizes × repeats
			t.Errorf("progress total %d, want 16", total)
		}
		calls = append(calls, done)
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}; !reflect.DeepEqual(calls, want) {
		t.Errorf("progress calls %v, want %v", calls, want)
	}
	if len(r.Methods) != 2 || r.Methods[0].Optimizer != "random" || r.Methods[1].Optimizer != "genetic" {
		t.Fatalf("methods %+v", r.Methods)
	}
	for _, m := range r.Methods {
		if len(m.Tests) != tinyStand.Tests() {
			t.Fatalf("%s: %d tests, want %d", m.Optimizer, len(m.Tests), tinyStand.Tests())
		}
		sum := 0.0
		for i, tr := range m.Tests {
			if !(tr.Result >= 0 && tr.Result <= 1) {
				t.Errorf("%s %+v: result outside [0, 1]", m.Optimizer, tr)
			}
			// Tests come in checkpoint order per function and size, and
			// the best never gets worse with more evaluations.
			if i%2 == 1 && tr.Result < m.Tests[i-1].Result {
				t.Errorf("%s: %+v is worse than %+v", m.Optimizer, tr, m.Tests[i-1])
			}
			sum += tr.Result
		}
		// The seed layout's final score is the mean of the tests.
		if math.Abs(m.Final-sum/8) > 1e-12 || math.Abs(m.Percent-100*m.Final) > 1e-9 {
			t.Errorf("%s: final %v, percent %v, want the mean %v", m.Optimizer, m.Final, m.Percent, sum/8)
		}
		for _, c := range m.Curves {
			if len(c.Best) != CurvePoints || c.Every != 2 {
				t.Fatalf("curve %s %d: %d points every %d", c.Function, c.Parameters, len(c.Best), c.Every)
			}
			if !sort.Float64sAreSorted(c.Best) {
				t.Errorf("%s curve %s %d decreases: %v", m.Optimizer, c.Function, c.Parameters, c.Best)
			}
		}
	}

	// Runs are independent of the scheduling: one worker gives the same.
	cfg.Workers = 1
	again, err := run(context.Background(), tinyStand, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r, again) {
		t.Error("one worker and two workers gave different reports")
	}
}

// TestPairScalingFinal: with pair scaling the final result is the sum of the
// tests, as a share of their number.
func TestPairScalingFinal(t *testing.T) {
	s := tinyStand
	s.Functions = []Function{MegacityCurrent}
	s.Checkpoints = []int{100}
	s.PairScaling = true
	r, err := run(context.Background(), s, Config{Methods: []string{"rnd"}, Repeats: 1, Seed: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := r.Methods[0]
	if len(m.Tests) != 2 {
		t.Fatalf("%d tests, want 2", len(m.Tests))
	}
	sum := m.Tests[0].Result + m.Tests[1].Result
	if m.Final != sum || math.Abs(m.Percent-100*sum/2) > 1e-12 {
		t.Errorf("final %v (%v %%), want the sum %v (%v %%)", m.Final, m.Percent, sum, 100*sum/2)
	}
}

func TestRunErrors(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{Stand: "moon", Methods: []string{"rnd"}}, `unknown test stand "moon"`},
		{Config{Methods: nil}, "no methods"},
		{Config{Methods: []string{"hill"}}, `unknown optimization method "hill"`},
		{Config{Methods: []string{"rnd"}, Options: map[string]map[string]string{"rnd": {"population": "x"}}}, "rnd: option population"},
		{Config{Methods: []string{"grid"}}, "continuous"},
		{Config{Methods: []string{"rnd"}, Workers: -1}, "must not be negative"},
	} {
		_, err := Run(ctx, tc.cfg, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Run(%+v) error %v, want %q", tc.cfg, err, tc.want)
		}
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := run(cancelled, tinyStand, Config{Methods: []string{"rnd"}}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled run: error %v, want context.Canceled", err)
	}
}

// currentReport is a hand-made report on the current stand with the
// published RND row.
func currentReport() *Report {
	row := []float64{.52033, .36068, .30133, .31335, .11787, .04354, .25333, .07933, .02382}
	m := MethodResult{Optimizer: "rnd"}
	i := 0
	for _, f := range CurrentStand.Functions {
		for _, n := range CurrentStand.Params {
			m.Tests = append(m.Tests, TestResult{Function: f.Name, Parameters: n, Evaluations: 10000, Result: row[i]})
			m.Final += row[i]
			i++
		}
	}
	m.Percent = 100 * m.Final / 9
	return &Report{Stand: CurrentStand, Repeats: 10, Methods: []MethodResult{m}}
}

func TestWriteTableCurrent(t *testing.T) {
	var b bytes.Buffer
	if err := currentReport().WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("want title, blank, header and one row; got:\n%s", out)
	}
	head := strings.Fields(lines[2])
	if head[0] != "optimizer" || !strings.Contains(lines[2], "Hilly 10") || !strings.Contains(lines[2], "Megacity total") {
		t.Errorf("header %q", lines[2])
	}
	// Published sums: Hilly 1.18234, Forest .47476, Megacity .35648; final
	// 2.01358, 22.37 % of 9.
	row := strings.Fields(lines[3])
	want := []string{"rnd", "0.52033", "0.36068", "0.30133", "1.18234", "0.31335", "0.11787", "0.04354", "0.47476",
		"0.25333", "0.07933", "0.02382", "0.35648", "2.01358", "22.37"}
	if !reflect.DeepEqual(row, want) {
		t.Errorf("row\n%v\nwant\n%v", row, want)
	}
}

func TestWriteTableSeed(t *testing.T) {
	m := MethodResult{Optimizer: "rnd", Final: 0.51254, Percent: 51.254}
	for _, f := range SeedStand.Functions {
		for _, n := range SeedStand.Params {
			m.Tests = append(m.Tests,
				TestResult{f.Name, n, 1000, 0.25}, TestResult{f.Name, n, 10000, 0.75})
		}
	}
	var b bytes.Buffer
	r := &Report{Stand: SeedStand, Repeats: 5, Methods: []MethodResult{m}}
	if err := r.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 5 {
		t.Fatalf("want title, blank, header and two rows; got:\n%s", b.String())
	}
	first, second := strings.Fields(lines[3]), strings.Fields(lines[4])
	if first[0] != "rnd" || first[1] != "1000" || first[2] != "0.25000" || first[len(first)-2] != "0.51254" || first[len(first)-1] != "51.25" {
		t.Errorf("first row %v", first)
	}
	if len(second) != 10 || second[0] != "10000" || second[1] != "0.75000" {
		t.Errorf("second row %v", second)
	}
}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	if err := currentReport().WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var got []struct {
		Optimizer string
		Tests     []struct {
			Function    string
			Parameters  int
			Evaluations int
			Result      float64
		}
		Final, Percent float64
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("%v in\n%s", err, b.String())
	}
	if len(got) != 1 || got[0].Optimizer != "rnd" || len(got[0].Tests) != 9 {
		t.Fatalf("decoded %+v", got)
	}
	if tr := got[0].Tests[4]; tr.Function != "Forest" || tr.Parameters != 50 || tr.Evaluations != 10000 || tr.Result != 0.11787 {
		t.Errorf("test 5 = %+v", tr)
	}
	if math.Abs(got[0].Final-2.01358) > 1e-9 || math.Abs(got[0].Percent-22.373111) > 1e-5 {
		t.Errorf("final %v percent %v", got[0].Final, got[0].Percent)
	}
	for _, key := range []string{`"optimizer"`, `"tests"`, `"function"`, `"parameters"`, `"evaluations"`, `"result"`, `"final"`, `"percent"`} {
		if !strings.Contains(b.String(), key) {
			t.Errorf("JSON lacks %s", key)
		}
	}
}

func TestWriteConvergencePNGs(t *testing.T) {
	r, err := run(context.Background(), tinyStand, Config{Methods: []string{"random", "rnd"}, Repeats: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "charts")
	if err := r.WriteConvergencePNGs(dir); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"tiny-megacity.png", "tiny-skin.png"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("files %v, want %v", names, want)
	}
	f, err := os.Open(filepath.Join(dir, "tiny-skin.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width <= cfg.Height { // one panel per size, side by side
		t.Errorf("image %dx%d, want panels side by side", cfg.Width, cfg.Height)
	}
}

// TestSeedRNDQuirk explains the published RND results for 1000 parameters on
// the seed stand (Forest 0.14042 and Megacity 0.14283, the same after 1,000
// and 10,000 evaluations). The test-stand article's code starts the population with 50
// members whose genes are all 0 and that were never evaluated; in the second
// epoch a colony member picks such a parent half of the time and copies its
// zeros. Zero lies outside Forest's range, where the function is high
// (Forest(0, 0) = 5.91), and the seed does not check ranges, so those
// children score far above anything uniform sampling finds. Our rnd never
// leaves the range and scores what in-range sampling can.
func TestSeedRNDQuirk(t *testing.T) {
	const pairs, evals = 500, 1000
	if got := Forest.F(0, 0); math.Abs(got-5.91) > 0.01 {
		t.Fatalf("Forest(0, 0) = %v, want about 5.91", got)
	}
	quirk := seedQuirkRND(Forest, pairs, evals, 1)
	if s := Scale(quirk, Forest.Min, Forest.Max); s < 0.12 || s > 0.17 {
		t.Errorf("the article's RND with zero parents scores %.5f, want near the published 0.14042", s)
	}
	opt, err := rnd.New(SeedStand.Problem(Forest, 2*pairs, evals, 1), 0)
	if err != nil {
		t.Fatal(err)
	}
	best := math.Inf(-1)
	for done := 0; done < evals; {
		pts := opt.Ask(25)
		vals := make([]float64, len(pts))
		for i, x := range pts {
			vals[i] = SeedStand.Objective(Forest, x)
			best = max(best, vals[i])
		}
		opt.Tell(vals)
		done += len(pts)
	}
	if s := Scale(best, Forest.Min, Forest.Max); s > 0.1 {
		t.Errorf("our rnd scores %.5f on Forest with 1000 parameters, want below 0.1 (in-range sampling)", s)
	}
}

// seedQuirkRND replays the test-stand article's RND as published, zero-filled unevaluated
// parents and no range checks included, and returns its best raw value.
func seedQuirkRND(f Function, pairs, evals int, seed uint64) float64 {
	const popSize, colSize = 50, 25
	r := rand.New(rand.NewPCG(seed, 4))
	n := 2 * pairs
	type member struct {
		x []float64
		v float64
	}
	pop := make([]member, popSize)
	for i := range pop {
		pop[i] = member{make([]float64, n), math.Inf(-1)}
	}
	uniform := func() float64 { return f.XMin + r.Float64()*(f.XMax-f.XMin) }
	for epoch := 0; epoch < evals/colSize; epoch++ {
		colony := make([]member, colSize)
		for c := range colony {
			x := make([]float64, n)
			parent := pop[r.IntN(popSize)].x
			for j := range x {
				if epoch > 0 && r.Float64() < 0.5 {
					x[j] = parent[j]
				} else {
					x[j] = uniform()
				}
			}
			v := 0.0
			for k := range pairs {
				v += f.F(x[2*k], x[2*k+1])
			}
			colony[c] = member{x, v / float64(pairs)}
		}
		pop = append(pop[:popSize-colSize], colony...)
		sort.SliceStable(pop, func(i, j int) bool { return pop[i].v > pop[j].v })
	}
	return pop[0].v
}

// TestBatches: batches reach every method (annealing runs one agent per
// point of a batch) and the results stay reproducible.
func TestBatches(t *testing.T) {
	cfg := Config{Methods: []string{"anneal", "genetic", "swarm"}, Batch: 3, Repeats: 1, Seed: 8}
	a, err := run(context.Background(), tinyStand, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := run(context.Background(), tinyStand, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Error("the same batched configuration gave different reports")
	}
	for _, m := range a.Methods {
		for _, tr := range m.Tests {
			if !(tr.Result >= 0 && tr.Result <= 1) {
				t.Errorf("%s %+v outside [0, 1]", m.Optimizer, tr)
			}
		}
	}
}
