package market

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// checkDecimal asserts that parseDecimal either declines s or returns the
// very bits strconv.ParseFloat returns, and that it declines nothing strconv
// rejects.
func checkDecimal(t *testing.T, s string) (accepted bool) {
	t.Helper()
	got, ok := parseDecimal(s)
	want, err := strconv.ParseFloat(s, 64)
	if !ok {
		return false
	}
	if err != nil {
		t.Fatalf("parseDecimal(%q) = %v, but strconv refuses it: %v", s, got, err)
	}
	if math.Float64bits(got) != math.Float64bits(want) {
		t.Fatalf("parseDecimal(%q) = %v (%#x), strconv %v (%#x)", s, got, math.Float64bits(got), want, math.Float64bits(want))
	}
	return true
}

func TestParseDecimalCases(t *testing.T) {
	for _, s := range []string{"0", "-0", "-0.0", "+1.5", "1.07312", "0.00001", "1250", "1.", ".5", "007.10",
		"9007199254740992", "0.9007199254740992", "123456789.123456", "1.0000000000000000000001",
		"0.1", "0.2", "0.3", "2.675", "1e5", "1,5", "", ".", "-", "+.", "1.2.3", "1_000", "NaN", "inf", "0x10",
		"9007199254740993", "12345678901234567890", "0.00000000000000000000001"} {
		checkDecimal(t, s)
	}
	// The forms bar files hold are all taken by the fast path.
	for _, s := range []string{"1.07312", "-0.5", "1250", "0", "145.123", "35000.5"} {
		if !checkDecimal(t, s) {
			t.Errorf("parseDecimal declines %q", s)
		}
	}
}

// TestParseDecimalProperty compares parseDecimal with strconv on random
// decimals of every length and precision, signs, points at either end,
// leading zeros, and random junk characters.
func TestParseDecimalProperty(t *testing.T) {
	rnd := rand.New(rand.NewPCG(15, 3))
	accepted := 0
	const n = 300_000
	for range n {
		var b strings.Builder
		switch rnd.IntN(8) {
		case 0:
			b.WriteByte('-')
		case 1:
			b.WriteByte('+')
		}
		intDigits, fracDigits := rnd.IntN(20), rnd.IntN(25)
		for range intDigits {
			b.WriteByte(byte('0' + rnd.IntN(10)))
		}
		if fracDigits > 0 || rnd.IntN(4) == 0 {
			b.WriteByte('.')
		}
		for range fracDigits {
			b.WriteByte(byte('0' + rnd.IntN(10)))
		}
		s := b.String()
		if rnd.IntN(20) == 0 && len(s) > 0 { // a stray character somewhere
			i := rnd.IntN(len(s))
			s = s[:i] + string("e.x,_ -"[rnd.IntN(7)]) + s[i+1:]
		}
		if checkDecimal(t, s) {
			accepted++
		}
	}
	// Formatted prices: the round trip of random float64s at 1 to 8 decimals.
	for range n {
		v := rnd.Float64() * math.Pow10(rnd.IntN(7))
		s := strconv.FormatFloat(v, 'f', 1+rnd.IntN(8), 64)
		if !checkDecimal(t, s) {
			t.Fatalf("parseDecimal declines the price %q", s)
		}
	}
	if accepted < n/4 {
		t.Errorf("the fast path took only %d of %d random decimals", accepted, n)
	}
}

func BenchmarkParseDecimal(b *testing.B) {
	fields := []string{"1.07312", "1.07355", "1.07298", "1.07301", "1342"}
	b.Run("parseDecimal", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for _, f := range fields {
				if _, ok := parseDecimal(f); !ok {
					b.Fatal(f)
				}
			}
		}
	})
	b.Run("strconv", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for _, f := range fields {
				if _, err := strconv.ParseFloat(f, 64); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// TestTrimFieldShortcut checks trimField's shortcut against the plain rule
// (TrimSpace, then one pair of surrounding quotes) on fields with ASCII and
// Unicode spaces and quotes at either end.
func TestTrimFieldShortcut(t *testing.T) {
	parts := []string{"", " ", "\t", "\u00a0", "\u3000", "\"", "1.5", "x", "é"}
	for _, a := range parts {
		for _, b := range parts {
			for _, c := range parts {
				s := a + b + c
				want := strings.TrimSpace(s)
				if len(want) >= 2 && want[0] == '"' && want[len(want)-1] == '"' {
					want = strings.TrimSpace(want[1 : len(want)-1])
				}
				if got := trimField(s); got != want {
					t.Errorf("trimField(%q) = %q, want %q", s, got, want)
				}
			}
		}
	}
}

// TestPriceProblemShortcut checks priceProblem's shortcut against the full
// check on bars made of ordinary, equal, negative, zero, infinite and NaN
// values in every position.
func TestPriceProblemShortcut(t *testing.T) {
	vals := []float64{1, 1.5, 2, 0, -1, math.Inf(1), math.Inf(-1), math.NaN(), math.MaxFloat64, -math.MaxFloat64}
	for _, o := range vals {
		for _, h := range vals {
			for _, l := range vals {
				for _, c := range vals {
					for _, v := range vals {
						for _, sp := range []int32{0, 5, -1} {
							r := bar{open: o, high: h, low: l, close: c, volume: v, spread: sp}
							if got, want := priceProblem(r), priceProblemSlow(r); got != want {
								t.Fatalf("%+v: %q, full check %q", r, got, want)
							}
						}
					}
				}
			}
		}
	}
}
