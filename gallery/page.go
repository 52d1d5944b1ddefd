package gallery

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/passframes/passframes/analysis"
	"github.com/passframes/passframes/charts"
	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/frames"
)

// writePage writes the run page, index.html, into out.Dir.
func writePage(ds *frames.Dataset, res *analysis.Result, cfg Config, sortIdx int, jobs []job, out *Output, id string) error {
	m := res.Manifest
	page := &charts.RunPage{
		Title:     fmt.Sprintf("%s on %s %s", runName(m), m.Symbol, m.Timeframe),
		RunID:     id,
		Details:   details(ds, res),
		Overviews: out.Overview,
	}
	chartOf := map[int]string{} // pass index → its chart
	for _, j := range jobs {
		if _, ok := chartOf[j.pass]; !ok {
			chartOf[j.pass] = j.file
		}
	}
	page.Table = passTable(res, cfg, sortIdx, chartOf)
	page.Cards = cards(res, cfg, jobs, chartOf)
	runCharts := frames.Layout{Dir: ds.Dir}.Charts()
	for _, s := range []struct{ id, title, folder, json string }{
		{"walkforward", "Walk-forward", "walkforward", "scoreboard.json"},
		{"overfit", "Overfitting", "overfit", "overfit.json"},
	} {
		if sec, ok := extraSection(out.Dir, runCharts, ds.Dir, s.id, s.title, s.folder, s.json); ok {
			page.Sections = append(page.Sections, sec)
		}
	}
	return charts.WriteFileAtomic(filepath.Join(out.Dir, frames.PageFileName), func(w io.Writer) error {
		return charts.WriteRunPage(w, page)
	})
}

// details describe the run: where its bars came from, its periods, inputs,
// optimizer and passes.
func details(ds *frames.Dataset, res *analysis.Result) []charts.Detail {
	m := res.Manifest
	day := func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04") }
	d := []charts.Detail{
		{Name: "Run", Value: ds.Dir},
		{Name: "Expert", Value: m.Expert},
	}
	if m.Strategy != nil && m.Strategy.Name != "" {
		d = append(d, charts.Detail{Name: "Strategy", Value: m.Strategy.Name + " (" + m.Strategy.File + ")"})
	}
	d = append(d,
		charts.Detail{Name: "Data file", Value: fmt.Sprintf("%s (%d bars, %s to %s)", m.Data.Source, m.Data.Bars, day(m.Data.First), day(m.Data.Last))},
		charts.Detail{Name: "Symbol", Value: m.Symbol},
		charts.Detail{Name: "Timeframe", Value: m.Timeframe},
		charts.Detail{Name: "Back period", Value: day(m.Periods.BackFrom) + " to " + day(m.Periods.BackTo)})
	fwd := "none"
	if m.Periods.ForwardFrom != nil && m.Periods.ForwardTo != nil {
		fwd = fmt.Sprintf("%s to %s (%s)", day(*m.Periods.ForwardFrom), day(*m.Periods.ForwardTo), m.Periods.Forward)
	}
	d = append(d, charts.Detail{Name: "Forward period", Value: fwd})
	var space []string
	for _, p := range m.Space {
		if p.Optimize {
			space = append(space, fmt.Sprintf("%s = %g…%g step %g", p.Name, p.Start, p.Stop, p.Step))
		} else {
			space = append(space, fmt.Sprintf("%s = %g", p.Name, p.Value))
		}
	}
	if m.Constraint != "" {
		space = append(space, "where "+m.Constraint)
	}
	d = append(d, charts.Detail{Name: "Space", Value: strings.Join(space, "; ")})
	opt := m.Optimizer.Name
	var keys []string
	for k := range m.Optimizer.Options {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		opt += " " + k + "=" + m.Optimizer.Options[k]
	}
	if m.Optimizer.Budget > 0 {
		opt += fmt.Sprintf(", budget %d", m.Optimizer.Budget)
	}
	d = append(d,
		charts.Detail{Name: "Optimizer", Value: opt + ", objective " + m.Criterion},
		charts.Detail{Name: "Seed", Value: strconv.FormatInt(m.Optimizer.Seed, 10)},
		charts.Detail{Name: "Passes", Value: fmt.Sprintf("%d analyzed, %d left out by the filters", len(res.Passes), res.Filtered)})
	if m.Account != nil {
		d = append(d, charts.Detail{Name: "Account", Value: fmt.Sprintf("%s, deposit %s, leverage 1:%g",
			currency(m), charts.FormatValue(m.Account.Deposit, charts.Money), m.Account.Leverage)})
	}
	d = append(d, charts.Detail{Name: "Made", Value: fmt.Sprintf("%s by %s (%s)", day(m.Created), m.Program, m.Source)})
	return d
}

// tableCriteria are the criteria the page's table shows: analyze's default
// set (every criterion but the plain statistics), and the sort criterion.
func tableCriteria(res *analysis.Result, sortIdx int) []int {
	var idx []int
	for c, crit := range res.Criteria {
		if (crit.Kind != criteria.KindStatistic || c == sortIdx) && crit.Name != "profit" && crit.Name != "trades" {
			idx = append(idx, c)
		}
	}
	return idx
}

// passTable is the page's table: the best cfg.PageRows passes by the sort
// criterion, one row each.
func passTable(res *analysis.Result, cfg Config, sortIdx int, chartOf map[int]string) charts.PassTable {
	shown := shownInputs(res.Manifest)
	crits := tableCriteria(res, sortIdx)
	fwd := false
	for i := range res.Passes {
		fwd = fwd || res.Passes[i].HasForward
	}
	t := charts.PassTable{Total: len(res.Passes), Columns: []charts.TableColumn{{Name: "pass", Kind: charts.KindPass}}}
	for _, i := range shown {
		t.Columns = append(t.Columns, charts.TableColumn{Name: res.Manifest.Columns[i].Name, Kind: charts.KindInput})
	}
	t.Columns = append(t.Columns, charts.TableColumn{Name: "profit", Kind: charts.KindMoney},
		charts.TableColumn{Name: "trades", Kind: charts.KindCount})
	if fwd {
		t.Columns = append(t.Columns, charts.TableColumn{Name: "forward_profit", Kind: charts.KindMoney},
			charts.TableColumn{Name: "forward_trades", Kind: charts.KindCount})
	}
	sortName := res.Criteria[sortIdx].Name
	for _, c := range crits {
		t.Columns = append(t.Columns, charts.TableColumn{Name: res.Criteria[c].Name, Kind: charts.KindRatio,
			LowerIsBetter: res.Criteria[c].Direction == criteria.Min})
	}
	for k, col := range t.Columns {
		if col.Name == sortName {
			t.Sort, t.Desc = k, !col.LowerIsBetter
		}
	}
	rows := cfg.PageRows
	if rows == 0 {
		rows = DefaultPageRows
	}
	order := res.Sorted(sortIdx)
	if len(order) > rows {
		order = order[:rows]
	}
	nan := math.NaN()
	for _, i := range order {
		p := &res.Passes[i]
		row := make([]float64, 0, len(t.Columns))
		row = append(row, float64(p.Pass))
		for _, k := range shown {
			row = append(row, p.Params[k])
		}
		row = append(row, p.Profit, p.Trades)
		if fwd {
			if p.HasForward {
				row = append(row, p.ForwardProfit, p.ForwardTrades)
			} else {
				row = append(row, nan, nan)
			}
		}
		for _, c := range crits {
			if p.Available[c] {
				row = append(row, p.Values[c])
			} else {
				row = append(row, nan)
			}
		}
		t.Rows = append(t.Rows, row)
		if len(chartOf) > 0 {
			t.Charts = append(t.Charts, chartOf[i])
		}
	}
	return t
}

// cards are the distinct passes that are the best for some criterion (of
// those best mode draws) and have a chart, each once, with the criteria it
// wins, in the order of the criteria.
func cards(res *analysis.Result, cfg Config, jobs []job, chartOf map[int]string) []charts.Card {
	bestFile := map[string]string{} // best mode: criterion → its chart
	for _, j := range jobs {
		if j.crit != "" {
			bestFile[j.crit] = j.file
		}
	}
	var out []charts.Card
	at := map[int]int{} // pass index → its card
	shown := shownInputs(res.Manifest)
	for c, crit := range res.Criteria {
		if crit.Kind == criteria.KindStatistic && !cfg.AllCriteria {
			continue
		}
		b := res.Best(c)
		file, ok := chartOf[b]
		if b < 0 || !ok {
			continue
		}
		if named, ok := bestFile[crit.Name]; ok {
			file = named
		}
		win := charts.Win{Criterion: crit.Name, File: file}
		if k, seen := at[b]; seen {
			out[k].Wins = append(out[k].Wins, win)
			continue
		}
		p := &res.Passes[b]
		at[b] = len(out)
		out = append(out, charts.Card{File: file, Pass: p.Pass, Wins: []charts.Win{win},
			Inputs: inputText(res, shown, p, "  "), Values: textValues(res, p)})
	}
	return out
}
