package mt5

import (
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
)

// spreadsheetNS is the namespace of SpreadsheetML (Excel 2003 XML), the
// format of MT5's optimization export.
const spreadsheetNS = "urn:schemas-microsoft-com:office:spreadsheet"

// optSheetName is the worksheet MT5 writes its optimization results to.
const optSheetName = "Tester Optimizator Results"

// sheet is the first worksheet of a SpreadsheetML workbook (the one named
// optSheetName when there are several) and its document properties.
type sheet struct {
	Props map[string]string // DocumentProperties: Title, Deposit, Leverage, ...
	Name  string
	Rows  []sheetRow
}

// sheetRow is one row: its line in the file and its cells by column.
type sheetRow struct {
	Line  int
	Cells []sheetCell
}

type sheetCell struct {
	Col  int // 0-based
	Text string
	Line int
}

// at returns the text of the cell in column col ("" when the row has none).
func (r sheetRow) at(col int) (string, bool) {
	for _, c := range r.Cells {
		if c.Col == col {
			return c.Text, true
		}
	}
	return "", false
}

// maxSheetCols bounds ss:Index so that a corrupt file cannot make a row
// absurdly wide.
const maxSheetCols = 1 << 16

// parseSpreadsheet reads a SpreadsheetML workbook. file names it in errors.
func parseSpreadsheet(b []byte, file string) (*sheet, error) {
	text, err := decodeText(b)
	if err != nil {
		return nil, lineError(file, 1, "%v", err)
	}
	d := xml.NewDecoder(strings.NewReader(text))
	// The text is UTF-8 by now, whatever the declaration says.
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	p := sheetParser{d: d, file: file, sh: &sheet{Props: map[string]string{}}}
	if err := p.run(); err != nil {
		return nil, err
	}
	return p.sh, nil
}

// sheetParser walks the XML tokens of a workbook.
type sheetParser struct {
	d    *xml.Decoder
	file string
	sh   *sheet

	sawRoot bool
	inProps bool
	prop    string // DocumentProperties child being read
	sheets  int    // worksheets seen
	keep    bool   // rows of the current worksheet are kept
	row     *sheetRow
	col     int // column of the next cell
	cell    *sheetCell
	text    strings.Builder
	inData  bool
}

func (p *sheetParser) line() int {
	l, _ := p.d.InputPos()
	return l
}

func (p *sheetParser) run() error {
	for {
		tok, err := p.d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return lineError(p.file, se.Line, "malformed XML: %s", se.Msg)
			}
			return lineError(p.file, p.line(), "malformed XML: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := p.start(t); err != nil {
				return err
			}
		case xml.EndElement:
			p.end(t)
		case xml.CharData:
			if p.inData || p.prop != "" {
				p.text.Write(t)
			}
		}
	}
	if !p.sawRoot {
		return lineError(p.file, p.line(), "no Workbook element: not a SpreadsheetML file")
	}
	if p.sheets == 0 {
		return lineError(p.file, p.line(), "the workbook has no Worksheet")
	}
	return nil
}

func (p *sheetParser) start(t xml.StartElement) error {
	name := t.Name.Local
	if !p.sawRoot {
		if name != "Workbook" {
			return lineError(p.file, p.line(), "root element <%s>, want <Workbook> (SpreadsheetML)", name)
		}
		p.sawRoot = true
		return nil
	}
	switch {
	case p.inProps:
		p.prop = name
		p.text.Reset()
	case name == "DocumentProperties":
		p.inProps = true
	case name == "Worksheet":
		p.sheets++
		sheetName := attr(t, "Name")
		// Keep the first worksheet, unless a later one is MT5's by name.
		if p.sheets == 1 || (sheetName == optSheetName && p.sh.Name != optSheetName) {
			p.keep = true
			p.sh.Name, p.sh.Rows = sheetName, nil
		}
	case !p.keep:
	case name == "Row":
		p.sh.Rows = append(p.sh.Rows, sheetRow{Line: p.line()})
		p.row, p.col = &p.sh.Rows[len(p.sh.Rows)-1], 0
	case name == "Cell" && p.row != nil:
		if s := attr(t, "Index"); s != "" {
			i, err := strconv.Atoi(s)
			if err != nil || i < 1 || i > maxSheetCols || i-1 < p.col {
				return lineError(p.file, p.line(), "cell index %q is not a column after the previous cell", s)
			}
			p.col = i - 1
		}
		p.row.Cells = append(p.row.Cells, sheetCell{Col: p.col, Line: p.line()})
		p.cell = &p.row.Cells[len(p.row.Cells)-1]
		p.col++
		if s := attr(t, "MergeAcross"); s != "" {
			if n, err := strconv.Atoi(s); err == nil && n > 0 && n < maxSheetCols {
				p.col += n
			}
		}
		if p.col > maxSheetCols {
			return lineError(p.file, p.line(), "row with more than %d columns", maxSheetCols)
		}
	case name == "Data" && p.cell != nil:
		p.inData = true
		p.text.Reset()
	}
	return nil
}

func (p *sheetParser) end(t xml.EndElement) {
	switch name := t.Name.Local; {
	case p.inProps && name == "DocumentProperties":
		p.inProps = false
	case p.inProps && name == p.prop:
		p.sh.Props[p.prop] = strings.TrimSpace(p.text.String())
		p.prop = ""
	case name == "Data" && p.inData:
		p.cell.Text = strings.TrimSpace(p.text.String())
		p.inData = false
	case name == "Cell":
		p.cell = nil
	case name == "Row":
		p.row, p.cell = nil, nil
	case name == "Worksheet":
		p.keep = false
	}
}

// attr returns the value of an attribute by local name, in any namespace.
func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
