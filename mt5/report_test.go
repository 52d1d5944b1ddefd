package mt5

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/stats"
)

// handReport is a report of 3 trades on EURUSD with commissions and a swap,
// written as MT5 writes one. Its deals, with the trade results worked out
// by hand (result = profit + swap + both commissions):
//
//	deposit                                     balance 1 000.00
//	buy  in  0.10 at 1.10000, commission −0.70          999.30
//	sell out 0.10 at 1.10500, commission −0.70, profit 50.00     1 048.60
//	    trade 1, long:  50.00 − 0.70 − 0.70         = +48.60
//	sell in  0.20 at 1.10400, commission −1.40        1 047.20
//	buy  out 0.20 at 1.10700, commission −1.40, swap −0.50, profit −60.00   985.30
//	    trade 2, short: −60.00 − 0.50 − 1.40 − 1.40 = −63.30
//	buy  in  0.10 at 1.10600, commission −0.70          984.60
//	sell out 0.10 at 1.10800, commission −0.70, profit 20.00     1 003.90
//	    trade 3, long:  20.00 − 0.70 − 0.70         = +18.60
//
// The printed results are those MT5 would print for this test: its balance
// takes an entry's commission when the position opens, so its balance
// drawdowns are on 1000, 999.30, 1048.60, 1047.20, 985.30, 984.60, 1003.90
// (maximal 1048.60 − 984.60 = 64.00, 6.10%); its equity drawdown (70.00,
// 6.68%), Sharpe ratio and margin level come from bars this file does not
// have.
func handReport() reportSpec {
	deal := func(ts, ticket, typ, dir, vol, price, comm, swap, profit, bal string) [13]string {
		sym := "EURUSD"
		if typ == "balance" {
			sym = ""
		}
		return [13]string{ts, ticket, sym, typ, dir, vol, price, ticket, comm, swap, profit, bal, ""}
	}
	return reportSpec{
		expert: "MovingAverage", symbol: "EURUSD", period: "H1 (2024.01.01 - 2024.01.05)",
		inputs:  []string{"=== Money ===", "MaximumRisk=0.02", "DecreaseFactor=3.0", "MovingPeriod=12", "MovingShift=6", "UseFilter=true", "Comment=A & B", "Note=see:"},
		deposit: "1 000.00", leverage: "1:100",
		results: [][2]string{
			{"History Quality:", "100%"}, {"Bars:", "96"}, {"Ticks:", "1000"},
			{"Total Net Profit:", "3.90"}, {"Balance Drawdown Absolute:", "15.40"}, {"Equity Drawdown Absolute:", "21.00"},
			{"Gross Profit:", "67.20"}, {"Balance Drawdown Maximal:", "64.00 (6.10%)"}, {"Equity Drawdown Maximal:", "70.00 (6.68%)"},
			{"Gross Loss:", "-63.30"}, {"Balance Drawdown Relative:", "6.10% (64.00)"}, {"Equity Drawdown Relative:", "6.68% (70.00)"},
			{"Profit Factor:", "1.06"}, {"Expected Payoff:", "1.30"}, {"Margin Level:", "4 545.45%"},
			{"Recovery Factor:", "0.06"}, {"Sharpe Ratio:", "0.25"}, {"Z-Score:", "-0.50 (38.29%)"},
			{"AHPR:", "1.0013 (0.13%)"}, {"LR Correlation:", "0.12"}, {"OnTester result:", "0"},
			{"Total Trades:", "3"}, {"Short Trades (won %):", "1 (0.00%)"}, {"Long Trades (won %):", "2 (100.00%)"},
			{"Total Deals:", "6"}, {"Profit Trades (% of total):", "2 (66.67%)"}, {"Loss Trades (% of total):", "1 (33.33%)"},
			{"Largest profit trade:", "48.60"}, {"Largest loss trade:", "-63.30"},
			{"Average profit trade:", "33.60"}, {"Average loss trade:", "-63.30"},
			{"Maximum consecutive wins ($):", "1 (48.60)"}, {"Maximum consecutive losses ($):", "1 (-63.30)"},
			{"Maximal consecutive profit (count):", "48.60 (1)"}, {"Maximal consecutive loss (count):", "-63.30 (1)"},
			{"Average consecutive wins:", "1"}, {"Average consecutive losses:", "1"},
		},
		deals: [][13]string{
			deal("2024.01.01 00:00:00", "1", "balance", "", "", "", "0.00", "0.00", "1 000.00", "1 000.00"),
			deal("2024.01.02 10:00:00", "2", "buy", "in", "0.10", "1.10000", "-0.70", "0.00", "0.00", "999.30"),
			deal("2024.01.02 14:00:00", "3", "sell", "out", "0.10", "1.10500", "-0.70", "0.00", "50.00", "1 048.60"),
			deal("2024.01.03 09:00:00", "4", "sell", "in", "0.20", "1.10400", "-1.40", "0.00", "0.00", "1 047.20"),
			deal("2024.01.03 16:00:00", "5", "buy", "out", "0.20", "1.10700", "-1.40", "-0.50", "-60.00", "985.30"),
			deal("2024.01.04 08:00:00", "6", "buy", "in", "0.10", "1.10600", "-0.70", "0.00", "0.00", "984.60"),
			deal("2024.01.04 12:00:00", "7", "sell", "out", "0.10", "1.10800", "-0.70", "0.00", "20.00", "1 003.90"),
		},
	}
}

// handStats are the statistics of handReport worked out by hand.
func handStats() stats.Stats {
	var s stats.Stats
	s[stats.InitialDeposit] = 1000
	s[stats.Profit] = 3.90          // 48.60 − 63.30 + 18.60
	s[stats.GrossProfit] = 67.20    // 48.60 + 18.60
	s[stats.GrossLoss] = -63.30     //
	s[stats.MaxProfitTrade] = 48.60 //
	s[stats.MaxLossTrade] = -63.30  //
	s[stats.ConProfitMax] = 48.60   // runs: W(48.60) L(−63.30) W(18.60)
	s[stats.ConProfitMaxTrades] = 1 //
	s[stats.MaxConWins] = 48.60     // longest winning run: length 1, ties → larger total
	s[stats.MaxConProfitTrades] = 1 //
	s[stats.ConLossMax] = -63.30    //
	s[stats.ConLossMaxTrades] = 1   //
	s[stats.MaxConLosses] = -63.30  //
	s[stats.MaxConLossTrades] = 1   //
	s[stats.BalanceMin] = 985.30    // balance series 1000, 1048.60, 985.30, 1003.90
	s[stats.BalanceDD] = 63.30      // 1048.60 − 985.30
	s[stats.BalanceDDPercent] = 63.30 / 1048.60 * 100
	s[stats.BalanceDDRelPercent] = 63.30 / 1048.60 * 100
	s[stats.BalanceDDRelative] = 63.30
	s[stats.EquityMin] = 984.60 // equity = MT5's balance after each deal: 999.30, 1048.60, 1047.20, 985.30, 984.60, 1003.90
	s[stats.EquityDD] = 64.00   // 1048.60 − 984.60
	s[stats.EquityDDPercent] = 64.00 / 1048.60 * 100
	s[stats.EquityDDRelPercent] = 64.00 / 1048.60 * 100
	s[stats.EquityDDRelative] = 64.00
	s[stats.ExpectedPayoff] = 3.90 / 3
	s[stats.ProfitFactor] = 67.20 / 63.30
	s[stats.RecoveryFactor] = 3.90 / 64.00
	s[stats.Deals] = 6
	s[stats.Trades] = 3
	s[stats.ProfitTrades] = 2
	s[stats.LossTrades] = 1
	s[stats.ShortTrades] = 1
	s[stats.LongTrades] = 2
	s[stats.ProfitLongTrades] = 2
	s[stats.ProfitTradesAvgCon] = 1 // winning runs of 1 and 1
	s[stats.LossTradesAvgCon] = 1
	return s
}

func ms(s string) int64 {
	t, err := time.Parse("2006.01.02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t.UnixMilli()
}

func loadHandReport(t *testing.T) *Run {
	t.Helper()
	data := buildReportHTML(handReport())
	r, err := parseReport(data, "ReportTester-1.html", ReportHTML)
	if err != nil {
		t.Fatal(err)
	}
	run, err := reportRun(r, ReportHTML, data)
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// rebuilt are the statistics a report run rebuilt from its deals.
func rebuilt(run *Run) stats.Stats {
	var s stats.Stats
	for i, name := range stats.Names {
		s[i] = run.Reported.Rebuilt[name]
	}
	return s
}

// TestReportStatistics checks the statistics rebuilt from the deals.
func TestReportStatistics(t *testing.T) {
	run := loadHandReport(t)
	got := rebuilt(run)
	want := handStats()
	for i, name := range stats.Names {
		if math.Abs(got[i]-want[i]) > 1e-9 {
			t.Errorf("%s = %v, want %v", name, got[i], want[i])
		}
	}
}

// TestReportStoredStatistics checks what the frame stores: the printed
// value where MT5 computes a statistic from what the report lacks (and the
// balance drawdowns, MT5's own definition), the rebuilt one elsewhere, and
// the provenance of each in the manifest.
func TestReportStoredStatistics(t *testing.T) {
	run := loadHandReport(t)
	f := run.Passes[0].Back
	printed := map[string]float64{"balancemin": 1000 - 15.40, "balance_dd": 64, "balancedd_percent": 6.10,
		"balance_ddrel_percent": 6.10, "balance_dd_relative": 64, "equitymin": 1000 - 21.00, "equity_dd": 70,
		"equitydd_percent": 6.68, "equity_ddrel_percent": 6.68, "equity_dd_relative": 70, "recovery_factor": 0.06,
		"sharpe_ratio": 0.25, "min_marginlevel": 4545.45, "custom_ontester": 0}
	want := handStats()
	for i, name := range stats.Names {
		w, prov := want[i], frames.ProvDeals
		if v, ok := printed[name]; ok {
			w, prov = v, frames.ProvPrinted
		}
		if math.Abs(f.Stats[i]-w) > 1e-9 || run.Manifest.Statistics[name] != prov {
			t.Errorf("%s = %v (%s), want %v (%s)", name, f.Stats[i], run.Manifest.Statistics[name], w, prov)
		}
	}
	extra := map[string]float64{"z_score": -0.50, "z_score_percent": 38.29, "ahpr": 1.0013, "ahpr_percent": 0.13,
		"lr_correlation": 0.12, "history_quality_percent": 100, "bars": 96, "ticks": 1000,
		"average_profit_trade": 33.60, "average_loss_trade": -63.30}
	if !reflect.DeepEqual(run.Manifest.Extra, extra) {
		t.Errorf("extra statistics %v\nwant %v", run.Manifest.Extra, extra)
	}
	if len(run.Manifest.Warnings) != 0 || len(run.Info.Statistics) != stats.Count {
		t.Errorf("warnings %v, %d statistics available", run.Manifest.Warnings, len(run.Info.Statistics))
	}
}

func TestReportPoints(t *testing.T) {
	f := loadHandReport(t).Passes[0].Back
	// Deposit; each entry (balance before the trade, MT5's balance after the
	// entry's commission as equity); each close; the end of the period.
	wantTime := []int64{ms("2024.01.01 00:00"), ms("2024.01.02 10:00"), ms("2024.01.02 14:00"), ms("2024.01.03 09:00"),
		ms("2024.01.03 16:00"), ms("2024.01.04 08:00"), ms("2024.01.04 12:00"), ms("2024.01.05 00:00")}
	wantBal := []float64{1000, 1000, 1048.60, 1048.60, 985.30, 985.30, 1003.90, 1003.90}
	wantEq := []float64{1000, 999.30, 1048.60, 1047.20, 985.30, 984.60, 1003.90, 1003.90}
	if !reflect.DeepEqual(f.Time, wantTime) {
		t.Errorf("times %v\nwant %v", f.Time, wantTime)
	}
	for i := range wantBal {
		if i >= len(f.Balance) || math.Abs(f.Balance[i]-wantBal[i]) > 1e-9 || math.Abs(f.Equity[i]-wantEq[i]) > 1e-9 {
			t.Fatalf("points\n balance %v\n equity  %v\nwant %v\n     %v", f.Balance, f.Equity, wantBal, wantEq)
		}
	}
}

func TestReportSettings(t *testing.T) {
	run := loadHandReport(t)
	m := run.Manifest
	jan1 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	if m.Expert != "MovingAverage" || m.Symbol != "EURUSD" || m.Timeframe != "H1" || m.Source != "mt5-report" ||
		!m.Periods.BackFrom.Equal(jan1) || !m.Periods.BackTo.Equal(jan1.AddDate(0, 0, 5)) || m.Data.Bars != 96 {
		t.Errorf("manifest %+v", m)
	}
	// Inputs: captions are no inputs; "Comment=A & B" and "Note=see:" are
	// text, not columns.
	wantSpace := []optimize.Param{
		{Name: "MaximumRisk", Type: optimize.Double, Value: 0.02, Start: 0.02, Stop: 0.02},
		{Name: "DecreaseFactor", Type: optimize.Double, Value: 3, Start: 3, Stop: 3},
		{Name: "MovingPeriod", Type: optimize.Int, Value: 12, Start: 12, Step: 1, Stop: 12},
		{Name: "MovingShift", Type: optimize.Int, Value: 6, Start: 6, Step: 1, Stop: 6},
		{Name: "UseFilter", Type: optimize.Bool, Value: 1, Start: 1, Step: 1, Stop: 1},
	}
	if !reflect.DeepEqual(optimize.FromManifest(m.Space), wantSpace) {
		t.Errorf("space\n got %+v\nwant %+v", m.Space, wantSpace)
	}
	if f := run.Passes[0].Back; !reflect.DeepEqual(f.Params, []float64{0.02, 3, 12, 6, 1}) {
		t.Errorf("params %v", f.Params)
	}
	if run.Info.Account.Deposit != 1000 || run.Info.Account.Leverage != 100 || run.Info.Account.Currency != "USD" {
		t.Errorf("account %+v", run.Info.Account)
	}
	if !strings.Contains(strings.Join(run.Info.Notes, "\n"), "Comment, Note") {
		t.Errorf("notes do not name the text input: %q", run.Info.Notes)
	}
}

func TestReportedValues(t *testing.T) {
	rep := loadHandReport(t).Reported
	want := map[string]float64{
		"initial_deposit": 1000, "profit": 3.90, "gross_profit": 67.20, "gross_loss": -63.30,
		"balancemin": 1000 - 15.40, "equitymin": 1000 - 21.00,
		"balance_dd": 64, "balancedd_percent": 6.10, "balance_ddrel_percent": 6.10, "balance_dd_relative": 64,
		"equity_dd": 70, "equitydd_percent": 6.68, "equity_ddrel_percent": 6.68, "equity_dd_relative": 70,
		"profit_factor": 1.06, "expected_payoff": 1.30, "min_marginlevel": 4545.45, "recovery_factor": 0.06,
		"sharpe_ratio": 0.25, "custom_ontester": 0, "trades": 3, "short_trades": 1, "profit_shorttrades": 0,
		"long_trades": 2, "profit_longtrades": 2, "deals": 6, "profit_trades": 2, "loss_trades": 1,
		"max_profittrade": 48.60, "max_losstrade": -63.30, "max_conprofit_trades": 1, "max_conwins": 48.60,
		"max_conloss_trades": 1, "max_conlosses": -63.30, "conprofitmax": 48.60, "conprofitmax_trades": 1,
		"conlossmax": -63.30, "conlossmax_trades": 1, "profittrades_avgcon": 1, "losstrades_avgcon": 1,
	}
	if len(rep.Values) != len(want) {
		t.Errorf("%d values, want %d: %v", len(rep.Values), len(want), rep.Values)
	}
	for k, v := range want {
		if got, ok := rep.Values[k]; !ok || math.Abs(got-v) > 1e-9 {
			t.Errorf("%s = %v, want %v", k, got, v)
		}
	}
	if rep.Decimals["profit"] != 2 || rep.Decimals["trades"] != 0 || rep.Printed["Z-Score"] != "-0.50 (38.29%)" {
		t.Errorf("decimals %v, printed %v", rep.Decimals, rep.Printed)
	}
}

// TestReportRoundTrip imports the hand-written report (HTML in UTF-16LE),
// reads the dataset back and compares with what MT5 printed: the
// statistics defined the same way agree, and every difference is one the
// notes explain.
func TestReportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ReportTester-1.html")
	if err := os.WriteFile(path, buildReportHTML(handReport()), 0o644); err != nil {
		t.Fatal(err)
	}
	if k, err := Detect(path); k != ReportHTML || err != nil {
		t.Fatalf("Detect = %v, %v", k, err)
	}
	runs, err := Import([]string{path}, filepath.Join(dir, "runs"), frames.New)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "runs", "MovingAverage.EURUSD.H1"); !reflect.DeepEqual(runs, []string{want}) {
		t.Fatalf("runs %v, want %s", runs, want)
	}
	ds, err := frames.Open(runs[0])
	if err != nil {
		t.Fatal(err)
	}
	var got []frames.Frame
	ds.Scan(func(f *frames.Frame) error {
		g := *f
		g.Params = append([]float64(nil), f.Params...)
		got = append(got, g)
		return nil
	})
	if len(got) != 1 || got[0].Pass != 0 || got[0].Period != frames.Back || len(got[0].Balance) != 8 {
		t.Fatalf("frames %+v", got)
	}
	// The frame holds what the hand-made run holds (TestReportStoredStatistics),
	// as the dataset stores statistics: whole counts and cents.
	if want := frames.StoredStats(loadHandReport(t).Passes[0].Back.Stats); got[0].Stats != want {
		t.Errorf("stored %v\nwant %v", got[0].Stats, want)
	}
	m, err := frames.ReadManifest(runs[0])
	if err != nil || m.Statistics["sharpe_ratio"] != frames.ProvPrinted || m.Statistics["profit"] != frames.ProvDeals ||
		m.Extra["z_score"] != -0.50 {
		t.Errorf("manifest statistics %v, extra %v, %v", m.Statistics, m.Extra, err)
	}

	diffs, err := CompareReported(runs[0])
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range diffs {
		names = append(names, d.Name)
		if d.Note == "" {
			t.Errorf("%s differs (ours %v, printed %v) with no definition to explain it", d.Name, d.Ours, d.Printed)
		}
	}
	sort.Strings(names)
	// Balance: MT5 books entry commissions at the entry (985.30 vs 984.60,
	// 63.30 vs 64.00). Equity: no equity curve (64.00 vs 70.00). The
	// recovery factor agrees to the print: 3.90/64.00 = 0.061 → "0.06".
	wantNames := []string{"balance_dd", "balance_dd_relative", "balance_ddrel_percent", "balancedd_percent", "balancemin",
		"equity_dd", "equity_dd_relative", "equity_ddrel_percent", "equitydd_percent", "equitymin",
		"min_marginlevel", "sharpe_ratio"}
	if !reflect.DeepEqual(names, wantNames) {
		t.Errorf("differences %v\nwant %v", names, wantNames)
	}
	if _, err := CompareReported(t.TempDir()); !errors.Is(err, ErrNotReport) {
		t.Errorf("CompareReported on a run without reported.json: %v", err)
	}
}

// TestReportReversalAndHedging replays an in/out reversal and two open
// positions closed first in, first out, with their commissions shared.
func TestReportReversalAndHedging(t *testing.T) {
	s := handReport()
	d := func(ts, ticket, typ, dir, vol, comm, profit, bal string) [13]string {
		return [13]string{ts, ticket, "EURUSD", typ, dir, vol, "1.1", ticket, comm, "0.00", profit, bal, ""}
	}
	s.deals = [][13]string{
		s.deals[0],
		d("2024.01.02 10:00:00", "2", "buy", "in", "0.10", "-1.00", "0.00", "999.00"),
		d("2024.01.02 11:00:00", "3", "buy", "in", "0.30", "-3.00", "0.00", "996.00"),
		// Closes the first buy (0.10) and 0.10 of the second: entry
		// commissions 1.00 + 3.00 × 0.10/0.30 = 2.00.
		d("2024.01.02 12:00:00", "4", "sell", "out", "0.20", "-2.00", "30.00", "1 024.00"),
		// A reversal of 0.60: closes the remaining 0.20 buy (entry commission
		// 2.00; its own commission 6.00 × 0.20/0.60 = 2.00) and opens 0.40.
		d("2024.01.02 13:00:00", "5", "sell", "in/out", "0.60", "-6.00", "-10.00", "1 008.00"),
		d("2024.01.02 15:00:00", "6", "buy", "out", "0.40", "-4.00", "25.00", "1 029.00"),
	}
	data := buildReportHTML(s)
	r, err := parseReport(data, "hedge.html", ReportHTML)
	if err != nil {
		t.Fatal(err)
	}
	run, err := reportRun(r, ReportHTML, data)
	if err != nil {
		t.Fatal(err)
	}
	st := run.Passes[0].Back.Stats
	// Trade results: 30 − 2 − 2.00 = 26.00 (long); −10 − 2.00 − 2.00 = −14.00
	// (long); 25 − 4 − 4.00 (the reversal's other share) = 17.00 (short).
	// Profit 26 − 14 + 17 = 29 = 1029 − 1000.
	if st[stats.Trades] != 3 || st[stats.Deals] != 5 || st[stats.LongTrades] != 2 || st[stats.ShortTrades] != 1 ||
		math.Abs(st[stats.Profit]-29) > 1e-9 || math.Abs(st[stats.GrossProfit]-43) > 1e-9 || math.Abs(st[stats.GrossLoss]+14) > 1e-9 {
		t.Errorf("stats: trades %v deals %v long %v short %v profit %v gross %v/%v", st[stats.Trades], st[stats.Deals],
			st[stats.LongTrades], st[stats.ShortTrades], st[stats.Profit], st[stats.GrossProfit], st[stats.GrossLoss])
	}
	// The reversal writes its close point only (docs/points.md rule 4).
	f := run.Passes[0].Back
	if len(f.Time) != 7 { // deposit, 2 entries, 3 closes, end
		t.Errorf("%d points, want 7: %v", len(f.Time), f.Balance)
	}
}

func TestReportErrors(t *testing.T) {
	cases := []struct {
		name string
		mod  func(*reportSpec)
		msg  string
	}{
		{"no deals", func(s *reportSpec) { s.deals = nil }, "the Deals table is empty"},
		{"bad time", func(s *reportSpec) { s.deals[3][0] = "2024.13.45 99:00:00" }, "deal time"},
		{"bad number", func(s *reportSpec) { s.deals[2][10] = "5O.00" }, "Profit"},
		{"balance does not add up", func(s *reportSpec) { s.deals[2][11] = "1 048.70" }, "is not the previous balance"},
		{"close without position", func(s *reportSpec) { s.deals[1][4] = "out" }, "only 0 are open"},
		{"direction", func(s *reportSpec) { s.deals[1][4] = "sideways" }, "direction"},
		{"withdrawal", func(s *reportSpec) {
			s.deals = append(s.deals, [13]string{"2024.01.04 13:00:00", "8", "", "balance", "", "", "", "", "0.00", "0.00", "-3.90", "1 000.00", ""})
		}, "not supported"},
		{"no deposit deal", func(s *reportSpec) { s.deals = s.deals[1:] }, "not the deposit"},
		{"deposit mismatch", func(s *reportSpec) { s.deposit = "2 000.00" }, "differs from the initial deposit"},
		{"period", func(s *reportSpec) { s.period = "H1 from January" }, "period"},
		{"timeframe", func(s *reportSpec) { s.period = "H7 (2024.01.01 - 2024.01.05)" }, "unknown timeframe"},
		{"printed pair", func(s *reportSpec) { s.results[7][1] = "64.00 6.10%" }, "Balance Drawdown Maximal"},
		{"duplicate input", func(s *reportSpec) { s.inputs = append(s.inputs, "MovingPeriod=13") }, "already set"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := handReport()
			s.results = append([][2]string(nil), s.results...)
			s.deals = append([][13]string(nil), s.deals...)
			c.mod(&s)
			data := buildReportHTML(s)
			dir := t.TempDir()
			path := filepath.Join(dir, "bad.html")
			os.WriteFile(path, data, 0o644)
			out := filepath.Join(dir, "runs")
			_, err := Import([]string{path}, out, frames.New)
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v, want a FormatError", err)
			}
			if fe.Line < 1 || fe.File != path || !strings.Contains(fe.Msg, c.msg) {
				t.Errorf("error %v, want a line and %q", err, c.msg)
			}
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s was created", out)
			}
		})
	}
}

// TestReportErrorLine checks the line of an error is the deal's line.
func TestReportErrorLine(t *testing.T) {
	s := handReport()
	s.deals[4][11] = "1 000.00"
	data := buildReportHTML(s)
	_, err := parseReport(data, "x.html", ReportHTML)
	if err == nil {
		r, _ := parseReport(data, "x.html", ReportHTML)
		_, err = reportRun(r, ReportHTML, data)
	}
	text, _ := decodeText(data)
	want := 0
	for i, l := range strings.Split(text, "\n") {
		if strings.Contains(l, "<td>5</td>") {
			want = i + 1
		}
	}
	var fe *FormatError
	if !errors.As(err, &fe) || fe.Line != want {
		t.Errorf("error %v, want line %d", err, want)
	}
}

func TestReportXLSX(t *testing.T) {
	// The same report as a workbook: the HTML's rows, cell by cell.
	text, _ := decodeText(buildReportHTML(handReport()))
	var rows [][]string
	for _, r := range htmlRows(text) {
		var cells []string
		for _, c := range r.Cells {
			for len(cells) < c.Col {
				cells = append(cells, "")
			}
			cells = append(cells, c.Text)
		}
		rows = append(rows, cells)
	}
	data := buildXLSX(rows)
	if k := detectBytes(data); k != ReportXLSX {
		t.Fatalf("detected %v", k)
	}
	r, err := parseReport(data, "report.xlsx", ReportXLSX)
	if err != nil {
		t.Fatal(err)
	}
	run, err := reportRun(r, ReportXLSX, data)
	if err != nil {
		t.Fatal(err)
	}
	html := loadHandReport(t)
	if run.Passes[0].Back.Stats != html.Passes[0].Back.Stats || !reflect.DeepEqual(run.Manifest.Space, html.Manifest.Space) ||
		!reflect.DeepEqual(run.Reported.Values, html.Reported.Values) || run.Manifest.Source != "mt5-report" {
		t.Errorf("the XLSX import differs from the HTML one:\n%+v\n%+v", run.Passes[0].Back.Stats, html.Passes[0].Back.Stats)
	}
}

func TestParseNumber(t *testing.T) {
	for s, want := range map[string]number{
		"3 000.00": {3000, 2}, "-6.11": {-6.11, 2}, "96.39%": {96.39, 2}, "12": {12, 0},
		"1\u00a0234.5": {1234.5, 1}, "1.#INF": {stats.MaxFloat, 0}, "-inf": {-stats.MaxFloat, 0}, "1.5e3": {1500, 1},
	} {
		if got, err := parseNumber(s); err != nil || got != want {
			t.Errorf("parseNumber(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "abc", "nan", "1,5", "%"} {
		if _, err := parseNumber(s); err == nil {
			t.Errorf("parseNumber(%q) accepted", s)
		}
	}
	a, b, err := parsePair("68.49% (12.80)")
	if err != nil || a.V != 68.49 || b.V != 12.80 {
		t.Errorf("parsePair = %v %v %v", a, b, err)
	}
	if _, _, err := parsePair("12.80"); err == nil {
		t.Error("parsePair accepted a single value")
	}
}

// TestReportEdgeCases: a test without trades, and one without a losing
// trade (profit factor DBL_MAX by docs/statistics.md).
func TestReportEdgeCases(t *testing.T) {
	s := handReport()
	s.deals = s.deals[:1]
	data := buildReportHTML(s)
	r, err := parseReport(data, "none.html", ReportHTML)
	if err != nil {
		t.Fatal(err)
	}
	run, err := reportRun(r, ReportHTML, data)
	if err != nil {
		t.Fatal(err)
	}
	var want stats.Stats
	want[stats.InitialDeposit], want[stats.BalanceMin], want[stats.EquityMin] = 1000, 1000, 1000
	f := run.Passes[0].Back
	if got := rebuilt(run); got != want || len(f.Balance) != 2 || f.Balance[1] != 1000 {
		t.Errorf("no trades: stats %v, points %v", got, f.Balance)
	}

	s = handReport()
	s.deals = s.deals[:3] // one winning trade: +48.60
	data = buildReportHTML(s)
	r, _ = parseReport(data, "win.html", ReportHTML)
	run, err = reportRun(r, ReportHTML, data)
	if err != nil {
		t.Fatal(err)
	}
	st := rebuilt(run)
	if st[stats.ProfitFactor] != stats.MaxFloat || st[stats.LossTrades] != 0 || st[stats.ConLossMax] != 0 ||
		math.Abs(st[stats.RecoveryFactor]-48.60/0.70) > 1e-9 { // equity drawdown: the entry's commission, 1000 → 999.30
		t.Errorf("one win: profit factor %v, recovery %v", st[stats.ProfitFactor], st[stats.RecoveryFactor])
	}
	diffs := compare(&st, &Reported{Values: map[string]float64{"profit_factor": 0}, Decimals: map[string]int{"profit_factor": 2}})
	if len(diffs) != 1 || !strings.Contains(diffs[0].Note, "DBL_MAX") {
		t.Errorf("differences %+v", diffs)
	}
}
