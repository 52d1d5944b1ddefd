package charts

import (
	"bytes"
	"encoding/json"
	"math"
	"regexp"
	"strings"
	"testing"
)

// samplePage is a small run page: three passes over two inputs, one card,
// a section with a table.
func samplePage() *RunPage {
	return &RunPage{
		Title: "Moving Average on EURUSD H1", RunID: "abc123",
		Details: []Detail{{"Symbol", "EURUSD"}, {"Data file", "bars/<eurusd>.csv"}},
		Table: PassTable{
			Columns: []TableColumn{{Name: "pass", Kind: KindPass}, {Name: "MovingPeriod", Kind: KindInput},
				{Name: "profit", Kind: KindMoney}, {Name: "r2", Kind: KindRatio}},
			Rows:   [][]float64{{1, 10, 120.5, 0.91}, {2, 20, -40, math.NaN()}, {3, 30, 300.25, 0.5}},
			Charts: []string{"1_a.png", "", "3 b&c.png"},
			Sort:   2, Desc: true, Total: 3,
		},
		Cards: []Card{{File: "r2+120.50.png", Pass: 1, Wins: []Win{{"r2", "r2+120.50.png"}, {"tssf", "tssf+120.50.png"}}, Inputs: "MovingPeriod=10",
			Values: []NamedValue{{"Profit", 120.5, Money}}}},
		Overviews: []string{"overview-heatmap-A-B.png"},
		Sections: []Section{{ID: "walkforward", Title: "Walk-forward", Images: []string{"../charts/walkforward/w 1.png"},
			Header: []string{"criterion", "oos_profit"}, Rows: [][]string{{"r2", "12.5000"}}}},
	}
}

func TestWriteRunPage(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteRunPage(&buf, samplePage()); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if got := PageRunID(buf.Bytes()); got != "abc123" {
		t.Errorf("run id read back as %q", got)
	}
	for _, want := range []string{
		"bars/&lt;eurusd&gt;.csv",               // details escaped
		`href="./r2&#43;120.50.png"`,            // card link, path-escaped then HTML-escaped
		`src="../charts/walkforward/w%201.png"`, // a section's picture, relative
		"<th>oos_profit</th>", "<td>12.5000</td>", `<a href="./tssf&#43;120.50.png"><b>tssf</b></a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "<script src") || strings.Contains(page, `<link rel="stylesheet"`) || strings.Contains(page, "http") {
		t.Error("the page fetches something: it must be self-contained")
	}
	// The embedded table: three rows, the NaN a null, the chart names escaped links.
	m := regexp.MustCompile(`const passTable = (.*);</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no embedded table")
	}
	var data struct {
		Columns []TableColumn
		Rows    [][]*float64
		Charts  []string
		Sort    int
		Desc    bool
		Total   int
	}
	if err := json.Unmarshal([]byte(m[1]), &data); err != nil {
		t.Fatalf("embedded table is not JSON: %v\n%s", err, m[1])
	}
	if len(data.Rows) != 3 || data.Rows[1][3] != nil || *data.Rows[2][2] != 300.25 || data.Sort != 2 || !data.Desc {
		t.Errorf("embedded table %+v", data)
	}
	if data.Charts[2] != "./3%20b&c.png" || data.Charts[1] != "" {
		t.Errorf("chart links %q", data.Charts)
	}
}

func TestPageRunIDOfOtherPages(t *testing.T) {
	for _, page := range []string{"", "<html><body>charts</body></html>", `<meta name="passframes-run" content="x`} {
		if got := PageRunID([]byte(page)); got != "" {
			t.Errorf("%q: run id %q", page, got)
		}
	}
}
