package mt5

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/stats"
)

// reportLimits says what a run imported from a report cannot reproduce, as
// written to the notes of its import.json.
var reportLimits = []string{
	"the statistics defined by the closed trades are rebuilt from the Deals table; the equity drawdowns, " +
		"recovery_factor, sharpe_ratio, min_marginlevel, custom_ontester and the balance drawdowns are stored as " +
		"MetaTrader printed them (run.json \"statistics\" says which); the printed values are also in " + ReportedName,
	"points: one per entry and per close (docs/points.md without the intrabar equity range); equity is MetaTrader's " +
		"balance after each deal (no floating profit or loss); a last point at the end of the period",
	"a trade's result includes its entry's commission (entries matched first in, first out per symbol)",
}

// reportRun turns a parsed report into a run of one pass (pass 0).
func reportRun(r *report, kind Kind, data []byte) (*Run, error) {
	tf := strings.ToUpper(r.Timeframe)
	if !timeframeNames[tf] {
		return nil, lineError(r.file, r.period.Line, "unknown timeframe %q in the period", r.Timeframe)
	}
	rep, err := reportedValues(r)
	if err != nil {
		return nil, err
	}
	p, err := replayDeals(r)
	if err != nil {
		return nil, err
	}
	extra, err := extraStatistics(r)
	if err != nil {
		return nil, err
	}
	rebuilt := p.calc.Stats(rep.Values[stats.Names[stats.CustomOnTester]])
	stored, prov, differs := reportStatistics(rebuilt, rep)
	for name := range extra {
		prov[name] = frames.ProvPrinted
	}
	rep.Rebuilt = make(map[string]float64, stats.Count)
	for i, name := range stats.Names {
		rep.Rebuilt[name] = rebuilt[i]
	}
	m := newManifest(kind, []string{r.file}, [][]byte{data})
	m.Expert, m.Symbol, m.Timeframe = r.Expert, r.Symbol, tf
	m.Optimizer.Name = "none"
	m.Data.Bars = int(extra["bars"])
	m.Statistics, m.Extra = prov, extra
	m.Warnings = reportWarnings(r, differs)
	setPeriods(m, r.From, r.To, time.Time{})
	run := &Run{Kind: kind, Manifest: m, Reported: rep, Info: ImportInfo{Kind: m.Source, Files: []string{r.file},
		Points: true, Statistics: available(prov),
		Account: Account{Currency: r.Currency, Deposit: r.Deposit.V, Leverage: r.Leverage}}}
	run.Info.Notes = append(append(run.Info.Notes, reportLimits...), p.notes...)
	if len(r.languages) > 0 {
		run.Info.Notes = append(run.Info.Notes, "result labels read as "+strings.Join(sortedKeys(r.languages), " and "))
	}
	if r.Leverage == 0 {
		run.Info.Notes = append(run.Info.Notes, "the report gives no leverage")
	}
	params := reportParams(r, &run.Info.Notes)
	if err := setSpace(m, params, &run.Info.Notes); err != nil {
		return nil, fmt.Errorf("read %s: %w", r.file, err)
	}
	f := &frames.Frame{Pass: 0, Period: frames.Back, Params: make([]float64, len(params)), EquityMode: m.EquityMode,
		Stats: stored,
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

// reportWarnings are the warnings of a report: labels no table knows, and
// statistics whose deals disagree with what MetaTrader printed.
func reportWarnings(r *report, differs []string) []frames.Warning {
	var w []frames.Warning
	if len(r.Unmapped) > 0 {
		w = append(w, frames.Warning{Kind: "unknown_labels", Count: int64(len(r.Unmapped)), Message: fmt.Sprintf(
			"%d result labels are in no label table (languages read: %s); their values are not used, and the "+
				"statistics only they give are unavailable: %s", len(r.Unmapped), strings.Join(Languages(), ", "),
			strings.Join(r.Unmapped, "; "))})
	}
	if len(differs) > 0 {
		w = append(w, frames.Warning{Kind: "printed_differs", Count: int64(len(differs)), Message: "rebuilt from the deals, " +
			"these statistics differ from what MetaTrader printed: " + strings.Join(differs, ", ")})
	}
	return w
}

// available lists, in statistics order, the statistics whose provenance is
// not "unavailable" (import.json's statistics, which analyze reads).
func available(prov map[string]string) []string {
	var out []string
	for _, name := range stats.Names {
		if p, ok := prov[name]; ok && p != frames.ProvUnavailable {
			out = append(out, name)
		}
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
