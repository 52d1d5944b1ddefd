package criteria

import (
	"fmt"

	"github.com/passframes/passframes/stats"
)

// formula identifies how a criterion is computed; the statistics follow
// fStat0 in docs/statistics.md order.
type formula int

const (
	fR2 formula = iota
	fProfitStability
	fTSSF
	fLinearFactor
	fEquityRel
	fCRecoveryFactor
	fCRecoveryFactorR2
	fProfitR2
	fProfitR2Err
	fProfitREquityR2
	fProfitEquityRR2
	fProfitEquityR2R

	fProfitXProfitFactor
	fProfitXRecoveryFactor
	fProfitXSharpeRatio
	fProfitXExpectedPayoff
	fProfitPerBalanceDD
	fProfitPerEquityDD
	fTradesXProfit

	fBalance
	fBalanceXProfitFactor
	fBalanceXExpectedPayoff
	fBalanceMinDD
	fBalanceXRecoveryFactor
	fBalanceXSharpeRatio

	fStat0
)

// The custom criteria of docs/criteria.md (the frames article), all maximized.
var customCriteria = []Criterion{
	{Name: "r2", f: fR2, NeedsPoints: true,
		Description: "signed R²: squared correlation of the points (balance or equity, per --by) with their least-squares line, negative when the last point is below the first"},
	{Name: "profit_stability", f: fProfitStability, NeedsPoints: true,
		Description: "(line at the last point − line at the first) / standard error of the line; 0 when the standard error is 0"},
	{Name: "tssf", f: fTSSF,
		Description: "(average win / average loss) / ((110 − win%)/(win% − 10) + 1); 0 with no trades, no winners or no losers, or at win% = 10"},
	{Name: "linear_factor", f: fLinearFactor, NeedsPoints: true,
		Description: "first balance point / largest |balance − straight line from the first point with slope (last − first)/n|; 0 when either is 0"},
	{Name: "equity_rel", f: fEquityRel, NeedsPoints: true,
		Description: "1 − dd / initial_deposit; dd is equity_dd in equity mode min_max, and in mode min the largest fall of an equity point below the running balance peak; 0 when the deposit is 0"},
	{Name: "c_recovery_factor", f: fCRecoveryFactor, NeedsPoints: true,
		Description: "profit / dd (dd as in equity_rel); 0 when dd is 0"},
	{Name: "c_recovery_factor_r2", f: fCRecoveryFactorR2, NeedsPoints: true,
		Description: "c_recovery_factor × r2"},
	{Name: "profit_r2", f: fProfitR2, NeedsPoints: true,
		Description: "profit / initial_deposit × r2"},
	{Name: "profit_r2_err", f: fProfitR2Err, NeedsPoints: true,
		Description: "profit / initial_deposit × r2 / standard error of the line; 0 when the standard error is 0"},
	{Name: "profit_R_equity_r2", f: fProfitREquityR2, NeedsPoints: true,
		Description: "profit / initial_deposit × ratio + equity_rel + r2"},
	{Name: "profit_equity_R_r2", f: fProfitEquityRR2, NeedsPoints: true,
		Description: "profit / initial_deposit + equity_rel × ratio + r2"},
	{Name: "profit_equity_r2_R", f: fProfitEquityR2R, NeedsPoints: true,
		Description: "profit / initial_deposit + equity_rel + r2 × ratio"},
}

// The composite objectives of the annealing article's GetFunction, all maximized (the
// seed minimizes the two drawdown ratios by mistake).
var compositeCriteria = []Criterion{
	{Name: "profit_x_profit_factor", f: fProfitXProfitFactor, Description: "profit × profit_factor"},
	{Name: "profit_x_recovery_factor", f: fProfitXRecoveryFactor, Description: "profit × recovery_factor; note that a loss times a negative factor is positive"},
	{Name: "profit_x_sharpe_ratio", f: fProfitXSharpeRatio, Description: "profit × sharpe_ratio; note that a loss times a negative factor is positive"},
	{Name: "profit_x_expected_payoff", f: fProfitXExpectedPayoff, Description: "profit × expected_payoff; note that a loss times a negative factor is positive"},
	{Name: "profit_per_balance_dd", f: fProfitPerBalanceDD, Description: "profit / balance_dd; profit when balance_dd is 0"},
	{Name: "profit_per_equity_dd", f: fProfitPerEquityDD, Description: "profit / equity_dd; profit when equity_dd is 0"},
	{Name: "trades_x_profit", f: fTradesXProfit, Description: "trades × profit"},
}

// MetaTrader 5's built-in criteria; "Balance + X" is the product of the
// final balance and X.
var mt5Criteria = []Criterion{
	{Name: "balance", f: fBalance, Description: "final balance: initial_deposit + profit (MT5 \"Balance max\")"},
	{Name: "balance_x_profit_factor", f: fBalanceXProfitFactor, Description: "balance × profit_factor (MT5 \"Balance + max Profit Factor\")"},
	{Name: "balance_x_expected_payoff", f: fBalanceXExpectedPayoff, Description: "balance × expected_payoff (MT5 \"Balance + max Expected Payoff\")"},
	{Name: "balance_min_dd", f: fBalanceMinDD, Description: "balance × (100 − equitydd_percent) / 100 (MT5 \"Balance + min Drawdown\")"},
	{Name: "balance_x_recovery_factor", f: fBalanceXRecoveryFactor, Description: "balance × recovery_factor (MT5 \"Balance + max Recovery Factor\")"},
	{Name: "balance_x_sharpe_ratio", f: fBalanceXSharpeRatio, Description: "balance × sharpe_ratio (MT5 \"Balance + max Sharpe Ratio\")"},
}

// registry holds All's criteria; byName indexes it.
var (
	registry = buildRegistry()
	byName   = indexByName(registry)
)

func buildRegistry() []Criterion {
	var r []Criterion
	for _, group := range []struct {
		kind string
		list []Criterion
	}{
		{KindCustom, customCriteria},
		{KindComposite, compositeCriteria},
		{KindMT5, mt5Criteria},
	} {
		for _, c := range group.list {
			c.Kind = group.kind
			c.Direction = Max
			r = append(r, c)
		}
	}
	for i, name := range stats.Names {
		c := Criterion{
			Name:        name,
			Direction:   Max,
			Description: fmt.Sprintf("pass statistic #%d (docs/statistics.md)", i),
			Kind:        KindStatistic,
			f:           fStat0 + formula(i),
		}
		if stats.Minimized(i) {
			c.Direction = Min
		}
		r = append(r, c)
	}
	return r
}

func indexByName(r []Criterion) map[string]int {
	m := make(map[string]int, len(r))
	for i, c := range r {
		if _, dup := m[c.Name]; dup {
			panic("criteria: duplicate criterion name " + c.Name)
		}
		m[c.Name] = i
	}
	return m
}

// statsUsed names the statistics each non-statistic criterion reads, so a
// frame that lacks one (Frame.Given) makes the criterion unavailable rather
// than computed from a 0 standing in for the missing value.
var statsUsed = map[string][]int{
	"tssf":                      {stats.GrossProfit, stats.GrossLoss, stats.ProfitTrades, stats.LossTrades, stats.Trades},
	"linear_factor":             nil,
	"r2":                        nil,
	"profit_stability":          nil,
	"equity_rel":                {stats.InitialDeposit, stats.EquityDD},
	"c_recovery_factor":         {stats.Profit, stats.EquityDD},
	"c_recovery_factor_r2":      {stats.Profit, stats.EquityDD},
	"profit_r2":                 {stats.Profit, stats.InitialDeposit},
	"profit_r2_err":             {stats.Profit, stats.InitialDeposit},
	"profit_R_equity_r2":        {stats.Profit, stats.InitialDeposit, stats.EquityDD},
	"profit_equity_R_r2":        {stats.Profit, stats.InitialDeposit, stats.EquityDD},
	"profit_equity_r2_R":        {stats.Profit, stats.InitialDeposit, stats.EquityDD},
	"profit_x_profit_factor":    {stats.Profit, stats.ProfitFactor},
	"profit_x_recovery_factor":  {stats.Profit, stats.RecoveryFactor},
	"profit_x_sharpe_ratio":     {stats.Profit, stats.SharpeRatio},
	"profit_x_expected_payoff":  {stats.Profit, stats.ExpectedPayoff},
	"profit_per_balance_dd":     {stats.Profit, stats.BalanceDD},
	"profit_per_equity_dd":      {stats.Profit, stats.EquityDD},
	"trades_x_profit":           {stats.Trades, stats.Profit},
	"balance":                   {stats.InitialDeposit, stats.Profit},
	"balance_x_profit_factor":   {stats.InitialDeposit, stats.Profit, stats.ProfitFactor},
	"balance_x_expected_payoff": {stats.InitialDeposit, stats.Profit, stats.ExpectedPayoff},
	"balance_min_dd":            {stats.InitialDeposit, stats.Profit, stats.EquityDDPercent},
	"balance_x_recovery_factor": {stats.InitialDeposit, stats.Profit, stats.RecoveryFactor},
	"balance_x_sharpe_ratio":    {stats.InitialDeposit, stats.Profit, stats.SharpeRatio},
}

// uses returns the statistics criterion c reads.
func uses(c Criterion) []int {
	if c.Kind == KindStatistic {
		i, _ := stats.Index(c.Name)
		return []int{i}
	}
	return statsUsed[c.Name]
}
