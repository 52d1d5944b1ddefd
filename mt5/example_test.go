package mt5_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/mt5"
	"github.com/passframes/passframes/optimize"
)

// An optimization export with two passes, as MT5 writes it.
const exampleXML = `<?xml version="1.0"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
<DocumentProperties xmlns="urn:schemas-microsoft-com:office:office">
<Title>MovingAverage EURUSD,H1 2024.01.01-2024.12.31</Title><Deposit>10000 USD</Deposit><Leverage>1:100</Leverage>
</DocumentProperties>
<Worksheet ss:Name="Tester Optimizator Results"><Table>
<Row><Cell><Data ss:Type="String">Pass</Data></Cell><Cell><Data ss:Type="String">Result</Data></Cell><Cell><Data ss:Type="String">Profit</Data></Cell><Cell><Data ss:Type="String">Trades</Data></Cell><Cell><Data ss:Type="String">MovingPeriod</Data></Cell></Row>
<Row><Cell><Data ss:Type="Number">0</Data></Cell><Cell><Data ss:Type="Number">10250</Data></Cell><Cell><Data ss:Type="Number">250</Data></Cell><Cell><Data ss:Type="Number">20</Data></Cell><Cell><Data ss:Type="Number">10</Data></Cell></Row>
<Row><Cell><Data ss:Type="Number">1</Data></Cell><Cell><Data ss:Type="Number">9900</Data></Cell><Cell><Data ss:Type="Number">-100</Data></Cell><Cell><Data ss:Type="Number">25</Data></Cell><Cell><Data ss:Type="Number">12</Data></Cell></Row>
</Table></Worksheet></Workbook>
`

func ExampleImport() {
	dir, _ := os.MkdirTemp("", "mt5-example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "ReportOptimizer.xml")
	os.WriteFile(path, []byte(exampleXML), 0o644)

	kind, _ := mt5.Detect(path)
	fmt.Println(kind, kind.Source())
	runs, err := mt5.Import([]string{path}, filepath.Join(dir, "runs"), frames.New)
	if err != nil {
		fmt.Println(err)
		return
	}
	ds, _ := frames.Open(runs[0])
	for _, c := range ds.Manifest.Columns {
		fmt.Println(filepath.Base(runs[0]), c.Name, "integer:", c.Integer)
	}
	ds.Scan(func(f *frames.Frame) error {
		fmt.Println(f.Pass, f.Period, f.Params, "profit", f.Stats[2], "points", len(f.Balance))
		return nil
	})
	// Output:
	// optimization XML mt5-xml
	// MovingAverage.EURUSD.H1 MovingPeriod integer: true
	// 0 back [10] profit 250 points 0
	// 1 back [12] profit -100 points 0
}

func ExampleExportSet() {
	space := []optimize.Param{
		{Name: "MovingPeriod", Type: optimize.Int, Value: 12, Start: 10, Step: 2, Stop: 20, Optimize: true},
		{Name: "MaximumRisk", Type: optimize.Double, Value: 0.02, Start: 0.02, Stop: 0.02},
	}
	// The best pass had MovingPeriod 16. (.set lines end in CRLF, as MT5's.)
	var b strings.Builder
	mt5.ExportSet(&b, space, []float64{16, 0.02})
	fmt.Print(strings.ReplaceAll(b.String(), "\r\n", "\n"))
	// Output:
	// ; parameter set written by passframes
	// MovingPeriod=16||10||2||20||Y
	// MaximumRisk=0.02||0.02||0.0||0.02||N
}
