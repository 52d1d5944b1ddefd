package mt5

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/stats"
)

// xmlStatColumns maps the result columns of MT5's optimization export to
// statistics. "Equity DD %" is taken as the maximal equity drawdown in
// percent (equitydd_percent), as criteria's "Balance + min Drawdown" reads
// it; MetaQuotes does not say which of the two percentages it is.
var xmlStatColumns = map[string]int{
	"Profit": stats.Profit, "Expected Payoff": stats.ExpectedPayoff, "Profit Factor": stats.ProfitFactor,
	"Recovery Factor": stats.RecoveryFactor, "Sharpe Ratio": stats.SharpeRatio, "Custom": stats.CustomOnTester,
	"Equity DD %": stats.EquityDDPercent, "Trades": stats.Trades,
}

// xmlOtherColumns are result columns that are no statistic: the optimization
// criterion's value of the pass (and, in a forward table, of its back pass).
var xmlOtherColumns = map[string]bool{"Pass": true, "Result": true, "Forward Result": true, "Back Result": true}

// xmlTable is one parsed optimization table (back or forward).
type xmlTable struct {
	file    string
	sheet   *sheet
	stats   []int    // statistic of each result column, in column order
	inputs  []string // input names, in column order
	rows    []xmlRow
	deposit number
	curr    string
}

// xmlRow is one pass of a table.
type xmlRow struct {
	line    int
	pass    int64
	stats   stats.Stats
	missing []int    // statistics whose cell is empty
	inputs  []string // raw text, one per input
}

// readXMLTable reads the passes of an optimization table.
func readXMLTable(sh *sheet, file string) (*xmlTable, error) {
	t := &xmlTable{file: file, sheet: sh}
	if len(sh.Rows) == 0 {
		return nil, lineError(file, 1, "worksheet %q has no rows", sh.Name)
	}
	head := sh.Rows[0]
	var statCols, inputCols []int
	passCol := -1
	for _, c := range head.Cells {
		name := c.Text
		switch s, isStat := xmlStatColumns[name]; {
		case name == "Pass":
			passCol = c.Col
		case isStat:
			statCols = append(statCols, c.Col)
			t.stats = append(t.stats, s)
		case xmlOtherColumns[name]:
		case name == "":
			return nil, lineError(file, c.Line, "column %d has no name", c.Col+1)
		default:
			if slices.Contains(t.inputs, name) {
				return nil, lineError(file, c.Line, "column %q appears twice", name)
			}
			inputCols = append(inputCols, c.Col)
			t.inputs = append(t.inputs, name)
		}
	}
	if passCol < 0 {
		return nil, lineError(file, head.Line, "the first row of worksheet %q has no Pass column: not MT5's optimization results, "+
			"or results exported by a terminal in another language (this program reads English column names only; "+
			"export them with the terminal set to English)", sh.Name)
	}
	seen := map[int64]int{}
	for _, row := range sh.Rows[1:] {
		if len(row.Cells) == 0 {
			continue
		}
		r, err := t.readRow(row, passCol, statCols, inputCols)
		if err != nil {
			return nil, err
		}
		if prev, dup := seen[r.pass]; dup {
			return nil, lineError(file, row.Line, "pass %d is already on line %d", r.pass, prev)
		}
		seen[r.pass] = row.Line
		t.rows = append(t.rows, r)
	}
	return t, t.readDeposit()
}

func (t *xmlTable) readRow(row sheetRow, passCol int, statCols, inputCols []int) (xmlRow, error) {
	r := xmlRow{line: row.Line}
	cell := func(col int, what string) (string, error) {
		s, ok := row.at(col)
		if !ok || s == "" {
			return "", lineError(t.file, row.Line, "no %s value", what)
		}
		return s, nil
	}
	s, err := cell(passCol, "Pass")
	if err != nil {
		return r, err
	}
	p, err := strconv.ParseInt(s, 10, 64)
	if err != nil || p < 0 {
		return r, lineError(t.file, row.Line, "Pass %q is not a pass number", s)
	}
	r.pass = p
	for i, col := range statCols {
		name := stats.Names[t.stats[i]]
		s, _ := row.at(col)
		if strings.TrimSpace(s) == "" {
			// MT5 leaves a cell empty where the value is undefined (the
			// profit factor of a pass without trades).
			r.missing = append(r.missing, t.stats[i])
			continue
		}
		n, err := parseNumber(s)
		if err != nil {
			return r, lineError(t.file, row.Line, "%s: %v", name, err)
		}
		r.stats[t.stats[i]] = n.V
	}
	for i, col := range inputCols {
		s, err := cell(col, "input "+t.inputs[i])
		if err != nil {
			return r, err
		}
		r.inputs = append(r.inputs, s)
	}
	return r, nil
}

// readDeposit reads the document's "Deposit" property ("10000 USD").
func (t *xmlTable) readDeposit() error {
	s, ok := t.sheet.Props["Deposit"]
	if !ok {
		return nil
	}
	f := strings.Fields(s)
	if len(f) == 0 {
		return nil
	}
	if len(f) > 1 {
		t.curr = f[len(f)-1]
		f = f[:len(f)-1]
	}
	n, err := parseNumber(strings.Join(f, ""))
	if err != nil {
		return lineError(t.file, 1, "Deposit property %q: %v", s, err)
	}
	t.deposit = n
	return nil
}

// xmlTitle matches the document title MT5 writes: "Expert SYMBOL,TF" and
// optionally the dates "YYYY.MM.DD-YYYY.MM.DD".
var xmlTitle = regexp.MustCompile(`^(.*\S)\s+(\S+),(M\d+|H\d+|D1|W1|MN1)(?:\s+(\d{4}\.\d\d\.\d\d)\s*-\s*(\d{4}\.\d\d\.\d\d))?`)

// titleParts reads expert, symbol, timeframe and dates from a title.
func titleParts(title string) (expert, symbol, tf string, from, to time.Time, ok bool) {
	m := xmlTitle.FindStringSubmatch(strings.TrimSpace(title))
	if m == nil {
		return "", "", "", from, to, false
	}
	if m[4] != "" {
		from, _ = time.Parse("2006.01.02", m[4])
		to, _ = time.Parse("2006.01.02", m[5])
	}
	return m[1], m[2], m[3], from, to, true
}

// xmlRun joins a back table and, when not nil, its forward table into a run.
func xmlRun(back, fwd *xmlTable, data [][]byte) (*Run, error) {
	files := []string{back.file}
	if fwd != nil {
		files = append(files, fwd.file)
		if !slices.Equal(back.inputs, fwd.inputs) {
			return nil, lineError(fwd.file, fwd.sheet.Rows[0].Line, "its inputs (%s) differ from those of %s (%s)",
				strings.Join(fwd.inputs, ", "), back.file, strings.Join(back.inputs, ", "))
		}
	}
	m := newManifest(OptXML, files, data)
	r := &Run{Kind: OptXML, Manifest: m, Info: ImportInfo{Kind: m.Source, Files: files,
		Account: Account{Server: back.sheet.Props["Server"], Currency: back.curr, Deposit: back.deposit.V,
			Leverage: leverage(back.sheet.Props["Leverage"])}}}
	r.Info.Notes = append(r.Info.Notes, "an optimization export holds no balance/equity points: criteria that need them are unavailable",
		`"Equity DD %" is stored as equitydd_percent (unconfirmed: it may be the relative drawdown)`)
	xmlNames(r, back, fwd)

	params, kinds, sym := xmlParams(back, fwd, &r.Info.Notes)
	if sym != nil {
		r.Info.Symbols = sym.names
	}
	if err := setSpace(m, params, &r.Info.Notes); err != nil {
		return nil, fmt.Errorf("read %s: %w", back.file, err)
	}
	if sym != nil {
		sym.label(m)
	}
	given := []int{stats.InitialDeposit}
	if back.deposit.V == 0 {
		given = nil
		r.Info.Notes = append(r.Info.Notes, "the file gives no deposit: initial_deposit is 0")
	}
	r.Info.Statistics = statNames(append(given, back.stats...)...)
	m.Statistics = map[string]string{}
	for _, name := range stats.Names {
		m.Statistics[name] = frames.ProvUnavailable
	}
	for _, name := range r.Info.Statistics {
		m.Statistics[name] = frames.ProvPrinted
	}

	index := map[int64]int{}
	for _, row := range back.rows {
		index[row.pass] = len(r.Passes)
		r.Passes = append(r.Passes, Pass{Back: xmlFrame(row, frames.Back, back.deposit.V, kinds, sym)})
	}
	emptyCells(r, back.rows)
	if fwd == nil {
		return r, nil
	}
	orphans := 0
	for _, row := range fwd.rows {
		f := xmlFrame(row, frames.Forward, fwd.deposit.V, kinds, sym)
		i, ok := index[row.pass]
		if !ok {
			orphans++
			r.Passes = append(r.Passes, Pass{Forward: f})
			continue
		}
		b := r.Passes[i].Back
		for j, v := range f.Params {
			if v != b.Params[j] {
				return nil, lineError(fwd.file, row.line, "pass %d: %s is %s here and %s in %s",
					row.pass, m.Columns[j].Name, fmtNum(v), fmtNum(b.Params[j]), back.file)
			}
		}
		r.Passes[i].Forward = f
	}
	if orphans > 0 {
		r.Info.Notes = append(r.Info.Notes, fmt.Sprintf("%d forward passes have no back pass in %s", orphans, back.file))
	}
	return r, nil
}

// xmlNames fills expert, symbol, timeframe and periods from the titles, or
// from the file name when the title does not say.
func xmlNames(r *Run, back, fwd *xmlTable) {
	m := r.Manifest
	expert, symbol, tf, from, to, ok := titleParts(back.sheet.Props["Title"])
	if !ok {
		expert, symbol, tf, _ = splitRunName(back.file)
		r.Info.Notes = append(r.Info.Notes, "the document title does not give expert, symbol and timeframe: taken from the file name")
	}
	m.Expert, m.Symbol, m.Timeframe = expert, symbol, tf
	var fwdFrom, fwdTo time.Time
	if fwd != nil {
		_, _, _, fwdFrom, fwdTo, _ = titleParts(fwd.sheet.Props["Title"])
	}
	if !fwdTo.IsZero() && (to.IsZero() || fwdTo.After(to)) {
		to = fwdTo
	}
	setPeriods(m, from, to, fwdFrom)
}

// xmlParams types each input column from its values in both tables: Bool
// when all are true/false, Int when all are whole numbers written without a
// point, Double for other numbers; a column with other text is left out
// (kinds lists the input index of each column), except MT5's Symbol column
// of an optimization over the symbol. The range is inferred from the values
// seen.
func xmlParams(back, fwd *xmlTable, notes *[]string) (params []optimize.Param, kinds []int, sym *symbolColumn) {
	rows := back.rows
	if fwd != nil {
		rows = append(slices.Clip(rows), fwd.rows...)
	}
	var skipped []string
	for i, name := range back.inputs {
		t, vals, ok := inputColumn(rows, i)
		if !ok && strings.EqualFold(name, symbolColumnName) && sym == nil {
			sym = newSymbolColumn(rows, i)
			kinds = append(kinds, i)
			params = append(params, sym.param())
			*notes = append(*notes, fmt.Sprintf("an optimization over the symbol: column %q holds the symbol's name (%s)",
				strings.ToLower(symbolColumnName), strings.Join(sym.names, ", ")))
			continue
		}
		if !ok {
			skipped = append(skipped, name)
			continue
		}
		kinds = append(kinds, i)
		params = append(params, inferRange(name, t, vals))
	}
	if len(skipped) > 0 {
		*notes = append(*notes, "inputs with text values are not stored as columns: "+strings.Join(skipped, ", "))
	}
	if len(params) > 0 {
		*notes = append(*notes, "the export gives no ranges: each input's start, step and stop are inferred from the values seen")
	}
	return params, kinds, sym
}

// inputColumn types input i of rows and returns its values.
func inputColumn(rows []xmlRow, i int) (optimize.Type, []float64, bool) {
	t := optimize.Int
	vals := make([]float64, len(rows))
	bools := true
	for k, r := range rows {
		switch strings.ToLower(r.inputs[i]) {
		case "true":
			vals[k] = 1
			continue
		case "false":
			vals[k] = 0
			continue
		}
		bools = false
		n, err := parseNumber(r.inputs[i])
		if err != nil || math.Abs(n.V) == stats.MaxFloat {
			return 0, nil, false
		}
		if n.Decimals > 0 || strings.ContainsAny(r.inputs[i], ".eE") || n.V != math.Trunc(n.V) {
			t = optimize.Double
		}
		vals[k] = n.V
	}
	if bools && len(rows) > 0 {
		t = optimize.Bool
	}
	return t, vals, true
}

// inferRange makes a parameter spanning the values seen: start = min,
// stop = max, step = the smallest gap between distinct values; optimized
// when more than one value was seen.
func inferRange(name string, t optimize.Type, vals []float64) optimize.Param {
	p := optimize.Param{Name: name, Type: t}
	if t != optimize.Double {
		p.Step = 1
	}
	if len(vals) == 0 {
		return p
	}
	s := slices.Clone(vals)
	slices.Sort(s)
	s = slices.Compact(s)
	p.Value, p.Start, p.Stop = vals[0], s[0], s[len(s)-1]
	if len(s) < 2 {
		return p
	}
	p.Optimize = true
	gap := math.Inf(1)
	for i := 1; i < len(s); i++ {
		gap = math.Min(gap, s[i]-s[i-1])
	}
	// Round away float noise such as 0.09999999999999998.
	gap, _ = strconv.ParseFloat(strconv.FormatFloat(gap, 'g', 10, 64), 64)
	if t != optimize.Double {
		gap = math.Max(1, math.Round(gap))
	}
	if t == optimize.Bool {
		gap = 1
	}
	p.Step = gap
	return p
}

// xmlFrame makes the frame of a row; kinds maps each column to its input.
func xmlFrame(row xmlRow, period string, deposit float64, kinds []int, sym *symbolColumn) *frames.Frame {
	f := &frames.Frame{Pass: row.pass, Period: period, Stats: row.stats, EquityMode: "min_max",
		Params: make([]float64, len(kinds))}
	f.Stats[stats.InitialDeposit] = deposit
	for j, i := range kinds {
		v := row.inputs[i]
		if sym != nil && i == sym.input {
			f.Params[j] = float64(sym.index[v])
			continue
		}
		switch strings.ToLower(v) {
		case "true":
			f.Params[j] = 1
		case "false":
			f.Params[j] = 0
		default:
			n, _ := parseNumber(v) // checked by inputColumn
			f.Params[j] = n.V
		}
	}
	f.Stats = stats.Finite(f.Stats)
	return f
}

// leverage reads "1:100" as 100 (0 when absent or unreadable).
func leverage(s string) float64 {
	_, r, ok := strings.Cut(s, ":")
	if !ok {
		return 0
	}
	n, err := parseNumber(r)
	if err != nil {
		return 0
	}
	return n.V
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
