package criteria

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/expr-lang/expr/ast"
	exprfile "github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
)

// KindFormula is the kind of a criterion defined by a formula (DefineFormula).
const KindFormula = "formula"

// formulaExpr is a compiled formula: an expression over the 41 statistics
// and the other criteria's names, e.g. the finite profit factor
// (gross_profit - 1/(trades+1)) / -(gross_loss - 1/(trades+1)).
type formulaExpr struct {
	text string
	refs []string // criteria the formula reads, in the order eval's values follow
	eval func(v []float64) float64
}

// The formulas defined so far, by name.
var (
	formulaMu sync.RWMutex
	formulas  = map[string]Criterion{}
)

// DefineFormula defines (or redefines with the same text) the criterion name
// as the formula text, so that ByName, NewEvaluator and everything built on
// them treat it like a built-in criterion. A formula is maximized. Division
// by zero or a non-finite result gives 0 (counted by Evaluator.NonFinite).
func DefineFormula(name, text string) (Criterion, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return Criterion{}, fmt.Errorf("criteria: a formula needs a name")
	}
	if _, ok := byName[name]; ok {
		return Criterion{}, fmt.Errorf("criteria: formula %s: %s is a built-in criterion", name, name)
	}
	fx, err := compileFormula(text)
	if err != nil {
		return Criterion{}, fmt.Errorf("criteria: formula %s: %w", name, err)
	}
	c := Criterion{Name: name, Direction: Max, Kind: KindFormula, Description: "formula: " + fx.text, expr: fx}
	for _, r := range fx.refs {
		ref, _ := ByName(r)
		c.NeedsPoints = c.NeedsPoints || ref.NeedsPoints
	}
	formulaMu.Lock()
	defer formulaMu.Unlock()
	if old, ok := formulas[name]; ok && old.expr.text != fx.text {
		return Criterion{}, fmt.Errorf("criteria: formula %s is already defined as %s", name, old.expr.text)
	}
	formulas[name] = c
	return c, nil
}

// Formulas returns the defined formulas, name → text.
func Formulas() map[string]string {
	formulaMu.RLock()
	defer formulaMu.RUnlock()
	out := make(map[string]string, len(formulas))
	for n, c := range formulas {
		out[n] = c.expr.text
	}
	return out
}

// IsFormula reports whether s reads as a formula rather than a criterion
// name: it holds an operator, a parenthesis or a space.
func IsFormula(s string) bool {
	return strings.ContainsAny(s, "+-*/()<>=!?: ")
}

func lookupFormula(name string) (Criterion, bool) {
	formulaMu.RLock()
	defer formulaMu.RUnlock()
	c, ok := formulas[name]
	return c, ok
}

// compileFormula parses text with expr-lang's parser and builds a closure
// tree over the values of the criteria it names.
func compileFormula(text string) (*formulaExpr, error) {
	text = strings.TrimSpace(text)
	tree, err := parser.Parse(text)
	if err != nil {
		if fe, ok := err.(*exprfile.Error); ok {
			return nil, fmt.Errorf("column %d: %s", fe.From+1, fe.Message)
		}
		return nil, err
	}
	fx := &formulaExpr{text: text}
	index := map[string]int{}
	eval, err := fx.compile(tree.Node, index)
	if err != nil {
		return nil, err
	}
	fx.eval = eval
	return fx, nil
}

type formulaErr struct {
	off int
	msg string
}

func (e *formulaErr) Error() string { return fmt.Sprintf("column %d: %s", e.off+1, e.msg) }

func (fx *formulaExpr) compile(a ast.Node, index map[string]int) (func([]float64) float64, error) {
	off := a.Location().From
	switch a := a.(type) {
	case *ast.IntegerNode:
		v := float64(a.Value)
		return func([]float64) float64 { return v }, nil
	case *ast.FloatNode:
		v := a.Value
		return func([]float64) float64 { return v }, nil
	case *ast.IdentifierNode:
		c, ok := byName[a.Value]
		if !ok {
			return nil, &formulaErr{off, fmt.Sprintf("unknown name %q: a formula reads statistics and criteria (analyze criteria lists them)", a.Value)}
		}
		name := registry[c].Name
		i, seen := index[name]
		if !seen {
			i = len(fx.refs)
			index[name] = i
			fx.refs = append(fx.refs, name)
		}
		return func(v []float64) float64 { return v[i] }, nil
	case *ast.UnaryNode:
		x, err := fx.compile(a.Node, index)
		if err != nil {
			return nil, err
		}
		switch a.Operator {
		case "-":
			return func(v []float64) float64 { return -x(v) }, nil
		case "+":
			return x, nil
		}
	case *ast.BinaryNode:
		l, err := fx.compile(a.Left, index)
		if err != nil {
			return nil, err
		}
		r, err := fx.compile(a.Right, index)
		if err != nil {
			return nil, err
		}
		if f := formulaOp(a.Operator, l, r); f != nil {
			return f, nil
		}
	case *ast.BuiltinNode:
		return fx.builtin(a, index)
	case *ast.ConditionalNode:
		parts := make([]func([]float64) float64, 3)
		for i, n := range []ast.Node{a.Cond, a.Exp1, a.Exp2} {
			var err error
			if parts[i], err = fx.compile(n, index); err != nil {
				return nil, err
			}
		}
		return func(v []float64) float64 {
			c := parts[0](v)
			switch {
			case c != c:
				return c
			case c != 0:
				return parts[1](v)
			}
			return parts[2](v)
		}, nil
	}
	return nil, &formulaErr{off, "only numbers, names, + - * / ( ), comparisons, and/or, ?: and abs/min/max are allowed"}
}

// formulaOp builds a binary operator; comparisons give 1 or 0. Division by
// zero gives NaN, which the evaluator turns into 0 and counts.
func formulaOp(op string, l, r func([]float64) float64) func([]float64) float64 {
	truth := func(b bool) float64 {
		if b {
			return 1
		}
		return 0
	}
	switch op {
	case "+":
		return func(v []float64) float64 { return l(v) + r(v) }
	case "-":
		return func(v []float64) float64 { return l(v) - r(v) }
	case "*":
		return func(v []float64) float64 { return l(v) * r(v) }
	case "/":
		return func(v []float64) float64 {
			d := r(v)
			if d == 0 {
				return math.NaN()
			}
			return l(v) / d
		}
	case "<":
		return func(v []float64) float64 { return truth(l(v) < r(v)) }
	case "<=":
		return func(v []float64) float64 { return truth(l(v) <= r(v)) }
	case ">":
		return func(v []float64) float64 { return truth(l(v) > r(v)) }
	case ">=":
		return func(v []float64) float64 { return truth(l(v) >= r(v)) }
	case "==":
		return func(v []float64) float64 { return truth(l(v) == r(v)) }
	case "!=":
		return func(v []float64) float64 { return truth(l(v) != r(v)) }
	case "and", "&&":
		return func(v []float64) float64 { return truth(l(v) != 0 && r(v) != 0) }
	case "or", "||":
		return func(v []float64) float64 { return truth(l(v) != 0 || r(v) != 0) }
	}
	return nil
}

func (fx *formulaExpr) builtin(a *ast.BuiltinNode, index map[string]int) (func([]float64) float64, error) {
	args := make([]func([]float64) float64, len(a.Arguments))
	for i, n := range a.Arguments {
		var err error
		if args[i], err = fx.compile(n, index); err != nil {
			return nil, err
		}
	}
	off := a.Location().From
	switch {
	case a.Name == "abs" && len(args) == 1:
		return func(v []float64) float64 { return math.Abs(args[0](v)) }, nil
	case a.Name == "min" && len(args) == 2:
		return func(v []float64) float64 { return math.Min(args[0](v), args[1](v)) }, nil
	case a.Name == "max" && len(args) == 2:
		return func(v []float64) float64 { return math.Max(args[0](v), args[1](v)) }, nil
	}
	return nil, &formulaErr{off, fmt.Sprintf("%s with %d argument(s) is not a formula function (abs(x), min(a, b), max(a, b))", a.Name, len(args))}
}

// formulaEval is what an Evaluator keeps per formula criterion: an evaluator
// of the criteria the formula reads.
type formulaEval struct {
	fx   *formulaExpr
	refs *Evaluator
}

// nonFinite counts formula results that were not finite numbers (and so
// were written as 0), over every Evaluator.
var nonFinite atomic.Int64

// FormulaNonFinite returns how many formula values so far were a division
// by zero or not finite and were written as 0; a run reports it as a
// warning.
func FormulaNonFinite() int64 { return nonFinite.Load() }

// newFormulaEval prepares the evaluation of formula criterion c.
func newFormulaEval(opts Options, c Criterion) (*formulaEval, error) {
	refs, err := NewEvaluator(opts, c.expr.refs)
	if err != nil {
		return nil, err
	}
	return &formulaEval{fx: c.expr, refs: refs}, nil
}

// value computes the formula for f. The few criteria it reads are computed
// by their own evaluator (their regression lines fitted again: formulas are
// not on a hot path).
func (fe *formulaEval) value(f *Frame) float64 {
	var buf [64]float64
	var vals []float64
	if len(fe.fx.refs) > len(buf) {
		vals = make([]float64, len(fe.fx.refs))
	} else {
		vals = buf[:len(fe.fx.refs)]
	}
	fe.refs.Eval(f, vals)
	v := fe.fx.eval(vals)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		nonFinite.Add(1)
		return 0
	}
	return v
}

// formulaAvailable: a formula is available when every criterion it reads is.
func formulaAvailable(c Criterion, f *Frame) bool {
	for _, r := range c.expr.refs {
		ref, _ := ByName(r)
		if !ref.Available(f) {
			return false
		}
	}
	return true
}

// addFormula prepares formula criterion c, the i-th of e's list.
func (e *Evaluator) addFormula(i int, c Criterion) error {
	fe, err := newFormulaEval(e.opts, c)
	if err != nil {
		return err
	}
	if e.formulas == nil {
		e.formulas = map[int]*formulaEval{}
	}
	e.formulas[i] = fe
	return nil
}

// formulaList returns the defined formula criteria sorted by name.
func formulaList() []Criterion {
	formulaMu.RLock()
	defer formulaMu.RUnlock()
	out := make([]Criterion, 0, len(formulas))
	for _, c := range formulas {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// DefineFormulas defines every formula of m (name → text), in name order.
func DefineFormulas(m map[string]string) error {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if _, err := DefineFormula(n, m[n]); err != nil {
			return err
		}
	}
	return nil
}

// ResetFormulas forgets every formula, so that a program analyzing several
// runs in turn ranks each with its own formulas only.
func ResetFormulas() {
	formulaMu.Lock()
	defer formulaMu.Unlock()
	formulas = map[string]Criterion{}
}
