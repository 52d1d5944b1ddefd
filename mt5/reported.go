package mt5

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/stats"
)

// Reported is what an MT5 report printed, kept beside the frames as
// reported.json so that analyze can show where our statistics differ.
type Reported struct {
	File string `json:"file"`
	// Values maps a statistic's name to the value MT5 printed for it.
	Values map[string]float64 `json:"values"`
	// Decimals is how many digits each value was printed with after the
	// point: a computed value is the same when it rounds to the printed one.
	Decimals map[string]int `json:"decimals"`
	// Derived names the values that are not printed as such but follow from
	// printed ones (balancemin = deposit − absolute drawdown, the winning
	// short and long trades from their percentage), and how.
	Derived map[string]string `json:"derived,omitempty"`
	// Printed is every "Label: text" of the report's settings and results,
	// as printed, including those with no statistic (Z-Score, AHPR, ...).
	Printed map[string]string `json:"printed"`
	// Rebuilt are the 41 statistics rebuilt from the report's deals by our
	// own engine (the frame stores the printed value where MetaTrader
	// computes a statistic from what the report lacks; run.json says which).
	Rebuilt map[string]float64 `json:"rebuilt,omitempty"`
}

// printedSingle maps a results label to the statistic it prints.
var printedSingle = map[string]int{
	"Initial Deposit": stats.InitialDeposit, "Total Net Profit": stats.Profit,
	"Gross Profit": stats.GrossProfit, "Gross Loss": stats.GrossLoss,
	"Profit Factor": stats.ProfitFactor, "Expected Payoff": stats.ExpectedPayoff,
	"Recovery Factor": stats.RecoveryFactor, "Sharpe Ratio": stats.SharpeRatio,
	"Margin Level": stats.MinMarginLevel, "OnTester result": stats.CustomOnTester,
	"Total Trades": stats.Trades, "Total Deals": stats.Deals,
	"Largest profit trade": stats.MaxProfitTrade, "Largest loss trade": stats.MaxLossTrade,
	"Average consecutive wins": stats.ProfitTradesAvgCon, "Average consecutive losses": stats.LossTradesAvgCon,
}

// printedPair maps a label printing "a (b)" to the statistics of a and b
// (-1: not a statistic).
var printedPair = map[string][2]int{
	"Balance Drawdown Maximal":           {stats.BalanceDD, stats.BalanceDDPercent},
	"Balance Drawdown Relative":          {stats.BalanceDDRelPercent, stats.BalanceDDRelative},
	"Equity Drawdown Maximal":            {stats.EquityDD, stats.EquityDDPercent},
	"Equity Drawdown Relative":           {stats.EquityDDRelPercent, stats.EquityDDRelative},
	"Short Trades (won %)":               {stats.ShortTrades, -1},
	"Long Trades (won %)":                {stats.LongTrades, -1},
	"Profit Trades (% of total)":         {stats.ProfitTrades, -1},
	"Loss Trades (% of total)":           {stats.LossTrades, -1},
	"Maximum consecutive wins ($)":       {stats.MaxConProfitTrades, stats.MaxConWins},
	"Maximum consecutive losses ($)":     {stats.MaxConLossTrades, stats.MaxConLosses},
	"Maximal consecutive profit (count)": {stats.ConProfitMax, stats.ConProfitMaxTrades},
	"Maximal consecutive loss (count)":   {stats.ConLossMax, stats.ConLossMaxTrades},
}

// reportedValues reads the printed results of a report.
func reportedValues(r *report) (*Reported, error) {
	rep := &Reported{File: r.file, Values: map[string]float64{}, Decimals: map[string]int{},
		Derived: map[string]string{}, Printed: map[string]string{}}
	set := func(stat int, n number) {
		rep.Values[stats.Names[stat]] = n.V
		rep.Decimals[stats.Names[stat]] = n.Decimals
	}
	for label, v := range r.Labels {
		rep.Printed[label] = v.Text
		if v.Text == "" {
			if label == "Margin Level" { // empty: no position was ever open
				set(stats.MinMarginLevel, number{})
			}
			continue
		}
		if s, ok := printedSingle[label]; ok {
			n, err := parseNumber(v.Text)
			if err != nil {
				return nil, lineError(r.file, v.Line, "%s: %v", label, err)
			}
			set(s, n)
		}
		if s, ok := printedPair[label]; ok {
			a, b, err := parsePair(v.Text)
			if err != nil {
				return nil, lineError(r.file, v.Line, "%s: %v", label, err)
			}
			set(s[0], a)
			if s[1] >= 0 {
				set(s[1], b)
			}
			if label == "Short Trades (won %)" || label == "Long Trades (won %)" {
				won := stats.ProfitShortTrades
				if label == "Long Trades (won %)" {
					won = stats.ProfitLongTrades
				}
				set(won, number{V: math.Round(a.V * b.V / 100)})
				rep.Derived[stats.Names[won]] = fmt.Sprintf("%s × %s%% of %q", fmtNum(a.V), fmtNum(b.V), label)
			}
		}
	}
	deposit := r.Deposit
	for label, stat := range map[string]int{"Balance Drawdown Absolute": stats.BalanceMin, "Equity Drawdown Absolute": stats.EquityMin} {
		v, ok := r.Labels[label]
		if !ok || v.Text == "" || deposit.V == 0 {
			continue
		}
		n, err := parseNumber(v.Text)
		if err != nil {
			return nil, lineError(r.file, v.Line, "%s: %v", label, err)
		}
		set(stat, number{V: deposit.V - n.V, Decimals: max(n.Decimals, deposit.Decimals)})
		rep.Derived[stats.Names[stat]] = fmt.Sprintf("initial deposit − %q", label)
	}
	return rep, nil
}

// Difference is a statistic where the value computed from a report's deals
// and the value MT5 printed differ (beyond the printed precision).
type Difference struct {
	Name    string  // the statistic
	Ours    float64 // computed from the deals
	Printed float64 // as MT5 printed it (or derived from what it printed)
	// Note says why the two may differ by definition; empty when they are
	// defined the same and should agree.
	Note string
}

// ErrNotReport is returned (wrapped) by CompareReported for a run that was
// not imported from a report.
var ErrNotReport = errors.New("the run was not imported from an MT5 report (no " + ReportedName + ")")

// commissionNote explains the balance statistics' one difference.
const commissionNote = "MT5's balance takes an entry's commission when the position opens, ours when the trade closes " +
	"(the same when entries pay no commission)"

// definitionNotes explain, per statistic, why a value computed from a
// report's deals may differ from MT5's.
var definitionNotes = map[string]string{
	"equitymin":             "the report has no equity curve: ours is the lowest balance after a deal",
	"equity_dd":             "the report has no equity curve: ours is computed from the balance after each deal",
	"equitydd_percent":      "the report has no equity curve: ours is computed from the balance after each deal",
	"equity_ddrel_percent":  "the report has no equity curve: ours is computed from the balance after each deal",
	"equity_dd_relative":    "the report has no equity curve: ours is computed from the balance after each deal",
	"recovery_factor":       "profit / equity_dd, and our equity_dd is computed from balances",
	"sharpe_ratio":          "needs the equity at every bar close, which the report does not give: ours is 0",
	"min_marginlevel":       "needs margin and equity at every bar, which the report does not give: ours is 0",
	"balancemin":            commissionNote,
	"balance_dd":            commissionNote,
	"balancedd_percent":     commissionNote,
	"balance_ddrel_percent": commissionNote,
	"balance_dd_relative":   commissionNote,
}

// noteFor returns the definition note for a difference in statistic i.
func noteFor(i int, ours float64) string {
	if i == stats.ProfitFactor && ours == stats.MaxFloat {
		return "no losing trade: docs/statistics.md stores DBL_MAX"
	}
	return definitionNotes[stats.Names[i]]
}

// CompareReported compares the statistics rebuilt from the deals of the run
// in runDir, imported from an MT5 report, with the values the report
// printed, and returns those that differ beyond the printed precision, in
// statistics order. An error wrapping ErrNotReport means the run has no
// printed values to compare.
func CompareReported(runDir string) ([]Difference, error) {
	rep, err := ReadReported(runDir)
	if err != nil {
		return nil, err
	}
	if rep.Rebuilt != nil {
		var ours stats.Stats
		for i, name := range stats.Names {
			ours[i] = rep.Rebuilt[name]
		}
		return compare(&ours, rep), nil
	}
	// An import made before reported.json kept the rebuilt statistics: the
	// frame holds them.
	ds, err := frames.Open(runDir)
	if err != nil {
		return nil, err
	}
	var ours *stats.Stats
	err = ds.Scan(func(f *frames.Frame) error {
		if f.Period == frames.Back && ours == nil {
			s := f.Stats
			ours = &s
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if ours == nil {
		return nil, fmt.Errorf("%s: the run has no back frame to compare", runDir)
	}
	return compare(ours, rep), nil
}

// compare lists the statistics where ours and the printed values differ.
func compare(ours *stats.Stats, rep *Reported) []Difference {
	var out []Difference
	for i, name := range stats.Names {
		printed, ok := rep.Values[name]
		if !ok {
			continue
		}
		tol := 0.5*math.Pow(10, -float64(rep.Decimals[name])) + 1e-9*math.Abs(printed)
		if d := math.Abs(ours[i] - printed); d <= tol {
			continue
		}
		out = append(out, Difference{Name: name, Ours: ours[i], Printed: printed, Note: noteFor(i, ours[i])})
	}
	return out
}

// ReadReported reads the printed values stored in runDir (reported.json).
func ReadReported(runDir string) (*Reported, error) {
	path := filepath.Join(runDir, ReportedName)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", runDir, ErrNotReport)
	}
	if err != nil {
		return nil, err
	}
	var rep Reported
	if err := json.Unmarshal(b, &rep); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return &rep, nil
}

// ReadImportInfo reads the import.json of a run directory.
func ReadImportInfo(runDir string) (*ImportInfo, error) {
	path := filepath.Join(runDir, ImportInfoName)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var info ImportInfo
	if err := json.Unmarshal(b, &info); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return &info, nil
}
