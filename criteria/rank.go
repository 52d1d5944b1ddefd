package criteria

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"
)

// Rank returns the rank of every value under direction dir, 1 being the best.
// Equal values share a rank and the next distinct value skips the shared
// places (competition ranking, "1224"), so a rank is 1 + the number of values
// strictly better; it agrees with any sort of the column best-first. NaN
// ranks after every number.
func Rank(values []float64, dir Direction) []int {
	idx := make([]int, len(values))
	for i := range idx {
		idx[i] = i
	}
	order := func(a, b int) int { return compareBestFirst(values[a], values[b], dir) }
	slices.SortStableFunc(idx, order)
	ranks := make([]int, len(values))
	for k, i := range idx {
		if k > 0 && order(idx[k-1], i) == 0 {
			ranks[i] = ranks[idx[k-1]]
		} else {
			ranks[i] = k + 1
		}
	}
	return ranks
}

// compareBestFirst orders a before b (−1) when a is better in direction dir,
// with NaN last.
func compareBestFirst(a, b float64, dir Direction) int {
	switch aNaN, bNaN := math.IsNaN(a), math.IsNaN(b); {
	case aNaN && bNaN:
		return 0
	case aNaN:
		return 1
	case bNaN:
		return -1
	case dir.Better(a, b):
		return -1
	case dir.Better(b, a):
		return 1
	}
	return 0
}

// Spearman returns Spearman's rank correlation of x and y: the Pearson
// correlation of their ranks, tied values taking the average of the places
// they share. It is 0 when undefined: fewer than 2 values, a constant x or y,
// or a NaN in either. It panics if x and y differ in length.
func Spearman(x, y []float64) float64 {
	if len(x) != len(y) {
		panic("criteria: Spearman: x and y differ in length")
	}
	if len(x) < 2 || slices.ContainsFunc(x, math.IsNaN) || slices.ContainsFunc(y, math.IsNaN) {
		return 0
	}
	r := stat.Correlation(averageRanks(x), averageRanks(y), nil)
	if math.IsNaN(r) {
		return 0
	}
	return max(-1, min(r, 1))
}

// averageRanks returns the ascending ranks of v (1 = smallest), ties getting
// the mean of their places: 10, 20, 20, 30 → 1, 2.5, 2.5, 4.
func averageRanks(v []float64) []float64 {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return compareBestFirst(v[a], v[b], Min) })
	ranks := make([]float64, len(v))
	for start := 0; start < len(idx); {
		end := start + 1
		for end < len(idx) && v[idx[end]] == v[idx[start]] {
			end++
		}
		// Places start+1 .. end share their mean.
		mean := float64(start+1+end) / 2
		for _, i := range idx[start:end] {
			ranks[i] = mean
		}
		start = end
	}
	return ranks
}
