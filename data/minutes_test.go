package data

import (
	"bytes"
	"testing"
	"time"

	"github.com/passframes/passframes/market"
)

// The minute generator writes exactly n bars, one minute apart inside market
// hours, that the loader accepts as M1, the same bytes on every run.
func TestGenerateMinutes(t *testing.T) {
	const n = 20_000 // crosses two weekends
	var a, b bytes.Buffer
	if err := GenerateMinutes(&a, n); err != nil {
		t.Fatal(err)
	}
	if err := GenerateMinutes(&b, n); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two runs differ")
	}
	s, err := market.Read(bytes.NewReader(a.Bytes()), "EURUSD_M1.csv", market.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != n || s.Timeframe.Name != "M1" {
		t.Fatalf("%d bars of %s, want %d of M1", s.Len(), s.Timeframe.Name, n)
	}
	gaps := 0
	for i := 1; i < n; i++ {
		if closed(s.BarTime(i)) {
			t.Fatalf("bar %d at %v: the market is closed", i, s.BarTime(i))
		}
		if d := s.Time[i] - s.Time[i-1]; d != time.Minute.Milliseconds() {
			gaps++
		}
	}
	if gaps != 2 {
		t.Errorf("%d gaps between bars, want 2 (the weekends)", gaps)
	}
	// A minute's moves are about sqrt(60) times smaller than an hour's.
	var sum float64
	for i := 1; i < n; i++ {
		sum += abs(s.Close[i]/s.Close[i-1] - 1)
	}
	if mean := sum / float64(n-1); mean < 3e-5 || mean > 2e-4 {
		t.Errorf("mean absolute minute return %.2g, want about 6e-4/sqrt(60) = 8e-5", mean)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
