package experts

import (
	"math"
	"testing"

	"github.com/passframes/passframes/internal/rescale"
	"github.com/passframes/passframes/internal/shareddata"
	"github.com/passframes/passframes/market"
	"github.com/passframes/passframes/symbols"
	"github.com/passframes/passframes/tester"
)

// configFor is the default account with the symbol specification of bars
// under layers, and its conversion to USD.
func configFor(t *testing.T, bars *market.Series, layers ...symbols.Layer) tester.Config {
	t.Helper()
	spec := symbols.Resolve(bars.Symbol, "USD", append([]symbols.Layer{symbols.Infer(bars)}, layers...)...)
	if err := symbols.Validate(spec); err != nil {
		t.Fatal(err)
	}
	plan, err := symbols.PlanConversion(spec, "USD", bars, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg := tester.DefaultConfig()
	cfg.Symbol, cfg.Account.Currency, cfg.Conversion = symbols.Tester(spec), "USD", plan.Conversion
	return cfg
}

func preset(t *testing.T, name string) symbols.Layer {
	t.Helper()
	l, err := symbols.LookupPreset(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// checkMargins checks every entry of res: its margin (volume × contract ×
// price / the symbol's leverage) is within the balance before it, and with
// SmaCross the position's value is at most 90% of that balance.
func checkMargins(t *testing.T, name string, res *tester.Result, cfg tester.Config, deposit float64, smaCross bool) {
	t.Helper()
	balance := deposit
	entries := 0
	for _, d := range res.Deals {
		if !d.Entry {
			balance = d.Balance
			continue
		}
		entries++
		value := d.Volume * cfg.Symbol.ContractSize * d.Price
		if margin := value / cfg.Symbol.Leverage; margin > balance+1e-9 {
			t.Errorf("%s: %g lots at %g need %g of margin with %g on the account", name, d.Volume, d.Price, margin, balance)
		}
		if smaCross && value > 0.9*balance+1e-6 {
			t.Errorf("%s: %g shares at %g are worth %g, more than 90%% of %g", name, d.Volume, d.Price, value, balance)
		}
	}
	if entries == 0 {
		t.Errorf("%s: no position was opened", name)
	}
}

// TestStockPresetStaysWithinMargin: on share-like bars with the stock
// preset (1 share a lot, whole shares, 1:5), no position of SmaCross or
// MovingAverage needs more margin than the account holds, and SmaCross
// never holds more than 90% of its balance in shares: no more +669,615 on
// a 10,000 deposit from a lot clamped up to 1,000 shares.
func TestStockPresetStaysWithinMargin(t *testing.T) {
	goog, err := rescale.Sample(rescale.GOOG)
	if err != nil {
		t.Fatal(err)
	}
	checkStock(t, goog)
}

// TestStockPresetOnRealGOOG is the same on real daily GOOG bars.
func TestStockPresetOnRealGOOG(t *testing.T) {
	goog, err := market.Load(shareddata.File(t, "bars/kernc-GOOG.csv"), market.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkStock(t, goog)
}

func checkStock(t *testing.T, bars *market.Series) {
	t.Helper()
	cfg := configFor(t, bars, preset(t, "stock"))
	for _, def := range []Def{smaCrossDef, movingAverageDef} {
		for _, v := range [][]float64{def.Defaults(), demoCorner(def)} {
			res := runPass(t, def, v, cfg, bars, 0, bars.Len())
			checkMargins(t, def.Name, res, cfg, cfg.Account.Deposit, def.Name == "SmaCross")
			if res.Stats[0+2] > 100*cfg.Account.Deposit {
				t.Errorf("%s%v: profit %g on %g", def.Name, v, res.Stats[2], cfg.Account.Deposit)
			}
		}
	}
}

// demoCorner is the defaults with the first optimized input at its demo start.
func demoCorner(def Def) []float64 {
	v := def.Defaults()
	if def.Name == "SmaCross" {
		v[0], v[1] = 5, 10
	}
	return v
}

// TestSmaCrossSkipsBelowMinimum: a share at about 140 with whole shares
// only: 90% of a 100 deposit buys no share, so every order is skipped and
// counted, and nothing is traded.
func TestSmaCrossSkipsBelowMinimum(t *testing.T) {
	bars, err := rescale.Sample(rescale.GOOG)
	if err != nil {
		t.Fatal(err)
	}
	cfg := configFor(t, bars, preset(t, "stock"))
	cfg.Account.Deposit = 100
	res := runPass(t, smaCrossDef, smaCrossDef.Defaults(), cfg, bars, 0, bars.Len())
	if len(res.Deals) != 0 || res.Orders.Skipped == 0 {
		t.Errorf("%d deals, %d orders skipped: want none and some", len(res.Deals), res.Orders.Skipped)
	}
}

// TestMovingAverageStillClampsUp: MetaTrader's sample rounds a lot below the
// minimum up to it, so a small account still trades the minimum lot.
func TestMovingAverageStillClampsUp(t *testing.T) {
	sym := tester.DefaultConfig().Symbol
	if got := MovingAverageLot(100, 0.02, 1100, 0, 3, sym); got != sym.VolumeMin {
		t.Errorf("lot %g, want the minimum %g", got, sym.VolumeMin)
	}
}

// TestUSDJPYProfitsInDollars: MovingAverage on USDJPY-like H1 bars on a USD
// account. Every trade's profit is its yen profit divided by the exit
// price, and a pip (0.01) on one lot is 1,000 JPY, about 7 USD at 120 to
// 160 yen: the size a trader expects, not 1,000 "dollars".
func TestUSDJPYProfitsInDollars(t *testing.T) {
	bars, err := rescale.Sample(rescale.USDJPY)
	if err != nil {
		t.Fatal(err)
	}
	cfg := configFor(t, bars)
	if !cfg.Conversion.ByPrice || cfg.Symbol.Digits != 3 {
		t.Fatalf("USDJPY: conversion %+v, %d digits", cfg.Conversion, cfg.Symbol.Digits)
	}
	res := runPass(t, movingAverageDef, movingAverageDef.Defaults(), cfg, bars, 0, bars.Len())
	if len(res.Trades) < 50 {
		t.Fatalf("%d trades", len(res.Trades))
	}
	for k, d := range res.Deals {
		if d.Entry {
			continue
		}
		if math.Abs(d.Profit-d.ProfitRaw/d.Price) > 0.0051+1e-9 || math.Abs(d.Rate-1/d.Price) > 1e-15 {
			t.Errorf("deal %d: %g USD from %g JPY at %g (rate %g)", k, d.Profit, d.ProfitRaw, d.Price, d.Rate)
		}
	}
	for k, tr := range res.Trades {
		pips := math.Abs(tr.ClosePrice-tr.OpenPrice) / 0.01
		if pips < 5 {
			continue // cents dominate tiny moves
		}
		perPipPerLot := math.Abs(tr.Result) / pips / tr.Volume
		if perPipPerLot < 6 || perPipPerLot > 8.5 {
			t.Errorf("trade %d: %.2f USD a pip a lot (%g lots, %.3f → %.3f, %g USD)", k, perPipPerLot,
				tr.Volume, tr.OpenPrice, tr.ClosePrice, tr.Result)
		}
		if math.Abs(tr.Result) > cfg.Account.Deposit/2 {
			t.Errorf("trade %d: %g USD on a %g deposit", k, tr.Result, cfg.Account.Deposit)
		}
	}
}
