package cliutil

import (
	"math"

	"github.com/urfave/cli/v2"

	"github.com/passframes/passframes/criteria"
)

// Flags more than one command takes, declared once so that their names,
// defaults and help read the same everywhere. Each call returns a new flag:
// urfave/cli keeps parsed state in the flag value.

// RunsFlag is --runs, where the most recent run is looked for.
func RunsFlag() cli.Flag {
	return &cli.StringFlag{Name: "runs", Value: "runs", Usage: "folder searched for the most recent run when no RUN_DIR is given"}
}

// ByFlag is --by, the series of the regression criteria.
func ByFlag() cli.Flag {
	return &cli.StringFlag{Name: "by", Value: criteria.ByBalance, Usage: "series the regression criteria use: balance or equity"}
}

// RatioFlag is --ratio, the weight of the weighted criteria.
func RatioFlag() cli.Flag {
	return &cli.Float64Flag{Name: "ratio", Value: 1, Usage: "weight of the weighted criteria (profit_R_equity_r2 and its siblings)"}
}

// MinProfitPctFlag is --min-profit-pct, a filter on back profit.
func MinProfitPctFlag() cli.Flag {
	return &cli.Float64Flag{Name: "min-profit-pct", Usage: "leave out passes whose back profit is below this % of the deposit", DefaultText: "keep every pass"}
}

// MinTradesFlag is --min-trades, a filter on back trades.
func MinTradesFlag() cli.Flag {
	return &cli.Float64Flag{Name: "min-trades", Usage: "leave out passes with fewer back trades"}
}

// QuietFlag is --quiet (-q); usage says what the command still does.
func QuietFlag(usage string) cli.Flag {
	return &cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: usage}
}

// WorkersFlag is --workers; usage says what the workers do.
func WorkersFlag(usage string) cli.Flag {
	return &cli.IntFlag{Name: "workers", Usage: usage, DefaultText: "every core"}
}

// AnalysisFlags are the flags that decide an analysis: --by, --ratio,
// --min-profit-pct and --min-trades.
func AnalysisFlags() []cli.Flag {
	return []cli.Flag{ByFlag(), RatioFlag(), MinProfitPctFlag(), MinTradesFlag()}
}

// AnalysisChoices are the values of AnalysisFlags, checked.
type AnalysisChoices struct {
	Criteria     criteria.Options
	MinTrades    float64
	MinProfitPct *float64 // nil: not given
}

// Analysis reads and checks AnalysisFlags; a wrong value is a usage error
// naming its flag.
func Analysis(c *cli.Context) (AnalysisChoices, error) {
	a := AnalysisChoices{Criteria: criteria.Options{By: c.String("by"), Ratio: c.Float64("ratio")},
		MinTrades: c.Float64("min-trades")}
	if _, err := criteria.NewEvaluator(a.Criteria, nil); err != nil {
		flag := "--by"
		if a.Criteria.By == criteria.ByBalance || a.Criteria.By == criteria.ByEquity {
			flag = "--ratio"
		}
		return a, Usagef("%s: %v", flag, err)
	}
	if !finite(a.MinTrades) {
		return a, Usagef("--min-trades %v: want a finite number", a.MinTrades)
	}
	if c.IsSet("min-profit-pct") {
		v := c.Float64("min-profit-pct")
		if !finite(v) {
			return a, Usagef("--min-profit-pct %v: want a finite number", v)
		}
		a.MinProfitPct = &v
	}
	return a, nil
}

// Workers reads --workers: 0 (every core) or a positive count.
func Workers(c *cli.Context) (int, error) {
	n := c.Int("workers")
	if n < 0 {
		return 0, Usagef("--workers %d: want a positive count (or 0 for every core)", n)
	}
	return n, nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
