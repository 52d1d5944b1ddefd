package mt5

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// report is a parsed MT5 tester report: its settings, the results as MT5
// printed them, and the Deals table.
type report struct {
	file                      string
	Expert, Symbol, Timeframe string
	From, To                  time.Time // the period, both days inclusive
	Company, Currency         string
	Deposit                   number
	Leverage                  float64
	Bars                      int
	Inputs                    []reportInput
	Labels                    map[string]labelValue // every "Label:" and the text after it
	Deals                     []reportDeal
}

type reportInput struct {
	Name, Text string
	Line       int
}

type labelValue struct {
	Text string
	Line int
}

// reportDeal is one row of the Deals table.
type reportDeal struct {
	Line                                    int
	Time                                    time.Time
	Ticket, Symbol, Type, Direction         string
	Volume, Price, Commission, Swap, Profit float64
	Balance                                 number
}

// dealColumns are the Deals table's columns a report must have.
var dealColumns = []string{"Time", "Deal", "Symbol", "Type", "Direction", "Volume", "Price",
	"Commission", "Swap", "Profit", "Balance"}

var (
	reportPeriod = regexp.MustCompile(`^(\S+)\s*\((\d{4}\.\d\d\.\d\d)\s*-\s*(\d{4}\.\d\d\.\d\d)\)`)
	inputLine    = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$`)
)

// parseReportRows reads a report from its table rows (of the HTML, or of
// the XLSX export). file names it in errors.
func parseReportRows(rows []sheetRow, file string) (*report, error) {
	r := &report{file: file, Labels: map[string]labelValue{}}
	head := dealsHeader(rows)
	if head < 0 {
		return nil, lineError(file, lastLine(rows), "no Deals table (a header row %s): "+
			"not an MT5 tester report, or one written in a language other than English", strings.Join(dealColumns, ", "))
	}
	r.readLabels(rows[:head])
	if err := r.readSettings(); err != nil {
		return nil, err
	}
	if err := r.readDeals(rows[head:]); err != nil {
		return nil, err
	}
	return r, nil
}

func lastLine(rows []sheetRow) int {
	if len(rows) == 0 {
		return 1
	}
	return rows[len(rows)-1].Line
}

// dealsHeader returns the index of the Deals table's header row, or -1.
func dealsHeader(rows []sheetRow) int {
	for i, row := range rows {
		n := 0
		for _, c := range row.Cells {
			for _, name := range dealColumns {
				if c.Text == name {
					n++
				}
			}
		}
		if n == len(dealColumns) {
			return i
		}
	}
	return -1
}

// readLabels collects every "Label:" cell with the text of the cell after
// it, and the inputs: the value of "Inputs:" and of the rows after it with
// nothing in the label's column (an input's value may end in a colon).
func (r *report) readLabels(rows []sheetRow) {
	inputsCol := -1 // column of "Inputs:" while reading the inputs
	for _, row := range rows {
		if label, _ := row.at(inputsCol); inputsCol >= 0 && label == "" {
			for _, c := range row.Cells {
				if c.Col > inputsCol && c.Text != "" {
					r.addInput(c.Text, c.Line)
				}
			}
			continue
		}
		inputsCol = -1
		for i, c := range row.Cells {
			if len(c.Text) < 2 || !strings.HasSuffix(c.Text, ":") {
				continue
			}
			label := strings.TrimSuffix(c.Text, ":")
			value := ""
			if i+1 < len(row.Cells) {
				value = row.Cells[i+1].Text
			}
			if _, dup := r.Labels[label]; !dup {
				r.Labels[label] = labelValue{Text: value, Line: c.Line}
			}
			if label == "Inputs" {
				inputsCol = c.Col
				r.addInput(value, c.Line)
			}
		}
	}
}

// addInput keeps an "Name=value" line of the inputs; group captions such as
// "=== Risk ===" are no inputs.
func (r *report) addInput(text string, line int) {
	if m := inputLine.FindStringSubmatch(text); m != nil {
		r.Inputs = append(r.Inputs, reportInput{Name: m[1], Text: strings.TrimSpace(m[2]), Line: line})
	}
}

// readSettings reads expert, symbol, period, deposit and leverage.
func (r *report) readSettings() error {
	for _, name := range []string{"Expert", "Symbol", "Period"} {
		v, ok := r.Labels[name]
		if !ok || v.Text == "" {
			return lineError(r.file, 1, "no %q setting: not an MT5 tester report, or one written in a language other than English", name+":")
		}
	}
	r.Expert, r.Symbol = r.Labels["Expert"].Text, r.Labels["Symbol"].Text
	p := r.Labels["Period"]
	m := reportPeriod.FindStringSubmatch(p.Text)
	if m == nil {
		return lineError(r.file, p.Line, "period %q is not \"TF (YYYY.MM.DD - YYYY.MM.DD)\"", p.Text)
	}
	r.Timeframe = m[1]
	var err1, err2 error
	r.From, err1 = time.Parse("2006.01.02", m[2])
	r.To, err2 = time.Parse("2006.01.02", m[3])
	if err1 != nil || err2 != nil || r.To.Before(r.From) {
		return lineError(r.file, p.Line, "period %q has no valid dates", p.Text)
	}
	r.Company, r.Currency = r.Labels["Company"].Text, r.Labels["Currency"].Text
	if v, ok := r.Labels["Initial Deposit"]; ok {
		n, err := parseNumber(v.Text)
		if err != nil || n.V <= 0 {
			return lineError(r.file, v.Line, "initial deposit %q is not a positive number", v.Text)
		}
		r.Deposit = n
	}
	r.Leverage = leverage(r.Labels["Leverage"].Text)
	if v, ok := r.Labels["Bars"]; ok {
		if n, err := parseNumber(v.Text); err == nil {
			r.Bars = int(n.V)
		}
	}
	seen := map[string]int{}
	for _, in := range r.Inputs {
		if prev, dup := seen[in.Name]; dup {
			return lineError(r.file, in.Line, "input %s is already set on line %d", in.Name, prev)
		}
		seen[in.Name] = in.Line
	}
	return nil
}

// readDeals reads the Deals table: rows[0] is its header. The table ends at
// the first row without a time in its first column (MT5's totals row).
func (r *report) readDeals(rows []sheetRow) error {
	col := map[string]int{}
	for _, c := range rows[0].Cells {
		col[c.Text] = c.Col
	}
	first := col["Time"]
	for _, row := range rows[1:] {
		t, ok := row.at(first)
		if !ok || t == "" {
			break
		}
		d, err := r.readDeal(row, col)
		if err != nil {
			return err
		}
		r.Deals = append(r.Deals, d)
	}
	if len(r.Deals) == 0 {
		return lineError(r.file, rows[0].Line, "the Deals table is empty: it has no deposit row")
	}
	return nil
}

func (r *report) readDeal(row sheetRow, col map[string]int) (reportDeal, error) {
	d := reportDeal{Line: row.Line}
	get := func(name string) string {
		s, _ := row.at(col[name])
		return s
	}
	ts := get("Time")
	var err error
	if d.Time, err = time.Parse("2006.01.02 15:04:05", ts); err != nil {
		if d.Time, err = time.Parse("2006.01.02 15:04", ts); err != nil {
			return d, lineError(r.file, row.Line, "deal time %q is not YYYY.MM.DD hh:mm:ss", ts)
		}
	}
	d.Ticket, d.Symbol = get("Deal"), get("Symbol")
	d.Type, d.Direction = strings.ToLower(get("Type")), strings.ToLower(get("Direction"))
	trading := d.Type == "buy" || d.Type == "sell"
	for _, f := range []struct {
		name     string
		dst      *float64
		required bool
	}{{"Volume", &d.Volume, trading}, {"Price", &d.Price, trading}, {"Commission", &d.Commission, true},
		{"Swap", &d.Swap, true}, {"Profit", &d.Profit, true}} {
		s := get(f.name)
		if s == "" && !f.required {
			continue
		}
		n, err := parseNumber(s)
		if err != nil {
			return d, lineError(r.file, row.Line, "deal %s: %s: %v", d.Ticket, f.name, err)
		}
		*f.dst = n.V
	}
	if d.Balance, err = parseNumber(get("Balance")); err != nil {
		return d, lineError(r.file, row.Line, "deal %s: Balance: %v", d.Ticket, err)
	}
	if trading && !(d.Volume > 0) {
		return d, lineError(r.file, row.Line, "deal %s: volume %s is not positive", d.Ticket, fmtNum(d.Volume))
	}
	return d, nil
}

// String describes a deal for messages.
func (d reportDeal) String() string {
	return fmt.Sprintf("deal %s (%s %s %s %s)", d.Ticket, d.Type, d.Direction, fmtNum(d.Volume), d.Symbol)
}
