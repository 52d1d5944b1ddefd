package overfit_test

import (
	"context"
	"fmt"

	"github.com/passframes/passframes/overfit"
)

// Four passes over four one-step blocks (the matrix of TestCSCVByHand): the
// pass with the best profit in one half of the blocks lands at or below the
// median of the other half in 5 of the 6 splits.
func ExampleAnalyze() {
	m, err := overfit.NewMatrix([]int64{1, 2, 3, 4}, []float64{100, 100, 100, 100}, [][]float64{
		{3, -1, 2, 0},
		{1, 2, -2, 1},
		{-1, 1, 1, 2},
		{0, 0, 0, -1},
	})
	if err != nil {
		panic(err)
	}
	rep, err := overfit.Analyze(context.Background(), m, overfit.Options{Blocks: 4, Criteria: []string{"profit", "tssf"}})
	if err != nil {
		panic(err)
	}
	p := rep.Row("profit")
	fmt.Printf("splits %d, PBO %.3f, OOS loss probability %.2f, slope %.3f\n", rep.Splits, *p.PBO, *p.OOSLossProbability, *p.DegradationSlope)
	fmt.Println("tssf:", rep.Row("tssf").PBOUnavailable)
	// Output:
	// splits 6, PBO 0.833, OOS loss probability 0.50, slope -0.586
	// tssf: needs the pass's trades (counts, gross profit and loss, payoff), which a balance curve on a time grid does not give
}
