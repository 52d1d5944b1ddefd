package symbols

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/passframes/passframes/market"
)

// slowDigits is Digits by formatting every price.
func slowDigits(s *market.Series) int {
	d := 0
	for _, col := range [][]float64{s.Open, s.Close} {
		for _, p := range col {
			d = max(d, decimals(p))
		}
	}
	return min(d, maxDigits)
}

// TestDigitsMatchesFormatting: the quick test Digits takes first never
// changes its answer. Series of random decimals with 0 to 10 places, big
// and tiny magnitudes, negative values and arbitrary doubles mixed in.
func TestDigitsMatchesFormatting(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 9))
	for k := 0; k < 3000; k++ {
		n := 1 + rng.IntN(40)
		s := &market.Series{Open: make([]float64, n), Close: make([]float64, n)}
		places := rng.IntN(11)
		scale := math.Pow(10, float64(rng.IntN(12)-3))
		for i := range s.Open {
			for _, col := range [][]float64{s.Open, s.Close} {
				m := math.Round(rng.Float64() * scale * math.Pow(10, float64(places)))
				v := m / math.Pow(10, float64(places))
				switch rng.IntN(20) {
				case 0:
					v = rng.Float64() * scale // any double
				case 1:
					v = -v
				case 2:
					v = math.Round(v) + 0.5 // one decimal more or less
				}
				col[i] = v
			}
		}
		if got, want := Digits(s), slowDigits(s); got != want {
			t.Fatalf("Digits %d, formatting %d: opens %v closes %v", got, want, s.Open, s.Close)
		}
	}
}

// TestHasAtMost checks the quick test on hand-picked prices.
func TestHasAtMost(t *testing.T) {
	for _, c := range []struct {
		p    float64
		d    int
		want bool
	}{
		{1.14565, 5, true}, {1.14565, 4, false}, {1.14565, 8, true},
		{37765.0, 0, true}, {100.34, 2, true}, {100.34, 1, false},
		{math.Nextafter(0.3, 1), 8, false}, // 0.30000000000000004 has 17 decimals
		{-2.5, 1, true}, {1e300, 0, false}, {math.NaN(), 3, false},
	} {
		if got := hasAtMost(c.p, c.d); got != c.want {
			t.Errorf("hasAtMost(%v, %d) = %v, want %v", c.p, c.d, got, c.want)
		}
	}
}
