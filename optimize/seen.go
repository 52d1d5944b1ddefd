package optimize

import (
	"math"
	"sync"
)

// Seen is the set of points already evaluated in a run, kept as 64-bit hashes
// of the snapped parameter vectors. The hash (FNV-1a over the float bits) is
// the same on every run and machine; two different points share a hash with
// probability about n²/2⁶⁵, negligible for any run a tester can afford.
// Callers snap points to the grid (Dim.Snap) before adding them, so equal grid
// points have equal bits. The zero value is an empty set, and a Seen is safe
// for concurrent use: parallel swarms share one.
type Seen struct {
	mu  sync.Mutex
	set map[uint64]struct{}
}

// NewSeen returns an empty set.
func NewSeen() *Seen { return &Seen{set: make(map[uint64]struct{})} }

// Add puts x in the set and reports whether it was new.
func (s *Seen) Add(x []float64) bool {
	h := HashPoint(x)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.set == nil {
		s.set = make(map[uint64]struct{})
	}
	if _, ok := s.set[h]; ok {
		return false
	}
	s.set[h] = struct{}{}
	return true
}

// Has reports whether x is in the set.
func (s *Seen) Has(x []float64) bool {
	h := HashPoint(x)
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.set[h]
	return ok
}

// Len returns the number of points in the set.
func (s *Seen) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.set)
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// HashPoint is FNV-1a over the little-endian bytes of each coordinate's
// bits: the one point hash of the optimizers (Seen, and the annealer's
// pending points). Negative zero is hashed as zero: the two compare equal as
// parameter values.
func HashPoint(x []float64) uint64 {
	h := uint64(fnvOffset)
	for _, v := range x {
		if v == 0 {
			v = 0
		}
		b := math.Float64bits(v)
		for range 8 {
			h ^= b & 0xff
			h *= fnvPrime
			b >>= 8
		}
	}
	return h
}
