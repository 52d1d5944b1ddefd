package symbols

import (
	"math"
	"strconv"
	"strings"

	"github.com/passframes/passframes/market"
)

// maxDigits caps inferred digits: prices computed by other tools (adjusted
// closes) can carry binary noise in their last places.
const maxDigits = 8

// Digits is the number of decimals the prices are quoted with: the most
// decimals any open or close shows in its shortest exact form (1.14565 has
// 5, 37765.0 has 0, 100.34 has 2), capped at 8.
func Digits(s *market.Series) int {
	d := 0
	for _, col := range [][]float64{s.Open, s.Close} {
		for _, p := range col {
			if hasAtMost(p, d) {
				continue
			}
			d = max(d, decimals(p))
			if d >= maxDigits {
				return maxDigits
			}
		}
	}
	return d
}

// pow10 are the exact powers of ten up to 10^maxDigits.
var pow10 = [maxDigits + 1]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8}

// hasAtMost reports that p's shortest form has at most d decimals, when a
// quick test can tell: p is the double nearest to an integer over 10^d.
// Both are exact doubles below 2^53, so the division rounds correctly and
// the decimal it finds reads back as p: the shortest form has no more
// decimals. False means "not shown here", and decimals decides. Formatting
// every price was most of the time a long series took to load.
func hasAtMost(p float64, d int) bool {
	a := math.Abs(p) * pow10[d]
	if !(a < 1<<53) {
		return false
	}
	return math.Round(a)/pow10[d] == math.Abs(p)
}

// decimals is the number of decimals of p's shortest exact form.
func decimals(p float64) int {
	t := strconv.FormatFloat(math.Abs(p), 'f', -1, 64)
	if k := strings.IndexByte(t, '.'); k >= 0 {
		return len(t) - k - 1
	}
	return 0
}

// fiat are the currencies of the pairs retail brokers list; metals and
// coins are quoted like pairs (XAUUSD, BTCUSD) and listed apart, as they
// are not Forex.
var fiat = map[string]bool{
	"USD": true, "EUR": true, "GBP": true, "JPY": true, "CHF": true, "AUD": true, "NZD": true, "CAD": true,
	"SEK": true, "NOK": true, "DKK": true, "PLN": true, "HUF": true, "CZK": true, "TRY": true, "ZAR": true,
	"MXN": true, "SGD": true, "HKD": true, "CNH": true, "RUB": true, "ILS": true, "THB": true, "INR": true,
}

var nonFiat = map[string]bool{"XAU": true, "XAG": true, "XPT": true, "XPD": true, "BTC": true, "ETH": true,
	"LTC": true, "XRP": true}

// Currencies reads the base and profit currency from a pair's name: its
// first six characters when they are two known currency codes (USDJPY →
// USD, JPY; XAUUSD → XAU, USD; "EURUSDm" and "EURUSD.a" carry a broker's
// suffix). fx is true when both are national currencies.
func Currencies(symbol string) (base, profit string, fx, ok bool) {
	if len(symbol) < 6 {
		return "", "", false, false
	}
	b, p := strings.ToUpper(symbol[:3]), strings.ToUpper(symbol[3:6])
	if symbol[:6] != strings.ToUpper(symbol[:6]) || (len(symbol) > 6 && isUpperLetter(symbol[6])) {
		return "", "", false, false // "Nasdaq", "USDJPYX" are not pairs we know
	}
	known := func(c string) bool { return fiat[c] || nonFiat[c] }
	if !known(b) || !known(p) || b == p {
		return "", "", false, false
	}
	return b, p, fiat[b] && fiat[p], true
}

func isUpperLetter(c byte) bool { return c >= 'A' && c <= 'Z' }

// Infer is the layer of what the data and the symbol's name show: digits
// and point from the prices, base and profit currency from a pair's name.
func Infer(s *market.Series) Layer {
	d := Digits(s)
	p := Partial{Digits: &d, Point: f(PointOf(d))}
	if base, profit, _, ok := Currencies(s.Symbol); ok {
		p.BaseCurrency, p.ProfitCurrency = &base, &profit
	}
	return Layer{Source: SourceInferred, Values: p}
}

// LooksFX reports whether the default FX contract (100,000 units) suits
// bars: a pair of national currencies by name, or prices quoted to 3 to 5
// digits as FX quotes are (the bundled sample). A symbol that fails is
// most likely an index, a share, a metal or a coin, which need a spec.
func LooksFX(s *market.Series) bool {
	if _, _, fx, ok := Currencies(s.Symbol); ok {
		return fx
	}
	d := Digits(s)
	return d >= 3 && d <= 5
}
