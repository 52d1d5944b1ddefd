package mt5

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// maxXLSXPart bounds how much of one workbook part is read, so that a
// corrupt or hostile archive cannot exhaust memory.
const maxXLSXPart = 256 << 20

// xlsxRows reads the rows of the first worksheet of an Excel workbook (MT5's
// "Save as Report (Excel)"), as the HTML reader gives them: each row with
// its cells by column. A row's Line is its row number in the worksheet.
func xlsxRows(b []byte, file string) ([]sheetRow, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, offsetError(file, 0, "not a readable XLSX (zip) file: %v", err)
	}
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[f.Name] = f
	}
	sheet, err := firstSheet(parts, file)
	if err != nil {
		return nil, err
	}
	var shared []string
	if f, ok := parts["xl/sharedStrings.xml"]; ok {
		if shared, err = readSharedStrings(f, file); err != nil {
			return nil, err
		}
	}
	return readXLSXSheet(sheet, shared, file)
}

// readPart reads a part of the archive, at most maxXLSXPart bytes.
func readPart(f *zip.File, file string) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("read %s: %s: %w", file, f.Name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxXLSXPart+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %s: %w", file, f.Name, err)
	}
	if len(b) > maxXLSXPart {
		return nil, fmt.Errorf("read %s: %s is larger than %d MB", file, f.Name, maxXLSXPart>>20)
	}
	return b, nil
}

// firstSheet finds the workbook's first worksheet through workbook.xml and
// its relationships, or falls back to xl/worksheets/sheet1.xml.
func firstSheet(parts map[string]*zip.File, file string) (*zip.File, error) {
	if f, ok := parts[sheetTarget(parts, file)]; ok {
		return f, nil
	}
	if f, ok := parts["xl/worksheets/sheet1.xml"]; ok {
		return f, nil
	}
	return nil, offsetError(file, 0, "the XLSX file has no worksheet (xl/worksheets/sheet1.xml)")
}

// sheetTarget returns the part name of the first sheet listed in
// xl/workbook.xml, or "" when it cannot be told.
func sheetTarget(parts map[string]*zip.File, file string) string {
	wb, ok1 := parts["xl/workbook.xml"]
	rels, ok2 := parts["xl/_rels/workbook.xml.rels"]
	if !ok1 || !ok2 {
		return ""
	}
	var w struct {
		Sheets []struct {
			ID string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var r struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	b1, err1 := readPart(wb, file)
	b2, err2 := readPart(rels, file)
	if err1 != nil || err2 != nil || xml.Unmarshal(b1, &w) != nil || xml.Unmarshal(b2, &r) != nil || len(w.Sheets) == 0 {
		return ""
	}
	for _, rel := range r.Rels {
		if rel.ID == w.Sheets[0].ID {
			t := rel.Target
			if strings.HasPrefix(t, "/") {
				return strings.TrimPrefix(t, "/")
			}
			return path.Join("xl", t)
		}
	}
	return ""
}

// readSharedStrings reads the shared string table (each <si>, rich text
// runs joined).
func readSharedStrings(f *zip.File, file string) ([]string, error) {
	b, err := readPart(f, file)
	if err != nil {
		return nil, err
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	var out []string
	var cur strings.Builder
	inSI, inT := false, false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %s: malformed XML: %w", file, f.Name, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				inSI = true
				cur.Reset()
			case "t":
				inT = inSI
			case "rPh": // phonetic runs are not part of the text
				if err := d.Skip(); err != nil {
					return nil, fmt.Errorf("read %s: %s: malformed XML: %w", file, f.Name, err)
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				out = append(out, cur.String())
				inSI = false
			case "t":
				inT = false
			}
		case xml.CharData:
			if inT {
				cur.Write(t)
			}
		}
	}
}

// readXLSXSheet reads a worksheet's rows and cells.
func readXLSXSheet(f *zip.File, shared []string, file string) ([]sheetRow, error) {
	b, err := readPart(f, file)
	if err != nil {
		return nil, err
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	var rows []sheetRow
	var row *sheetRow
	var cell *sheetCell
	var cellType string
	var text strings.Builder
	inValue := false
	fail := func(format string, args ...any) error {
		line := 1
		if row != nil {
			line = row.Line
		}
		return lineError(file, line, "worksheet row: "+format, args...)
	}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, fail("malformed XML in %s: %v", f.Name, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				n := len(rows) + 1
				if s := attr(t, "r"); s != "" {
					if n, err = strconv.Atoi(s); err != nil || n < 1 {
						return nil, fail("row number %q", s)
					}
				}
				rows = append(rows, sheetRow{Line: n})
				row = &rows[len(rows)-1]
			case "c":
				if row == nil {
					return nil, fail("a cell outside a row")
				}
				col := len(row.Cells)
				if len(row.Cells) > 0 {
					col = row.Cells[len(row.Cells)-1].Col + 1
				}
				if ref := attr(t, "r"); ref != "" {
					if col, err = columnOf(ref); err != nil {
						return nil, fail("cell reference %q: %v", ref, err)
					}
				}
				row.Cells = append(row.Cells, sheetCell{Col: col, Line: row.Line})
				cell, cellType = &row.Cells[len(row.Cells)-1], attr(t, "t")
				text.Reset()
			case "v", "t":
				inValue = cell != nil
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v", "t":
				inValue = false
			case "c":
				if cell != nil {
					s, err := cellText(text.String(), cellType, shared)
					if err != nil {
						return nil, fail("%v", err)
					}
					cell.Text = strings.Join(strings.Fields(s), " ")
				}
				cell = nil
			case "row":
				row, cell = nil, nil
			}
		case xml.CharData:
			if inValue {
				text.Write(t)
			}
		}
	}
}

// cellText resolves a cell's value by its type: a shared string index, a
// boolean, or the text as stored (numbers, inline and formula strings).
func cellText(v, typ string, shared []string) (string, error) {
	switch typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= len(shared) {
			return "", fmt.Errorf("shared string %q does not exist", v)
		}
		return shared[i], nil
	case "b":
		if strings.TrimSpace(v) == "1" {
			return "true", nil
		}
		return "false", nil
	}
	return v, nil
}

// columnOf returns the 0-based column of a cell reference such as "AB12".
func columnOf(ref string) (int, error) {
	col, n := 0, 0
	for n < len(ref) && ref[n] >= 'A' && ref[n] <= 'Z' {
		col = col*26 + int(ref[n]-'A') + 1
		n++
		if col > maxSheetCols {
			return 0, errors.New("column out of range")
		}
	}
	if n == 0 {
		return 0, errors.New("no column letters")
	}
	return col - 1, nil
}
