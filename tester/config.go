// Package tester is the strategy tester: it runs an expert over a period of
// bars with MetaTrader 5's account model (market orders at the next bar's open
// with spread, optional stop loss / take profit, netting, margin), records the
// compact balance/equity points of a pass and computes its 41 statistics.
package tester

import (
	"errors"
	"fmt"
	"math"
)

// Account is the trading account of a pass. Its money is in the account
// currency; Config.Conversion says how the symbol's money reaches it.
type Account struct {
	Deposit  float64 // starting balance
	Leverage float64 // 100 means 1:100
	Currency string  // informational: the tester needs only the Conversion
}

// Symbol describes the traded instrument.
type Symbol struct {
	ContractSize float64 // units per lot
	Point        float64 // price of one point
	Digits       int
	VolumeMin    float64
	VolumeStep   float64
	VolumeMax    float64
	// Spread in points, used when the bars carry no spread of their own or
	// when FixedSpread is set.
	Spread      float64
	FixedSpread bool    // ignore the bars' spread column
	Commission  float64 // money per lot per side
	SwapLong    float64 // money per lot per night held, for a buy
	SwapShort   float64 // money per lot per night held, for a sell
	// Leverage is the symbol's own leverage for its margin (1:20 for an
	// index CFD on a 1:100 account); 0 means the account's.
	Leverage float64
}

// EquityMode selects how a closing point records equity (docs/points.md).
type EquityMode string

// The two equity modes of the point recorder.
const (
	MinMax EquityMode = "min_max" // a winning close records the lowest equity of the trade, a losing one the highest
	Min    EquityMode = "min"     // every close records the lowest equity of the trade
)

// Config is everything about a pass except the expert and the bars.
type Config struct {
	Account    Account
	Symbol     Symbol
	EquityMode EquityMode
	// Conversion brings money in the symbol's profit currency (profit,
	// commission, swap, margin) into the account currency. The zero value
	// converts nothing. It is recorded in run.json apart (its rates are per
	// bar), so it is left out of the settings' JSON.
	Conversion Conversion `json:"-"`
}

// Conversion says how money in the symbol's profit currency becomes money
// in the account currency, as MetaTrader converts at each deal.
type Conversion struct {
	// ByPrice is set when the account currency is the symbol's base
	// currency (USDJPY on a USD account): an amount is divided by the
	// symbol's own price at that moment.
	ByPrice bool
	// Rates, for a cross (EURGBP on a USD account), holds per bar of the
	// tested series the factor from the profit currency to the account
	// currency. It must have one value per bar.
	Rates []float64
}

// IsZero reports whether c converts nothing.
func (c Conversion) IsZero() bool { return !c.ByPrice && c.Rates == nil }

// DefaultConfig returns the defaults of the spec: deposit 10000, 1:100, a
// 100000-unit contract with 5 digits, volumes 0.01..100 step 0.01, spread 10
// points, no commission or swap, points in min_max mode.
func DefaultConfig() Config {
	return Config{
		Account: Account{Deposit: 10000, Leverage: 100},
		Symbol: Symbol{ContractSize: 100000, Point: 0.00001, Digits: 5,
			VolumeMin: 0.01, VolumeStep: 0.01, VolumeMax: 100, Spread: 10},
		EquityMode: MinMax,
	}
}

// Validate reports the first setting that cannot work.
func (c Config) Validate() error {
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf(format, args...))
		}
	}
	s := c.Symbol
	check(c.Account.Deposit > 0, "deposit must be > 0, got %g", c.Account.Deposit)
	check(c.Account.Leverage > 0, "leverage must be > 0, got %g", c.Account.Leverage)
	check(s.ContractSize > 0, "contract size must be > 0, got %g", s.ContractSize)
	check(s.Point > 0, "point must be > 0, got %g", s.Point)
	check(s.Digits >= 0 && s.Digits <= 10, "digits must be 0..10, got %d", s.Digits)
	check(s.VolumeMin > 0, "volume min must be > 0, got %g", s.VolumeMin)
	check(s.VolumeStep > 0, "volume step must be > 0, got %g", s.VolumeStep)
	check(s.VolumeMax >= s.VolumeMin, "volume max %g is below volume min %g", s.VolumeMax, s.VolumeMin)
	check(s.Spread >= 0, "spread must be >= 0, got %g", s.Spread)
	check(s.Commission >= 0, "commission must be >= 0, got %g", s.Commission)
	check(s.Leverage >= 0, "symbol leverage must be >= 0 (0: the account's), got %g", s.Leverage)
	check(!c.Conversion.ByPrice || c.Conversion.Rates == nil, "a conversion is by the symbol's price or by rates, not both")
	for k, r := range c.Conversion.Rates {
		if !(r > 0) || math.IsInf(r, 0) {
			errs = append(errs, fmt.Errorf("conversion rate at bar %d is %g, want a positive number", k, r))
			break
		}
	}
	check(c.EquityMode == MinMax || c.EquityMode == Min, "equity mode must be min_max or min, got %q", c.EquityMode)
	return errors.Join(errs...)
}
