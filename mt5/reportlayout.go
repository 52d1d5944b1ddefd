package mt5

import (
	"time"
)

// A tester report is laid out the same way whatever the terminal's
// language: a title row, then the settings (one label and one value per
// row), a title row, the results (label, value pairs, several per row),
// the Orders table and the Deals table. Title rows are rows of one cell
// with text that is no label. The importer finds the tables by this
// layout, so that only the result labels need a language table.

// layout is where a report's tables are.
type layout struct {
	settings settingsRows
	results  []sheetRow
	deals    []sheetRow // the Deals table's header row and the rows after it
}

// settingsRows are the settings table's rows: those with a label, in order,
// and the inputs (the value of the labelled inputs row and of the rows
// without a label).
type settingsRows struct {
	labelled []settingCell
	inputs   []settingCell
}

type settingCell struct {
	label, value string
	line         int
}

// Settings rows with a label: expert, symbol, period, [inputs,] company,
// currency, initial deposit, leverage.
const (
	settingsWithoutInputs = 7
	settingsWithInputs    = 8
)

// isTitle tells whether a row is a title: one cell with text, in the first
// column, that is no label (an input's row has its text further right).
func isTitle(row sheetRow) bool {
	n := 0
	title := false
	for _, c := range row.Cells {
		if c.Text == "" {
			continue
		}
		n++
		title = c.Col == 0 && !isLabel(c.Text)
	}
	return n == 1 && title
}

// findLayout finds the settings, results and Deals tables of a report.
func findLayout(rows []sheetRow, file string) (*layout, error) {
	start := -1
	for i, row := range rows {
		if len(row.Cells) > 0 && row.Cells[0].Col == 0 && isLabel(row.Cells[0].Text) {
			start = i
			break
		}
	}
	if start < 0 {
		return nil, lineError(file, lastLine(rows), "no settings table (rows of a label and a value) up to line %d, where "+
			"the file ends: not an MT5 tester report, or one truncated before its settings", lastLine(rows))
	}
	lay := &layout{}
	i := start
	for ; i < len(rows) && !isTitle(rows[i]); i++ {
		lay.addSetting(rows[i])
	}
	n := len(lay.settings.labelled)
	if n != settingsWithoutInputs && n != settingsWithInputs {
		if i == len(rows) {
			return nil, truncated(file, rows, "in its settings table")
		}
		return nil, lineError(file, rows[start].Line, "the settings table has %d rows with a label, want %d or %d "+
			"(expert, symbol, period, inputs, company, currency, initial deposit, leverage): not an MT5 tester report",
			n, settingsWithoutInputs, settingsWithInputs)
	}
	if n == settingsWithoutInputs {
		lay.settings.inputs = nil
	}
	if i == len(rows) {
		return nil, truncated(file, rows, "after its settings table")
	}
	head := dealsHeader(rows[i:])
	if head < 0 {
		head = englishDealsHeader(rows[i:])
	}
	if head < 0 {
		return nil, truncated(file, rows, "before its Deals table")
	}
	head += i
	results := i + 1
	for j := results; j < head; j++ {
		if isTitle(rows[j]) {
			lay.results = rows[results:j]
			break
		}
	}
	if lay.results == nil {
		lay.results = rows[results:head]
	}
	lay.deals = rows[head:]
	return lay, nil
}

// truncated is the error of a report that ends early: it says where.
func truncated(file string, rows []sheetRow, where string) error {
	return lineError(file, lastLine(rows), "the report is truncated: it ends on line %d %s", lastLine(rows), where)
}

// addSetting adds a row of the settings table: a label in the first column
// and a value further right, or a value alone (one more input).
func (l *layout) addSetting(row sheetRow) {
	label, value, line := "", "", row.Line
	for _, c := range row.Cells {
		switch {
		case c.Col == 0:
			label, line = c.Text, c.Line
		case value == "" && c.Text != "":
			value = c.Text
		}
	}
	switch {
	case isLabel(label):
		cell := settingCell{label: normLabel(label), value: value, line: line}
		l.settings.labelled = append(l.settings.labelled, cell)
		if len(l.settings.labelled) == 4 { // the inputs row, when the report has inputs
			l.settings.inputs = append(l.settings.inputs, cell)
		}
	case label == "" && value != "" && len(l.settings.labelled) == 4:
		l.settings.inputs = append(l.settings.inputs, settingCell{value: value, line: line})
	}
}

// dealsHeader returns the index of the Deals table's header row, or -1: the
// row before the first row whose first cell is a deal time and whose fourth
// is the deposit's type, "balance" (MetaTrader keeps deal types in English).
func dealsHeader(rows []sheetRow) int {
	for i := 1; i < len(rows); i++ {
		row := rows[i]
		if len(row.Cells) < len(dealColumns)-1 || len(rows[i-1].Cells) < len(dealColumns)-1 {
			continue
		}
		first := row.Cells[0].Col
		t, _ := row.at(first)
		typ, _ := row.at(first + 3)
		if typ == "balance" && isDealTime(t) {
			return i - 1
		}
	}
	return -1
}

func isDealTime(s string) bool {
	_, err1 := time.Parse("2006.01.02 15:04:05", s)
	_, err2 := time.Parse("2006.01.02 15:04", s)
	return err1 == nil || err2 == nil
}

// englishDealsHeader finds a Deals table without rows (not even the
// deposit) by its English column names, or returns -1.
func englishDealsHeader(rows []sheetRow) int {
	for i, row := range rows {
		n := 0
		for j, c := range row.Cells {
			if j < len(dealColumns) && c.Text == dealColumns[j] {
				n++
			}
		}
		if n == len(dealColumns) {
			return i
		}
	}
	return -1
}
