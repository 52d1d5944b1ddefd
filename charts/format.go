package charts

import (
	"math"
	"strconv"
	"strings"

	"github.com/passframes/passframes/stats"
)

// Format says how a value is printed in a chart's text block and in the index.
type Format int

const (
	// Ratio prints 4 decimals: r2, profit_stability and every other dimensionless criterion.
	Ratio Format = iota
	// Money prints 2 decimals: profits and other account-currency amounts.
	Money
	// Count prints an integer: trade counts.
	Count
)

// NamedValue is one criterion (or statistic) of a pass, with how to print it.
type NamedValue struct {
	Name   string
	Value  float64
	Format Format
}

// String formats the value by its Format, e.g. "r2 = 0.9876".
func (v NamedValue) String() string {
	return v.Name + " = " + FormatValue(v.Value, v.Format)
}

// Text that stands for values a fixed-point format cannot print readably.
const (
	// Saturated is printed for +stats.MaxFloat (and +Inf): MT5's DBL_MAX, e.g. the
	// profit factor of a pass with no losing trade. "-inf" is printed for the negative.
	Saturated = "inf"
	// hugeValue is the magnitude from which fixed-point printing would produce
	// an unreadable run of digits; such values are printed in e-notation.
	hugeValue = 1e12
)

// FormatValue prints v by f: Money with 2 decimals, Count as an integer, Ratio
// with 4 decimals. Values at ±stats.MaxFloat (or infinite) print as "inf" /
// "-inf", other values of magnitude ≥ 1e12 in e-notation with 4 significant
// digits (1.235e+15), NaN as "0" (a NaN never reaches a chart as a number), and
// a negative zero as zero.
func FormatValue(v float64, f Format) string {
	switch {
	case math.IsNaN(v):
		v = 0
	case v >= stats.MaxFloat:
		return Saturated
	case v <= -stats.MaxFloat:
		return "-" + Saturated
	case math.Abs(v) >= hugeValue:
		return strconv.FormatFloat(v, 'e', 3, 64)
	}
	var s string
	switch f {
	case Money:
		s = strconv.FormatFloat(v, 'f', 2, 64)
	case Count:
		s = strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	default:
		s = strconv.FormatFloat(v, 'f', 4, 64)
	}
	return zeroSign(s)
}

// zeroSign drops the minus sign of a number that printed as zero ("-0.00"),
// which would otherwise read as a loss.
func zeroSign(s string) string {
	if strings.HasPrefix(s, "-") && strings.Trim(s[1:], "0.") == "" {
		return s[1:]
	}
	return s
}

// FormatText builds a chart's text block, as MetaTrader's CGraphic chart did: one line
// "name = value" for each criterion whose value is not zero (formatted by its
// Format), then "Profitability = <profit factor>" and "Expected payoff = <value>",
// both with 2 decimals and always present. A profit factor of stats.MaxFloat
// (no losing trade) prints as "Profitability = inf".
func FormatText(criteria []NamedValue, profitFactor, expectedPayoff float64) []string {
	lines := make([]string, 0, len(criteria)+2)
	for _, c := range criteria {
		if c.Value == 0 || math.IsNaN(c.Value) {
			continue
		}
		lines = append(lines, c.String())
	}
	lines = append(lines,
		"Profitability = "+FormatValue(profitFactor, Money),
		"Expected payoff = "+FormatValue(expectedPayoff, Money))
	return lines
}
