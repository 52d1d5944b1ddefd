package criteria

import (
	"fmt"
	"math"

	"github.com/passframes/passframes/regression"
	"github.com/passframes/passframes/stats"
	"github.com/passframes/passframes/tester"
)

// Evaluator computes a fixed list of criteria for one frame after another.
// Each frame's two regression lines are fitted once and shared by every
// criterion; evaluating a frame does not allocate. An Evaluator holds no
// per-frame state, so one may serve several goroutines.
type Evaluator struct {
	opts   Options
	list   []Criterion
	needDD bool // some criterion uses equity_rel's drawdown
	// formulas evaluates the formula criteria of list, by index.
	formulas map[int]*formulaEval
}

// NewEvaluator returns an Evaluator for the named criteria, in that order; nil
// names means All().
func NewEvaluator(opts Options, names []string) (*Evaluator, error) {
	opts, err := opts.normalize()
	if err != nil {
		return nil, err
	}
	e := &Evaluator{opts: opts}
	if names == nil {
		e.list = All()
	} else {
		e.list = make([]Criterion, len(names))
		for i, name := range names {
			if e.list[i], err = ByName(name); err != nil {
				return nil, err
			}
		}
	}
	for i, c := range e.list {
		if c.expr != nil {
			if err := e.addFormula(i, c); err != nil {
				return nil, err
			}
			continue
		}
		switch c.f {
		case fEquityRel, fCRecoveryFactor, fCRecoveryFactorR2,
			fProfitREquityR2, fProfitEquityRR2, fProfitEquityR2R:
			e.needDD = true
		}
	}
	return e, nil
}

// Criteria returns the criteria e evaluates, in the order of Eval's out.
func (e *Evaluator) Criteria() []Criterion {
	return append([]Criterion(nil), e.list...)
}

// Eval computes every criterion of e for f into out (out[i] for the i-th
// name; out must be at least that long) and returns the regression lines of
// f's balance and equity points (zero Lines when f has no points).
//
// A criterion that is not available for f (it needs points f lacks, see
// Available) is written as 0; callers that must tell such a value from a
// true 0 ask Available.
func (e *Evaluator) Eval(f *Frame, out []float64) (balanceLine, equityLine regression.Line) {
	if len(out) < len(e.list) {
		panic(fmt.Sprintf("criteria: Eval: out has %d values for %d criteria", len(out), len(e.list)))
	}
	if f.HasPoints {
		balanceLine = regression.Fit(f.Balance)
		equityLine = regression.Fit(f.Equity)
	}
	t := terms{frame: f, ratio: e.opts.Ratio, line: balanceLine}
	if e.opts.By == ByEquity {
		t.line = equityLine
	}
	t.init(e.needDD)
	for i, c := range e.list {
		if fe := e.formulas[i]; fe != nil && c.Available(f) {
			out[i] = fe.value(f)
		} else if c.Available(f) && c.expr == nil {
			out[i] = t.value(c.f)
		} else {
			out[i] = 0
		}
	}
	return balanceLine, equityLine
}

// Available fills avail[i] with whether the i-th criterion of e can be
// computed for f (see Criterion.Available).
func (e *Evaluator) Available(f *Frame, avail []bool) {
	for i, c := range e.list {
		avail[i] = c.Available(f)
	}
}

// Value computes the named criterion for f. It returns an error wrapping
// ErrNoPoints when the criterion needs points that f lacks.
func Value(name string, f *Frame, opts Options) (float64, error) {
	c, err := ByName(name)
	if err != nil {
		return 0, err
	}
	if !c.Available(f) {
		return 0, fmt.Errorf("criteria: %s: %w", c.Name, ErrNoPoints)
	}
	e, err := NewEvaluator(opts, []string{c.Name})
	if err != nil {
		return 0, err
	}
	var out [1]float64
	e.Eval(f, out[:])
	return out[0], nil
}

// terms holds what several criteria share for one frame.
type terms struct {
	frame   *Frame
	ratio   float64
	line    regression.Line // the regression of the Options.By series
	profit  float64
	balance float64 // final balance: initial_deposit + profit
	relProf float64 // profit / initial_deposit
	dd      float64 // equity_rel's drawdown in money
	eqRel   float64 // equity_rel
	cRF     float64 // c_recovery_factor
}

func (t *terms) init(needDD bool) {
	deposit, profit := t.stat(stats.InitialDeposit), t.stat(stats.Profit)
	t.profit, t.balance = profit, sat(deposit+profit)
	if deposit != 0 {
		t.relProf = div(profit, deposit)
	}
	if !needDD {
		return
	}
	if t.frame.EquityMode == string(tester.Min) {
		t.dd = drawdownBelowBalance(t.frame.Balance, t.frame.Equity)
	} else {
		t.dd = t.stat(stats.EquityDD)
	}
	if deposit != 0 {
		t.eqRel = sat(1 - div(t.dd, deposit))
	}
	if t.dd != 0 {
		t.cRF = div(profit, t.dd)
	}
}

// stat returns statistic i of the frame, made finite in case an imported
// frame carries NaN or ±Inf.
func (t *terms) stat(i int) float64 {
	return sat(t.frame.Stats[i])
}

func (t *terms) value(f formula) float64 {
	r2, profit, balance := t.line.R2, t.profit, t.balance
	switch f {
	case fR2:
		return r2
	case fProfitStability:
		return t.line.ProfitStability
	case fTSSF:
		return tssf(&t.frame.Stats)
	case fLinearFactor:
		return linearFactor(t.frame.Balance)
	case fEquityRel:
		return t.eqRel
	case fCRecoveryFactor:
		return t.cRF
	case fCRecoveryFactorR2:
		return mul(t.cRF, r2)
	case fProfitR2:
		return mul(t.relProf, r2)
	case fProfitR2Err:
		if t.line.StandErr == 0 {
			return 0
		}
		return div(mul(t.relProf, r2), t.line.StandErr)
	case fProfitREquityR2:
		return sat(mul(t.relProf, t.ratio) + t.eqRel + r2)
	case fProfitEquityRR2:
		return sat(t.relProf + mul(t.eqRel, t.ratio) + r2)
	case fProfitEquityR2R:
		return sat(t.relProf + t.eqRel + mul(r2, t.ratio))

	case fProfitXProfitFactor:
		return mul(profit, t.stat(stats.ProfitFactor))
	case fProfitXRecoveryFactor:
		return mul(profit, t.stat(stats.RecoveryFactor))
	case fProfitXSharpeRatio:
		return mul(profit, t.stat(stats.SharpeRatio))
	case fProfitXExpectedPayoff:
		return mul(profit, t.stat(stats.ExpectedPayoff))
	case fProfitPerBalanceDD:
		return profitPerDrawdown(profit, t.stat(stats.BalanceDD))
	case fProfitPerEquityDD:
		return profitPerDrawdown(profit, t.stat(stats.EquityDD))
	case fTradesXProfit:
		return mul(t.stat(stats.Trades), profit)

	case fBalance:
		return balance
	case fBalanceXProfitFactor:
		return mul(balance, t.stat(stats.ProfitFactor))
	case fBalanceXExpectedPayoff:
		return mul(balance, t.stat(stats.ExpectedPayoff))
	case fBalanceMinDD:
		return mul(balance, (100-t.stat(stats.EquityDDPercent))/100)
	case fBalanceXRecoveryFactor:
		return mul(balance, t.stat(stats.RecoveryFactor))
	case fBalanceXSharpeRatio:
		return mul(balance, t.stat(stats.SharpeRatio))
	}
	return t.stat(int(f - fStat0))
}

// tssf is the Trading System Safety Factor: the real win/loss ratio over the
// ratio a system with this win rate needs, (110 − win%)/(win% − 10) + 1.
func tssf(st *stats.Stats) float64 {
	trades, wins, losses := st[stats.Trades], st[stats.ProfitTrades], st[stats.LossTrades]
	if trades == 0 || wins == 0 || losses == 0 {
		return 0
	}
	avgWin := st[stats.GrossProfit] / wins
	avgLoss := -st[stats.GrossLoss] / losses
	winPct := 100 * wins / trades
	if winPct == 10 || avgLoss == 0 {
		// avgLoss is 0 only in inconsistent data (losers without a loss);
		// it is a zero denominator like win% = 10.
		return 0
	}
	teor := (110-winPct)/(winPct-10) + 1
	if teor == 0 {
		return 0
	}
	return div(div(avgWin, avgLoss), teor)
}

// linearFactor is b[0] over the largest absolute deviation of the balance
// points b from the straight line b[0] + K·i, K = (b[n−1] − b[0])/n.
func linearFactor(b []float64) float64 {
	n := len(b)
	if n == 0 || b[0] == 0 {
		return 0
	}
	k := (b[n-1] - b[0]) / float64(n)
	var maxDev float64
	for i, v := range b {
		maxDev = max(maxDev, math.Abs(v-(b[0]+k*float64(i))))
	}
	if maxDev == 0 {
		return 0
	}
	return div(b[0], maxDev)
}

// drawdownBelowBalance is equity_rel's drawdown in equity mode "min": the
// largest fall of an equity point below the highest balance before it,
// max over i of (max b[0..i]) − e[i+1]; 0 when equity never falls below.
func drawdownBelowBalance(b, e []float64) float64 {
	n := min(len(b), len(e))
	if n < 2 {
		return 0
	}
	peak, dd := b[0], 0.0
	for i := range n - 1 {
		peak = max(peak, b[i])
		dd = max(dd, peak-e[i+1])
	}
	return sat(dd)
}

// profitPerDrawdown is profit / dd, or the profit itself when there was no
// drawdown (dd ≤ 0; a drawdown is never negative).
func profitPerDrawdown(profit, dd float64) float64 {
	if dd <= 0 {
		return profit
	}
	return div(profit, dd)
}

// sat clamps v to ±stats.MaxFloat and maps NaN to 0, so that a product or
// ratio that overflows saturates instead of becoming ±Inf.
func sat(v float64) float64 {
	if v != v {
		return 0
	}
	return max(-stats.MaxFloat, min(v, stats.MaxFloat))
}

// mul returns the saturated product a·b.
func mul(a, b float64) float64 { return sat(a * b) }

// div returns the saturated quotient a/b; callers handle b = 0 as their
// formula says.
func div(a, b float64) float64 { return sat(a / b) }
