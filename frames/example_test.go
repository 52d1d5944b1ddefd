package frames_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/stats"
)

// Write a run of two passes with their deals, then read it back.
func Example() {
	dir, err := os.MkdirTemp("", "run")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	run := filepath.Join(dir, "MovingAverage.EURUSD.H1")
	m := &frames.Manifest{Format: frames.FormatVersion, Source: "collect", Expert: "MovingAverage",
		Symbol: "EURUSD", Timeframe: "H1", Columns: []frames.Column{{Name: "MovingPeriod", Integer: true}},
		EquityMode: "min_max", Deals: true}
	w, _, err := frames.Create(run, m, frames.New)
	if err != nil {
		log.Fatal(err)
	}
	for pass := int64(0); pass < 2; pass++ {
		f := &frames.Frame{Pass: pass, Period: frames.Back, Params: []float64{float64(10 + pass)},
			EquityMode: "min_max", Time: []int64{0, 3_600_000}, Balance: []float64{10000, 10000.1 + float64(pass)},
			Equity: []float64{10000, 10000.1 + float64(pass)}}
		f.Stats[stats.InitialDeposit] = 10000
		f.Stats[stats.Profit] = 0.1 + float64(pass) // 0.1 and 1.1: sums of cents, stored as cents
		f.Stats[stats.Deals], f.Stats[stats.Trades] = 2, 1
		deals := []frames.Deal{
			{Pass: pass, Period: frames.Back, Time: 0, Type: frames.Buy, Entry: frames.In, Volume: 0.1, Price: 1.1, BalanceAfter: 10000, Reason: "signal"},
			{Pass: pass, Period: frames.Back, Time: 3_600_000, Type: frames.Sell, Entry: frames.Out, Volume: 0.1, Price: 1.1,
				Profit: f.Stats[stats.Profit], BalanceAfter: f.Balance[1], Reason: "end"},
		}
		if err := w.WritePassDeals(deals, f); err != nil {
			log.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}

	ds, err := frames.Open(run)
	if err != nil {
		log.Fatal(err)
	}
	err = ds.Scan(func(f *frames.Frame) error {
		fmt.Printf("pass %d %s MovingPeriod=%g profit %g, %g trades\n", f.Pass, f.Period, f.Params[0], f.Stats[stats.Profit], f.Stats[stats.Trades])
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	deals, err := frames.ReadDeals(run, 0, 1)
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range deals {
		fmt.Printf("deal %s %s %g at %g, profit %g (%s)\n", d.Type, d.Entry, d.Volume, d.Price, d.Profit, d.Reason)
	}
	// Output:
	// pass 0 back MovingPeriod=10 profit 0.1, 1 trades
	// pass 1 back MovingPeriod=11 profit 1.1, 1 trades
	// deal buy in 0.1 at 1.1, profit 0 (signal)
	// deal sell out 0.1 at 1.1, profit 1.1 (end)
}
