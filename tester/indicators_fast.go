package tester

// Values returns the indicator's whole series, by bar index, and the index
// of its first defined value. It is for a Waker's scan of the bars ahead
// (see Waker), which decides only when the tester calls OnBar: OnBar itself
// reads the indicator through Context.Value, which refuses values the bar
// could not know yet. The slice is shared by every pass: read it, do not
// change it.
func (b *Buffer) Values() (v []float64, first int) { return b.v, b.first }
