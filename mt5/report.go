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
	// Labels are the results, under their English label: every "Label:"
	// and the text after it.
	Labels map[string]labelValue
	// Unmapped are the result labels no label table knows, as printed.
	Unmapped  []string
	languages map[string]bool // languages of the labels read
	period    labelValue      // the period setting as printed
	Deals     []reportDeal
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

// dealColumns are the Deals table's columns in MetaTrader's order (their
// English names; the order is the same in every language).
var dealColumns = []string{"Time", "Deal", "Symbol", "Type", "Direction", "Volume", "Price", "Order",
	"Commission", "Swap", "Profit", "Balance", "Comment"}

var (
	reportPeriod = regexp.MustCompile(`^(\S+)\s*\((\d{4}\.\d\d\.\d\d)\s*-\s*(\d{4}\.\d\d\.\d\d)\)`)
	inputLine    = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$`)
)

// parseReportRows reads a report from its table rows (of the HTML, or of
// the XLSX export). file names it in errors. The tables are found by their
// layout, which MetaTrader keeps in every language: the settings (label and
// value rows in a fixed order), the results (label, value pairs) and the
// Deals table (13 columns in a fixed order, its first row the deposit).
func parseReportRows(rows []sheetRow, file string) (*report, error) {
	r := &report{file: file, Labels: map[string]labelValue{}, languages: map[string]bool{}}
	lay, err := findLayout(rows, file)
	if err != nil {
		return nil, err
	}
	if err := r.readSettings(lay.settings); err != nil {
		return nil, err
	}
	r.readResults(lay.results)
	if err := r.readDeals(lay.deals); err != nil {
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

// readResults collects every "Label:" cell of the results with the text of
// the cell after it, under its English label; labels no table knows are
// kept in Unmapped.
func (r *report) readResults(rows []sheetRow) {
	for _, row := range rows {
		for i, c := range row.Cells {
			if !isLabel(c.Text) {
				continue
			}
			value := ""
			if i+1 < len(row.Cells) && !isLabel(row.Cells[i+1].Text) {
				value = row.Cells[i+1].Text
			}
			label, lang := englishLabel(c.Text, value)
			if label == "" {
				r.Unmapped = append(r.Unmapped, normLabel(c.Text))
				continue
			}
			r.languages[lang] = true
			if _, dup := r.Labels[label]; !dup {
				r.Labels[label] = labelValue{Text: value, Line: c.Line}
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

// readSettings reads expert, symbol, period, inputs, company, currency,
// deposit and leverage from the settings rows by their place: MetaTrader
// prints expert, symbol and period first, then the inputs (a labelled row
// and rows without a label), then company, currency, initial deposit and
// leverage.
func (r *report) readSettings(s settingsRows) error {
	get := func(i int) labelValue { return labelValue{Text: s.labelled[i].value, Line: s.labelled[i].line} }
	r.Expert, r.Symbol = get(0).Text, get(1).Text
	if r.Expert == "" || r.Symbol == "" {
		return lineError(r.file, s.labelled[0].line, "the settings table gives no expert or no symbol")
	}
	p := get(2)
	r.period = p
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
	for _, in := range s.inputs {
		r.addInput(in.value, in.line)
	}
	n := len(s.labelled)
	r.Company, r.Currency = get(n-4).Text, get(n-3).Text
	r.Labels["Initial Deposit"] = get(n - 2)
	if v := get(n - 2); v.Text != "" {
		d, err := parseNumber(v.Text)
		if err != nil || d.V <= 0 {
			return lineError(r.file, v.Line, "initial deposit %q is not a positive number", v.Text)
		}
		r.Deposit = d
	}
	r.Leverage = leverage(get(n - 1).Text)
	seen := map[string]int{}
	for _, in := range r.Inputs {
		if prev, dup := seen[in.Name]; dup {
			return lineError(r.file, in.Line, "input %s is already set on line %d", in.Name, prev)
		}
		seen[in.Name] = in.Line
	}
	return nil
}

// readDeals reads the Deals table: rows[0] is its header. The columns are
// taken by their place, which is the same in every language; the table
// ends at the first row without a time in its first column (MetaTrader's
// totals row).
func (r *report) readDeals(rows []sheetRow) error {
	head := rows[0]
	first := head.Cells[0].Col
	col := map[string]int{}
	for i, name := range dealColumns {
		col[name] = first + i
	}
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
		return lineError(r.file, head.Line, "the Deals table is empty: it has no deposit row")
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
