package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/passframes/passframes/frames"
)

func dealsCommand() *cli.Command {
	return &cli.Command{
		Name:      "deals",
		Usage:     "print the deals of one pass like MetaTrader 5's Deals table (the run must be collected with --deals)",
		ArgsUsage: "RUN_DIR PASS",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "period", Value: "all", Usage: "back, forward or all"},
			&cli.IntFlag{Name: "window", Usage: "walk-forward window (0 for a run without walk-forward)"},
		},
		Action: printDeals,
	}
}

func printDeals(c *cli.Context) error {
	if c.NArg() != 2 {
		return fmt.Errorf("want RUN_DIR PASS, got %d argument(s) (see analyze deals --help)", c.NArg())
	}
	dir := c.Args().Get(0)
	pass, err := strconv.ParseInt(c.Args().Get(1), 10, 64)
	if err != nil {
		return fmt.Errorf("PASS %q: want a pass number", c.Args().Get(1))
	}
	period := c.String("period")
	if period != "all" && period != frames.Back && period != frames.Forward {
		return fmt.Errorf("--period %q: want back, forward or all", period)
	}
	m, err := frames.ReadManifest(dir)
	if err != nil {
		return err
	}
	deals, err := frames.ReadDeals(dir, int32(c.Int("window")), pass)
	if errors.Is(err, frames.ErrNoDealsStored) {
		return fmt.Errorf("%w: collect it again with --deals to list its trades", err)
	}
	if err != nil {
		return err
	}
	if len(deals) == 0 {
		return fmt.Errorf("%s: pass %d (window %d) has no deals stored", dir, pass, c.Int("window"))
	}
	return writeDeals(c.App.Writer, m.Symbol, deals, period)
}

// writeDeals prints deals as MT5's Deals table: one row per deal with the
// balance after it, the reason as the comment, and per period the sums that
// equal the pass's profit.
func writeDeals(w io.Writer, symbol string, deals []frames.Deal, period string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "Time\tDeal\tSymbol\tType\tDirection\tVolume\tPrice\tCommission\tSwap\tProfit\tBalance\tComment\tPeriod\t")
	var last string
	var n int
	var commission, swap, profit float64
	total := func() {
		if last != "" {
			fmt.Fprintf(tw, "\t\t\t\t\t\t%s total\t%.2f\t%.2f\t%.2f\t%.2f\t\t\t\n", last, money(commission), money(swap), money(profit), money(commission+swap+profit))
		}
	}
	for _, d := range deals {
		if period != "all" && d.Period != period {
			continue
		}
		if d.Period != last {
			total()
			last, n, commission, swap, profit = d.Period, 0, 0, 0, 0
		}
		n++
		commission += d.Commission
		swap += d.Swap
		profit += d.Profit
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%g\t%g\t%.2f\t%.2f\t%.2f\t%.2f\t%s\t%s\t\n",
			time.UnixMilli(d.Time).UTC().Format("2006.01.02 15:04:05"), n, symbol, d.Type, d.Entry,
			d.Volume, d.Price, money(d.Commission), money(d.Swap), money(d.Profit), d.BalanceAfter, d.Reason, d.Period)
	}
	total()
	return tw.Flush()
}

// money turns a negative zero (a commission of 0 charged as −0) into 0 for printing.
func money(v float64) float64 { return v + 0 }
