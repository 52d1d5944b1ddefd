package methods_test

import (
	"fmt"

	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/optimize/methods"
)

// A driver asks for points, evaluates them (here a paraboloid peaking at
// MovingPeriod 31, MovingShift 17) and tells the values back until the
// optimizer has nothing more to propose.
func Example() {
	m, err := methods.Lookup("genetic")
	if err != nil {
		panic(err)
	}
	p := optimize.Problem{
		Dims: []optimize.Dim{
			{Name: "MovingPeriod", Start: 1, Step: 1, Stop: 50, Integer: true},
			{Name: "MovingShift", Start: 0, Step: 1, Stop: 49, Integer: true},
		},
		Budget: 300,
		Seed:   1,
	}
	opt, err := m.New(p, map[string]string{"population": "10"})
	if err != nil {
		panic(err)
	}
	for {
		points := opt.Ask(4) // a batch for four workers
		if len(points) == 0 {
			break
		}
		values := make([]float64, len(points))
		for i, x := range points {
			values[i] = 1000 - (x[0]-31)*(x[0]-31) - (x[1]-17)*(x[1]-17)
		}
		opt.Tell(values)
	}
	s := opt.State()
	fmt.Println(s.Evaluations, s.Best, s.BestPoint)
	// Output: 300 1000 [31 17]
}

func ExampleLookup() {
	_, err := methods.Lookup("hill-climbing")
	fmt.Println(err)
	// Output: unknown optimization method "hill-climbing" (valid: grid, random, anneal, swarm, genetic, rnd)
}
