package optimize_test

import (
	"fmt"

	"github.com/passframes/passframes/optimize"
)

func ExampleNewSpace() {
	decls := []optimize.Decl{
		{Name: "Fast", Default: 10, Type: optimize.Int},
		{Name: "Slow", Default: 20, Type: optimize.Int},
		{Name: "Short", Default: 0, Type: optimize.Bool},
	}
	space, err := optimize.NewSpace(decls, []string{"Fast=5:50:5", "Slow=10:200:10", "Short=true"}, "", "Fast < Slow")
	if err != nil {
		fmt.Println(err)
		return
	}
	size, _ := space.Size()
	feasible, _ := space.Count()
	fmt.Println(space)
	fmt.Println(size, "grid points,", feasible, "with Fast < Slow")

	grid, _ := optimize.NewGrid(space.Problem(0, 0))
	for _, x := range grid.Ask(3) {
		fmt.Println("pass", space.GridIndex(x), space.Values(x))
	}
	// Output:
	// Fast=5:50:5 Slow=10:200:10 Short=true where Fast < Slow
	// 200 grid points, 175 with Fast < Slow
	// pass 0 [5 10 1]
	// pass 10 [5 20 1]
	// pass 11 [10 20 1]
}
