package walkforward

import "fmt"

// Thresholds are the checks a criterion's walk-forward result must pass.
// Percentages are in percent (50 means 50 %).
type Thresholds struct {
	MinProfit            float64 // stitched OOS net profit must be above this
	MinWFEPct            float64 // walk-forward efficiency at least this
	MinProfitableWindows float64 // at least this % of windows profitable
	MaxWindowSharePct    float64 // no single window more than this % of the profit
	MaxDrawdownPct       float64 // OOS equity drawdown below this %
}

// DefaultThresholds are the usual rules of thumb for a walk-forward: a
// profit out of sample, an efficiency of at least 50 %, at least half the
// windows profitable, no window earning more than half the profit, and an
// out-of-sample equity drawdown under 40 %.
func DefaultThresholds() Thresholds {
	return Thresholds{MinProfit: 0, MinWFEPct: 50, MinProfitableWindows: 50, MaxWindowSharePct: 50, MaxDrawdownPct: 40}
}

// Judge returns "pass" when r meets every threshold, and "fail" with the
// checks it missed. An undefined value fails its check: an undefined WFE
// (IS return ≤ 0) is no evidence of efficiency, an undefined largest share
// means there was no profit to share.
func (t Thresholds) Judge(r *Row) (verdict string, failed []string) {
	if !(r.NetProfit > t.MinProfit) {
		failed = append(failed, fmt.Sprintf("OOS profit %.2f ≤ %g", r.NetProfit, t.MinProfit))
	}
	switch {
	case r.WFEPct == nil:
		failed = append(failed, "WFE undefined (IS return ≤ 0)")
	case *r.WFEPct < t.MinWFEPct:
		failed = append(failed, fmt.Sprintf("WFE %.0f%% < %g%%", *r.WFEPct, t.MinWFEPct))
	}
	if r.ProfitableWindowsPct < t.MinProfitableWindows {
		failed = append(failed, fmt.Sprintf("profitable windows %.0f%% < %g%%", r.ProfitableWindowsPct, t.MinProfitableWindows))
	}
	switch {
	case r.LargestWindowPct == nil:
		failed = append(failed, "largest window share undefined (total profit ≤ 0)")
	case *r.LargestWindowPct > t.MaxWindowSharePct:
		failed = append(failed, fmt.Sprintf("one window holds %.0f%% of the profit > %g%%", *r.LargestWindowPct, t.MaxWindowSharePct))
	}
	if !(r.MaxDrawdownPct < t.MaxDrawdownPct) {
		failed = append(failed, fmt.Sprintf("OOS drawdown %.1f%% ≥ %g%%", r.MaxDrawdownPct, t.MaxDrawdownPct))
	}
	if len(failed) > 0 {
		return "fail", failed
	}
	return "pass", []string{}
}
