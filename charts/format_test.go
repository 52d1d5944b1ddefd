package charts

import (
	"math"
	"slices"
	"testing"

	"github.com/passframes/passframes/stats"
)

func TestFormatValue(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		f    Format
		want string
	}{
		{1234.5, Money, "1234.50"},
		{-12, Money, "-12.00"},
		{-0.001, Money, "0.00"}, // rounds to zero: no "-0.00"
		{42.6, Count, "43"},
		{-3, Count, "-3"},
		{0.98766, Ratio, "0.9877"},
		{-0.00001, Ratio, "0.0000"},
		{stats.MaxFloat, Money, "inf"},
		{-stats.MaxFloat, Ratio, "-inf"},
		{math.Inf(1), Count, "inf"},
		{math.NaN(), Ratio, "0.0000"},
		{2e15, Money, "2.000e+15"},
		{-1.23456e20, Ratio, "-1.235e+20"},
		{999999999999, Money, "999999999999.00"}, // just below 1e12: still fixed
	} {
		if got := FormatValue(tc.v, tc.f); got != tc.want {
			t.Errorf("FormatValue(%v, %v) = %q, want %q", tc.v, tc.f, got, tc.want)
		}
	}
}

func TestFormatText(t *testing.T) {
	got := FormatText([]NamedValue{
		{"r2", 0.5, Ratio},
		{"tssf", 0, Ratio}, // zero: left out
		{"trades", 10, Count},
		{"profit", 1234.5, Money},
		{"linear_factor", math.NaN(), Ratio}, // not a value: left out
	}, stats.MaxFloat, 12.3456)
	want := []string{
		"r2 = 0.5000",
		"trades = 10",
		"profit = 1234.50",
		"Profitability = inf",
		"Expected payoff = 12.35",
	}
	if !slices.Equal(got, want) {
		t.Errorf("FormatText =\n%q\nwant\n%q", got, want)
	}

	// With no criteria the two statistics are still there, zero or not.
	got = FormatText(nil, 0, -1.005)
	want = []string{"Profitability = 0.00", "Expected payoff = -1.00"} // -1.005 is -1.00499999… in binary
	if !slices.Equal(got, want) {
		t.Errorf("FormatText(nil) = %q, want %q", got, want)
	}
}
