package mt5

import (
	"fmt"
	"strings"
	"time"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/stats"
)

// reportLimits says what a run imported from a report cannot reproduce, as
// written to the notes of its import.json.
var reportLimits = []string{
	"statistics and points are rebuilt from the Deals table; the values MT5 printed are in " + ReportedName,
	"the report has no equity curve: equity is MT5's balance after each deal (no floating profit or loss), " +
		"so the equity statistics and recovery_factor are computed from balances",
	"sharpe_ratio needs the equity at every bar close and min_marginlevel the margin at every bar, " +
		"which the report does not give: both are 0 (not available)",
	"custom_ontester is the printed OnTester result",
	"a trade's result includes its entry's commission (entries matched first in, first out per symbol)",
	"points: one per entry and per close (points.md without the intrabar equity range); a last point at the end of the period",
}

// approximateStats are computed without what MT5 computes them from.
var approximateStats = []int{stats.EquityMin, stats.EquityDD, stats.EquityDDPercent, stats.EquityDDRelPercent,
	stats.EquityDDRelative, stats.RecoveryFactor}

// reportStats are the statistics a report's deals give (all but the Sharpe
// ratio and the margin level, which need bars).
func reportStats() []int {
	var idx []int
	for _, i := range allStats() {
		if i != stats.SharpeRatio && i != stats.MinMarginLevel {
			idx = append(idx, i)
		}
	}
	return idx
}

// reportRun turns a parsed report into a run of one pass (pass 0).
func reportRun(r *report, kind Kind, data []byte) (*Run, error) {
	tf := strings.ToUpper(r.Timeframe)
	if !timeframeNames[tf] {
		return nil, lineError(r.file, r.Labels["Period"].Line, "unknown timeframe %q in the period", r.Timeframe)
	}
	rep, err := reportedValues(r)
	if err != nil {
		return nil, err
	}
	p, err := replayDeals(r)
	if err != nil {
		return nil, err
	}
	m := newManifest(kind, []string{r.file}, [][]byte{data})
	m.Expert, m.Symbol, m.Timeframe = r.Expert, r.Symbol, tf
	m.Optimizer.Name = "none"
	m.Data.Bars = r.Bars
	setPeriods(m, r.From, r.To, time.Time{})
	run := &Run{Kind: kind, Manifest: m, Reported: rep, Info: ImportInfo{Kind: m.Source, Files: []string{r.file},
		Points: true, Statistics: statNames(reportStats()...), Approximate: statNames(approximateStats...),
		Account: Account{Currency: r.Currency, Deposit: r.Deposit.V, Leverage: r.Leverage}}}
	run.Info.Notes = append(append(run.Info.Notes, reportLimits...), p.notes...)
	if r.Leverage == 0 {
		run.Info.Notes = append(run.Info.Notes, "the report gives no leverage")
	}
	params := reportParams(r, &run.Info.Notes)
	if err := setSpace(m, params, &run.Info.Notes); err != nil {
		return nil, fmt.Errorf("read %s: %w", r.file, err)
	}
	f := &frames.Frame{Pass: 0, Period: frames.Back, Params: make([]float64, len(params)), EquityMode: m.EquityMode,
		Stats: p.calc.Stats(rep.Values[stats.Names[stats.CustomOnTester]]),
		Time:  p.Time, Balance: p.Balance, Equity: p.Equity}
	for i, prm := range params {
		f.Params[i] = prm.Value
	}
	run.Passes = []Pass{{Back: f}}
	return run, nil
}

// reportParams types the inputs a report lists: true/false is Bool, a whole
// number written without a point Int, another number Double; inputs with
// other text (strings, enum names) are not stored as columns.
func reportParams(r *report, notes *[]string) []optimize.Param {
	var params []optimize.Param
	var skipped []string
	for _, in := range r.Inputs {
		p := optimize.Param{Name: in.Name, Type: optimize.Int, Step: 1}
		switch strings.ToLower(in.Text) {
		case "true":
			p.Type, p.Value = optimize.Bool, 1
		case "false":
			p.Type = optimize.Bool
		default:
			n, err := parseNumber(in.Text)
			if err != nil || n.V == stats.MaxFloat || n.V == -stats.MaxFloat {
				skipped = append(skipped, in.Name)
				continue
			}
			p.Value = n.V
			if strings.ContainsAny(in.Text, ".eE") || n.V != float64(int64(n.V)) {
				p.Type, p.Step = optimize.Double, 0
			}
		}
		p.Start, p.Stop = p.Value, p.Value
		params = append(params, p)
	}
	if len(skipped) > 0 {
		*notes = append(*notes, "inputs with text values are not stored as columns: "+strings.Join(skipped, ", "))
	}
	return params
}
