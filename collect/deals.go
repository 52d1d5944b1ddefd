package collect

import (
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/tester"
	"math"
)

// appendDeals converts the tester's deals of one period of a pass into the
// dataset's deal rows (window 0; a walk-forward run sets its window). Money
// is in the account currency; profit_raw and rate are set for a symbol
// whose profit currency is converted (0, stored as null, otherwise).
func appendDeals(dst []frames.Deal, deals []tester.Deal, pass int64, period string, digits int) []frames.Deal {
	for _, d := range deals {
		typ, entry := frames.Buy, frames.Out
		if d.Dir < 0 {
			typ = frames.Sell
		}
		if d.Entry {
			entry = frames.In
		}
		// Stored as a trader reads them: prices to the symbol's digits and
		// money to the cent (the ask, bid + spread, carries float noise).
		dst = append(dst, frames.Deal{Pass: pass, Period: period, Time: d.Time, Type: typ, Entry: entry,
			Volume: d.Volume, Price: roundTo(d.Price, digits), Commission: roundTo(d.Commission, 2),
			Swap: roundTo(d.Swap, 2), Profit: roundTo(d.Profit, 2), BalanceAfter: roundTo(d.Balance, 2),
			Reason: d.Reason, ProfitRaw: roundTo(d.ProfitRaw, 2), Rate: d.Rate})
	}
	return dst
}

// roundTo rounds v to the given number of decimals.
func roundTo(v float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(v*p) / p
}
