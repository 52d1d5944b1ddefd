package mt5

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/stats"
)

// Where each statistic of an imported report comes from. A report gives the
// deals and the results MetaTrader printed, not the bars:
//   - what MetaTrader computes from the equity at every bar or tick (the
//     equity drawdowns, the recovery factor that divides by one, the Sharpe
//     ratio, the margin level) and the OnTester result are stored as
//     printed, and are unavailable when the report does not print them;
//   - the balance drawdowns are stored as printed, because MetaTrader's
//     balance takes an entry's commission when the position opens; without a
//     printed value they are rebuilt from the deals;
//   - every other statistic is defined from the closed trades alone and is
//     rebuilt from the deals, to full precision; where it differs from the
//     printed value beyond the print's precision the run carries a warning.

// printedOnly are the statistics a report's deals cannot give.
var printedOnly = map[int]bool{
	stats.EquityMin: true, stats.EquityDD: true, stats.EquityDDPercent: true, stats.EquityDDRelPercent: true,
	stats.EquityDDRelative: true, stats.RecoveryFactor: true, stats.SharpeRatio: true, stats.MinMarginLevel: true,
	stats.CustomOnTester: true,
}

// printedFirst are the statistics stored as printed when printed, else
// rebuilt from the deals.
var printedFirst = map[int]bool{
	stats.BalanceMin: true, stats.BalanceDD: true, stats.BalanceDDPercent: true, stats.BalanceDDRelPercent: true,
	stats.BalanceDDRelative: true,
}

// reportStatistics chooses each stored statistic between the one rebuilt
// from the deals and the printed one, and says where each came from.
// differs lists the statistics rebuilt from the deals that disagree with
// the printed value beyond its precision.
func reportStatistics(rebuilt stats.Stats, rep *Reported) (stored stats.Stats, prov map[string]string, differs []string) {
	prov = make(map[string]string, stats.Count)
	for i, name := range stats.Names {
		printed, ok := rep.Values[name]
		switch {
		case printedOnly[i] && ok, printedFirst[i] && ok:
			stored[i], prov[name] = printed, frames.ProvPrinted
		case printedOnly[i]:
			stored[i], prov[name] = 0, frames.ProvUnavailable
		default:
			stored[i], prov[name] = rebuilt[i], frames.ProvDeals
			if ok && !agrees(rebuilt[i], printed, rep.Decimals[name]) && noteFor(i, rebuilt[i]) == "" {
				differs = append(differs, name)
			}
		}
	}
	return stored, prov, differs
}

// agrees tells whether a value rounds to a printed one.
func agrees(v, printed float64, decimals int) bool {
	return math.Abs(v-printed) <= 0.5*math.Pow(10, -float64(decimals))+1e-9*math.Abs(printed)
}

// Statistics MetaTrader prints beyond the 41 of ENUM_STATISTICS, by the
// name the manifest's extra_statistics keep them under. Percentages are in
// percent, holding times in seconds.
var extraSingle = map[string]string{
	"LR Correlation": "lr_correlation", "LR Standard Error": "lr_standard_error",
	"Correlation (Profits,MFE)": "correlation_profits_mfe", "Correlation (Profits,MAE)": "correlation_profits_mae",
	"Correlation (MFE,MAE)": "correlation_mfe_mae", "Bars": "bars", "Ticks": "ticks", "Symbols": "symbols",
	"Average profit trade": "average_profit_trade", "Average loss trade": "average_loss_trade",
}

// extraPair are labels printing "a (b%)".
var extraPair = map[string][2]string{
	"Z-Score": {"z_score", "z_score_percent"}, "AHPR": {"ahpr", "ahpr_percent"}, "GHPR": {"ghpr", "ghpr_percent"},
}

// extraTime are labels printing a holding time h:mm:ss.
var extraTime = map[string]string{
	"Minimal position holding time": "holding_time_min_s", "Maximal position holding time": "holding_time_max_s",
	"Average position holding time": "holding_time_avg_s",
}

// ExtraStatistics are the names of the statistics beyond the 41 an
// imported report can carry, sorted.
func ExtraStatistics() []string {
	var out []string
	for _, n := range extraSingle {
		out = append(out, n)
	}
	for _, p := range extraPair {
		out = append(out, p[0], p[1])
	}
	for _, n := range extraTime {
		out = append(out, n)
	}
	out = append(out, "history_quality_percent")
	sort.Strings(out)
	return out
}

// extraStatistics reads the statistics beyond the 41 that a report prints.
func extraStatistics(r *report) (map[string]float64, error) {
	out := map[string]float64{}
	for label, v := range r.Labels {
		if v.Text == "" {
			continue
		}
		var err error
		switch {
		case extraSingle[label] != "":
			var n number
			n, err = parseNumber(v.Text)
			out[extraSingle[label]] = n.V
		case extraPair[label][0] != "":
			var a, b number
			a, b, err = parsePair(v.Text)
			out[extraPair[label][0]], out[extraPair[label][1]] = a.V, b.V
		case extraTime[label] != "":
			var s float64
			s, err = parseHoldingTime(v.Text)
			out[extraTime[label]] = s
		case label == "History Quality":
			// "100%", or "0% real ticks"
			pct, _, _ := strings.Cut(v.Text, "%")
			var n number
			n, err = parseNumber(pct)
			out["history_quality_percent"] = n.V
		default:
			continue
		}
		if err != nil {
			return nil, lineError(r.file, v.Line, "%s: %v", label, err)
		}
	}
	return out, nil
}

// parseHoldingTime reads a holding time as MetaTrader prints it, hours
// (any number of them), minutes and seconds: "135:01:40".
func parseHoldingTime(s string) (float64, error) {
	parts := strings.Split(strings.TrimSpace(s), ":")
	if len(parts) != 3 {
		return 0, fmt.Errorf("%q is not a holding time h:mm:ss", s)
	}
	var v [3]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || (i > 0 && (n > 59 || len(p) != 2)) {
			return 0, fmt.Errorf("%q is not a holding time h:mm:ss", s)
		}
		v[i] = n
	}
	return float64(v[0]*3600 + v[1]*60 + v[2]), nil
}
