package optimize

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"
)

// constraint is a compiled constraint expression. Evaluating it needs a VM and
// an environment map, neither safe to share, so each caller takes a pair from
// a pool: no lock, and no map built per call.
type constraint struct {
	program *vm.Program
	params  []Param // every parameter, for the fixed values
	opt     []int   // index in params of each point coordinate
	pool    sync.Pool
}

// evaluator is one VM with its environment.
type evaluator struct {
	vm  vm.VM
	env map[string]any
}

// compileConstraint compiles src against the parameters; the expression must
// name only parameters and yield a bool.
func compileConstraint(src string, params []Param, opt []int) (*constraint, error) {
	c := &constraint{params: params, opt: opt}
	program, err := expr.Compile(src, expr.Env(c.newEnv()), expr.AsBool())
	if err != nil {
		msg := oneLine(err)
		if strings.HasPrefix(msg, "unknown name") {
			names := make([]string, len(params))
			for i, p := range params {
				names[i] = p.Name
			}
			msg += " (parameters: " + strings.Join(names, ", ") + ")"
		}
		return nil, fmt.Errorf("constraint %q: %s", src, msg)
	}
	c.program = program
	c.pool.New = func() any { return &evaluator{env: c.newEnv()} }
	return c, nil
}

// oneLine renders an expr error without its multi-line source snippet.
func oneLine(err error) string {
	var fe *file.Error
	if errors.As(err, &fe) {
		if fe.Line > 0 {
			return fmt.Sprintf("%s at column %d", fe.Message, fe.Column+1)
		}
		return fe.Message
	}
	return err.Error()
}

// newEnv returns an environment holding every parameter at its fixed value,
// typed as the constraint sees it.
func (c *constraint) newEnv() map[string]any {
	env := make(map[string]any, len(c.params))
	for _, p := range c.params {
		env[p.Name] = typed(p.Type, p.Value)
	}
	return env
}

// typed converts a parameter value to its constraint type.
func typed(t Type, v float64) any {
	switch t {
	case Int:
		return int(v)
	case Bool:
		return v != 0
	}
	return v
}

// feasible evaluates the constraint at a point; a run-time error counts as
// not satisfied.
func (c *constraint) feasible(x []float64) bool {
	e := c.pool.Get().(*evaluator)
	defer c.pool.Put(e)
	for j, i := range c.opt {
		p := &c.params[i]
		e.env[p.Name] = typed(p.Type, x[j])
	}
	out, err := e.vm.Run(c.program, e.env)
	if err != nil {
		return false
	}
	ok, _ := out.(bool)
	return ok
}
