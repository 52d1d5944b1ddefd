package symbols_test

import (
	"fmt"

	"github.com/passframes/passframes/market"
	"github.com/passframes/passframes/symbols"
)

// A USDJPY series on a USD account: digits and currencies are inferred,
// the fx-jpy preset sets the contract, and the conversion divides by the
// symbol's own price.
func ExampleResolve() {
	bars := &market.Series{Symbol: "USDJPY", Time: []int64{0, 3_600_000},
		Open: []float64{151.234, 151.5}, Close: []float64{151.5, 151.62}}
	preset, _ := symbols.LookupPreset("fx-jpy")
	spec := symbols.Resolve(bars.Symbol, "USD", symbols.Infer(bars), preset)
	plan, _ := symbols.PlanConversion(spec, "USD", bars, nil)
	fmt.Println(spec.Digits, spec.Point, spec.Source["digits"])
	fmt.Println(spec.ContractSize, spec.Source["contract_size"])
	fmt.Println(spec.BaseCurrency, spec.ProfitCurrency, spec.Source["base_currency"])
	fmt.Println("by price:", plan.Conversion.ByPrice)
	// Output:
	// 3 0.001 preset:fx-jpy
	// 100000 preset:fx-jpy
	// USD JPY inferred
	// by price: true
}
