package market

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestParquetColumnsMatchBuilder is a property test of checkColumns: bars
// with random defects (prices out of order, repeated or backward times,
// negative volume or spread, newest first), written to Parquet and read back
// column by column, give what the row-by-row builder gives for the same
// rows: the same bars, or the same error on the same row.
func TestParquetColumnsMatchBuilder(t *testing.T) {
	rnd := rand.New(rand.NewPCG(15, 7))
	for trial := range 400 {
		n := rnd.IntN(30)
		s := &Series{}
		step := int64(3600_000)
		if rnd.IntN(4) == 0 {
			step = -step
		}
		withSpread := rnd.IntN(2) == 0
		for i := 0; i < n; i++ {
			r := bar{time: ms(2024, 1, 1, 0, 0, 0) + int64(i)*step, open: 1.1, high: 1.2, low: 1.0, close: 1.15, volume: 10, spread: 5}
			if rnd.IntN(25) == 0 {
				switch rnd.IntN(6) {
				case 0:
					r.time -= step
				case 1:
					r.time -= 2 * step
				case 2:
					r.high = 0.9
				case 3:
					r.close = 1.3
				case 4:
					r.volume = -1
				case 5:
					r.spread = -2
				}
			}
			s.Time, s.Open, s.High, s.Low = append(s.Time, r.time), append(s.Open, r.open), append(s.High, r.high), append(s.Low, r.low)
			s.Close, s.Volume = append(s.Close, r.close), append(s.Volume, r.volume)
			if withSpread {
				s.Spread = append(s.Spread, r.spread)
			}
		}
		if withSpread && n == 0 {
			s.Spread = []int32{}
		}
		var buf bytes.Buffer
		if err := WriteParquet(&buf, s); err != nil {
			t.Fatal(err)
		}
		got, _, gotErr := readParquet(buf.Bytes(), "p.parquet")

		b := newBuilder("p.parquet", n, withSpread)
		var want *Series
		var wantErr error
		for i := 0; i < n && wantErr == nil; i++ {
			r := bar{time: s.Time[i], open: s.Open[i], high: s.High[i], low: s.Low[i], close: s.Close[i], volume: s.Volume[i]}
			if withSpread {
				r.spread = s.Spread[i]
			}
			wantErr = b.add(i+1, r)
		}
		if wantErr == nil {
			want, wantErr = b.finish(1)
		}
		if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Fatalf("trial %d: column by column %v, row by row %v", trial, gotErr, wantErr)
		}
		if wantErr == nil && (!slices.Equal(got.Time, want.Time) || !slices.Equal(got.Close, want.Close) ||
			!slices.Equal(got.Volume, want.Volume) || !slices.Equal(got.Spread, want.Spread)) {
			t.Fatalf("trial %d: bars differ", trial)
		}
	}
}
