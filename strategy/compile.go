package strategy

import (
	"fmt"
	"sort"
	"strings"

	"github.com/expr-lang/expr/ast"
	exprfile "github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
)

// typ is the type of an expression: a number or a boolean.
type typ uint8

const (
	tNum typ = iota
	tBool
)

func (t typ) String() string {
	if t == tBool {
		return "boolean"
	}
	return "number"
}

// node is a checked expression. A node is constant when it depends only on
// literals and inputs: it is then one number per pass, not a series.
type node struct {
	op    string // a function or operator name, "num" or "input"
	args  []*node
	num   float64 // op "num"
	input int     // op "input": index into the strategy's inputs
	typ   typ
	konst bool
	off   int // offset of the node in its expression, for errors
}

// compiler checks expressions of one strategy file against its inputs.
type compiler struct {
	src    *source
	inputs map[string]int
	types  []typ
}

// errLoc is a compile error at an offset of the expression being compiled.
type errLoc struct {
	off int
	msg string
}

func (e *errLoc) Error() string { return e.msg }

func failf(off int, format string, args ...any) *errLoc {
	return &errLoc{off, fmt.Sprintf(format, args...)}
}

// compile parses and checks the expression text written as key's value;
// want is the type the expression must have; needConst asks for a constant.
func (c *compiler) compile(key, text string, want typ, needConst bool) (*node, error) {
	tree, err := parser.Parse(text)
	if err != nil {
		off := 0
		msg := err.Error()
		if fe, ok := err.(*exprfile.Error); ok {
			off, msg = fe.From, fe.Message
		}
		return nil, c.src.errInExpr(key, off, "syntax error: %s", msg)
	}
	n, err := c.node(tree.Node)
	if err == nil && n.typ != want {
		err = failf(0, "%s must be a %s expression, this one is a %s", key, want, n.typ)
	}
	if err == nil && needConst && !n.konst {
		err = failf(0, "%s must depend only on inputs and numbers (it is fixed for a pass)", key)
	}
	if err != nil {
		e := err.(*errLoc)
		return nil, c.src.errInExpr(key, e.off, "%s", e.msg)
	}
	return n, nil
}

func (c *compiler) node(a ast.Node) (*node, error) {
	off := a.Location().From
	switch a := a.(type) {
	case *ast.IntegerNode:
		return &node{op: "num", num: float64(a.Value), konst: true, off: off}, nil
	case *ast.FloatNode:
		return &node{op: "num", num: a.Value, konst: true, off: off}, nil
	case *ast.BoolNode:
		v := 0.0
		if a.Value {
			v = 1
		}
		return &node{op: "num", num: v, typ: tBool, konst: true, off: off}, nil
	case *ast.IdentifierNode:
		return c.identifier(a.Value, off)
	case *ast.UnaryNode:
		return c.unary(a, off)
	case *ast.BinaryNode:
		return c.binary(a, off)
	case *ast.CallNode:
		id, ok := a.Callee.(*ast.IdentifierNode)
		if !ok {
			return nil, failf(off, "only named functions can be called")
		}
		return c.call(id.Value, a.Arguments, off)
	case *ast.BuiltinNode:
		return c.call(a.Name, a.Arguments, off)
	case *ast.MemberNode:
		// x[n] is shift(x, n).
		return c.call("shift", []ast.Node{a.Node, a.Property}, off)
	case *ast.ConditionalNode:
		return c.conditional(a, off)
	}
	return nil, failf(off, "%s is not part of the strategy language", describe(a))
}

func describe(a ast.Node) string {
	return strings.TrimPrefix(fmt.Sprintf("%T", a), "*ast.")
}

func (c *compiler) identifier(name string, off int) (*node, error) {
	if i, ok := c.inputs[name]; ok {
		return &node{op: "input", input: i, typ: c.types[i], konst: true, off: off}, nil
	}
	if _, ok := baseSeries[name]; ok {
		return &node{op: name, off: off}, nil
	}
	if f, ok := functions[name]; ok {
		return nil, failf(off, "%s is a function: write %s", name, f.sig)
	}
	return nil, failf(off, "unknown name %q: not an input (%s) nor a series (%s)", name,
		strings.Join(c.inputNames(), ", "), strings.Join(seriesNames(), ", "))
}

func (c *compiler) inputNames() []string {
	names := make([]string, 0, len(c.inputs))
	for n := range c.inputs {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) == 0 {
		return []string{"none"}
	}
	return names
}

func (c *compiler) unary(a *ast.UnaryNode, off int) (*node, error) {
	x, err := c.node(a.Node)
	if err != nil {
		return nil, err
	}
	switch a.Operator {
	case "not", "!":
		if x.typ != tBool {
			return nil, failf(x.off, "not needs a boolean, got a number")
		}
		return &node{op: "not", args: []*node{x}, typ: tBool, konst: x.konst, off: off}, nil
	case "-", "+":
		if x.typ != tNum {
			return nil, failf(x.off, "%s needs a number, got a boolean", a.Operator)
		}
		if a.Operator == "+" {
			return x, nil
		}
		return &node{op: "neg", args: []*node{x}, konst: x.konst, off: off}, nil
	}
	return nil, failf(off, "operator %s is not part of the strategy language", a.Operator)
}

// binaryOps maps expr-lang's operators to the language's: the type of the
// operands and of the result.
var binaryOps = map[string]struct {
	op       string
	operands typ
	result   typ
}{
	"+": {"+", tNum, tNum}, "-": {"-", tNum, tNum}, "*": {"*", tNum, tNum}, "/": {"/", tNum, tNum},
	"<": {"<", tNum, tBool}, "<=": {"<=", tNum, tBool}, ">": {">", tNum, tBool}, ">=": {">=", tNum, tBool},
	"==": {"==", tNum, tBool}, "!=": {"!=", tNum, tBool},
	"and": {"and", tBool, tBool}, "&&": {"and", tBool, tBool},
	"or": {"or", tBool, tBool}, "||": {"or", tBool, tBool},
}

func (c *compiler) binary(a *ast.BinaryNode, off int) (*node, error) {
	spec, ok := binaryOps[a.Operator]
	if !ok {
		return nil, failf(off, "operator %s is not part of the strategy language", a.Operator)
	}
	l, err := c.node(a.Left)
	if err != nil {
		return nil, err
	}
	r, err := c.node(a.Right)
	if err != nil {
		return nil, err
	}
	for _, x := range []*node{l, r} {
		if x.typ != spec.operands {
			return nil, failf(x.off, "%s needs %s operands, got a %s", a.Operator, spec.operands, x.typ)
		}
	}
	return &node{op: spec.op, args: []*node{l, r}, typ: spec.result, konst: l.konst && r.konst, off: off}, nil
}

func (c *compiler) conditional(a *ast.ConditionalNode, off int) (*node, error) {
	var args []*node
	for _, x := range []ast.Node{a.Cond, a.Exp1, a.Exp2} {
		n, err := c.node(x)
		if err != nil {
			return nil, err
		}
		args = append(args, n)
	}
	if args[0].typ != tBool {
		return nil, failf(args[0].off, "the condition of ?: must be a boolean")
	}
	if args[1].typ != args[2].typ {
		return nil, failf(args[2].off, "both branches of ?: must have one type, got a %s and a %s", args[1].typ, args[2].typ)
	}
	return &node{op: "if", args: args, typ: args[1].typ,
		konst: args[0].konst && args[1].konst && args[2].konst, off: off}, nil
}

func (c *compiler) call(name string, argv []ast.Node, off int) (*node, error) {
	f, ok := functions[name]
	if !ok {
		if _, series := baseSeries[name]; series {
			return nil, failf(off, "%s is a series, not a function: write %s (and %s[n] for n bars back)", name, name, name)
		}
		return nil, failf(off, "unknown function %s (functions: %s)", name, strings.Join(functionNames(), ", "))
	}
	if len(argv) != len(f.args) {
		return nil, failf(off, "%s takes %d argument(s), got %d: %s", name, len(f.args), len(argv), f.sig)
	}
	n := &node{op: name, typ: f.result, konst: true, off: off}
	for i, a := range argv {
		x, err := c.node(a)
		if err != nil {
			return nil, err
		}
		want := f.args[i]
		if x.typ != want.typ {
			return nil, failf(x.off, "argument %d of %s must be a %s: %s", i+1, name, want.typ, f.sig)
		}
		if want.constant && !x.konst {
			return nil, failf(x.off, "argument %d of %s must depend only on inputs and numbers: %s", i+1, name, f.sig)
		}
		n.konst = n.konst && x.konst
		n.args = append(n.args, x)
	}
	if f.series {
		n.konst = false
	}
	return n, nil
}
