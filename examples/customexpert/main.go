// Command customexpert shows how a program outside passframes adds its own
// expert, written in Go, and optimizes it like a built-in one: it registers
// the expert with experts.Register and runs a collect optimization through
// the collect package. The run directory it writes is an ordinary one, so
// analyze and plot read it unchanged.
//
//	go run ./examples/customexpert -out runs -param Period=10:60:10 -param Exit=5:30:5
//	analyze runs/Donchian.SAMPLE.H1
//
// A program in another module does the same after
// `go get github.com/passframes/passframes`.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/passframes/passframes/collect"
	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/data"
	"github.com/passframes/passframes/experts"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/tester"
)

// Donchian buys when the last close breaks above the highest high of the
// Period bars before it and closes when it falls below the lowest low of the
// last Exit bars. It reads bars through the Context only, which refuses
// bars that have not completed, so it cannot look ahead.
type Donchian struct {
	Period, Exit int
}

// OnBar implements tester.Expert.
func (d *Donchian) OnBar(c *tester.Context) {
	if c.Bars() < max(d.Period, d.Exit)+1 {
		return
	}
	last := c.Close(1)
	switch pos := c.Position(); {
	case pos.Dir == 0 && last > highest(c, d.Period):
		c.Buy(0.1, 0, 0)
	case pos.Dir > 0 && last < lowest(c, d.Exit):
		c.ClosePosition()
	}
}

// highest is the highest high of the n bars before the last completed one.
func highest(c *tester.Context, n int) float64 {
	h := c.High(2)
	for s := 3; s <= n+1; s++ {
		h = max(h, c.High(s))
	}
	return h
}

// lowest is the lowest low of the n bars before the last completed one.
func lowest(c *tester.Context, n int) float64 {
	l := c.Low(2)
	for s := 3; s <= n+1; s++ {
		l = min(l, c.Low(s))
	}
	return l
}

// donchianDef declares the expert's inputs and how to build one pass.
var donchianDef = experts.Def{
	Name:        "Donchian",
	Description: "close breaks the Period-bar high: buy 0.1 lots; close under the Exit-bar low",
	Params: []optimize.Decl{
		{Name: "Period", Default: 20, Type: optimize.Int},
		{Name: "Exit", Default: 10, Type: optimize.Int},
	},
	Demo: []string{"Period=10:60:10", "Exit=5:30:5"},
	New: func(env *tester.Env, v []float64) (tester.Expert, error) {
		if v[0] < 1 || v[1] < 1 {
			return nil, fmt.Errorf("inputs Period and Exit must be >= 1, got %g and %g", v[0], v[1])
		}
		return &Donchian{Period: int(v[0]), Exit: int(v[1])}, nil
	},
}

type paramFlags []string

func (p *paramFlags) String() string     { return strings.Join(*p, " ") }
func (p *paramFlags) Set(s string) error { *p = append(*p, s); return nil }

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "customexpert:", err)
		os.Exit(1)
	}
}

func run() error {
	var params paramFlags
	out := flag.String("out", "runs", "root folder of run directories")
	criterion := flag.String("criterion", "profit", "objective: a criterion name or a formula")
	flag.Var(&params, "param", "an input, Name=start:stop:step (repeatable; default: the demo grid)")
	flag.Parse()

	// Register first: from here on experts.Lookup("Donchian") finds it, as
	// collect's --expert would.
	if err := experts.Register(donchianDef); err != nil {
		return err
	}
	def, err := experts.Lookup("Donchian")
	if err != nil {
		return err
	}
	bars, err := data.Sample()
	if err != nil {
		return err
	}
	if len(params) == 0 {
		params = def.Demo
	}
	space, err := optimize.NewSpace(def.Params, params, "", "")
	if err != nil {
		return err
	}
	periods, err := collect.SplitPeriods(bars, bars.BarTime(0), bars.BarTime(bars.Len()-1).AddDate(0, 0, 1), "1/4")
	if err != nil {
		return err
	}
	var formulas map[string]string
	if criteria.IsFormula(*criterion) {
		if _, err := criteria.DefineFormula(*criterion, *criterion); err != nil {
			return err
		}
		formulas = map[string]string{*criterion: *criterion}
	}
	sum256 := sha256.Sum256(data.SampleBytes())
	info := frames.DataInfo{Source: "sample", SHA256: hex.EncodeToString(sum256[:]), Bars: bars.Len(),
		First: bars.BarTime(0), Last: bars.BarTime(bars.Len() - 1)}
	cfg := collect.Config{
		Expert: def, Bars: bars, Data: info,
		Space: space, Periods: periods, Tester: tester.DefaultConfig(),
		Objective: *criterion, Method: "grid", Seed: 1, Formulas: formulas,
		RunDir:  filepath.Join(*out, fmt.Sprintf("%s.%s.%s", def.Name, bars.Symbol, bars.Timeframe.Name)),
		Mode:    frames.Overwrite,
		Program: "customexpert (passframes example)",
	}
	prep, err := collect.Prepare(cfg)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	sum, err := prep.Run(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("%d passes stored in %s; best %s = %.2f at pass %d\n", sum.Stored, sum.RunDir, *criterion, sum.Best, sum.BestPass)
	return nil
}
