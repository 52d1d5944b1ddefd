package overfit

import (
	"context"
	"math"
	"testing"
)

// handMatrix is four passes over four blocks of one return each, so that a
// block's profit is its one return.
//
//	pass   b0  b1  b2  b3
//	1 (A)   3  -1   2   0
//	2 (B)   1   2  -2   1
//	3 (C)  -1   1   1   2
//	4 (D)   0   0   0  -1
func handMatrix(t *testing.T) *Matrix {
	t.Helper()
	m, err := NewMatrix([]int64{1, 2, 3, 4}, []float64{100, 100, 100, 100}, [][]float64{
		{3, -1, 2, 0},
		{1, 2, -2, 1},
		{-1, 1, 1, 2},
		{0, 0, 0, -1},
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestCSCVByHand checks the six splits of handMatrix under profit, worked out
// by hand. With N = 4, ω = rank/5 and λ = ln(ω/(1−ω)); ties in the OOS
// ranking share the mean rank; a tie in sample goes to the lower pass id.
//
//	split  IS      IS profits A,B,C,D  chosen  OOS profits A,B,C,D  OOS rank  ω    λ
//	1      {0,1}    2  3  0  0         B       2 -1  3 -1           1.5       0.3  ln(3/7) = −0.8473
//	2      {2,3}    2 -1  3 -1         C       2  3  0  0           1.5       0.3  −0.8473
//	3      {0,2}    5 -1  0  0         A      -1  3  3 -1           1.5       0.3  −0.8473
//	4      {1,3}   -1  3  3 -1         B (tie) 5 -1  0  0           1         0.2  ln(1/4) = −1.3863
//	5      {0,3}    3  2  1 -1         A       1  0  2  0           3         0.6  ln(3/2) = +0.4055
//	6      {1,2}    1  0  2  0         C       3  2  1 -1           2         0.4  ln(2/3) = −0.4055
//
// PBO = 5/6 (λ ≤ 0 in all but split 5). The chosen pass loses money out of
// sample in splits 1, 3 and 4: probability 3/6. Degradation: the OOS profits
// (−1, 0, −1, −1, 1, 1) against the IS profits (3, 3, 5, 3, 3, 2):
// Σxy − n·x̄·ȳ = −6 + 19/6 = −17/6, Σx² − n·x̄² = 65 − 361/6 = 29/6, slope −17/29,
// intercept ȳ − slope·x̄ = −1/6 + 17/29·19/6 = 294/174.
func TestCSCVByHand(t *testing.T) {
	rep, err := Analyze(context.Background(), handMatrix(t), Options{Blocks: 4, Criteria: []string{"profit"}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Splits != 6 || rep.Unavailable != "" {
		t.Fatalf("splits %d, unavailable %q", rep.Splits, rep.Unavailable)
	}
	row := rep.Row("profit")
	wantLogits := []float64{math.Log(3.0 / 7), math.Log(3.0 / 7), math.Log(3.0 / 7), math.Log(0.25), math.Log(1.5), math.Log(2.0 / 3)}
	wantIS := []float64{3, 3, 5, 3, 3, 2}
	wantOOS := []float64{-1, 0, -1, -1, 1, 1}
	for i := range wantLogits {
		if math.Abs(row.Logits[i]-wantLogits[i]) > 1e-12 || row.IS[i] != wantIS[i] || row.OOS[i] != wantOOS[i] {
			t.Errorf("split %d: λ %v IS %v OOS %v, want %v %v %v", i+1, row.Logits[i], row.IS[i], row.OOS[i], wantLogits[i], wantIS[i], wantOOS[i])
		}
	}
	near(t, "pbo", *row.PBO, 5.0/6, 1e-12)
	near(t, "oos loss probability", *row.OOSLossProbability, 0.5, 1e-12)
	near(t, "degradation slope", *row.DegradationSlope, -17.0/29, 1e-12)
	near(t, "degradation intercept", *row.DegradationIntercept, 294.0/174, 1e-12)
}

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol || math.IsNaN(got) {
		t.Errorf("%s = %.15g, want %.15g", what, got, want)
	}
}

func TestSplits(t *testing.T) {
	for s, want := range map[int]int{4: 6, 8: 70, 16: 12870, 20: 184756} {
		if got := Splits(s); got != want || 2*len(halves(s)) != want {
			t.Errorf("S=%d: %d splits, %d halves, want %d", s, got, len(halves(s)), want)
		}
	}
	// Every half holds block 0 and S/2 blocks; the halves are distinct.
	seen := map[uint32]bool{}
	for _, h := range halves(8) {
		if h&1 == 0 || seen[h] {
			t.Fatalf("half %b", h)
		}
		seen[h] = true
	}
}
