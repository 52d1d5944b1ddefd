package experts

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/passframes/passframes/tester"
	"github.com/passframes/passframes/tester/testexpert"
)

// TestWakeNamesEveryBarOnBarActsOn: SmaCross and MovingAverage name the
// bars their OnBar acts on (tester.Waker); a pass run that way equals, to
// the bit, the pass with OnBar called on every bar, over random inputs,
// accounts (with money converted by the price, by rates, or not at all)
// and periods.
func TestWakeNamesEveryBarOnBarActsOn(t *testing.T) {
	env := sampleEnv(t)
	rng := rand.New(rand.NewPCG(15, 2))
	bars := env.Bars.Len()
	rates := make([]float64, bars)
	for i := range rates {
		rates[i] = 1.1 + 0.3*math.Sin(float64(i)/700)
	}
	for _, def := range []Def{smaCrossDef, movingAverageDef} {
		trades := 0
		for k := 0; k < propertyPasses(t); k++ {
			v := randomInputs(rng, def.Name)
			cfg := randomAccount(rng)
			switch rng.IntN(3) {
			case 0:
				cfg.Conversion = tester.Conversion{ByPrice: true}
			case 1:
				cfg.Conversion = tester.Conversion{Rates: rates}
			}
			lo, hi := randomPeriod(rng, bars)
			var got, want tester.Result
			for _, r := range []*tester.Result{&got, &want} {
				e, err := def.New(env, v)
				if err != nil {
					t.Fatal(err)
				}
				if _, ok := e.(tester.Waker); !ok {
					t.Fatalf("%s is not a tester.Waker", def.Name)
				}
				if r == &want {
					e = testexpert.EveryBar{Expert: e}
				}
				tst, err := tester.New(env, cfg)
				if err != nil {
					t.Fatal(err)
				}
				if err := tst.Run(e, lo, hi, r); err != nil {
					t.Fatal(err)
				}
			}
			if d := testexpert.Difference(&got, &want); d != "" {
				t.Fatalf("%s%v [%d, %d) %+v: as a Waker, %s", def.Name, v, lo, hi, cfg.Symbol, d)
			}
			trades += len(want.Trades)
		}
		// Enough trading for the comparison to mean something.
		if trades < 10*propertyPasses(t) {
			t.Errorf("%s: only %d trades over %d passes", def.Name, trades, propertyPasses(t))
		}
	}
}
