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
	Run       string      `json:"run"`
	Expert    string      `json:"expert"`
	Symbol    string      `json:"symbol"`
	Timeframe string      `json:"timeframe"`
	Passes    int         `json:"passes"`
	Forward   int         `json:"passes_with_forward"`
	Filtered  int         `json:"filtered"`
	Best      []BestRow   `json:"best"`
	Sort      string      `json:"sort"`
	Top       []TopRow    `json:"top"`
	params    []paramInfo // the columns to show
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
	Spearman      float64            `json:"spearman_forward"`
	paramList     []float64
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
			Profit: p.Profit, Spearman: r.Spearman[k]}
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

// Write prints the report as "table", "csv", "json" or "markdown".
func (rep *Report) Write(w io.Writer, format string) error {
	switch format {
	case "table", "":
		return rep.writeTable(w)
	case "csv":
		return rep.writeCSV(w)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	case "markdown", "md":
		return rep.writeMarkdown(w)
	}
	return fmt.Errorf("unknown report format %q (want table, csv, json or markdown)", format)
}

func (rep *Report) bestHeader() []string {
	h := []string{"criterion", "dir", "value", "pass"}
	for _, p := range rep.params {
		h = append(h, p.name)
	}
	return append(h, "profit", "fwd_profit", "rho_fwd")
}

func (rep *Report) bestCells(b *BestRow) []string {
	cells := []string{b.Criterion, b.Direction, num(b.Value), strconv.FormatInt(b.Pass, 10)}
	for _, v := range b.paramList {
		cells = append(cells, strconv.FormatFloat(v, 'g', -1, 64))
	}
	rho := "-" // no forward pass to correlate with
	if rep.Forward > 0 {
		rho = fmt.Sprintf("%+.2f", b.Spearman)
	}
	return append(cells, money(b.Profit), optMoney(b.ForwardProfit), rho)
}

func (rep *Report) topHeader() []string {
	h := []string{"rank", "pass"}
	for _, p := range rep.params {
		h = append(h, p.name)
	}
	if rep.showSortValue() {
		h = append(h, rep.Sort)
	}
	return append(h, "profit", "trades", "fwd_profit", "fwd_trades")
}

func (rep *Report) topCells(t *TopRow) []string {
	cells := []string{strconv.Itoa(t.Rank), strconv.FormatInt(t.Pass, 10)}
	for _, v := range t.paramList {
		cells = append(cells, strconv.FormatFloat(v, 'g', -1, 64))
	}
	trades := "-"
	if t.ForwardTrades != nil {
		trades = strconv.FormatFloat(*t.ForwardTrades, 'f', 0, 64)
	}
	if rep.showSortValue() {
		cells = append(cells, num(t.Value))
	}
	return append(cells, money(t.Profit), strconv.FormatFloat(t.Trades, 'f', 0, 64), optMoney(t.ForwardProfit), trades)
}

// showSortValue is false when the sort criterion is a column the top list
// shows anyway.
func (rep *Report) showSortValue() bool { return rep.Sort != "profit" && rep.Sort != "trades" }

func (rep *Report) title() string {
	return fmt.Sprintf("%s on %s %s: %d passes (%d with a forward pass, %d filtered out) in %s",
		rep.Expert, rep.Symbol, rep.Timeframe, rep.Passes, rep.Forward, rep.Filtered, rep.Run)
}

func (rep *Report) writeTable(w io.Writer) error {
	fmt.Fprintln(w, rep.title())
	fmt.Fprintln(w, "\nBest pass under each criterion (rho_fwd: Spearman correlation of the criterion with forward profit)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	writeRow := func(cells []string) { fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t") }
	writeRow(rep.bestHeader())
	for i := range rep.Best {
		writeRow(rep.bestCells(&rep.Best[i]))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nTop %d passes by %s\n", len(rep.Top), rep.Sort)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	writeRow = func(cells []string) { fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t") }
	writeRow(rep.topHeader())
	for i := range rep.Top {
		writeRow(rep.topCells(&rep.Top[i]))
	}
	return tw.Flush()
}

// writeCSV prints the two tables one after the other, separated by a blank line.
func (rep *Report) writeCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(rep.bestHeader())
	for i := range rep.Best {
		cw.Write(rep.bestCells(&rep.Best[i]))
	}
	cw.Flush()
	fmt.Fprintln(w)
	cw.Write(rep.topHeader())
	for i := range rep.Top {
		cw.Write(rep.topCells(&rep.Top[i]))
	}
	cw.Flush()
	return cw.Error()
}

func (rep *Report) writeMarkdown(w io.Writer) error {
	fmt.Fprintf(w, "**%s**\n\n", rep.title())
	md := func(header []string, rows [][]string) {
		fmt.Fprintf(w, "| %s |\n|%s\n", strings.Join(header, " | "), strings.Repeat("---|", len(header)))
		for _, r := range rows {
			fmt.Fprintf(w, "| %s |\n", strings.Join(r, " | "))
		}
	}
	var rows [][]string
	for i := range rep.Best {
		rows = append(rows, rep.bestCells(&rep.Best[i]))
	}
	md(rep.bestHeader(), rows)
	fmt.Fprintf(w, "\nTop %d passes by `%s`:\n\n", len(rep.Top), rep.Sort)
	rows = rows[:0]
	for i := range rep.Top {
		rows = append(rows, rep.topCells(&rep.Top[i]))
	}
	md(rep.topHeader(), rows)
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

func optMoney(v *float64) string {
	if v == nil {
		return "-"
	}
	return money(*v)
}
