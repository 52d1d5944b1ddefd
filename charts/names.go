package charts

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/passframes/passframes/stats"
)

// maxComponent caps each sanitized name component, in bytes, so that a folder
// name of three components plus a chart name stays well inside the usual
// 255-byte file name limit.
const maxComponent = 64

// BestName names the chart of the best pass for one criterion in "only best"
// mode: "<criterion>+<profit>.png", the profit (back profit) with 2 decimals,
// e.g. "r2+1234.50.png", "tssf+-12.00.png". The criterion name is made safe
// as FolderName describes; the profit is written as AllName describes.
func BestName(criterion string, profit float64) string {
	return safeComponent(criterion) + "+" + nameNumber(profit, 2) + ".png"
}

// AllName names a chart in "all" mode: "<rank>_<value>+<profit>+<pass>.png",
// e.g. "0007_0.9876+1234.50+42.png".
//
// The rank is 1-based and zero-padded to the number of digits of total, so
// that the names of one run sort, byte-wise and under any locale's collation,
// in rank order ("ls" lists the best first). Passes that tie share a rank (the
// caller decides) and then sort by the rest of the name. A rank above total is
// printed unpadded beyond that width and breaks the ordering: callers pass
// 1 ≤ rank ≤ total.
//
// value (the sort criterion's value) has 4 decimals and profit 2. Numbers stay
// short and safe in any file system: ±stats.MaxFloat (and ±Inf) is written
// "inf" / "-inf"; a magnitude of 1e12 or more is written in e-notation with a
// 4-digit mantissa and no '+' in the exponent ("1.235e15", "-2.000e13"); NaN
// is written as 0 and "-0.00" as "0.00"; a negative value keeps its '-', so
// "+-12.00" reads "and a profit of −12.00".
func AllName(rank, total int, value, profit float64, pass int64) string {
	width := len(strconv.Itoa(max(total, 1)))
	r := strconv.Itoa(rank)
	if rank >= 0 && len(r) < width {
		r = strings.Repeat("0", width-len(r)) + r
	}
	return r + "_" + nameNumber(value, 4) + "+" + nameNumber(profit, 2) + "+" +
		strconv.FormatInt(pass, 10) + ".png"
}

// FolderName names the per-expert chart folder "<expert>.<symbol>.<timeframe>".
//
// Each component is made safe for Windows, macOS and Linux file systems:
// control characters, invalid UTF-8 and the characters / \ : * ? " < > | become
// '_'; a component is cut to 64 bytes (at a character boundary); an empty
// component becomes "_" (so the result is never "." or ".."). Then a leading
// '.' (a hidden name) and trailing dots or spaces (dropped by Windows) become
// '_', and an expert named like a Windows device (CON, NUL, COM1, …) gets a '_'
// appended.
func FolderName(expert, symbol, timeframe string) string {
	e := safeComponent(expert)
	if isDeviceName(e) {
		e += "_"
	}
	return fixEnds(e + "." + safeComponent(symbol) + "." + safeComponent(timeframe))
}

// safeComponent applies FolderName's per-component rules, and the end rules.
func safeComponent(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if b.Len()+max(size, 1) > maxComponent {
			break
		}
		if r == utf8.RuneError && size <= 1 || unicode.IsControl(r) || strings.ContainsRune(`/\:*?"<>|`, r) {
			b.WriteByte('_')
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	if b.Len() == 0 {
		return "_"
	}
	return fixEnds(b.String())
}

// fixEnds replaces a leading dot and trailing dots and spaces with '_'.
func fixEnds(s string) string {
	if strings.HasPrefix(s, ".") {
		s = "_" + s[1:]
	}
	trimmed := strings.TrimRight(s, ". ")
	return trimmed + strings.Repeat("_", len(s)-len(trimmed))
}

// isDeviceName reports names Windows reserves for devices.
func isDeviceName(s string) bool {
	switch u := strings.ToUpper(s); u {
	case "CON", "PRN", "AUX", "NUL":
		return true
	default:
		return len(u) == 4 && (strings.HasPrefix(u, "COM") || strings.HasPrefix(u, "LPT")) &&
			u[3] >= '1' && u[3] <= '9'
	}
}

// nameNumber writes v for a file name: fixed decimals, "inf"/"-inf" when
// saturated, e-notation without '+' when huge, NaN as zero, no "-0".
func nameNumber(v float64, decimals int) string {
	switch {
	case math.IsNaN(v):
		v = 0
	case v >= stats.MaxFloat:
		return Saturated
	case v <= -stats.MaxFloat:
		return "-" + Saturated
	case math.Abs(v) >= hugeValue:
		return strings.Replace(strconv.FormatFloat(v, 'e', 3, 64), "e+", "e", 1)
	}
	return zeroSign(strconv.FormatFloat(v, 'f', decimals, 64))
}

// SafeName makes one name safe inside a file name, by FolderName's rules for
// a component (e.g. an input's name in an overview chart's file name).
func SafeName(s string) string { return safeComponent(s) }
