package analysis

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/stats"
)

// Report is what analyze prints: the best pass under each criterion and the
// top passes under one.
type Report struct {
	Run       string    `json:"run"`
	Expert    string    `json:"expert"`
	Symbol    string    `json:"symbol"`
	Timeframe string    `json:"timeframe"`
	Passes    int       `json:"passes"`
	Forward   int       `json:"passes_with_forward"`
	Filtered  int       `json:"filtered"`
	Best      []BestRow `json:"best"`
	Sort      string    `json:"sort"`
	Top       []TopRow  `json:"top"`
	// Overfit is the overfitting report of the run (analyze --overfit),
	// omitted without it; its figures per criterion also stand in Best.
	Overfit any         `json:"overfit,omitempty"`
	params  []paramInfo // the columns to show
}

// OverfitFigures are a criterion's overfitting statistics (analyze
// --overfit): null where one cannot be computed.
type OverfitFigures struct {
	PBO                *float64 `json:"pbo"`
	DSR                *float64 `json:"dsr"`
	PSR                *float64 `json:"psr"`
	MinTrackRecord     *float64 `json:"min_track_record"`
	OOSLossProbability *float64 `json:"oos_loss_probability"`
	DegradationSlope   *float64 `json:"degradation_slope"`
}

// overfitHeader names OverfitFigures' columns in csv.
var overfitHeader = []string{"pbo", "dsr", "psr", "min_track_record", "oos_loss_probability", "degradation_slope"}

func (o *OverfitFigures) cells() []string {
	out := make([]string, 0, len(overfitHeader))
	for _, v := range []*float64{o.PBO, o.DSR, o.PSR, o.MinTrackRecord, o.OOSLossProbability, o.DegradationSlope} {
		if v == nil {
			out = append(out, "")
			continue
		}
		out = append(out, strconv.FormatFloat(*v, 'g', -1, 64))
	}
	return out
}

// BestRow is the best pass under one criterion.
type BestRow struct {
	Criterion     string             `json:"criterion"`
	Direction     string             `json:"direction"`
	Value         float64            `json:"value"`
	Pass          int64              `json:"pass"`
	Params        map[string]float64 `json:"params"`
	Profit        float64            `json:"profit"`
	ForwardProfit *float64           `json:"forward_profit"`
	Spearman      *float64           `json:"spearman_forward"` // null without forward passes
	// The criterion's overfitting figures, with analyze --overfit.
	*OverfitFigures
	paramList []float64
}

// TopRow is one pass of the top list.
type TopRow struct {
	Rank          int                `json:"rank"`
	Pass          int64              `json:"pass"`
	Params        map[string]float64 `json:"params"`
	Value         float64            `json:"value"`
	Profit        float64            `json:"profit"`
	Trades        float64            `json:"trades"`
	ForwardProfit *float64           `json:"forward_profit"`
	ForwardTrades *float64           `json:"forward_trades"`
	paramList     []float64
}

type paramInfo struct {
	name  string
	index int
}

// NewReport builds the report: the best pass of every criterion (statistics
// only when allStats), and the top n passes under sortBy.
func (r *Result) NewReport(run, sortBy string, n int, allStats bool) (*Report, error) {
	c, err := r.Index(sortBy)
	if err != nil {
		return nil, fmt.Errorf("sort criterion: %w", err)
	}
	m := r.Manifest
	rep := &Report{Run: run, Expert: m.Expert, Symbol: m.Symbol, Timeframe: m.Timeframe,
		Passes: len(r.Passes), Filtered: r.Filtered, Sort: r.Criteria[c].Name, params: r.shownParams()}
	for i := range r.Passes {
		if r.Passes[i].HasForward {
			rep.Forward++
		}
	}
	for k, crit := range r.Criteria {
		if crit.Kind == criteria.KindStatistic && !allStats {
			continue
		}
		b := r.Best(k)
		if b < 0 {
			continue
		}
		p := &r.Passes[b]
		row := BestRow{Criterion: crit.Name, Direction: crit.Direction.String(), Value: p.Values[k], Pass: p.Pass,
			Profit: p.Profit}
		if rep.Forward > 1 { // a rank correlation needs two passes at least
			rho := r.Spearman[k]
			row.Spearman = &rho
		}
		row.Params, row.paramList = rep.paramValues(p)
		if p.HasForward {
			v := p.ForwardProfit
			row.ForwardProfit = &v
		}
		rep.Best = append(rep.Best, row)
	}
	for rank, i := range r.Sorted(c) {
		if rank >= n {
			break
		}
		p := &r.Passes[i]
		if !p.Available[c] {
			break
		}
		row := TopRow{Rank: p.Ranks[c], Pass: p.Pass, Value: p.Values[c], Profit: p.Profit, Trades: p.Trades}
		row.Params, row.paramList = rep.paramValues(p)
		if p.HasForward {
			fp, ft := p.ForwardProfit, p.ForwardTrades
			row.ForwardProfit, row.ForwardTrades = &fp, &ft
		}
		rep.Top = append(rep.Top, row)
	}
	return rep, nil
}

// shownParams are the optimized parameters (every parameter when the
// manifest does not say which were optimized).
func (r *Result) shownParams() []paramInfo {
	var out []paramInfo
	for i, c := range r.Manifest.Columns {
		optimized := len(r.Manifest.Space) != len(r.Manifest.Columns) || r.Manifest.Space[i].Optimize
		if optimized {
			out = append(out, paramInfo{name: c.Name, index: i})
		}
	}
	return out
}

func (rep *Report) paramValues(p *Pass) (map[string]float64, []float64) {
	m := make(map[string]float64, len(rep.params))
	list := make([]float64, len(rep.params))
	for k, pi := range rep.params {
		m[pi.name], list[k] = p.Params[pi.index], p.Params[pi.index]
	}
	return m, list
}

// Report formats and the tables a report holds.
const (
	FormatTable    = "table"    // aligned text for people
	FormatCSV      = "csv"      // one table, chosen with the table argument
	FormatJSON     = "json"     // one document holding both tables
	FormatMarkdown = "markdown" // both tables as Markdown

	TableBest = "best" // the best pass under each criterion
	TableTop  = "top"  // the top passes under the sort criterion
)

// Formats lists the report formats (ParseFormat also takes "md").
var Formats = []string{FormatTable, FormatCSV, FormatJSON, FormatMarkdown}

// ParseFormat checks a report format name.
func ParseFormat(s string) (string, error) {
	switch s {
	case FormatTable, FormatCSV, FormatJSON, FormatMarkdown:
		return s, nil
	case "md", "":
		if s == "" {
			return FormatTable, nil
		}
		return FormatMarkdown, nil
	}
	return "", fmt.Errorf("unknown report format %q (want table, csv, json or markdown)", s)
}

// ParseTable checks a table name: best, top, or "" for the format's
// default (both tables; the best table in csv).
func ParseTable(s string) (string, error) {
	switch s {
	case "", TableBest, TableTop:
		return s, nil
	}
	return "", fmt.Errorf("unknown report table %q (want best or top)", s)
}

// Write prints the report in format (see WriteReports); table chooses one of
// its tables ("" for the format's default).
func (rep *Report) Write(w io.Writer, format, table string) error {
	return WriteReports(w, []*Report{rep}, format, table)
}

// WriteReports prints the reports of one call. Table and markdown print
// each report in turn. JSON prints one document: the report, or an array
// when there are several. CSV prints one table (best unless table says top)
// over every report, its first column the run, so that a script reads one
// header and rows. Field names are the same snake_case names in every
// format.
func WriteReports(w io.Writer, reps []*Report, format, table string) error {
	format, err := ParseFormat(format)
	if err != nil {
		return err
	}
	if table, err = ParseTable(table); err != nil {
		return err
	}
	switch format {
	case FormatJSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if len(reps) == 1 {
			return enc.Encode(reps[0])
		}
		return enc.Encode(reps)
	case FormatCSV:
		return writeCSV(w, reps, table)
	}
	for i, rep := range reps {
		if i > 0 {
			fmt.Fprintln(w)
		}
		var err error
		if format == FormatMarkdown {
			err = rep.writeMarkdown(w, table)
		} else {
			err = rep.writeTable(w, table)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (rep *Report) bestHeader() []string {
	h := []string{"criterion", "direction", "value", "pass"}
	for _, p := range rep.params {
		h = append(h, p.name)
	}
	return append(h, "profit", "forward_profit", "spearman_forward")
}

func (rep *Report) bestCells(b *BestRow, none string) []string {
	cells := []string{b.Criterion, b.Direction, num(b.Value), strconv.FormatInt(b.Pass, 10)}
	for _, v := range b.paramList {
		cells = append(cells, strconv.FormatFloat(v, 'g', -1, 64))
	}
	rho := none // no forward pass to correlate with
	if b.Spearman != nil {
		rho = fmt.Sprintf("%+.2f", *b.Spearman)
	}
	return append(cells, money(b.Profit), optMoney(b.ForwardProfit, none), rho)
}

// topHeader names the top list's columns; the value column is left out
// where it repeats profit or trades (withValue false).
func (rep *Report) topHeader(withValue bool) []string {
	h := []string{"rank", "pass"}
	for _, p := range rep.params {
		h = append(h, p.name)
	}
	if withValue {
		h = append(h, "value")
	}
	return append(h, "profit", "trades", "forward_profit", "forward_trades")
}

func (rep *Report) topCells(t *TopRow, withValue bool, none string) []string {
	cells := []string{strconv.Itoa(t.Rank), strconv.FormatInt(t.Pass, 10)}
	for _, v := range t.paramList {
		cells = append(cells, strconv.FormatFloat(v, 'g', -1, 64))
	}
	trades := none
	if t.ForwardTrades != nil {
		trades = strconv.FormatFloat(*t.ForwardTrades, 'f', 0, 64)
	}
	if withValue {
		cells = append(cells, num(t.Value))
	}
	return append(cells, money(t.Profit), strconv.FormatFloat(t.Trades, 'f', 0, 64), optMoney(t.ForwardProfit, none), trades)
}

// showSortValue is false when the sort criterion is a column the top list
// shows anyway.
func (rep *Report) showSortValue() bool { return rep.Sort != "profit" && rep.Sort != "trades" }

func (rep *Report) title() string {
	return fmt.Sprintf("%s on %s %s: %d passes (%d with a forward pass, %d filtered out) in %s",
		rep.Expert, rep.Symbol, rep.Timeframe, rep.Passes, rep.Forward, rep.Filtered, rep.Run)
}

func (rep *Report) writeTable(w io.Writer, table string) error {
	fmt.Fprintln(w, rep.title())
	aligned := func(header []string, rows int, cells func(i int) []string) error {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, strings.Join(header, "\t")+"\t")
		for i := 0; i < rows; i++ {
			fmt.Fprintln(tw, strings.Join(cells(i), "\t")+"\t")
		}
		return tw.Flush()
	}
	if table != TableTop {
		fmt.Fprintln(w, "\nBest pass under each criterion (spearman_forward: Spearman correlation of the criterion with forward profit)")
		if err := aligned(rep.bestHeader(), len(rep.Best), func(i int) []string { return rep.bestCells(&rep.Best[i], "-") }); err != nil {
			return err
		}
	}
	if table != TableBest {
		fmt.Fprintf(w, "\nTop %d passes by %s\n", len(rep.Top), rep.Sort)
		v := rep.showSortValue()
		return aligned(rep.topHeader(v), len(rep.Top), func(i int) []string { return rep.topCells(&rep.Top[i], v, "-") })
	}
	return nil
}

// writeCSV prints one table over every report; a missing value is an empty
// cell.
func writeCSV(w io.Writer, reps []*Report, table string) error {
	cw := csv.NewWriter(w)
	for i, rep := range reps {
		if table == TableTop {
			if i == 0 {
				cw.Write(append([]string{"run", "sort"}, rep.topHeader(true)...))
			}
			for k := range rep.Top {
				cw.Write(append([]string{rep.Run, rep.Sort}, rep.topCells(&rep.Top[k], true, "")...))
			}
			continue
		}
		withOverfit := reps[0].Overfit != nil
		if i == 0 {
			header := append([]string{"run"}, rep.bestHeader()...)
			if withOverfit {
				header = append(header, overfitHeader...)
			}
			cw.Write(header)
		}
		for k := range rep.Best {
			row := append([]string{rep.Run}, rep.bestCells(&rep.Best[k], "")...)
			if withOverfit {
				figures := rep.Best[k].OverfitFigures
				if figures == nil {
					figures = &OverfitFigures{}
				}
				row = append(row, figures.cells()...)
			}
			cw.Write(row)
		}
	}
	cw.Flush()
	return cw.Error()
}

func (rep *Report) writeMarkdown(w io.Writer, table string) error {
	fmt.Fprintf(w, "**%s**\n", rep.title())
	md := func(header []string, rows [][]string) {
		fmt.Fprintf(w, "\n| %s |\n|%s\n", strings.Join(header, " | "), strings.Repeat("---|", len(header)))
		for _, r := range rows {
			fmt.Fprintf(w, "| %s |\n", strings.Join(r, " | "))
		}
	}
	if table != TableTop {
		var rows [][]string
		for i := range rep.Best {
			rows = append(rows, rep.bestCells(&rep.Best[i], "-"))
		}
		md(rep.bestHeader(), rows)
	}
	if table != TableBest {
		fmt.Fprintf(w, "\nTop %d passes by `%s`:\n", len(rep.Top), rep.Sort)
		var rows [][]string
		v := rep.showSortValue()
		for i := range rep.Top {
			rows = append(rows, rep.topCells(&rep.Top[i], v, "-"))
		}
		md(rep.topHeader(v), rows)
	}
	return nil
}

// num formats a criterion value: 4 decimals, or compact for large values,
// and "max" for MT5's DBL_MAX (a profit factor with no losing trade).
func num(v float64) string {
	switch {
	case math.Abs(v) >= stats.MaxFloat:
		if v < 0 {
			return "-max"
		}
		return "max"
	case math.Abs(v) >= 1e6:
		return strconv.FormatFloat(v, 'g', 6, 64)
	case math.Abs(v) >= 1000:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	return strconv.FormatFloat(v, 'f', 4, 64)
}

// money formats a profit with 2 decimals; a broken huge value (a DBL_MAX
// from an import) is shown compactly instead of as 309 digits.
func money(v float64) string {
	if math.Abs(v) >= 1e12 {
		return num(v)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

func optMoney(v *float64, none string) string {
	if v == nil {
		return none
	}
	return money(*v)
}
