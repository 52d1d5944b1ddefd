package strategy

// rule is one rule of a pass, ready for the bar loop: a precomputed boolean
// array, a constant, or, for a rule that is a cross of two series, the two
// series themselves. A cross reads four cached values at the bar instead of
// building an array per pass: the operands are shared by every pass (an SMA
// of a given period), while the cross of a new pair of periods would be a
// new array each pass.
type rule struct {
	kind ruleKind
	arr  []float64 // ruleArray
	a, b value     // ruleCrossAbove, ruleCrossBelow
}

type ruleKind uint8

const (
	ruleNever ruleKind = iota
	ruleAlways
	ruleArray
	ruleCrossAbove
	ruleCrossBelow
	// ruleCrossEither fires where a crosses b either way; only Wake's plan
	// makes it, from a cross above and a cross below of the same series.
	ruleCrossEither
)

// fires reports whether the rule is true at bar i. Undefined (NaN) values
// compare false, so a rule never fires on a bar it cannot judge.
func (r *rule) fires(i int) bool {
	switch r.kind {
	case ruleArray:
		return r.arr[i] == 1
	case ruleCrossAbove:
		return i > 0 && r.a.at(i) > r.b.at(i) && r.a.at(i-1) <= r.b.at(i-1)
	case ruleCrossBelow:
		return i > 0 && r.a.at(i) < r.b.at(i) && r.a.at(i-1) >= r.b.at(i-1)
	case ruleCrossEither:
		if i == 0 {
			return false
		}
		a, b, a1, b1 := r.a.at(i), r.b.at(i), r.a.at(i-1), r.b.at(i-1)
		return (a > b && a1 <= b1) || (a < b && a1 >= b1)
	case ruleAlways:
		return true
	}
	return false
}

// rule prepares the rule n for one pass. A cross at the top, possibly under
// an and/or with a constant operand (Short and cross_below(…)), is kept as
// its operands; anything else becomes an array.
func (ev *evaluator) rule(n *node) (rule, error) {
	switch n.op {
	case "cross_above", "cross_below":
		a, _, err := ev.eval(n.args[0])
		if err != nil {
			return rule{}, err
		}
		b, _, err := ev.eval(n.args[1])
		if err != nil {
			return rule{}, err
		}
		kind := ruleCrossAbove
		if n.op == "cross_below" {
			kind = ruleCrossBelow
		}
		return rule{kind: kind, a: a, b: b}, nil
	case "and", "or":
		for k, arg := range n.args {
			if !arg.konst {
				continue
			}
			v, _, err := ev.eval(arg)
			if err != nil {
				return rule{}, err
			}
			other := n.args[1-k]
			switch {
			case n.op == "and" && v.num == 0:
				return rule{kind: ruleNever}, nil
			case n.op == "and" && v.num == 1:
				return ev.rule(other)
			case n.op == "or" && v.num == 1:
				return rule{kind: ruleAlways}, nil
			case n.op == "or" && v.num == 0:
				return ev.rule(other)
			}
		}
	}
	v, _, err := ev.eval(n)
	if err != nil {
		return rule{}, err
	}
	if v.arr == nil {
		if v.num == 1 {
			return rule{kind: ruleAlways}, nil
		}
		return rule{kind: ruleNever}, nil
	}
	return rule{kind: ruleArray, arr: v.arr}, nil
}

// firstFiring returns the first bar in [from, to) the rule fires on, or to:
// fires over a range, with the kind decided once.
func (r *rule) firstFiring(from, to int) int {
	switch r.kind {
	case ruleAlways:
		if from < to {
			return from
		}
	case ruleArray:
		for i := from; i < to; i++ {
			if r.arr[i] == 1 {
				return i
			}
		}
	case ruleCrossAbove, ruleCrossBelow, ruleCrossEither:
		for i := max(from, 1); i < to; i++ {
			if r.fires(i) {
				return i
			}
		}
	}
	return to
}
