package teststand_test

import (
	"context"
	"fmt"
	"os"

	"github.com/passframes/passframes/optimize/teststand"
)

// Rating two methods on the current stand: 2 methods × 9 tests × 10 runs of
// 10,000 evaluations, spread over all cores (about a minute on two). The
// example is compiled, not run.
func ExampleRun() {
	cfg := teststand.Config{Stand: "current", Methods: []string{"rnd", "genetic"}, Seed: 1}
	r, err := teststand.Run(context.Background(), cfg, func(done, total int) {
		fmt.Fprintf(os.Stderr, "\r%d/%d runs", done, total)
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	r.WriteTable(os.Stdout)
	if err := r.WriteConvergencePNGs("charts"); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
}
