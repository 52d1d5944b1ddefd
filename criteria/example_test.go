package criteria_test

import (
	"fmt"

	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/stats"
)

func ExampleValue() {
	f := &criteria.Frame{
		Balance:   []float64{10000, 10200, 10100, 10300},
		Equity:    []float64{10000, 9900, 10100, 10300},
		HasPoints: true,
	}
	f.Stats[stats.InitialDeposit] = 10000
	f.Stats[stats.Profit] = 300
	f.Stats[stats.EquityDD] = 150

	for _, name := range []string{"r2", "equity_rel", "profit_R_equity_r2"} {
		v, err := criteria.Value(name, f, criteria.Options{})
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s = %.4f\n", name, v)
	}
	// Output:
	// r2 = 0.6400
	// equity_rel = 0.9850
	// profit_R_equity_r2 = 1.6550
}

func ExampleEvaluator() {
	e, err := criteria.NewEvaluator(criteria.Options{By: criteria.ByBalance}, []string{"r2", "tssf"})
	if err != nil {
		fmt.Println(err)
		return
	}
	f := &criteria.Frame{Balance: []float64{10000, 10100, 10200}, Equity: []float64{10000, 10050, 10200}, HasPoints: true}
	out := make([]float64, 2) // reused for every frame
	balanceLine, _ := e.Eval(f, out)
	fmt.Printf("r2 = %.2f, tssf = %.2f, balance slope = %.0f\n", out[0], out[1], balanceLine.Slope)
	// Output:
	// r2 = 1.00, tssf = 0.00, balance slope = 100
}

func ExampleRank() {
	drawdowns := []float64{300, 120, 300, 80}
	fmt.Println(criteria.Rank(drawdowns, criteria.Min))
	// Output:
	// [3 2 3 1]
}
