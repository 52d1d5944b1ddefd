package criteria

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"github.com/passframes/passframes/regression"
	"github.com/passframes/passframes/stats"
	"github.com/passframes/passframes/tester"
)

const tol = 1e-12

func near(a, b float64) bool { return scalar.EqualWithinAbsOrRel(a, b, tol, tol) }

// frameA is a short pass worked out by hand in the comments of the tests that
// use it.
//
//	balance B = 10000, 10200, 10100, 10300
//	equity  E = 10000,  9900, 10100, 10300
//
// Balance regression: x̄ = 1.5, ȳ = 10150, dy = −150, 50, −50, 150,
// Σdx·dy = 400, Σdx² = 5 → slope 80, intercept 10030; Σdy² = 50000 →
// R² = 400²/(5·50000) = 0.64; line 10030, 10110, 10190, 10270, residuals
// −30, 90, −90, 30 → Σ = 18000, stand_err = √9000; trend 240.
//
// Equity regression: ȳ = 10075, dy = −75, −175, 25, 225, Σdx·dy = 550 →
// slope 110, intercept 9910; Σdy² = 87500 → R² = 550²/(5·87500) = 121/175;
// line 9910, 10020, 10130, 10240, residuals 90, −120, −30, 60 → Σ = 27000,
// stand_err = √13500; trend 330.
func frameA(mode string) *Frame {
	f := &Frame{
		Balance:    []float64{10000, 10200, 10100, 10300},
		Equity:     []float64{10000, 9900, 10100, 10300},
		EquityMode: mode,
		HasPoints:  true,
	}
	f.Stats[stats.InitialDeposit] = 10000
	f.Stats[stats.Profit] = 300
	f.Stats[stats.EquityDD] = 150
	return f
}

func TestCustomCriteriaByHand(t *testing.T) {
	se := math.Sqrt(9000)
	seEq := math.Sqrt(13500)
	const r2Eq = 121.0 / 175
	// relative_prof = 300/10000 = 0.03.
	// linear_factor: K = 300/4 = 75; straight line 10000, 10075, 10150, 10225;
	// |deviations| 0, 125, 50, 75 → max 125 (a fall below the line: the
	// seed's code would count only rises, 75) → 10000/125 = 80.
	// equity_rel, mode min_max: dd = equity_dd = 150 → 1 − 0.015 = 0.985;
	// c_recovery_factor = 300/150 = 2.
	// equity_rel, mode min: running balance peak before each equity point:
	// 10000−9900 = 100, 10200−10100 = 100, 10200−10300 = −100 → dd = 100 →
	// 0.99; c_recovery_factor = 3.
	tests := []struct {
		name string
		mode string
		opts Options
		want map[string]float64
	}{
		{
			name: "by balance, mode min_max, ratio 1",
			mode: string(tester.MinMax),
			want: map[string]float64{
				"r2":                   0.64,
				"profit_stability":     240 / se,
				"linear_factor":        80,
				"equity_rel":           0.985,
				"c_recovery_factor":    2,
				"c_recovery_factor_r2": 2 * 0.64,
				"profit_r2":            0.03 * 0.64,
				"profit_r2_err":        0.03 * 0.64 / se,
				"profit_R_equity_r2":   0.03 + 0.985 + 0.64, // 1.655
				"profit_equity_R_r2":   1.655,
				"profit_equity_r2_R":   1.655,
			},
		},
		{
			name: "by balance, mode min, ratio 3",
			mode: string(tester.Min),
			opts: Options{Ratio: 3},
			want: map[string]float64{
				"r2":                   0.64,
				"linear_factor":        80,
				"equity_rel":           0.99,
				"c_recovery_factor":    3,
				"c_recovery_factor_r2": 3 * 0.64,
				"profit_R_equity_r2":   0.09 + 0.99 + 0.64,
				"profit_equity_R_r2":   0.03 + 2.97 + 0.64,
				"profit_equity_r2_R":   0.03 + 0.99 + 1.92,
			},
		},
		{
			// Empty EquityMode is the default, min_max.
			name: "by equity, default mode",
			mode: "",
			opts: Options{By: ByEquity},
			want: map[string]float64{
				"r2":                   r2Eq,
				"profit_stability":     330 / seEq,
				"linear_factor":        80, // always on the balance points
				"equity_rel":           0.985,
				"c_recovery_factor":    2,
				"c_recovery_factor_r2": 2 * r2Eq,
				"profit_r2":            0.03 * r2Eq,
				"profit_r2_err":        0.03 * r2Eq / seEq,
				"profit_R_equity_r2":   0.03 + 0.985 + r2Eq,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for name, want := range tt.want {
				got, err := Value(name, frameA(tt.mode), tt.opts)
				if err != nil {
					t.Fatalf("Value(%s): %v", name, err)
				}
				if !near(got, want) {
					t.Errorf("%s = %v, want %v", name, got, want)
				}
			}
		})
	}
}

func TestPerfectLine(t *testing.T) {
	// A 5-point rising balance: R² = 1 and stand_err = 0, so
	// profit_stability and profit_r2_err are 0 (zero denominator).
	// linear_factor: K = 400/5 = 80; straight line 10000, 10080, 10160,
	// 10240, 10320; deviations 0, 20, 40, 60, 80 → 10000/80 = 125.
	f := &Frame{
		Balance:   []float64{10000, 10100, 10200, 10300, 10400},
		Equity:    []float64{10000, 10100, 10200, 10300, 10400},
		HasPoints: true,
	}
	f.Stats[stats.InitialDeposit] = 10000
	f.Stats[stats.Profit] = 400
	want := map[string]float64{
		"r2": 1, "profit_stability": 0, "profit_r2_err": 0,
		"linear_factor": 125, "profit_r2": 0.04,
		"equity_rel": 1, "c_recovery_factor": 0, // equity_dd is 0
	}
	for name, w := range want {
		if got, _ := Value(name, f, Options{}); !near(got, w) {
			t.Errorf("%s = %v, want %v", name, got, w)
		}
	}
}

func TestFallingCurveScoresBelowZero(t *testing.T) {
	f := &Frame{Balance: []float64{10400, 10300, 10350, 10100, 10000}, HasPoints: true}
	f.Equity = f.Balance
	if r2, _ := Value("r2", f, Options{}); r2 >= 0 {
		t.Errorf("r2 of a falling curve = %v, want < 0", r2)
	}
}

func TestEquityRelRunningPeak(t *testing.T) {
	// Mode min on longer points where the running balance peak matters:
	//   B = 10000 10000 10200 10200 10100 10100 10300
	//   E = 10000  9900 10150 10050 10100  9980 10300
	// peak(B[0..i]) − E[i+1]: 10000−9900 = 100, 10000−10150 = −150,
	// 10200−10050 = 150, 10200−10100 = 100, 10200−9980 = 220 (B[4] alone
	// would give 120), 10200−10300 = −100 → dd = 220.
	// equity_rel = 1 − 220/10000 = 0.978; c_recovery_factor = 300/220.
	f := &Frame{
		Balance:    []float64{10000, 10000, 10200, 10200, 10100, 10100, 10300},
		Equity:     []float64{10000, 9900, 10150, 10050, 10100, 9980, 10300},
		EquityMode: string(tester.Min),
		HasPoints:  true,
	}
	f.Stats[stats.InitialDeposit] = 10000
	f.Stats[stats.Profit] = 300
	f.Stats[stats.EquityDD] = 999 // ignored in mode min
	if got, _ := Value("equity_rel", f, Options{}); !near(got, 0.978) {
		t.Errorf("equity_rel = %v, want 0.978", got)
	}
	if got, _ := Value("c_recovery_factor", f, Options{}); !near(got, 300.0/220) {
		t.Errorf("c_recovery_factor = %v, want %v", got, 300.0/220)
	}
}

func TestTSSF(t *testing.T) {
	set := func(trades, wins, losses, grossProfit, grossLoss float64) *Frame {
		f := &Frame{}
		f.Stats[stats.Trades] = trades
		f.Stats[stats.ProfitTrades] = wins
		f.Stats[stats.LossTrades] = losses
		f.Stats[stats.GrossProfit] = grossProfit
		f.Stats[stats.GrossLoss] = grossLoss
		return f
	}
	tests := []struct {
		name string
		f    *Frame
		want float64
	}{
		// win% 50: avg_win 500/5 = 100, avg_loss 250/5 = 50 → 2;
		// teor = 60/40 + 1 = 2.5 → 0.8.
		{"win 50%", set(10, 5, 5, 500, -250), 0.8},
		// win% 30: avg_win 450/3 = 150, avg_loss 350/7 = 50 → 3;
		// teor = 80/20 + 1 = 5 → 0.6.
		{"win 30%", set(10, 3, 7, 450, -350), 0.6},
		// win% 10: the division by win% − 10 is guarded → 0.
		{"win 10%", set(10, 1, 9, 100, -90), 0},
		// win% 5: avg_win 1000, avg_loss 190/19 = 10 → 100;
		// teor = 105/(−5) + 1 = −20 → −5.
		{"win 5%", set(20, 1, 19, 1000, -190), -5},
		// A break-even trade counts in trades only: win% = 100·5/12;
		// teor = (110 − 125/3)/(125/3 − 10) + 1 = (205/3)/(95/3) + 1 = 300/95;
		// real = (600/5)/(240/6) = 120/40 = 3 → 3·95/300 = 0.95.
		{"with a break-even trade", set(12, 5, 6, 600, -240), 0.95},
		{"no trades", set(0, 0, 0, 0, 0), 0},
		{"no winners", set(5, 0, 5, 0, -100), 0},
		{"no losers", set(5, 5, 0, 100, 0), 0},
		{"losers without loss", set(10, 5, 5, 100, 0), 0},
	}
	for _, tt := range tests {
		got, err := Value("tssf", tt.f, Options{})
		if err != nil || !near(got, tt.want) {
			t.Errorf("%s: tssf = %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}
}

func TestLinearFactorEdges(t *testing.T) {
	tests := []struct {
		name string
		b    []float64
		want float64
	}{
		{"no points", nil, 0},
		{"first point 0", []float64{0, 10, 20}, 0},
		{"constant balance (max_dev 0)", []float64{100, 100, 100}, 0},
		// K = 40/3; line 100, 113.33, 126.67; deviations 0, 6.67, 13.33 →
		// 100/(40/3) = 7.5.
		{"rising", []float64{100, 120, 140}, 7.5},
	}
	for _, tt := range tests {
		f := &Frame{Balance: tt.b, Equity: tt.b, HasPoints: true}
		if got, _ := Value("linear_factor", f, Options{}); !near(got, tt.want) {
			t.Errorf("%s: linear_factor = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestZeroDenominators(t *testing.T) {
	// Everything zero: no deposit, no trades, no drawdown, constant points.
	f := &Frame{Balance: []float64{0, 0, 0}, Equity: []float64{0, 0, 0}, HasPoints: true}
	for _, mode := range []string{string(tester.MinMax), string(tester.Min)} {
		f.EquityMode = mode
		for _, c := range All() {
			got, err := Value(c.Name, f, Options{})
			if err != nil || got != 0 {
				t.Errorf("mode %s: %s on an all-zero frame = %v, %v; want 0", mode, c.Name, got, err)
			}
		}
	}
	// No drawdown but a profit: the drawdown ratios fall back to the profit,
	// c_recovery_factor to 0.
	g := &Frame{HasPoints: true, Balance: []float64{100, 150}, Equity: []float64{100, 150}}
	g.Stats[stats.InitialDeposit] = 100
	g.Stats[stats.Profit] = 50
	for name, want := range map[string]float64{
		"profit_per_balance_dd": 50, "profit_per_equity_dd": 50, "c_recovery_factor": 0,
		"equity_rel": 1, "profit_r2_err": 0, // two points: stand_err 0
	} {
		if got, _ := Value(name, g, Options{}); got != want {
			t.Errorf("%s with no drawdown = %v, want %v", name, got, want)
		}
	}
}

func TestCompositesAndMT5ByHand(t *testing.T) {
	f := &Frame{}
	f.Stats[stats.InitialDeposit] = 10000
	f.Stats[stats.Profit] = 2000
	f.Stats[stats.ProfitFactor] = 2.5
	f.Stats[stats.RecoveryFactor] = 4
	f.Stats[stats.SharpeRatio] = 1.5
	f.Stats[stats.ExpectedPayoff] = 20
	f.Stats[stats.BalanceDD] = 500
	f.Stats[stats.EquityDD] = 800
	f.Stats[stats.EquityDDPercent] = 7.5
	f.Stats[stats.Trades] = 100
	want := map[string]float64{
		"profit_x_profit_factor":    2000 * 2.5,
		"profit_x_recovery_factor":  2000 * 4,
		"profit_x_sharpe_ratio":     2000 * 1.5,
		"profit_x_expected_payoff":  2000 * 20,
		"profit_per_balance_dd":     2000.0 / 500,
		"profit_per_equity_dd":      2000.0 / 800,
		"trades_x_profit":           100 * 2000,
		"balance":                   12000,
		"balance_x_profit_factor":   12000 * 2.5,
		"balance_x_expected_payoff": 12000 * 20,
		"balance_min_dd":            12000 * 0.925, // (100 − 7.5)/100
		"balance_x_recovery_factor": 12000 * 4,
		"balance_x_sharpe_ratio":    12000 * 1.5,
		"profit":                    2000, // a statistic as a criterion
		"equity_dd":                 800,
	}
	for name, w := range want {
		got, err := Value(name, f, Options{})
		if err != nil || !near(got, w) {
			t.Errorf("%s = %v, %v; want %v", name, got, err, w)
		}
	}
}

func TestSaturation(t *testing.T) {
	const big = stats.MaxFloat
	tests := []struct {
		name  string
		set   map[int]float64
		crit  string
		ratio float64
		want  float64
	}{
		// No losing trade: MT5's profit factor is DBL_MAX.
		{"profit × DBL_MAX profit factor", map[int]float64{stats.Profit: 100, stats.ProfitFactor: big}, "profit_x_profit_factor", 0, big},
		{"loss × DBL_MAX profit factor", map[int]float64{stats.Profit: -100, stats.ProfitFactor: big}, "profit_x_profit_factor", 0, -big},
		{"balance × DBL_MAX profit factor", map[int]float64{stats.InitialDeposit: 100, stats.ProfitFactor: big}, "balance_x_profit_factor", 0, big},
		{"trades × huge profit", map[int]float64{stats.Trades: 1e10, stats.Profit: 1e300}, "trades_x_profit", 0, big},
		{"huge profit / tiny drawdown", map[int]float64{stats.Profit: 1e300, stats.EquityDD: 1e-300}, "profit_per_equity_dd", 0, big},
		{"huge relative profit", map[int]float64{stats.Profit: -1e300, stats.InitialDeposit: 1e-300}, "profit_R_equity_r2", 2, -big},
		{"balance of DBL_MAX + DBL_MAX", map[int]float64{stats.Profit: big, stats.InitialDeposit: big}, "balance", 0, big},
		{"NaN statistic is read as 0", map[int]float64{stats.Profit: math.NaN(), stats.InitialDeposit: 5}, "balance", 0, 5},
		{"+Inf statistic is read as DBL_MAX", map[int]float64{stats.SharpeRatio: math.Inf(1)}, "sharpe_ratio", 0, big},
	}
	for _, tt := range tests {
		f := &Frame{HasPoints: true} // no points recorded: r2 etc. are 0
		for i, v := range tt.set {
			f.Stats[i] = v
		}
		got, err := Value(tt.crit, f, Options{Ratio: tt.ratio})
		if err != nil || got != tt.want {
			t.Errorf("%s: %s = %v, %v; want %v", tt.name, tt.crit, got, err, tt.want)
		}
	}
}

// TestNeverNaNOrInf evaluates every criterion on frames built from extreme
// values and checks that every output is finite.
func TestNeverNaNOrInf(t *testing.T) {
	extremes := []float64{0, 1, -1, 1e-300, -1e-300, 1e300, -1e300, stats.MaxFloat, -stats.MaxFloat, 10, 50, 12345.67}
	rng := rand.New(rand.NewPCG(3, 4))
	pick := func() float64 { return extremes[rng.IntN(len(extremes))] }
	e, err := NewEvaluator(Options{Ratio: 7}, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float64, len(All()))
	for trial := range 2000 {
		f := &Frame{HasPoints: trial%5 != 0, EquityMode: []string{string(tester.Min), string(tester.MinMax)}[trial%2]}
		for i := range f.Stats {
			f.Stats[i] = pick()
		}
		n := rng.IntN(8)
		f.Balance, f.Equity = make([]float64, n), make([]float64, n)
		for i := range n {
			f.Balance[i], f.Equity[i] = pick(), pick()
		}
		bl, el := e.Eval(f, out)
		for i, v := range out {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("trial %d: %s = %v on %+v", trial, All()[i].Name, v, f)
			}
		}
		for _, v := range []float64{bl.Slope, bl.Intercept, bl.R2, bl.StandErr, bl.ProfitStability,
			el.Slope, el.Intercept, el.R2, el.StandErr, el.ProfitStability} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("trial %d: regression line not finite: %+v %+v", trial, bl, el)
			}
		}
	}
}

func TestWithoutPoints(t *testing.T) {
	f := frameA(string(tester.MinMax))
	f.Balance, f.Equity, f.HasPoints = nil, nil, false
	tests := []struct {
		name      string
		mode      string
		available bool
	}{
		{"r2", string(tester.MinMax), false},
		{"profit_stability", string(tester.MinMax), false},
		{"linear_factor", string(tester.MinMax), false},
		{"c_recovery_factor_r2", string(tester.MinMax), false},
		{"profit_equity_r2_R", string(tester.MinMax), false},
		{"tssf", string(tester.MinMax), true},
		{"equity_rel", string(tester.MinMax), true}, // from the equity_dd statistic
		{"c_recovery_factor", string(tester.MinMax), true},
		{"equity_rel", string(tester.Min), false}, // from the points
		{"c_recovery_factor", string(tester.Min), false},
		{"profit_x_profit_factor", string(tester.Min), true},
		{"balance", string(tester.Min), true},
		{"equity_dd", string(tester.Min), true},
	}
	for _, tt := range tests {
		f.EquityMode = tt.mode
		c, err := ByName(tt.name)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Available(f); got != tt.available {
			t.Errorf("%s (mode %s): Available = %v, want %v", tt.name, tt.mode, got, tt.available)
		}
		_, err = Value(tt.name, f, Options{})
		if got := !errors.Is(err, ErrNoPoints); got != tt.available {
			t.Errorf("%s (mode %s): Value error = %v, available %v", tt.name, tt.mode, err, tt.available)
		}
	}

	// The Evaluator writes 0 for what it cannot compute and says so in avail.
	f.EquityMode = string(tester.MinMax)
	e, err := NewEvaluator(Options{}, []string{"r2", "equity_rel", "c_recovery_factor"})
	if err != nil {
		t.Fatal(err)
	}
	out := []float64{-1, -1, -1}
	avail := make([]bool, 3)
	bl, el := e.Eval(f, out)
	e.Available(f, avail)
	if out[0] != 0 || !near(out[1], 0.985) || !near(out[2], 2) {
		t.Errorf("Eval without points = %v, want [0 0.985 2]", out)
	}
	if avail[0] || !avail[1] || !avail[2] {
		t.Errorf("Available without points = %v, want [false true true]", avail)
	}
	if bl != (regression.Line{}) || el != (regression.Line{}) {
		t.Errorf("lines without points = %+v, %+v; want zero", bl, el)
	}
}

func TestEvalMatchesValue(t *testing.T) {
	f := frameA(string(tester.Min))
	f.Stats[stats.Trades] = 10
	f.Stats[stats.ProfitTrades] = 3
	f.Stats[stats.LossTrades] = 7
	f.Stats[stats.GrossProfit] = 450
	f.Stats[stats.GrossLoss] = -150
	f.Stats[stats.ProfitFactor] = 3
	opts := Options{By: ByEquity, Ratio: 2}
	e, err := NewEvaluator(opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float64, len(All()))
	bl, el := e.Eval(f, out)
	if !near(bl.Slope, 80) || !near(el.Slope, 110) {
		t.Errorf("Eval lines: balance slope %v, equity slope %v; want 80, 110", bl.Slope, el.Slope)
	}
	for i, c := range e.Criteria() {
		v, err := Value(c.Name, f, opts)
		if err != nil || v != out[i] {
			t.Errorf("%s: Eval gives %v, Value gives %v, %v", c.Name, out[i], v, err)
		}
	}
}

func TestOptions(t *testing.T) {
	if _, err := NewEvaluator(Options{By: "time"}, nil); err == nil || !strings.Contains(err.Error(), "time") {
		t.Errorf("By: time: error %v, want one naming the bad value", err)
	}
	if _, err := NewEvaluator(Options{Ratio: math.Inf(1)}, nil); err == nil {
		t.Error("Ratio +Inf accepted")
	}
	if _, err := NewEvaluator(Options{}, []string{"r2", "nope"}); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("unknown name: error %v", err)
	}
	if _, err := Value("r2", frameA(""), Options{By: "x"}); err == nil {
		t.Error("Value accepted By: x")
	}
}

func TestEvalDoesNotAllocate(t *testing.T) {
	f := longFrame(400)
	for _, mode := range []string{string(tester.MinMax), string(tester.Min)} {
		f.EquityMode = mode
		e, err := NewEvaluator(Options{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]float64, len(All()))
		if a := testing.AllocsPerRun(50, func() { e.Eval(f, out) }); a != 0 {
			t.Errorf("mode %s: Eval allocates %v times per frame, want 0", mode, a)
		}
	}
}

// longFrame is a plausible n-point pass for benchmarks.
func longFrame(n int) *Frame {
	f := &Frame{Balance: make([]float64, n), Equity: make([]float64, n), HasPoints: true, EquityMode: string(tester.Min)}
	rng := rand.New(rand.NewPCG(5, 6))
	b := 10000.0
	for i := range n {
		if i%2 == 1 {
			b += rng.NormFloat64()*40 + 2
		}
		f.Balance[i] = b
		f.Equity[i] = b - rng.Float64()*30
	}
	f.Stats[stats.InitialDeposit] = 10000
	f.Stats[stats.Profit] = b - 10000
	f.Stats[stats.EquityDD] = 300
	f.Stats[stats.Trades] = float64(n / 2)
	f.Stats[stats.ProfitTrades] = float64(n / 4)
	f.Stats[stats.LossTrades] = float64(n / 4)
	f.Stats[stats.GrossProfit] = 5000
	f.Stats[stats.GrossLoss] = -4000
	f.Stats[stats.ProfitFactor] = 1.25
	return f
}

// BenchmarkEvaluate evaluates every criterion (both regression lines
// included) on one 400-point frame per iteration.
func BenchmarkEvaluate(b *testing.B) {
	f := longFrame(400)
	e, err := NewEvaluator(Options{}, nil)
	if err != nil {
		b.Fatal(err)
	}
	out := make([]float64, len(All()))
	b.ReportAllocs()
	for b.Loop() {
		e.Eval(f, out)
	}
}

func TestEveryCriterionNamesTheStatisticsItReads(t *testing.T) {
	for _, c := range All() {
		if c.Kind == KindStatistic {
			continue
		}
		if _, ok := statsUsed[c.Name]; !ok {
			t.Errorf("%s does not say which statistics it reads", c.Name)
		}
	}
}

func TestMissingStatisticsMakeCriteriaUnavailable(t *testing.T) {
	// An optimization export without equity_dd: equity_rel and the products
	// built on the equity drawdown are unavailable; profit is not.
	var given [stats.Count]bool
	for i := range given {
		given[i] = i != stats.EquityDD
	}
	f := &Frame{Given: &given}
	f.Stats[stats.InitialDeposit], f.Stats[stats.Profit] = 10000, 500
	for name, want := range map[string]bool{
		"equity_rel": false, "profit_per_equity_dd": false, "equity_dd": false,
		"profit": true, "balance": true, "profit_per_balance_dd": true,
	} {
		c, _ := ByName(name)
		if got := c.Available(f); got != want {
			t.Errorf("%s available = %v, want %v", name, got, want)
		}
	}
}
