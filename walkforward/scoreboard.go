package walkforward

import (
	"math"
	"slices"
	"sort"
	"time"

	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/frames"
)

// Board is what a walk-forward scoreboard is computed from: every window's
// passes with their criterion values on the train part and their results on
// the test part.
type Board struct {
	Deposit  float64
	Criteria []Criterion
	Inputs   []Input // the optimized inputs, for parameter stability
	Windows  []Window
}

// Criterion is a criterion of the scoreboard: its name and direction.
type Criterion struct {
	Name      string
	Direction criteria.Direction
}

// Input is an optimized input: its index in Pass.Params and the width of
// its range (stop − start).
type Input struct {
	Name  string
	Index int
	Range float64
}

// Window is one window's passes.
type Window struct {
	Bounds frames.Window
	Passes []Pass
}

// Pass is one pass of one window.
type Pass struct {
	Pass        int64
	Params      []float64
	Values      []float64 // one per Board.Criteria, on the train part
	Available   []bool    // false where a criterion cannot be computed for the pass
	TrainProfit float64
	HasTest     bool
	Test        TestResult
}

// TestResult is a pass's result on its window's test part.
type TestResult struct {
	Profit, Trades, GrossProfit, GrossLoss float64
}

// Choose returns, per criterion and window, the index in the window's
// Passes of the pass the criterion picks: the best value among the passes
// that have the value and a test result, the lowest pass id among equals;
// −1 when no pass qualifies.
func Choose(b *Board) [][]int {
	out := make([][]int, len(b.Criteria))
	for c, crit := range b.Criteria {
		out[c] = make([]int, len(b.Windows))
		for w := range b.Windows {
			out[c][w] = choose(b.Windows[w].Passes, c, crit.Direction)
		}
	}
	return out
}

func choose(passes []Pass, c int, dir criteria.Direction) int {
	best := -1
	for i := range passes {
		p := &passes[i]
		if !p.HasTest || !p.Available[c] || math.IsNaN(p.Values[c]) {
			continue
		}
		if best < 0 {
			best = i
			continue
		}
		q := &passes[best]
		if dir.Better(p.Values[c], q.Values[c]) || p.Values[c] == q.Values[c] && p.Pass < q.Pass {
			best = i
		}
	}
	return best
}

// Stitch joins the test curves of consecutive windows into one out-of-sample
// curve. Every test starts from the deposit; each curve after the first is
// shifted to start where the curve so far ends (as Join's Continued mode
// does, its first point being the previous last point). Empty curves (a
// window without a choice) add nothing.
func Stitch(curves []Curve) Curve {
	var out Curve
	for _, c := range curves {
		if len(c.Balance) == 0 {
			continue
		}
		out, _ = Join(out, c, Continued)
	}
	return out
}

// Choice is what a criterion picked in one window.
type Choice struct {
	Window      int
	Pass        int64 // −1: no pass qualified
	Params      []float64
	Value       float64
	TrainProfit float64
	TestProfit  float64
}

// Row is one criterion's line of the scoreboard. Pointers are nil where a
// value is undefined (printed "—", null in JSON).
type Row struct {
	Rank      int    `json:"rank"`
	Criterion string `json:"criterion"`
	Direction string `json:"direction"`
	Windows   int    `json:"windows"`
	Chosen    int    `json:"windows_chosen"` // windows where the criterion picked a pass

	NetProfit      float64  `json:"oos_net_profit"`
	MaxDrawdown    float64  `json:"oos_max_drawdown"`     // money, on the stitched equity points
	MaxDrawdownPct float64  `json:"oos_max_drawdown_pct"` // % of the equity peak before it
	RecoveryFactor *float64 `json:"oos_recovery_factor"`  // undefined without a drawdown
	ProfitFactor   *float64 `json:"oos_profit_factor"`    // undefined without a losing trade
	Trades         float64  `json:"oos_trades"`

	ProfitableWindowsPct float64  `json:"profitable_windows_pct"`
	LargestWindowPct     *float64 `json:"largest_window_share_pct"` // undefined when the total ≤ 0
	WFEPct               *float64 `json:"wfe_pct"`                  // undefined when the IS return ≤ 0
	ISAnnualPct          float64  `json:"is_annual_return_pct"`
	OOSAnnualPct         float64  `json:"oos_annual_return_pct"`

	ParamStability        *float64            `json:"param_stability"` // mean over inputs; lower is steadier
	ParamStabilityByInput map[string]*float64 `json:"param_stability_by_input"`

	SpearmanMean     *float64   `json:"spearman_mean"`
	SpearmanByWindow []*float64 `json:"spearman_by_window"`

	Verdict string   `json:"verdict"` // "pass" or "fail"
	Failed  []string `json:"failed"`  // the checks that failed

	Curve   Curve    `json:"-"` // the stitched out-of-sample curve
	Choices []Choice `json:"-"` // one per window
}

// Score computes the scoreboard: one row per criterion, ranked by stitched
// out-of-sample net profit (best first, then by name). choices is Choose's
// result; curve returns the test curve of pass index p of window w (it is
// called only for chosen passes).
func Score(b *Board, choices [][]int, curve func(w, p int) Curve, th Thresholds) []Row {
	rows := make([]Row, len(b.Criteria))
	for c, crit := range b.Criteria {
		rows[c] = scoreCriterion(b, c, crit, choices[c], curve)
		rows[c].Verdict, rows[c].Failed = th.Judge(&rows[c])
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].NetProfit != rows[j].NetProfit {
			return rows[i].NetProfit > rows[j].NetProfit
		}
		return rows[i].Criterion < rows[j].Criterion
	})
	for i := range rows {
		rows[i].Rank = i + 1
	}
	return rows
}

func scoreCriterion(b *Board, c int, crit Criterion, chosen []int, curve func(w, p int) Curve) Row {
	r := Row{Criterion: crit.Name, Direction: crit.Direction.String(), Windows: len(b.Windows),
		ParamStabilityByInput: map[string]*float64{}}
	curves := make([]Curve, len(b.Windows))
	var grossProfit, grossLoss, trainYears, testYears, trainProfit float64
	profits := make([]float64, 0, len(b.Windows))
	for w, i := range chosen {
		win := &b.Windows[w]
		r.SpearmanByWindow = append(r.SpearmanByWindow, spearman(win.Passes, c))
		if i < 0 {
			r.Choices = append(r.Choices, Choice{Window: w, Pass: -1})
			continue
		}
		p := &win.Passes[i]
		r.Chosen++
		r.Choices = append(r.Choices, Choice{Window: w, Pass: p.Pass, Params: p.Params, Value: p.Values[c],
			TrainProfit: p.TrainProfit, TestProfit: p.Test.Profit})
		curves[w] = curve(w, i)
		profits = append(profits, p.Test.Profit)
		r.NetProfit += p.Test.Profit
		r.Trades += p.Test.Trades
		grossProfit += p.Test.GrossProfit
		grossLoss += p.Test.GrossLoss
		trainProfit += p.TrainProfit
		trainYears += years(win.Bounds.TrainFrom, win.Bounds.TrainTo)
		testYears += years(win.Bounds.TestFrom, win.Bounds.TestTo)
	}
	r.Curve = Stitch(curves)
	r.MaxDrawdown, r.MaxDrawdownPct = maxDrawdown(r.Curve.Equity)
	if r.MaxDrawdown > 0 {
		r.RecoveryFactor = ptr(r.NetProfit / r.MaxDrawdown)
	}
	if grossLoss < 0 {
		r.ProfitFactor = ptr(grossProfit / -grossLoss)
	}
	r.ProfitableWindowsPct, r.LargestWindowPct = windowShares(profits, len(b.Windows))
	r.ISAnnualPct = annualPct(trainProfit, b.Deposit, trainYears)
	r.OOSAnnualPct = annualPct(r.NetProfit, b.Deposit, testYears)
	if r.ISAnnualPct > 0 && r.Chosen > 0 {
		r.WFEPct = ptr(100 * r.OOSAnnualPct / r.ISAnnualPct)
	}
	r.ParamStability = paramStability(b.Inputs, r.Choices, r.ParamStabilityByInput)
	r.SpearmanMean = meanDefined(r.SpearmanByWindow)
	return r
}

// maxDrawdown is the largest fall of the equity points below their running
// peak, in money and in % of that peak.
func maxDrawdown(equity []float64) (money, pct float64) {
	if len(equity) == 0 {
		return 0, 0
	}
	peak := equity[0]
	for _, e := range equity {
		peak = max(peak, e)
		if dd := peak - e; dd > money {
			money = dd
		}
		if peak > 0 {
			pct = max(pct, 100*(peak-e)/peak)
		}
	}
	return money, pct
}

// windowShares returns the share of windows (of all n) whose test was
// profitable, and the largest single window's share of the total profit
// (nil when the total is ≤ 0: a share of a loss means nothing).
func windowShares(profits []float64, n int) (profitablePct float64, largestPct *float64) {
	if n == 0 {
		return 0, nil
	}
	var total, largest float64
	wins := 0
	for _, p := range profits {
		total += p
		largest = max(largest, p)
		if p > 0 {
			wins++
		}
	}
	profitablePct = 100 * float64(wins) / float64(n)
	if total > 0 {
		largestPct = ptr(100 * largest / total)
	}
	return profitablePct, largestPct
}

// annualPct is the simple annualized return: profit / deposit per year, in %.
func annualPct(profit, deposit, years float64) float64 {
	if deposit <= 0 || years <= 0 {
		return 0
	}
	return 100 * profit / deposit / years
}

const daysPerYear = 365.25

func years(from, to time.Time) float64 {
	return to.Sub(from).Hours() / 24 / daysPerYear
}

// paramStability is, per optimized input, the mean over consecutive windows
// that both have a choice of |Δ value| / the input's range, and the mean of
// those over the inputs (nil without a pair of windows or an input with a
// range).
func paramStability(inputs []Input, choices []Choice, byInput map[string]*float64) *float64 {
	var sum float64
	n := 0
	for _, in := range inputs {
		if in.Range <= 0 {
			continue
		}
		var s float64
		pairs := 0
		for k := 1; k < len(choices); k++ {
			a, b := choices[k-1], choices[k]
			if a.Pass < 0 || b.Pass < 0 {
				continue
			}
			s += math.Abs(b.Params[in.Index]-a.Params[in.Index]) / in.Range
			pairs++
		}
		if pairs == 0 {
			byInput[in.Name] = nil
			continue
		}
		v := s / float64(pairs)
		byInput[in.Name] = ptr(v)
		sum += v
		n++
	}
	if n == 0 {
		return nil
	}
	return ptr(sum / float64(n))
}

// spearman is the rank correlation, over a window's passes that have both,
// of criterion c's train value and the test profit; nil when it is
// undefined (fewer than two passes, or either side constant).
func spearman(passes []Pass, c int) *float64 {
	var x, y []float64
	for i := range passes {
		p := &passes[i]
		if p.HasTest && p.Available[c] && !math.IsNaN(p.Values[c]) {
			x, y = append(x, p.Values[c]), append(y, p.Test.Profit)
		}
	}
	if len(x) < 2 || constant(x) || constant(y) {
		return nil
	}
	return ptr(criteria.Spearman(x, y))
}

func constant(v []float64) bool {
	return !slices.ContainsFunc(v, func(x float64) bool { return x != v[0] })
}

func meanDefined(vs []*float64) *float64 {
	var sum float64
	n := 0
	for _, v := range vs {
		if v != nil {
			sum += *v
			n++
		}
	}
	if n == 0 {
		return nil
	}
	return ptr(sum / float64(n))
}

// ptr returns a pointer to v made finite (NaN never leaves the scoreboard).
func ptr(v float64) *float64 {
	v = finite(v)
	return &v
}
