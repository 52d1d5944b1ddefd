package methods

import (
	"fmt"
	"math"
	"testing"

	"github.com/passframes/passframes/optimize"
)

// BenchmarkAskTell measures one proposal and its Tell, objective excluded,
// for every method on 10 and 1000 continuous parameters (the test stand's
// sizes). The run restarts whenever it ends.
func BenchmarkAskTell(b *testing.B) {
	for _, m := range All() {
		if m.Name == "grid" {
			continue
		}
		for _, n := range []int{10, 1000} {
			b.Run(fmt.Sprintf("%s/%d", m.Name, n), func(b *testing.B) {
				dims := make([]optimize.Dim, n)
				for i := range dims {
					dims[i] = optimize.Dim{Start: -3, Stop: 3}
				}
				p := optimize.Problem{Dims: dims, Budget: 10000, Seed: 1}
				o, err := m.New(p, nil)
				if err != nil {
					b.Fatal(err)
				}
				vals := make([]float64, 1)
				b.ReportAllocs()
				for b.Loop() {
					pts := o.Ask(1)
					if len(pts) == 0 {
						o, _ = m.New(p, nil)
						continue
					}
					vals[0] = math.Sin(pts[0][0])
					o.Tell(vals)
				}
			})
		}
	}
}
