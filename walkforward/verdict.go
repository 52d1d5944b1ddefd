package walkforward

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

// The checks of a verdict, as Row.Failed names them.
const (
	CheckProfit   = "profit"   // OOS net profit > MinProfit
	CheckWFE      = "wfe"      // WFE defined and ≥ MinWFEPct
	CheckWindows  = "windows"  // profitable windows ≥ MinProfitableWindows
	CheckShare    = "share"    // largest window share defined and ≤ MaxWindowSharePct
	CheckDrawdown = "drawdown" // OOS drawdown < MaxDrawdownPct
)

// Judge returns "pass" when r meets every threshold, and "fail" with the
// names of the checks it missed. An undefined value fails its check: an
// undefined WFE (IS return ≤ 0) is no evidence of efficiency, an undefined
// largest share means there was no profit to share.
func (t Thresholds) Judge(r *Row) (verdict string, failed []string) {
	failed = []string{}
	if !(r.NetProfit > t.MinProfit) {
		failed = append(failed, CheckProfit)
	}
	if r.WFEPct == nil || *r.WFEPct < t.MinWFEPct {
		failed = append(failed, CheckWFE)
	}
	if r.ProfitableWindowsPct < t.MinProfitableWindows {
		failed = append(failed, CheckWindows)
	}
	if r.LargestWindowPct == nil || *r.LargestWindowPct > t.MaxWindowSharePct {
		failed = append(failed, CheckShare)
	}
	if !(r.MaxDrawdownPct < t.MaxDrawdownPct) {
		failed = append(failed, CheckDrawdown)
	}
	if len(failed) > 0 {
		return "fail", failed
	}
	return "pass", failed
}
