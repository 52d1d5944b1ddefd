package walkforward

import (
	"fmt"
	"math"
	"sort"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"

	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/stats"
)

// formula is a formula criterion stored in a run's manifest (run.json
// "formulas"): an expression over the statistics and the other criteria,
// maximized. A result that is not a finite number counts as 0.
type formula struct {
	name    string
	program *vm.Program
}

// formulaEnv is the environment a formula sees: every statistic and every
// criterion of names (non-statistic criteria) by name.
type formulaEnv struct {
	env   map[string]any
	names []string // the criteria, in the order of their values
	vm    vm.VM
}

func newFormulaEnv(names []string) *formulaEnv {
	e := &formulaEnv{env: make(map[string]any, stats.Count+len(names)), names: names}
	for _, n := range stats.Names {
		e.env[n] = 0.0
	}
	for _, n := range names {
		e.env[n] = 0.0
	}
	return e
}

// compileFormulas compiles the manifest's formulas, sorted by name; names
// are the criteria a formula may use besides the statistics.
func compileFormulas(src map[string]string, names []string) ([]formula, error) {
	keys := make([]string, 0, len(src))
	for k := range src {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	env := newFormulaEnv(names)
	out := make([]formula, 0, len(keys))
	for _, k := range keys {
		if _, err := criteria.ByName(k); err == nil {
			return nil, fmt.Errorf("formula %q has the name of a built-in criterion", k)
		}
		p, err := expr.Compile(src[k], expr.Env(env.env), expr.AsFloat64())
		if err != nil {
			return nil, fmt.Errorf("formula %s = %q: %w", k, src[k], err)
		}
		out = append(out, formula{name: k, program: p})
	}
	return out, nil
}

// eval computes every formula for a frame's statistics and criterion
// values into out.
func (e *formulaEnv) eval(fs []formula, st *stats.Stats, values []float64, out []float64) {
	for i, n := range stats.Names {
		e.env[n] = st[i]
	}
	for i, n := range e.names {
		e.env[n] = values[i]
	}
	for i, f := range fs {
		v, err := e.vm.Run(f.program, e.env)
		x, ok := v.(float64)
		if err != nil || !ok || math.IsNaN(x) || math.IsInf(x, 0) {
			x = 0
		}
		out[i] = x
	}
}
