package strategy

import (
	"path/filepath"
	"testing"

	"github.com/passframes/passframes/data"
	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/tester"
	"github.com/passframes/passframes/tester/testexpert"
)

// TestWakeMatchesEveryBar runs every shipped strategy file over its demo
// grid (a stride of it where it is big) on the sample, in a full and a
// half period, once as a tester.Waker and once with OnBar called on every
// bar: statistics, deals and points must be the same to the bit.
func TestWakeMatchesEveryBar(t *testing.T) {
	bars, err := data.Sample()
	if err != nil {
		t.Fatal(err)
	}
	env := tester.NewEnv(bars)
	cfg := tester.DefaultConfig()
	files, err := filepath.Glob("../strategies/*.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no shipped strategy files: %v", err)
	}
	for _, file := range files {
		s, err := Load(file)
		if err != nil {
			t.Fatal(err)
		}
		space, err := optimize.NewSpace(s.Inputs, s.Demo, "", s.Constraint)
		if err != nil {
			t.Fatal(err)
		}
		size, err := space.Size()
		if err != nil {
			t.Fatal(err)
		}
		stride := max(1, size/12)
		deals := 0
		for idx := int64(0); idx < size; idx += stride {
			x := space.GridPoint(idx)
			if !space.Feasible(x) {
				continue
			}
			v := space.Values(x)
			for _, lo := range []int{0, bars.Len() / 2} {
				got, want := runWaking(t, env, cfg, s, v, lo, false), runWaking(t, env, cfg, s, v, lo, true)
				if d := testexpert.Difference(&got, &want); d != "" {
					t.Fatalf("%s %v from bar %d: as a Waker, %s", s.Name, v, lo, d)
				}
				deals += len(want.Deals)
			}
		}
		if deals == 0 {
			t.Errorf("%s: no deal over the grid; the comparison proves nothing", s.Name)
		}
	}
}

// TestWakingOnlyWhereRulesAreSparse: the SmaCross file's crosses make it a
// tester.Waker; the MACross file's rules (one average above the other) and
// the RSI file's close rules, each true on about half the bars, make them
// the plain expert.
func TestWakingOnlyWhereRulesAreSparse(t *testing.T) {
	bars, err := data.Sample()
	if err != nil {
		t.Fatal(err)
	}
	env := tester.NewEnv(bars)
	for file, want := range map[string]bool{"smacross.toml": true, "macross.toml": false, "rsi_reversion.toml": false} {
		s, err := Load(filepath.Join("..", "strategies", file))
		if err != nil {
			t.Fatal(err)
		}
		var v []float64
		for _, in := range s.Inputs {
			v = append(v, in.Default)
		}
		e, err := s.New(env, v)
		if err != nil {
			t.Fatal(err)
		}
		if _, got := e.(tester.Waker); got != want {
			t.Errorf("%s: a tester.Waker %v, want %v", file, got, want)
		}
	}
}

// inner returns the pass behind what New returned.
func inner(e tester.Expert) *expert {
	if w, ok := e.(wakingExpert); ok {
		return w.expert
	}
	return e.(*expert)
}

func runWaking(t *testing.T, env *tester.Env, cfg tester.Config, s *Strategy, v []float64, lo int, hide bool) tester.Result {
	t.Helper()
	e, err := s.New(env, v)
	if err != nil {
		t.Fatal(err)
	}
	// The waking form whatever New chose, so that Wake is checked on the
	// files with dense rules too.
	var ex tester.Expert = wakingExpert{inner(e)}
	if hide {
		ex = testexpert.EveryBar{Expert: ex}
	}
	tst, err := tester.New(env, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var res tester.Result
	if err := tst.Run(ex, lo, env.Bars.Len(), &res); err != nil {
		t.Fatal(err)
	}
	return res
}
