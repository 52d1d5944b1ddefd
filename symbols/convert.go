package symbols

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/passframes/passframes/market"
	"github.com/passframes/passframes/tester"
)

// Rate is a conversion series the user gives for a pair such as GBPUSD: bars
// (their bid opens are the rates) or a fixed number (approximate).
type Rate struct {
	Pair  string         // six letters: two currency codes
	Bars  *market.Series // nil for a fixed rate
	Fixed float64
}

// ParsePair checks a pair name and returns it upper-cased.
func ParsePair(pair string) (string, error) {
	p := strings.ToUpper(pair)
	if len(p) != 6 || !isCurrency(p[:3]) || !isCurrency(p[3:]) || p[:3] == p[3:] {
		return "", fmt.Errorf("conversion pair %q: want two different three-letter currency codes, e.g. GBPUSD", pair)
	}
	return p, nil
}

// Plan is how the money of a symbol reaches the account currency.
type Plan struct {
	Conversion tester.Conversion
	// Rate is the conversion series used for a cross (nil otherwise) and
	// Invert is true when its pair is quoted the other way round (USDJPY
	// for JPY money on a USD account: divide by it).
	Rate   *Rate
	Invert bool
	// Stale counts the bars that took a rate more than a week old.
	Stale int
}

// NeedRateError is a cross whose profit currency has no conversion series.
type NeedRateError struct{ Symbol, Profit, Account string }

func (e *NeedRateError) Error() string {
	return fmt.Sprintf("%s is quoted in %s and the account is in %s: a conversion series %s%s (or %s%s) is needed",
		e.Symbol, e.Profit, e.Account, e.Profit, e.Account, e.Account, e.Profit)
}

// PlanConversion decides how s's money reaches an account in account, as
// MetaTrader converts: nothing when the profit currency is the account's,
// the symbol's own price when the account currency is its base, and else
// the rate of the pair of the profit and the account currency, from rates,
// taken per bar of bars (see market.Series.OpensAt).
func PlanConversion(s Spec, account string, bars *market.Series, rates []Rate) (Plan, error) {
	account = strings.ToUpper(account)
	switch {
	case s.ProfitCurrency == account:
		return Plan{}, nil
	case s.BaseCurrency == account:
		return Plan{Conversion: tester.Conversion{ByPrice: true}}, nil
	}
	direct, inverse := s.ProfitCurrency+account, account+s.ProfitCurrency
	for k := range rates {
		r := &rates[k]
		if r.Pair != direct && r.Pair != inverse {
			continue
		}
		plan := Plan{Rate: r, Invert: r.Pair == inverse}
		var opens []float64
		if r.Bars == nil {
			opens = make([]float64, bars.Len())
			for j := range opens {
				opens[j] = r.Fixed
			}
		} else {
			opens, plan.Stale = r.Bars.OpensAt(bars.Time)
		}
		for j, o := range opens {
			if math.IsNaN(o) {
				return Plan{}, fmt.Errorf("the %s series starts at %s, after %s's bar of %s: it must cover the data",
					r.Pair, r.Bars.BarTime(0).Format(time.DateTime), bars.Symbol, bars.BarTime(j).Format(time.DateTime))
			}
			if !(o > 0) {
				return Plan{}, fmt.Errorf("the %s rate %g is not a positive price", r.Pair, o)
			}
			if plan.Invert {
				opens[j] = 1 / o
			}
		}
		plan.Conversion.Rates = opens
		return plan, nil
	}
	return Plan{}, &NeedRateError{Symbol: s.Name, Profit: s.ProfitCurrency, Account: account}
}
