package optimize

import (
	"math"
	"slices"
)

// Best follows what an optimizer has been told: how many evaluations, the
// best value and the point that gave it. Optimizers embed it so that Tell
// notes each value and State reports the same way everywhere.
type Best struct {
	evaluations int
	value       float64
	point       []float64
}

// Note counts one evaluation of x with value v. A NaN is counted but never
// becomes the best.
func (b *Best) Note(x []float64, v float64) {
	b.evaluations++
	if math.IsNaN(v) {
		return
	}
	if b.point == nil || v > b.value {
		b.value = v
		b.point = append(b.point[:0:0], x...)
	}
}

// Evaluations is the number of values noted.
func (b *Best) Evaluations() int { return b.evaluations }

// Value is the best value noted, -math.MaxFloat64 before any.
func (b *Best) Value() float64 {
	if b.point == nil {
		return -math.MaxFloat64
	}
	return b.value
}

// State reports the evaluations and the best, with the optimizer's extra figures.
func (b *Best) State(extra map[string]float64) State {
	return State{Evaluations: b.evaluations, Best: b.Value(), BestPoint: slices.Clone(b.point), Extra: extra}
}
