package criteria

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestRankByHand(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name   string
		values []float64
		dir    Direction
		want   []int
	}{
		// Higher is better: 3, 3 share first place, 2 is third, 1 fourth.
		{"max with tie", []float64{3, 1, 3, 2}, Max, []int{1, 4, 1, 3}},
		{"min with tie", []float64{3, 1, 3, 2}, Min, []int{3, 1, 3, 2}},
		{"all equal", []float64{5, 5, 5}, Max, []int{1, 1, 1}},
		{"NaN last (max)", []float64{nan, 1, 2}, Max, []int{3, 2, 1}},
		{"NaN last (min)", []float64{nan, 1, 2}, Min, []int{3, 1, 2}},
		{"empty", nil, Max, []int{}},
	}
	for _, tt := range tests {
		if got := Rank(tt.values, tt.dir); !slices.Equal(got, tt.want) {
			t.Errorf("%s: Rank(%v, %s) = %v, want %v", tt.name, tt.values, tt.dir, got, tt.want)
		}
	}
}

// TestRankAgreesWithSort checks on random columns with many ties that a rank
// is 1 + the number of strictly better values and never decreases along the
// column sorted best-first.
func TestRankAgreesWithSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := range 100 {
		v := make([]float64, 1+rng.IntN(50))
		for i := range v {
			v[i] = float64(rng.IntN(10))
		}
		for _, dir := range []Direction{Max, Min} {
			r := Rank(v, dir)
			for i := range v {
				better := 0
				for j := range v {
					if dir.Better(v[j], v[i]) {
						better++
					}
				}
				if r[i] != better+1 {
					t.Fatalf("trial %d %s: rank of %v = %d, want %d", trial, dir, v[i], r[i], better+1)
				}
			}
			sorted := slices.Clone(v)
			slices.Sort(sorted)
			if dir == Max {
				slices.Reverse(sorted)
			}
			byRank := slices.Clone(v)
			order := make([]int, len(v))
			for i := range order {
				order[i] = i
			}
			slices.SortStableFunc(order, func(a, b int) int { return r[a] - r[b] })
			for k, i := range order {
				byRank[k] = v[i]
			}
			if !slices.Equal(byRank, sorted) {
				t.Fatalf("trial %d %s: ordering by rank gives %v, sorting gives %v", trial, dir, byRank, sorted)
			}
		}
	}
}

func TestSpearmanByHand(t *testing.T) {
	tests := []struct {
		name string
		x, y []float64
		want float64
	}{
		// y's ranks: 5→1, 6→2, 7 and 7 share 3 and 4 → 3.5, 8→5:
		// rx = 1 2 3 4 5, ry = 1 2 3.5 5 3.5; both means 3;
		// Σdx·dy = 4 + 1 + 0 + 2 + 1 = 8, Σdx² = 10,
		// Σdy² = 4 + 1 + 0.25 + 4 + 0.25 = 9.5 → 8/√95.
		{"ties in y", []float64{1, 2, 3, 4, 5}, []float64{5, 6, 7, 8, 7}, 8 / math.Sqrt(95)},
		{"monotone, not linear", []float64{1, 2, 3, 4}, []float64{1, 10, 100, 1000}, 1},
		{"reversed", []float64{1, 2, 3}, []float64{30, 20, 10}, -1},
		{"constant y", []float64{1, 2, 3}, []float64{4, 4, 4}, 0},
		{"one value", []float64{1}, []float64{2}, 0},
		{"empty", nil, nil, 0},
		{"NaN", []float64{1, math.NaN(), 3}, []float64{1, 2, 3}, 0},
	}
	for _, tt := range tests {
		if got := Spearman(tt.x, tt.y); !near(got, tt.want) {
			t.Errorf("%s: Spearman = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSpearmanLengthMismatchPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Spearman of different lengths did not panic")
		}
	}()
	Spearman([]float64{1, 2}, []float64{1})
}

func TestAverageRanks(t *testing.T) {
	got := averageRanks([]float64{20, 10, 30, 20})
	if want := []float64{2.5, 1, 4, 2.5}; !slices.Equal(got, want) {
		t.Errorf("averageRanks = %v, want %v", got, want)
	}
}
