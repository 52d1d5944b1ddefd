package mt5

import (
	"testing"
)

// TestParseNumberLocales: numbers as terminals in different languages print
// them parse exactly, with the precision they were printed with.
func TestParseNumberLocales(t *testing.T) {
	for _, c := range []struct {
		in   string
		want number
	}{
		{"3 000.00", number{3000, 2}},
		{"10\u00a0000.00", number{10000, 2}},    // no-break space
		{"1\u202f508.91", number{1508.91, 2}},   // narrow no-break space
		{"1\u2009044.03", number{1044.03, 2}},   // thin space
		{"67 169 452", number{67169452, 0}},     // ticks
		{"-1 829.66", number{-1829.66, 2}},      // ASCII minus
		{"\u22121 829.66", number{-1829.66, 2}}, // Unicode minus
		{"+12.48", number{12.48, 2}},
		{"5850.24%", number{5850.24, 2}},
		{"10.63 %", number{10.63, 2}},
		{" 0.2555 ", number{0.2555, 4}},
		{"1.0000", number{1, 4}},
	} {
		got, err := parseNumber(c.in)
		if err != nil || got != c.want {
			t.Errorf("parseNumber(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, s := range []string{"", " ", "\u00a0", "1,234.5", "12-3", "--1", "1 2 3 x"} {
		if n, err := parseNumber(s); err == nil {
			t.Errorf("parseNumber(%q) = %v, want an error", s, n)
		}
	}
}

// TestParsePairLocales: the paired values of the results, a percentage in
// parentheses or outside them, with any of the separators above.
func TestParsePairLocales(t *testing.T) {
	for _, c := range []struct {
		in   string
		a, b number
	}{
		{"176.16 (5.84%)", number{176.16, 2}, number{5.84, 2}},
		{"5.84% (176.16)", number{5.84, 2}, number{176.16, 2}},
		{"1\u00a0508.91 (10.63%)", number{1508.91, 2}, number{10.63, 2}},
		{"10.63% (1 508.91)", number{10.63, 2}, number{1508.91, 2}},
		{"6 (\u2212145.14)", number{6, 0}, number{-145.14, 2}},
		{"-1.09 (72.43%)", number{-1.09, 2}, number{72.43, 2}},
		{"0 (0.00%)", number{0, 0}, number{0, 2}},
		{"3 467.37 (4)", number{3467.37, 2}, number{4, 0}},
	} {
		a, b, err := parsePair(c.in)
		if err != nil || a != c.a || b != c.b {
			t.Errorf("parsePair(%q) = %v %v %v; want %v %v", c.in, a, b, err, c.a, c.b)
		}
	}
	for _, s := range []string{"", "176.16", "(5.84%)", "176.16 (5.84%", "a (b)"} {
		if _, _, err := parsePair(s); err == nil {
			t.Errorf("parsePair(%q) accepted", s)
		}
	}
}

// TestParseHoldingTime: hours beyond 24 are MetaTrader's way.
func TestParseHoldingTime(t *testing.T) {
	for in, want := range map[string]float64{"0:00:26": 26, "29:05:00": 104700, "135:01:40": 486100, "0:00:00": 0} {
		if got, err := parseHoldingTime(in); err != nil || got != want {
			t.Errorf("parseHoldingTime(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, s := range []string{"", "1:2:3", "1:60:00", "01:30", "a:00:00"} {
		if _, err := parseHoldingTime(s); err == nil {
			t.Errorf("parseHoldingTime(%q) accepted", s)
		}
	}
}
