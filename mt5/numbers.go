package mt5

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/passframes/passframes/stats"
)

// number is a value as a file prints it, with how many digits it has after
// the decimal point (the precision a comparison can expect).
type number struct {
	V        float64
	Decimals int
}

// parseNumber reads a number as MT5 prints it in any terminal language:
// "3 000.00" (thousands separated by a space, a no-break space, a narrow
// no-break space, a thin or a figure space), a minus sign that is ASCII or
// Unicode's U+2212, an optional "%" after it, and MT5's infinities
// ("1.#INF", "inf") as ±stats.MaxFloat. NaN and an empty text are refused.
func parseNumber(s string) (number, error) {
	t := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', '\u2009', '\u2007', '\t':
			return -1
		case '\u2212':
			return '-'
		}
		return r
	}, s)
	t = strings.TrimSuffix(t, "%")
	if t == "" {
		return number{}, fmt.Errorf("%q is not a number", s)
	}
	switch strings.ToLower(strings.TrimLeft(t, "+-")) {
	case "1.#inf", "inf", "infinity":
		v := stats.MaxFloat
		if t[0] == '-' {
			v = -v
		}
		return number{V: v}, nil
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) {
		return number{}, fmt.Errorf("%q is not a number", s)
	}
	n := number{V: stats.Clamp(v)}
	if i := strings.IndexByte(t, '.'); i >= 0 {
		n.Decimals = len(t) - i - 1
		if j := strings.IndexAny(t, "eE"); j > i {
			n.Decimals = j - i - 1
		}
	}
	return n, nil
}

// parsePair reads MT5's paired values: "661.03 (20.91%)", "68.49% (12.80)",
// "1 (6.69)".
func parsePair(s string) (first, second number, err error) {
	open := strings.IndexByte(s, '(')
	if open < 0 || !strings.HasSuffix(strings.TrimSpace(s), ")") {
		return first, second, fmt.Errorf("%q is not a pair of values \"a (b)\"", s)
	}
	in := strings.TrimSuffix(strings.TrimSpace(s[open+1:]), ")")
	if first, err = parseNumber(s[:open]); err != nil {
		return first, second, err
	}
	second, err = parseNumber(in)
	return first, second, err
}
