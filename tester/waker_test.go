package tester_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/passframes/passframes/tester"
	"github.com/passframes/passframes/tester/testexpert"
)

// A Waker's pass must be the pass its OnBar gives when called on every bar:
// the quiet bars between the ones Wake names (flat stretches booked once,
// positions followed in the tight loop, stops checked bar by bar) change
// nothing. These tests run the same expert twice, once as a Waker and once
// with Wake hidden, and want every statistic, point, deal and trade equal
// to the bit.

// scheduledTrader trades on a schedule drawn from its seed: on a few bars
// it buys or sells (reversing) or closes, some orders with a stop and a
// target, some without. Its OnBar acts only on the scheduled bars, which
// its Wake names.
type scheduledTrader struct {
	orders map[int]order
	bars   []int // the scheduled bars, ascending
}

type order struct {
	kind         int // 0 buy, 1 sell, 2 close
	volume       float64
	stop, target float64 // distances in price, 0 for none
}

func newScheduledTrader(seed uint64, n int) *scheduledTrader {
	rng := rand.New(rand.NewPCG(seed, 11))
	s := &scheduledTrader{orders: map[int]order{}}
	gap := 1 + rng.IntN(30) // mean bars between orders
	for i := 1 + rng.IntN(gap); i < n; i += 1 + rng.IntN(2*gap) {
		o := order{kind: rng.IntN(3), volume: float64(1+rng.IntN(30)) / 100}
		if rng.IntN(2) == 0 {
			o.stop = float64(1+rng.IntN(800)) * 0.00001
			o.target = float64(1+rng.IntN(800)) * 0.00001
		}
		s.orders[i] = o
		s.bars = append(s.bars, i)
	}
	return s
}

func (s *scheduledTrader) OnBar(c *tester.Context) {
	o, ok := s.orders[c.Bars()]
	if !ok {
		return
	}
	switch o.kind {
	case 0:
		bid := c.Bid()
		c.Buy(o.volume, level(bid, -o.stop), level(bid, o.target))
	case 1:
		ask := c.Ask()
		c.Sell(o.volume, level(ask, o.stop), level(ask, -o.target))
	default:
		c.ClosePosition()
	}
}

// level is price+distance, or 0 (none) for a zero distance.
func level(price, distance float64) float64 {
	if distance == 0 {
		return 0
	}
	return price + distance
}

func (s *scheduledTrader) Wake(from, to int) int {
	k, _ := slices.BinarySearch(s.bars, from)
	if k == len(s.bars) || s.bars[k] >= to {
		return to
	}
	return s.bars[k]
}

// randomConversion is none, by the price, or by per-bar rates, a third of
// the time each.
func randomConversion(rng *rand.Rand, bars int) tester.Conversion {
	switch rng.IntN(3) {
	case 0:
		return tester.Conversion{ByPrice: true}
	case 1:
		rates := make([]float64, bars)
		for i := range rates {
			rates[i] = 1.1 + 0.3*math.Sin(float64(i)/500)
		}
		return tester.Conversion{Rates: rates}
	}
	return tester.Conversion{}
}

func TestWakerMatchesEveryBar(t *testing.T) {
	env := sampleEnv(t)
	n := 150
	if testing.Short() {
		n = 20
	}
	rng := rand.New(rand.NewPCG(15, 1))
	for k := range n {
		seed := rng.Uint64()
		cfg := randomConfig(rng)
		cfg.Conversion = randomConversion(rng, env.Bars.Len())
		if rng.IntN(2) == 0 {
			cfg.EquityMode = tester.Min
		}
		lo, hi := randomPeriod(rng, env.Bars.Len())
		if k%10 == 0 {
			lo = 0
		}
		w := newScheduledTrader(seed, env.Bars.Len())
		name := fmt.Sprintf("scheduledTrader(%d) [%d, %d) %+v", seed, lo, hi, cfg.Symbol)
		compareWaker(t, env, cfg, name, w, lo, hi)
		if t.Failed() {
			return
		}
	}
}

// TestAlwaysInWakerTradesAsAlwaysIn: the benchmark's Waker makes the pass
// alwaysIn makes with OnBar on every bar, with and without converted money.
func TestAlwaysInWakerTradesAsAlwaysIn(t *testing.T) {
	env := sampleEnv(t)
	for _, conv := range []tester.Conversion{{}, {ByPrice: true}} {
		cfg := tester.DefaultConfig()
		cfg.Symbol.Commission, cfg.Symbol.SwapLong, cfg.Symbol.SwapShort = 3, -2, 0.5
		cfg.Conversion = conv
		var got, want tester.Result
		for _, run := range []struct {
			e   tester.Expert
			res *tester.Result
		}{{testexpert.AlwaysInWaker{}, &got}, {testexpert.AlwaysIn{}, &want}} {
			tst, err := tester.New(env, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if err := tst.Run(run.e, 0, env.Bars.Len(), run.res); err != nil {
				t.Fatal(err)
			}
		}
		if n := len(want.Trades); n < env.Bars.Len()/24-2 {
			t.Fatalf("alwaysIn closed %d trades, want one per 24 bars", n)
		}
		if d := testexpert.Difference(&got, &want); d != "" {
			t.Errorf("conversion %+v: alwaysInWaker: %s", conv, d)
		}
	}
}

// compareWaker runs w as a Waker and with its Wake hidden and reports any
// difference.
func compareWaker(t *testing.T, env *tester.Env, cfg tester.Config, name string, w tester.Waker, lo, hi int) {
	t.Helper()
	var got, want tester.Result
	for _, run := range []struct {
		e   tester.Expert
		res *tester.Result
	}{{w, &got}, {testexpert.EveryBar{Expert: w}, &want}} {
		tst, err := tester.New(env, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if err := tst.Run(run.e, lo, hi, run.res); err != nil {
			t.Fatal(err)
		}
	}
	if len(want.Trades) == 0 {
		t.Fatalf("%s: no trades, the comparison would test nothing", name)
	}
	if d := testexpert.Difference(&got, &want); d != "" {
		t.Errorf("%s: as a Waker, %s", name, d)
	}
}
