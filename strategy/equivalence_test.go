package strategy

import (
	"reflect"
	"testing"

	"github.com/passframes/passframes/data"
	"github.com/passframes/passframes/experts"
	"github.com/passframes/passframes/tester"
)

// runPass runs one pass of an expert built by def over bars [lo, hi).
func runPass(t *testing.T, env *tester.Env, cfg tester.Config, def experts.Def, values []float64, lo, hi int) tester.Result {
	t.Helper()
	e, err := def.New(env, values)
	if err != nil {
		t.Fatalf("%s %v: %v", def.Name, values, err)
	}
	tst, err := tester.New(env, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var res tester.Result
	if err := tst.Run(e, lo, hi, &res); err != nil {
		t.Fatal(err)
	}
	return res
}

// TestShippedFilesTradeLikeBuiltins runs the SmaCross and MACross files and
// the built-in experts on the sample over a few input sets: every deal and
// every statistic must be the same.
func TestShippedFilesTradeLikeBuiltins(t *testing.T) {
	bars, err := data.Sample()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		file, expert string
		values       [][]float64
	}{
		{"../strategies/smacross.toml", "SmaCross", [][]float64{{10, 20, 0, 0}, {5, 50, 1, 0}, {20, 100, 1, 0.5}, {3, 7, 0, 0}}},
		{"../strategies/macross.toml", "MACross", [][]float64{{10, 21, 0.001}, {4, 80, 0}, {12, 30, 0.003}}},
	}
	cfg := tester.DefaultConfig()
	for _, c := range cases {
		s, err := Load(c.file)
		if err != nil {
			t.Fatal(err)
		}
		builtin, err := experts.Lookup(c.expert)
		if err != nil {
			t.Fatal(err)
		}
		env := tester.NewEnv(bars)
		for _, v := range c.values {
			for _, period := range [][2]int{{0, bars.Len()}, {bars.Len() / 2, bars.Len()}} {
				want := runPass(t, env, cfg, builtin, v, period[0], period[1])
				got := runPass(t, env, cfg, s.Def(), v, period[0], period[1])
				if len(want.Deals) == 0 {
					t.Fatalf("%s %v: the built-in expert made no deal; the comparison proves nothing", c.expert, v)
				}
				if !reflect.DeepEqual(want.Deals, got.Deals) {
					t.Errorf("%s %v %v: %d deals from the file, %d from the expert; first: %+v vs %+v",
						c.expert, v, period, len(got.Deals), len(want.Deals), first(got.Deals), first(want.Deals))
				}
				if !reflect.DeepEqual(want.Stats, got.Stats) {
					t.Errorf("%s %v %v: statistics differ:\n file   %+v\n expert %+v", c.expert, v, period, got.Stats, want.Stats)
				}
			}
		}
	}
}

func first(d []tester.Deal) any {
	if len(d) == 0 {
		return nil
	}
	return d[0]
}
