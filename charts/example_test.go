package charts_test

import (
	"bytes"
	"fmt"
	"image/png"
	"io"
	"log"
	"os"
	"path/filepath"

	"github.com/passframes/passframes/charts"
	"github.com/passframes/passframes/stats"
)

func ExampleBestName() {
	fmt.Println(charts.BestName("r2", 1234.5))
	fmt.Println(charts.BestName("tssf", -12))
	// Output:
	// r2+1234.50.png
	// tssf+-12.00.png
}

func ExampleAllName() {
	// Rank 7 of 1000 passes sorted by r2: pass 42, r2 0.9876, profit 1234.50.
	fmt.Println(charts.AllName(7, 1000, 0.9876, 1234.5, 42))
	// A profit factor with no losing trade, as the sort criterion.
	fmt.Println(charts.AllName(1, 1000, stats.MaxFloat, 80, 3))
	// Output:
	// 0007_0.9876+1234.50+42.png
	// 0001_inf+80.00+3.png
}

func ExampleFolderName() {
	fmt.Println(charts.FolderName("Moving Average", "EURUSD", "H1"))
	fmt.Println(charts.FolderName("my/ea", "XAU:USD", "M5"))
	// Output:
	// Moving Average.EURUSD.H1
	// my_ea.XAU_USD.M5
}

func ExampleFormatText() {
	lines := charts.FormatText([]charts.NamedValue{
		{Name: "profit", Value: 1234.5, Format: charts.Money},
		{Name: "trades", Value: 57, Format: charts.Count},
		{Name: "r2", Value: 0.912345, Format: charts.Ratio},
		{Name: "tssf", Value: 0, Format: charts.Ratio}, // zero: not shown
	}, stats.MaxFloat, 21.657)
	for _, l := range lines {
		fmt.Println(l)
	}
	// Output:
	// profit = 1234.50
	// trades = 57
	// r2 = 0.9123
	// Profitability = inf
	// Expected payoff = 21.66
}

func ExampleRenderPass() {
	dir, err := os.MkdirTemp("", "charts")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	// Five back points, then a forward part continued from the back's end.
	chart := &charts.PassChart{
		Title:       "Moving Average",
		Pass:        42,
		Balance:     []float64{10000, 10120, 10080, 10250, 10400, 10380, 10510},
		Equity:      []float64{10000, 10090, 10050, 10230, 10370, 10350, 10490},
		BackEnd:     4,
		ForwardMode: charts.ForwardContinued,
		RegBalance:  []float64{9996, 10092, 10188, 10284, 10380},
		Text:        charts.FormatText([]charts.NamedValue{{Name: "r2", Value: 0.91, Format: charts.Ratio}}, 2.5, 80),
		Width:       640,
		Height:      400,
	}
	path := filepath.Join(dir, charts.BestName("r2", 400))
	err = charts.WriteFileAtomic(path, func(w io.Writer) error { return charts.RenderPass(chart, w) })
	if err != nil {
		log.Fatal(err)
	}

	b, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(filepath.Base(path), img.Bounds().Dx(), img.Bounds().Dy())
	// Output: r2+400.00.png 640 400
}
