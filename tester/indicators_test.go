package tester

import (
	"math"
	"slices"
	"testing"

	"github.com/passframes/passframes/market"
)

// TestIndicatorsShareTheBoundedCache asks for more built-in indicators than
// the array cache may hold: the cache stays within its bound, a buffer a
// pass still holds keeps its values after it left the cache, an indicator
// asked for again is recomputed to the same values, and one still cached is
// shared, not recomputed.
func TestIndicatorsShareTheBoundedCache(t *testing.T) {
	rows := make([][4]float64, 1000)
	for i := range rows {
		p := 1.1 + 0.01*math.Sin(float64(i)/7)
		rows[i] = [4]float64{p, p + 0.001, p - 0.001, p + 0.0005}
	}
	s := bars(rows)
	env := NewEnv(s)
	const arrayBytes = 1000 * 8
	env.SetArrayLimit(10 * arrayBytes)

	first, err := env.SMA(1)
	if err != nil {
		t.Fatal(err)
	}
	held := slices.Clone(first.v)
	for period := 1; period <= 40; period++ {
		if _, err := env.SMA(period); err != nil {
			t.Fatal(err)
		}
		if _, err := env.EMAOpen(period); err != nil {
			t.Fatal(err)
		}
		if arrays, bytes, _, _ := env.ArrayStats(); bytes > 10*arrayBytes || arrays > 10 {
			t.Fatalf("after period %d the cache holds %d arrays, %d bytes, over its bound of 10 (%d bytes)",
				period, arrays, bytes, 10*arrayBytes)
		}
	}
	if !slices.Equal(first.v, held) {
		t.Error("a held buffer changed after it left the cache")
	}
	again, _ := env.SMA(1)
	if again == first {
		t.Error("SMA(1) was still cached after 79 newer arrays passed a bound of 10")
	}
	if !slices.Equal(again.v, held) {
		t.Error("SMA(1) recomputed differs from its first computation")
	}
	_, _, hits, misses := env.ArrayStats()
	last, _ := env.EMAOpen(40)
	if last2, _ := env.EMAOpen(40); last2 != last {
		t.Error("EMAOpen(40), the newest array, was computed again instead of shared")
	}
	if _, _, h, m := env.ArrayStats(); h != hits+2 || m != misses {
		t.Errorf("two requests for a cached indicator: %d hits and %d misses more, want 2 and 0", h-hits, m-misses)
	}
	if got := env.LongestPeriod(); got != 40 {
		t.Errorf("longest period %d, want 40", got)
	}
}

// TestIndicatorsAndArraysDoNotMix checks that a strategy's array and a
// built-in indicator of the same period are separate entries.
func TestIndicatorsAndArraysDoNotMix(t *testing.T) {
	env := NewEnv(bars([][4]float64{{1, 1, 1, 1}, {2, 2, 2, 2}, {3, 3, 3, 3}}))
	other := []float64{7, 7, 7}
	if _, err := env.Array("sma(close,2)", func() ([]float64, error) { return other, nil }); err != nil {
		t.Fatal(err)
	}
	b, _ := env.SMA(2)
	if b.v[2] != 2.5 {
		t.Errorf("SMA(2) at bar 2 = %g, want 2.5", b.v[2])
	}
	if arrays, _, _, _ := env.ArrayStats(); arrays != 2 {
		t.Errorf("%d arrays cached, want 2", arrays)
	}
}

// TestDefaultArrayLimit checks the default bound: 32 MiB up to 65,536 bars,
// 64 arrays' worth above, 128 MiB from 262,144 bars, then half the bars'
// memory, 26 bytes a bar, from 5,162,221 bars (where that passes 128 MiB),
// and 256 MiB from 10,324,441 bars on.
func TestDefaultArrayLimit(t *testing.T) {
	for _, c := range []struct {
		bars int
		want int64
	}{{0, 32 << 20}, {12456, 32 << 20}, {65536, 32 << 20}, {100000, 100000 * 8 * 64},
		{262144, 128 << 20}, {524288, 128 << 20}, {5000000, 128 << 20}, {5162220, 128 << 20}, {5162221, 5162221 * 26},
		{10324440, 10324440 * 26}, {10324441, 256 << 20}, {20000000, 256 << 20}} {
		if got := defaultArrayLimit(c.bars); got != c.want {
			t.Errorf("%d bars: default limit %d, want %d", c.bars, got, c.want)
		}
	}
}

// TestMemoryNeed checks the estimate collect keeps the heap near, by hand:
// 52 bytes a bar, the cache's default bound, two arrays per tester.
func TestMemoryNeed(t *testing.T) {
	for _, c := range []struct {
		bars, workers int
		want          int64
	}{
		// 52,000 + 32 MiB (the cache's floor) + 1 tester × 2 × 8,000
		{1000, 0, 52_000 + 33_554_432 + 16_000},
		// 260 MB + 128 MiB (half the bars' 260 MB is less) + 2 × 2 × 40 MB
		{5_000_000, 2, 260_000_000 + 134_217_728 + 160_000_000},
		// 520 MB + 260 MB (half the bars' memory, under the 256 MiB ceiling) + 4 × 2 × 80 MB
		{10_000_000, 4, 520_000_000 + 260_000_000 + 640_000_000},
	} {
		bars := &market.Series{Time: make([]int64, c.bars)}
		if got := MemoryNeed(bars, c.workers); got != c.want {
			t.Errorf("%d bars, %d workers: %d bytes, want %d", c.bars, c.workers, got, c.want)
		}
	}
}
