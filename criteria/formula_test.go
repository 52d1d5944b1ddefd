package criteria

import (
	"strings"
	"testing"

	"github.com/passframes/passframes/stats"
)

func TestFormulaFiniteProfitFactor(t *testing.T) {
	t.Cleanup(ResetFormulas)
	// The finite profit factor of the ExprBot example: gross profit 300,
	// gross loss −100, 3 trades → (300 − 1/4) / −(−100 − 1/4) = 299.75 / 100.25.
	c, err := DefineFormula("pf_finite", "(gross_profit - 1/(trades+1)) / -(gross_loss - 1/(trades+1))")
	if err != nil {
		t.Fatal(err)
	}
	if c.Kind != KindFormula || c.Direction != Max || c.NeedsPoints {
		t.Errorf("criterion %+v: want a maximized formula that needs no points", c)
	}
	f := &Frame{}
	f.Stats[stats.GrossProfit], f.Stats[stats.GrossLoss], f.Stats[stats.Trades] = 300, -100, 3
	got, err := Value("pf_finite", f, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := 299.75 / 100.25; !near(got, want) {
		t.Errorf("pf_finite = %v, want %v", got, want)
	}
	// No trades at all: (0 − 1) / −(0 − 1) = −1, finite by construction.
	if got, _ := Value("pf_finite", &Frame{}, Options{}); got != -1 {
		t.Errorf("pf_finite of an empty pass = %v, want -1", got)
	}
}

func TestFormulaReadsCriteriaAndNamesMatch(t *testing.T) {
	t.Cleanup(ResetFormulas)
	// balance is a criterion (initial_deposit + profit): 10000 + 250 = 10250;
	// r2 of frameA's balance is 0.64 (criteria_test.go), so the formula is
	// 10250·0.64 + max(2, 3) = 6563.
	if _, err := DefineFormula("bal_r2", "balance * r2 + max(2, 3)"); err != nil {
		t.Fatal(err)
	}
	f := frameA("")
	f.Stats[stats.InitialDeposit], f.Stats[stats.Profit] = 10000, 250
	got, err := Value("bal_r2", f, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !near(got, 10250*0.64+3) {
		t.Errorf("bal_r2 = %v, want %v", got, 10250*0.64+3)
	}
	c, _ := ByName("bal_r2")
	if !c.NeedsPoints {
		t.Error("a formula over r2 needs points")
	}
	noPoints := &Frame{}
	if c.Available(noPoints) {
		t.Error("a formula over r2 must be unavailable for a frame without points")
	}
}

func TestFormulaNonFiniteIsZeroAndCounted(t *testing.T) {
	t.Cleanup(ResetFormulas)
	if _, err := DefineFormula("per_trade", "profit / trades"); err != nil {
		t.Fatal(err)
	}
	before := FormulaNonFinite()
	f := &Frame{}
	f.Stats[stats.Profit] = 100 // trades 0: division by zero
	got, err := Value("per_trade", f, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got != 0 {
		t.Errorf("profit / 0 = %v, want 0", got)
	}
	if n := FormulaNonFinite() - before; n != 1 {
		t.Errorf("%d non-finite values counted, want 1", n)
	}
	f.Stats[stats.Trades] = 4
	if got, _ := Value("per_trade", f, Options{}); got != 25 {
		t.Errorf("100 / 4 = %v, want 25", got)
	}
}

func TestFormulaErrors(t *testing.T) {
	t.Cleanup(ResetFormulas)
	cases := []struct{ name, text, want string }{
		{"x1", "profit +", "column"},
		{"x2", "profit * bogus", `unknown name "bogus"`},
		{"x3", "sqrt(profit)", "only numbers"},
		{"x4", "abs(profit, trades)", "not a formula function"},
		{"profit", "trades", "built-in criterion"},
		{"", "trades", "needs a name"},
	}
	for _, c := range cases {
		_, err := DefineFormula(c.name, c.text)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("DefineFormula(%q, %q) = %v, want an error with %q", c.name, c.text, err, c.want)
		}
	}
	if _, err := DefineFormula("twice", "profit"); err != nil {
		t.Fatal(err)
	}
	if _, err := DefineFormula("twice", "profit"); err != nil {
		t.Errorf("the same definition again: %v", err)
	}
	if _, err := DefineFormula("twice", "trades"); err == nil {
		t.Error("a formula redefined with another text must be refused")
	}
	if !IsFormula("profit / trades") || IsFormula("profit_factor") {
		t.Error("IsFormula tells formulas from names")
	}
}
