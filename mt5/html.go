package mt5

import (
	"html"
	"regexp"
	"strconv"
	"strings"
)

// maxColspan bounds a cell's colspan so that a corrupt file cannot make a
// row absurdly wide.
const maxColspan = 1000

var colspanAttr = regexp.MustCompile(`(?i)\bcolspan\s*=\s*["']?(\d+)`)

// htmlRows reads the table rows of an HTML document: every <tr> with its
// <td>/<th> cells, placed in columns by their colspan, with the text of each
// cell (tags dropped, entities decoded, white space collapsed). It is made
// for MT5's reports, which are plain tables; it does not build a DOM.
func htmlRows(s string) []sheetRow {
	t := htmlTokenizer{s: s, line: 1}
	t.run()
	return t.rows
}

type htmlTokenizer struct {
	s    string
	pos  int
	line int

	rows   []sheetRow
	row    *sheetRow
	col    int
	cell   *sheetCell
	text   strings.Builder
	inCell bool
}

// advance moves to position p, counting the lines passed.
func (t *htmlTokenizer) advance(p int) {
	t.line += strings.Count(t.s[t.pos:p], "\n")
	t.pos = p
}

func (t *htmlTokenizer) run() {
	for t.pos < len(t.s) {
		lt := strings.IndexByte(t.s[t.pos:], '<')
		if lt < 0 {
			t.addText(t.s[t.pos:])
			t.advance(len(t.s))
			break
		}
		t.addText(t.s[t.pos : t.pos+lt])
		t.advance(t.pos + lt)
		t.tag()
	}
	t.endRow()
}

func (t *htmlTokenizer) addText(s string) {
	if t.inCell {
		t.text.WriteString(s)
	}
}

// tag handles the markup at t.pos ('<').
func (t *htmlTokenizer) tag() {
	rest := t.s[t.pos:]
	if strings.HasPrefix(rest, "<!--") {
		t.skipPast("-->", 4)
		return
	}
	gt := strings.IndexByte(rest, '>')
	if gt < 0 {
		t.advance(len(t.s))
		return
	}
	body := rest[1:gt]
	line := t.line
	t.advance(t.pos + gt + 1)
	closing := strings.HasPrefix(body, "/")
	body = strings.TrimPrefix(body, "/")
	n := 0
	for n < len(body) && (body[n] >= 'a' && body[n] <= 'z' || body[n] >= 'A' && body[n] <= 'Z' || body[n] >= '0' && body[n] <= '9') {
		n++
	}
	name := strings.ToLower(body[:n])
	switch name {
	case "style", "script":
		if !closing {
			t.skipPast("</"+name, 0)
		}
	case "tr":
		t.endRow()
		if !closing {
			t.rows = append(t.rows, sheetRow{Line: line})
			t.row, t.col = &t.rows[len(t.rows)-1], 0
		}
	case "td", "th":
		t.endCell()
		if !closing && t.row != nil {
			t.startCell(body[n:], line)
		}
	case "table":
		t.endRow()
	case "br":
		t.addText(" ")
	}
}

// skipPast moves past the next occurrence of end (ASCII, any case), or to
// the end of the text.
func (t *htmlTokenizer) skipPast(end string, from int) {
	rest := t.s[t.pos+from:]
	for i := 0; i+len(end) <= len(rest); i++ {
		j := strings.IndexByte(rest[i:], end[0])
		if j < 0 {
			break
		}
		i += j
		if i+len(end) <= len(rest) && strings.EqualFold(rest[i:i+len(end)], end) {
			t.advance(t.pos + from + i + len(end))
			return
		}
	}
	t.advance(len(t.s))
}

func (t *htmlTokenizer) startCell(attrs string, line int) {
	span := 1
	if m := colspanAttr.FindStringSubmatch(attrs); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil && n > 1 {
			span = min(n, maxColspan)
		}
	}
	t.row.Cells = append(t.row.Cells, sheetCell{Col: t.col, Line: line})
	t.cell = &t.row.Cells[len(t.row.Cells)-1]
	t.col += span
	t.inCell = true
	t.text.Reset()
}

func (t *htmlTokenizer) endCell() {
	if !t.inCell {
		return
	}
	t.cell.Text = strings.Join(strings.Fields(html.UnescapeString(t.text.String())), " ")
	t.inCell, t.cell = false, nil
}

func (t *htmlTokenizer) endRow() {
	t.endCell()
	t.row = nil
}
