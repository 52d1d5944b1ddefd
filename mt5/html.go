package mt5

import (
	"bytes"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxColspan bounds a cell's colspan so that a corrupt file cannot make a
// row absurdly wide.
const maxColspan = 1000

// htmlRows reads the table rows of an HTML document with golang.org/x/net/html's
// tokenizer: every <tr> with its <td>/<th> cells, placed in columns by their
// colspan, with the text of each cell (tags dropped, entities decoded, white
// space collapsed) and the line each row and cell starts on, for errors. It
// does not build a DOM: MT5's reports are plain tables, and a report of
// thousands of deals stays a stream of tokens.
func htmlRows(s string) []sheetRow {
	r := htmlReader{z: html.NewTokenizer(strings.NewReader(s)), line: 1}
	r.run()
	return r.rows
}

type htmlReader struct {
	z    *html.Tokenizer
	line int // line of the current token's first byte

	rows   []sheetRow
	row    *sheetRow
	col    int
	cell   *sheetCell
	text   strings.Builder
	inCell bool
}

func (r *htmlReader) run() {
	for {
		tt := r.z.Next()
		if tt == html.ErrorToken { // io.EOF, or markup cut short: the document ends
			break
		}
		line := r.line
		r.line += bytes.Count(r.z.Raw(), []byte{'\n'})
		switch tt {
		case html.TextToken:
			if r.inCell {
				r.text.Write(r.z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			r.start(line)
		case html.EndTagToken:
			r.end()
		}
	}
	r.endRow()
}

func (r *htmlReader) start(line int) {
	name, hasAttr := r.z.TagName()
	switch atom.Lookup(name) {
	case atom.Tr:
		r.endRow()
		r.rows = append(r.rows, sheetRow{Line: line})
		r.row, r.col = &r.rows[len(r.rows)-1], 0
	case atom.Td, atom.Th:
		r.endCell()
		if r.row != nil {
			r.startCell(r.colspan(hasAttr), line)
		}
	case atom.Table:
		r.endRow()
	case atom.Br:
		if r.inCell {
			r.text.WriteByte(' ')
		}
	}
}

func (r *htmlReader) end() {
	name, _ := r.z.TagName()
	switch atom.Lookup(name) {
	case atom.Tr, atom.Table:
		r.endRow()
	case atom.Td, atom.Th:
		r.endCell()
	}
}

// colspan reads the current tag's colspan (1 when absent or unreadable).
func (r *htmlReader) colspan(hasAttr bool) int {
	span := 1
	for hasAttr {
		var key, val []byte
		key, val, hasAttr = r.z.TagAttr()
		if string(key) == "colspan" {
			if n, err := strconv.Atoi(strings.TrimSpace(string(val))); err == nil && n > 1 {
				span = min(n, maxColspan)
			}
		}
	}
	return span
}

func (r *htmlReader) startCell(span, line int) {
	r.row.Cells = append(r.row.Cells, sheetCell{Col: r.col, Line: line})
	r.cell = &r.row.Cells[len(r.row.Cells)-1]
	r.col += span
	r.inCell = true
	r.text.Reset()
}

func (r *htmlReader) endCell() {
	if !r.inCell {
		return
	}
	r.cell.Text = strings.Join(strings.Fields(r.text.String()), " ")
	r.inCell, r.cell = false, nil
}

func (r *htmlReader) endRow() {
	r.endCell()
	r.row = nil
}
