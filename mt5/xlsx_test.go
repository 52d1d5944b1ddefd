package mt5

import (
	"archive/zip"
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func zipOf(parts map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range parts {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	return buf.Bytes()
}

func TestXLSXRows(t *testing.T) {
	got, err := xlsxRows(buildXLSX([][]string{{"Expert:", "", "MA"}, {"", "3 000.00", "12.5", "true"}}), "r.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	want := []sheetRow{
		{Line: 1, Cells: []sheetCell{{Col: 0, Text: "Expert:", Line: 1}, {Col: 2, Text: "MA", Line: 1}}},
		{Line: 2, Cells: []sheetCell{{Col: 1, Text: "3 000.00", Line: 2}, {Col: 2, Text: "12.5", Line: 2}, {Col: 3, Text: "true", Line: 2}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows\n got %+v\nwant %+v", got, want)
	}
	// Inline strings, booleans and cells without references.
	sheet := `<worksheet><sheetData><row r="3"><c t="inlineStr"><is><t>a</t></is></c><c t="b"><v>1</v></c><c r="AA3"><v>7</v></c></row></sheetData></worksheet>`
	got, err = xlsxRows(zipOf(map[string]string{"xl/worksheets/sheet1.xml": sheet}), "r.xlsx")
	want = []sheetRow{{Line: 3, Cells: []sheetCell{{Col: 0, Text: "a", Line: 3}, {Col: 1, Text: "true", Line: 3}, {Col: 26, Text: "7", Line: 3}}}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("rows %+v, %v", got, err)
	}
}

func TestXLSXErrors(t *testing.T) {
	for name, c := range map[string]struct {
		b   []byte
		msg string
	}{
		"not a zip":     {[]byte("PK\x03\x04 truncated"), "not a readable XLSX"},
		"no worksheet":  {zipOf(map[string]string{"xl/workbook.xml": "<workbook/>"}), "no worksheet"},
		"shared string": {zipOf(map[string]string{"xl/worksheets/sheet1.xml": `<worksheet><sheetData><row r="2"><c t="s"><v>9</v></c></row></sheetData></worksheet>`}), "shared string"},
		"bad ref":       {zipOf(map[string]string{"xl/worksheets/sheet1.xml": `<worksheet><sheetData><row><c r="12"/></row></sheetData></worksheet>`}), "cell reference"},
		"malformed":     {zipOf(map[string]string{"xl/worksheets/sheet1.xml": `<worksheet><sheetData><row>`}), "malformed XML"},
	} {
		_, err := xlsxRows(c.b, "bad.xlsx")
		var fe *FormatError
		if !errors.As(err, &fe) || !strings.Contains(fe.Msg, c.msg) {
			t.Errorf("%s: error %v, want %q", name, err, c.msg)
		}
	}
}

func TestColumnOf(t *testing.T) {
	for ref, want := range map[string]int{"A1": 0, "Z9": 25, "AA10": 26, "AZ1": 51, "BA1": 52} {
		if got, err := columnOf(ref); err != nil || got != want {
			t.Errorf("columnOf(%s) = %d, %v; want %d", ref, got, err, want)
		}
		if colName(want)+"1" != strings.TrimRight(ref, "0123456789")+"1" {
			t.Errorf("colName(%d) = %s", want, colName(want))
		}
	}
}
