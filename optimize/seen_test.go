package optimize

import (
	"encoding/binary"
	"hash/fnv"
	"math"
	"sync"
	"testing"
)

func TestSeen(t *testing.T) {
	s := NewSeen()
	if !s.Add([]float64{1, 2}) || s.Add([]float64{1, 2}) {
		t.Error("Add of a new then a repeated point")
	}
	if !s.Add([]float64{2, 1}) {
		t.Error("[2 1] taken for [1 2]")
	}
	if !s.Has([]float64{2, 1}) || s.Has([]float64{1, 3}) {
		t.Error("Has")
	}
	if !s.Add([]float64{0, 5}) || s.Add([]float64{math.Copysign(0, -1), 5}) {
		t.Error("-0 and 0 must be the same point")
	}
	if s.Len() != 3 {
		t.Errorf("Len = %d, want 3", s.Len())
	}
	var zero Seen
	if zero.Has([]float64{1}) || !zero.Add([]float64{1}) || zero.Len() != 1 {
		t.Error("the zero Seen is not an empty set")
	}
}

// TestHashPointIsFNV1a checks the hash against the standard library's FNV-1a
// over the little-endian float bits, so it is stable across runs and builds.
func TestHashPointIsFNV1a(t *testing.T) {
	for _, x := range [][]float64{nil, {0}, {1.5, -2, 1e300}, {0.1, 0.2, 0.30000000000000004}} {
		h := fnv.New64a()
		for _, v := range x {
			h.Write(binary.LittleEndian.AppendUint64(nil, math.Float64bits(v)))
		}
		if got, want := HashPoint(x), h.Sum64(); got != want {
			t.Errorf("HashPoint(%v) = %#x, want %#x", x, got, want)
		}
	}
}

func TestSeenConcurrent(t *testing.T) {
	s := NewSeen()
	var wg sync.WaitGroup
	added := make([]int, 4)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Every worker tries the same 1000 points.
			for i := range 1000 {
				if s.Add([]float64{float64(i), 1}) {
					added[w]++
				}
			}
		}()
	}
	wg.Wait()
	if total := added[0] + added[1] + added[2] + added[3]; total != 1000 || s.Len() != 1000 {
		t.Errorf("%d successful Adds, Len %d; want 1000 each", total, s.Len())
	}
}

func BenchmarkSeenAdd(b *testing.B) {
	s := NewSeen()
	x := []float64{0, 20, 0.5, 1}
	b.ReportAllocs()
	for b.Loop() {
		x[0]++
		s.Add(x)
	}
}
