package replay_test

import (
	"context"
	"os"

	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/optimize/replay"
)

// A stored grid of one parameter with four passes, replayed by the grid
// method (which reads points in pass order) with budgets of 1 and 2, beside
// the random-search baseline.
func Example() {
	dims := []optimize.Dim{{Name: "MovingPeriod", Start: 10, Step: 10, Stop: 40, Integer: true}}
	table, err := replay.NewTable(dims, map[int64]float64{0: 950, 1: 1000, 2: 800, 3: 700})
	if err != nil {
		panic(err)
	}
	r, err := replay.Run(context.Background(), table, []string{"grid"}, []int{1, 2}, 100, 1, nil)
	if err != nil {
		panic(err)
	}
	r.Rows = r.Rows[2:] // keep the deterministic grid rows for the example
	r.WriteTable(os.Stdout)
	// Output:
	// grid of 4 points (4 stored), true best 1000; % of runs whose best is within x % of it
	//
	//   optimizer  budget  runs     0%     5%    10%    15%    20%    25%  mean best  mean evals
	//        grid       1   100    0.0  100.0  100.0  100.0  100.0  100.0        950         1.0
	//        grid       2   100  100.0  100.0  100.0  100.0  100.0  100.0       1000         2.0
}
