package overfit

import (
	"github.com/passframes/passframes/criteria"
)

// DefaultCriteria are the selection rules reported when the caller names
// none: the paper's own (sharpe_ratio), profit, and every custom, composite
// and MetaTrader 5 criterion (those without a curve formula are reported
// unavailable, with the reason).
func DefaultCriteria() []string {
	names := []string{"profit", "sharpe_ratio"}
	for _, c := range criteria.All() {
		if c.Kind != criteria.KindStatistic {
			names = append(names, c.Name)
		}
	}
	return names
}

// Why a criterion cannot be recomputed from a curve on a time grid.
const (
	whyTrades  = "needs the pass's trades (counts, gross profit and loss, payoff), which a balance curve on a time grid does not give"
	whyEquity  = "needs the equity drawdown, which a balance curve does not give"
	whyPercent = "a drawdown in percent of its peak depends on the level each half starts from; not recomputed per half"
	whyFixed   = "the same for every pass: it cannot choose one"
	whyOther   = "not a property of the balance curve"
)

// unavailableWhy names, for criteria without a curve formula, why.
var unavailableWhy = map[string]string{
	"tssf":                      whyTrades,
	"equity_rel":                whyEquity,
	"c_recovery_factor":         whyEquity,
	"c_recovery_factor_r2":      whyEquity,
	"profit_R_equity_r2":        whyEquity,
	"profit_equity_R_r2":        whyEquity,
	"profit_equity_r2_R":        whyEquity,
	"profit_x_profit_factor":    whyTrades,
	"profit_x_recovery_factor":  whyEquity,
	"profit_x_expected_payoff":  whyTrades,
	"profit_per_equity_dd":      whyEquity,
	"trades_x_profit":           whyTrades,
	"balance_x_profit_factor":   whyTrades,
	"balance_x_expected_payoff": whyTrades,
	"balance_min_dd":            whyEquity,
	"balance_x_recovery_factor": whyEquity,
	"balancedd_percent":         whyPercent,
	"balance_ddrel_percent":     whyPercent,
	"balance_dd_relative":       whyPercent,
	"initial_deposit":           whyFixed,
	"withdrawal":                whyFixed,
	"equitymin":                 whyEquity,
	"equity_dd":                 whyEquity,
	"equitydd_percent":          whyEquity,
	"equity_ddrel_percent":      whyEquity,
	"equity_dd_relative":        whyEquity,
	"recovery_factor":           whyEquity,
	"custom_ontester":           "the optimizer's objective as the tester computed it; " + whyOther,
	"min_marginlevel":           "needs the margin; " + whyOther,
}

// rule is a criterion as a CSCV selection rule.
type rule struct {
	name   string
	dir    criteria.Direction
	value  curveValue // nil for linear_factor, which scans the curve
	lines  bool       // reads the regression/drawdown part of the summary
	scan   bool       // linear_factor
	reason string     // why it is not a rule; "" when it is
}

// ruleFor returns criterion name as a selection rule, or why it cannot be.
func ruleFor(name string) (rule, error) {
	c, err := criteria.ByName(name)
	if err != nil {
		return rule{}, err
	}
	r := rule{name: c.Name, dir: c.Direction}
	switch {
	case c.Name == "linear_factor":
		r.scan = true
	case curveCriteria[c.Name] != nil:
		r.value, r.lines = curveCriteria[c.Name], needsLines(c.Name)
	case unavailableWhy[c.Name] != "":
		r.reason = unavailableWhy[c.Name]
	default:
		r.reason = whyTrades
	}
	return r, nil
}
