package mt5

import (
	"reflect"
	"testing"
)

func TestHTMLRows(t *testing.T) {
	doc := "<html><STYLE>td { x: '<tr><td>no</td></tr>' }</STYLE>\n" +
		"<!-- <tr><td>comment</td></tr> -->\n" +
		"<table><TR><TD colspan=\"3\">Gross&nbsp;Profit:</TD><td><b>2&#32;554.00</b></td></tr>\n" +
		"<tr><td>a<br>b</td><td colspan=2>c\n   d</td><td>e\n" + // cells and a row left open
		"<tr><td COLSPAN='4'></td><td>x</td></tr></table>"
	got := htmlRows(doc)
	want := []sheetRow{
		{Line: 3, Cells: []sheetCell{{Col: 0, Text: "Gross Profit:", Line: 3}, {Col: 3, Text: "2 554.00", Line: 3}}},
		{Line: 4, Cells: []sheetCell{{Col: 0, Text: "a b", Line: 4}, {Col: 1, Text: "c d", Line: 4}, {Col: 3, Text: "e", Line: 5}}},
		{Line: 6, Cells: []sheetCell{{Col: 0, Text: "", Line: 6}, {Col: 4, Text: "x", Line: 6}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows\n got %+v\nwant %+v", got, want)
	}
	// Unterminated markup ends the document without a panic.
	for _, s := range []string{"<tr><td>x", "<tr><td", "<!-- open", "<style>open", "<", ""} {
		htmlRows(s)
	}
}
