package optimize

import (
	"math"
	"testing"
)

func TestBest(t *testing.T) {
	var b Best
	if s := b.State(nil); s.Evaluations != 0 || s.Best != -math.MaxFloat64 || s.BestPoint != nil {
		t.Fatalf("empty state %+v", s)
	}
	x := []float64{1, 2}
	b.Note(x, math.NaN()) // counted, never best
	b.Note(x, -5)
	x[0] = 9 // the noted point is a copy
	b.Note([]float64{3, 4}, -7)
	b.Note([]float64{5, 6}, -5) // a tie keeps the first
	s := b.State(map[string]float64{"k": 1})
	if s.Evaluations != 4 || s.Best != -5 || s.BestPoint[0] != 1 || s.BestPoint[1] != 2 || s.Extra["k"] != 1 {
		t.Fatalf("state %+v", s)
	}
	s.BestPoint[0] = 42
	if b.State(nil).BestPoint[0] != 1 {
		t.Error("State shares its point with the caller")
	}
}
