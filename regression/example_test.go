package regression_test

import (
	"fmt"

	"github.com/passframes/passframes/regression"
)

func ExampleFit() {
	balance := []float64{10000, 10200, 10100, 10300}
	l := regression.Fit(balance)
	fmt.Printf("slope %.0f, intercept %.0f\n", l.Slope, l.Intercept)
	fmt.Printf("r2 %.2f, stand_err %.4f, profit_stability %.4f\n", l.R2, l.StandErr, l.ProfitStability)
	fmt.Printf("line %.0f\n", l.Values(len(balance), nil))
	// Output:
	// slope 80, intercept 10030
	// r2 0.64, stand_err 94.8683, profit_stability 2.5298
	// line [10030 10110 10190 10270]
}
