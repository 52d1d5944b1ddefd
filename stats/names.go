// Package stats defines the 41 pass statistics of MetaTrader 5's ENUM_STATISTICS
// (their column names, order and optimization direction) and computes them from
// a pass's closed trades and equity samples.
package stats

// Count is the number of statistics a frame carries.
const Count = 41

// The index of each statistic, in MetaTrader 5's documented order.
const (
	InitialDeposit = iota
	Withdrawal
	Profit
	GrossProfit
	GrossLoss
	MaxProfitTrade
	MaxLossTrade
	ConProfitMax
	ConProfitMaxTrades
	MaxConWins
	MaxConProfitTrades
	ConLossMax
	ConLossMaxTrades
	MaxConLosses
	MaxConLossTrades
	BalanceMin
	BalanceDD
	BalanceDDPercent
	BalanceDDRelPercent
	BalanceDDRelative
	EquityMin
	EquityDD
	EquityDDPercent
	EquityDDRelPercent
	EquityDDRelative
	ExpectedPayoff
	ProfitFactor
	RecoveryFactor
	SharpeRatio
	MinMarginLevel
	CustomOnTester
	Deals
	Trades
	ProfitTrades
	LossTrades
	ShortTrades
	LongTrades
	ProfitShortTrades
	ProfitLongTrades
	ProfitTradesAvgCon
	LossTradesAvgCon
)

// Names holds the column name of every statistic, indexed by the constants above.
var Names = [Count]string{
	"initial_deposit", "withdrawal", "profit", "gross_profit", "gross_loss",
	"max_profittrade", "max_losstrade", "conprofitmax", "conprofitmax_trades", "max_conwins",
	"max_conprofit_trades", "conlossmax", "conlossmax_trades", "max_conlosses", "max_conloss_trades",
	"balancemin", "balance_dd", "balancedd_percent", "balance_ddrel_percent", "balance_dd_relative",
	"equitymin", "equity_dd", "equitydd_percent", "equity_ddrel_percent", "equity_dd_relative",
	"expected_payoff", "profit_factor", "recovery_factor", "sharpe_ratio", "min_marginlevel",
	"custom_ontester", "deals", "trades", "profit_trades", "loss_trades",
	"short_trades", "long_trades", "profit_shorttrades", "profit_longtrades", "profittrades_avgcon",
	"losstrades_avgcon",
}

// Stats is the 41 values of one pass, indexed by the constants above.
type Stats [Count]float64

// Index returns the index of the statistic with the given column name.
func Index(name string) (int, bool) {
	for i, n := range Names {
		if n == name {
			return i, true
		}
	}
	return -1, false
}

// Minimized reports whether a lower value of statistic i is better: drawdowns
// and loss figures. Every other statistic is better when higher.
func Minimized(i int) bool {
	switch i {
	case BalanceDD, BalanceDDPercent, BalanceDDRelPercent, BalanceDDRelative,
		EquityDD, EquityDDPercent, EquityDDRelPercent, EquityDDRelative,
		ConLossMaxTrades, MaxConLossTrades, LossTrades, LossTradesAvgCon:
		return true
	}
	return false
}

// MaxFloat is the largest value any statistic takes (MT5's DBL_MAX), used
// where MT5 reports "infinite", e.g. a profit factor with no losing trade.
const MaxFloat = 1.7976931348623157e308
