package collect

import (
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/tester"
)

// appendDeals converts the tester's deals of one period of a pass into the
// dataset's deal rows (window 0: collect runs no walk-forward). The
// tester's deals are in the account currency: profit_raw and rate stay
// unset.
func appendDeals(dst []frames.Deal, deals []tester.Deal, pass int64, period string) []frames.Deal {
	for _, d := range deals {
		typ, entry := frames.Buy, frames.Out
		if d.Dir < 0 {
			typ = frames.Sell
		}
		if d.Entry {
			entry = frames.In
		}
		dst = append(dst, frames.Deal{Pass: pass, Period: period, Time: d.Time, Type: typ, Entry: entry,
			Volume: d.Volume, Price: d.Price, Commission: d.Commission, Swap: d.Swap, Profit: d.Profit,
			BalanceAfter: d.Balance, Reason: d.Reason})
	}
	return dst
}
