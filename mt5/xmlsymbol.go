package mt5

import (
	"fmt"
	"slices"
	"strings"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/optimize"
)

// symbolColumnName is the column MT5 writes, instead of inputs, when it
// optimizes over the symbols of the Market Watch; it is also the name of
// the frames' column that says which symbol a pass tested.
const symbolColumnName = "Symbol"

// symbolColumn is the Symbol column of an optimization over the symbol.
// A pass's parameter value is the index of its symbol in names (in the
// order the file first gives them); the dataset's column is labelled with
// names, so the file holds the symbols' names as strings (and import.json
// keeps the list too).
type symbolColumn struct {
	input int // the column's index among the table's inputs
	names []string
	index map[string]int
}

func newSymbolColumn(rows []xmlRow, input int) *symbolColumn {
	c := &symbolColumn{input: input, index: map[string]int{}}
	for _, r := range rows {
		s := r.inputs[input]
		if _, ok := c.index[s]; !ok {
			c.index[s] = len(c.names)
			c.names = append(c.names, s)
		}
	}
	return c
}

// param is the parameter the symbol's index is stored as: an integer over
// the symbols seen, optimized when there are several.
func (c *symbolColumn) param() optimize.Param {
	return optimize.Param{Name: strings.ToLower(symbolColumnName), Type: optimize.Int, Start: 0, Step: 1,
		Stop: float64(max(len(c.names)-1, 0)), Optimize: len(c.names) > 1}
}

// label makes the manifest's symbol column a string column of the names.
func (c *symbolColumn) label(m *frames.Manifest) {
	name := strings.ToLower(symbolColumnName)
	for i := range m.Columns {
		if m.Columns[i].Name == name || m.Columns[i].Name == "input_"+name {
			m.Columns[i].Labels = slices.Clone(c.names)
		}
	}
}

// emptyCells records the statistics the back table left empty, per pass,
// and warns about them.
func emptyCells(r *Run, rows []xmlRow) {
	n := 0
	for _, row := range rows {
		for _, i := range row.missing {
			if r.Info.Unavailable == nil {
				r.Info.Unavailable = map[string][]int64{}
			}
			name := statNames(i)[0]
			if !slices.Contains(r.Info.Unavailable[name], row.pass) {
				r.Info.Unavailable[name] = append(r.Info.Unavailable[name], row.pass)
				n++
			}
		}
	}
	if n == 0 {
		return
	}
	var names []string
	for name, passes := range r.Info.Unavailable {
		names = append(names, fmt.Sprintf("%s (%d passes)", name, len(passes)))
	}
	slices.Sort(names)
	r.Manifest.Warnings = append(r.Manifest.Warnings, frames.Warning{Kind: "empty_cells", Count: int64(n),
		Message: "the file leaves these statistics empty for some passes; they are unavailable there: " +
			strings.Join(names, ", ")})
}
