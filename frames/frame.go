// Package frames stores optimization passes: the Frame record (one pass on
// one period: its inputs, 41 statistics and compact balance/equity points),
// the Parquet dataset of a run (part files written under a temporary name and
// renamed when complete, read back as a stream) and the run.json manifest.
package frames

import (
	"github.com/passframes/passframes/stats"
)

// The two periods a pass is tested on.
const (
	Back    = "back"
	Forward = "forward"
)

// Frame is one pass on one period: one row of the dataset.
type Frame struct {
	Pass       int64
	Window     int32     // walk-forward window; 0 for a run without walk-forward
	Period     string    // Back or Forward
	Params     []float64 // input values, in the order of the dataset's Columns
	Stats      stats.Stats
	EquityMode string  // "min_max" or "min"
	Time       []int64 // point times, Unix ms
	Balance    []float64
	Equity     []float64
}

// Column is an input parameter's column: its name and whether it holds
// whole numbers (stored as int64) or not (double).
type Column struct {
	Name    string `json:"name"`
	Integer bool   `json:"integer"`
	// Labels, when set, make the column a string column: the frame's
	// value v stands for Labels[v] (MetaTrader's optimization over the
	// Symbol, for example).
	Labels []string `json:"labels,omitempty"`
}

// Label is the text a labelled column stores for value v, or "" when v is
// not an index of Labels.
func (c Column) Label(v float64) string {
	i := int(v)
	if float64(i) != v || i < 0 || i >= len(c.Labels) {
		return ""
	}
	return c.Labels[i]
}
