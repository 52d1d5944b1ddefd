package charts

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"net/url"
	"path"
	"strings"
)

// RunPage is what the run page (index.html) shows.
type RunPage struct {
	Title string
	// RunID identifies the run the page belongs to (letters and digits
	// only); it is written into the page (PageRunID reads it back) so that a
	// folder holding one run's charts is never taken over by another run's.
	RunID   string
	Details []Detail
	Table   PassTable
	// Cards are the distinct passes drawn in best mode, each with the
	// criteria it is the best for.
	Cards []Card
	// Overviews are the overview charts' file names (relative to the page).
	Overviews []string
	// Sections are extra parts of the run (walk-forward, overfitting).
	Sections []Section
}

// Detail is one line of the run's description.
type Detail struct{ Name, Value string }

// Column kinds of a PassTable, which say how a cell prints.
const (
	KindPass  = "pass"  // the pass number
	KindInput = "input" // an input's value: as many digits as it has
	KindMoney = "money" // 2 decimals
	KindCount = "count" // an integer
	KindRatio = "ratio" // 4 decimals
)

// PassTable is the sortable, filterable table of passes.
type PassTable struct {
	Columns []TableColumn `json:"columns"`
	// Rows hold one value per column; NaN prints as an empty cell.
	Rows [][]float64 `json:"-"`
	// Charts, when not empty, is the chart file of each row ("" for none).
	Charts []string `json:"-"`
	// Sort is the column the table is first sorted by, Desc its direction.
	Sort int  `json:"sort"`
	Desc bool `json:"desc"`
	// Total is the number of passes in the run; the table may hold fewer
	// (the best by the sort column).
	Total int `json:"total"`
}

// TableColumn is a column of a PassTable.
type TableColumn struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
	// LowerIsBetter makes a first click on the header sort ascending.
	LowerIsBetter bool `json:"lower,omitempty"`
}

// Card is one distinct pass's chart on the page.
type Card struct {
	File   string
	Pass   int64
	Wins   []Win  // criteria this pass is the best for
	Inputs string // "Name=value  Name=value"
	Values []NamedValue
}

// Win is a criterion a card's pass is the best for, and the chart file
// named for it (the same picture under each criterion's name).
type Win struct{ Criterion, File string }

// Section is a titled group of pictures and, optionally, a table.
type Section struct {
	ID, Title string
	Images    []string // paths relative to the page
	Header    []string
	Rows      [][]string
	Note      string
}

// PageRunID finds the run identifier written into a run page, or "" when the
// page has none (not a run page, or one written before pages carried it).
func PageRunID(page []byte) string {
	const tag = `<meta name="passframes-run" content="`
	s := string(page)
	i := strings.Index(s, tag)
	if i < 0 {
		return ""
	}
	s = s[i+len(tag):]
	if j := strings.IndexByte(s, '"'); j >= 0 {
		return s[:j]
	}
	return ""
}

// WriteRunPage writes the run page: one self-contained HTML file that works
// offline, opened from disk. Its styles and script are inline and the pass
// table's data is embedded as JSON; pictures are linked by relative path
// (path-escaped, so any file name is safe). The table sorts by a click on a
// header and filters by conditions typed above it (see the page's help line).
func WriteRunPage(w io.Writer, p *RunPage) error {
	type win struct{ Criterion, Href string }
	type card struct {
		Card
		Href string
		Wins []win
		Rows []Detail
	}
	type section struct {
		Section
		Hrefs []string
	}
	type tableData struct {
		PassTable
		Rows   [][]*float64 `json:"rows"`
		Charts []string     `json:"charts,omitempty"`
	}
	td := tableData{PassTable: p.Table, Charts: p.Table.Charts}
	for _, r := range p.Table.Rows {
		row := make([]*float64, len(r))
		for i, v := range r {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				row[i] = &r[i]
			}
		}
		td.Rows = append(td.Rows, row)
	}
	for i := range td.Charts {
		if td.Charts[i] != "" {
			td.Charts[i] = href(td.Charts[i])
		}
	}
	page := struct {
		*RunPage
		Data      tableData
		Cards     []card
		Overviews []string
		Sections  []section
		Script    template.JS
		Style     template.CSS
	}{RunPage: p, Data: td, Script: template.JS(pageScript), Style: template.CSS(pageStyle)}
	for _, c := range p.Cards {
		cd := card{Card: c, Href: href(c.File)}
		for _, w := range c.Wins {
			cd.Wins = append(cd.Wins, win{w.Criterion, href(w.File)})
		}
		for _, v := range c.Values {
			cd.Rows = append(cd.Rows, Detail{v.Name, FormatValue(v.Value, v.Format)})
		}
		page.Cards = append(page.Cards, cd)
	}
	for _, o := range p.Overviews {
		page.Overviews = append(page.Overviews, href(o))
	}
	for _, s := range p.Sections {
		sec := section{Section: s}
		for _, im := range s.Images {
			sec.Hrefs = append(sec.Hrefs, href(im))
		}
		page.Sections = append(page.Sections, sec)
	}
	if err := runPage.Execute(w, page); err != nil {
		return fmt.Errorf("write run page: %w", err)
	}
	return nil
}

// href is a relative link to a file: each path element escaped.
func href(rel string) string {
	parts := strings.Split(path.Clean(strings.ReplaceAll(rel, "\\", "/")), "/")
	for i, p := range parts {
		if p != ".." {
			parts[i] = url.PathEscape(p)
		}
	}
	s := strings.Join(parts, "/")
	if !strings.HasPrefix(s, "..") {
		s = "./" + s
	}
	return s
}

var runPage = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="passframes-run" content="{{.RunID}}">
<title>{{.Title}}</title>
<style>{{.Style}}</style>
</head>
<body>
<header><h1>{{.Title}}</h1>
<nav><a href="#run">Run</a> · <a href="#passes">Passes</a>{{if .Cards}} · <a href="#best">Best passes</a>{{end}}{{if .Overviews}} · <a href="#overview">Overview</a>{{end}}{{range .Sections}} · <a href="#{{.ID}}">{{.Title}}</a>{{end}}</nav></header>
<section id="run"><h2>Run</h2>
<table class="details">
{{- range .Details}}<tr><th>{{.Name}}</th><td>{{.Value}}</td></tr>{{end}}
</table></section>
<section id="passes"><h2>Passes</h2>
<div class="tools"><label>Filter <input id="filter" type="search" size="40" placeholder="e.g. profit>0 r2>=0.9 MovingPeriod=20"></label>
<span id="count"></span> <span id="filter-error" class="error"></span></div>
<p class="help">Click a header to sort (again to reverse). A filter is conditions separated by spaces, each <code>column&gt;value</code> (also <code>&lt;</code>, <code>&gt;=</code>, <code>&lt;=</code>, <code>=</code>, <code>!=</code>) or text found anywhere in the row.</p>
<div class="scroll"><table id="pass-table" class="passes"><thead><tr></tr></thead><tbody></tbody></table></div>
</section>
{{- if .Cards}}
<section id="best"><h2>Best passes</h2>
<div class="grid">
{{- range .Cards}}
<div class="card"><a href="{{.Href}}"><img src="{{.Href}}" alt="chart of pass {{.Pass}}" loading="lazy"></a>
<div class="wins">Best for: {{range $i, $w := .Wins}}{{if $i}}, {{end}}<a href="{{$w.Href}}"><b>{{$w.Criterion}}</b></a>{{end}}</div>
<div class="caption">pass {{.Pass}} — {{.Inputs}}</div>
<table class="values">{{range .Rows}}<tr><td>{{.Name}}</td><td class="v">{{.Value}}</td></tr>{{end}}</table>
</div>
{{- end}}
</div></section>
{{- end}}
{{- if .Overviews}}
<section id="overview"><h2>Overview</h2>
{{- range .Overviews}}
<figure><a href="{{.}}"><img src="{{.}}" alt="{{.}}" loading="lazy"></a></figure>
{{- end}}
</section>
{{- end}}
{{- range .Sections}}
<section id="{{.ID}}"><h2>{{.Title}}</h2>
{{- if .Note}}<p class="help">{{.Note}}</p>{{end}}
{{- if .Header}}
<div class="scroll"><table class="passes section-table"><thead><tr>{{range .Header}}<th>{{.}}</th>{{end}}</tr></thead><tbody>
{{- range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>{{end}}
</tbody></table></div>
{{- end}}
{{- range .Hrefs}}
<figure><a href="{{.}}"><img src="{{.}}" alt="{{.}}" loading="lazy"></a></figure>
{{- end}}
</section>
{{- end}}
<script>const passTable = {{.Data}};</script>
<script>{{.Script}}</script>
</body>
</html>
`))

const pageStyle = `
body { font-family: system-ui, sans-serif; margin: 0 1rem 2rem; color: #222; }
header { position: sticky; top: 0; background: #fff; border-bottom: 1px solid #ddd; padding: .4rem 0; z-index: 1; }
h1 { font-size: 1.3rem; margin: .2rem 0; }
h2 { font-size: 1.1rem; margin-top: 1.5rem; }
nav a { color: #0550ae; }
table.details th { text-align: left; padding-right: 1rem; font-weight: 600; vertical-align: top; }
.tools { margin: .3rem 0; }
.help { font-size: .8rem; color: #555; }
.error { color: #b00020; }
.scroll { max-height: 70vh; overflow: auto; border: 1px solid #ddd; }
table.passes { border-collapse: collapse; font-size: .8rem; }
table.passes th { position: sticky; top: 0; background: #f3f3f3; cursor: pointer; padding: .25rem .5rem; white-space: nowrap; }
table.passes th.input { background: #e8eef8; }
table.passes th[aria-sort="ascending"]::after { content: " ▲"; }
table.passes th[aria-sort="descending"]::after { content: " ▼"; }
table.passes td { padding: .1rem .5rem; text-align: right; font-family: ui-monospace, monospace; }
table.passes tr:nth-child(even) td { background: #fafafa; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 1rem; }
.card { border: 1px solid #ddd; padding: .5rem; }
.card img, figure img { max-width: 100%; height: auto; }
.wins { font-size: .85rem; margin: .3rem 0; }
.caption { font-size: .8rem; color: #444; font-family: ui-monospace, monospace; }
table.values { font-size: .75rem; border-collapse: collapse; margin-top: .3rem; }
table.values td { padding: 0 .6rem 0 0; }
td.v { text-align: right; font-family: ui-monospace, monospace; }
figure { margin: .5rem 0; }
`

// pageScript sorts and filters the pass table. It is plain JavaScript, with
// no library: the charts are PNGs drawn by plot, so the page needs no
// charting code, and a table that sorts and filters is a few dozen lines that
// a library would turn into hundreds of kilobytes inside every page.
const pageScript = `
(function () {
  'use strict';
  var t = passTable, cols = t.columns;
  var table = document.getElementById('pass-table');
  var head = table.tHead.rows[0], body = table.tBodies[0];
  var filterBox = document.getElementById('filter');
  var count = document.getElementById('count'), filterError = document.getElementById('filter-error');
  var sortCol = t.sort, desc = t.desc;

  function fmt(v, kind) {
    if (v === null) return '';
    if (kind === 'pass' || kind === 'count') return String(Math.round(v));
    if (Math.abs(v) >= 1.7e308) return v > 0 ? 'inf' : '-inf';
    if (Math.abs(v) >= 1e12) return v.toExponential(3);
    if (kind === 'money') return v.toFixed(2);
    if (kind === 'input') return String(parseFloat(v.toPrecision(12)));
    return v.toFixed(4);
  }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }
  var index = {};
  cols.forEach(function (c, i) { index[c.name.toLowerCase()] = i; });
  var tests = {
    '<': function (a, b) { return a < b; }, '>': function (a, b) { return a > b; },
    '<=': function (a, b) { return a <= b; }, '>=': function (a, b) { return a >= b; },
    '=': function (a, b) { return a === b; }, '!=': function (a, b) { return a !== b; }
  };
  // parseFilter turns the box's text into a list of tests on a row, or
  // throws a message naming what it could not read.
  function parseFilter(text) {
    var out = [];
    text.trim().split(/\s+/).forEach(function (tok) {
      if (!tok) return;
      var m = /^([^<>=!]+)(<=|>=|!=|=|<|>)(.+)$/.exec(tok);
      if (!m) {
        var needle = tok.toLowerCase();
        out.push(function (row, text) { return text.indexOf(needle) >= 0; });
        return;
      }
      var c = index[m[1].toLowerCase()], want = parseFloat(m[3]), op = tests[m[2]];
      if (c === undefined) throw 'no column "' + m[1] + '"';
      if (isNaN(want)) throw '"' + m[3] + '" is not a number';
      out.push(function (row) {
        var v = row[c];
        if (v === null) return false;
        if (m[2] === '=' || m[2] === '!=') v = parseFloat(fmt(v, cols[c].kind));
        return op(v, want);
      });
    });
    return out;
  }
  var texts = t.rows.map(function (row) {
    return row.map(function (v, i) { return fmt(v, cols[i].kind); }).join(' ').toLowerCase();
  });

  function header() {
    head.innerHTML = cols.map(function (c, i) {
      var sort = i === sortCol ? (desc ? ' aria-sort="descending"' : ' aria-sort="ascending"') : '';
      return '<th data-col="' + i + '" class="' + c.kind + '"' + sort + ' title="sort by ' + esc(c.name) + '">' + esc(c.name) + '</th>';
    }).join('') + (t.charts ? '<th>chart</th>' : '');
  }
  function render() {
    var conds;
    try {
      conds = parseFilter(filterBox.value);
      filterError.textContent = '';
    } catch (msg) {
      filterError.textContent = msg;
      conds = [];
    }
    var rows = [];
    for (var i = 0; i < t.rows.length; i++) {
      var ok = true;
      for (var k = 0; k < conds.length && ok; k++) ok = conds[k](t.rows[i], texts[i]);
      if (ok) rows.push(i);
    }
    rows.sort(function (a, b) {
      var x = t.rows[a][sortCol], y = t.rows[b][sortCol];
      if (x === y) return t.rows[a][0] - t.rows[b][0];
      if (x === null) return 1; // empty cells last either way
      if (y === null) return -1;
      return desc ? y - x : x - y;
    });
    var html = [];
    rows.forEach(function (i) {
      var row = t.rows[i];
      var cells = row.map(function (v, c) { return '<td>' + esc(fmt(v, cols[c].kind)) + '</td>'; });
      if (t.charts) {
        var f = t.charts[i];
        cells.push(f ? '<td><a href="' + esc(f) + '">chart</a></td>' : '<td></td>');
      }
      html.push('<tr data-pass="' + row[0] + '">' + cells.join('') + '</tr>');
    });
    body.innerHTML = html.join('');
    count.textContent = rows.length + ' of ' + t.rows.length + ' rows' +
      (t.total > t.rows.length ? ' (the best ' + t.rows.length + ' of ' + t.total + ' passes)' : '');
    header();
  }
  head.addEventListener('click', function (e) {
    var th = e.target.closest('th[data-col]');
    if (!th) return;
    var c = +th.dataset.col;
    if (c === sortCol) desc = !desc;
    else {
      sortCol = c;
      var k = cols[c].kind;
      desc = (k === 'money' || k === 'ratio' || k === 'count') && !cols[c].lower;
    }
    render();
  });
  var timer;
  filterBox.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(render, 150);
  });
  render();
})();
`
