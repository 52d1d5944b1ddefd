package analysis

import "github.com/apache/arrow/go/v16/arrow/array"

// A criterion that is unavailable for a pass (a statistic the imported file
// does not give, or no points) has no value and no rank: its rank column is
// null there, as its value column is.

// appendRank writes the rank of pass p under criterion c, or null.
func appendRank(b *array.Int32Builder, p *Pass, c int) {
	if !p.Available[c] {
		b.AppendNull()
		return
	}
	b.Append(int32(p.Ranks[c]))
}

// readRank is the rank a pass reads back: a null rank puts the pass after
// every ranked one (n is the number of passes).
func readRank(v int64, valid bool, n int) int {
	if !valid {
		return n
	}
	return int(v)
}
