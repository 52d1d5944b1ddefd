package walkforward_test

import (
	"fmt"

	"github.com/passframes/passframes/walkforward"
)

func ExampleJoin() {
	back := walkforward.Curve{Balance: []float64{10000, 10300, 10500}, Equity: []float64{10000, 10250, 10500}}
	fwd := walkforward.Curve{Balance: []float64{10000, 9900, 10200}, Equity: []float64{10000, 9850, 10200}}

	joined, backEnd := walkforward.Join(back, fwd, walkforward.Continued)
	fmt.Println(joined.Balance, "back ends at", backEnd)

	profit, trades := walkforward.ForwardResult(fwd, 2)
	fmt.Println("forward profit", profit, "trades", trades)
	// Output:
	// [10000 10300 10500 10400 10700] back ends at 2
	// forward profit 200 trades 2
}

func ExampleLink() {
	backPasses := []int64{12, 7, 30}
	forwardPasses := []int64{30, 12}
	fmt.Println(walkforward.Link(backPasses, forwardPasses))
	// Output:
	// [1 -1 0]
}
