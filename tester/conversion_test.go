package tester

import (
	"math"
	"testing"
)

// jpyConfig is USDJPY on a USD account: 100,000 units a lot, 3 digits, no
// spread, 1:100, and the profit converted by dividing by USDJPY's price.
func jpyConfig() Config {
	return Config{
		Account: Account{Deposit: 10000, Leverage: 100, Currency: "USD"},
		Symbol: Symbol{ContractSize: 100000, Point: 0.001, Digits: 3, VolumeMin: 0.01, VolumeStep: 0.01,
			VolumeMax: 100, Spread: 0, FixedSpread: true},
		EquityMode: MinMax,
		Conversion: Conversion{ByPrice: true},
	}
}

func runRows(t *testing.T, cfg Config, rows [][4]float64, sc *script) *Result {
	t.Helper()
	s := bars(rows)
	tst, err := New(NewEnv(s), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var res Result
	if err := tst.Run(sc, 0, s.Len(), &res); err != nil {
		t.Fatal(err)
	}
	return &res
}

func closeTo(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-9 {
		t.Errorf("%s = %.10g, want %.10g", what, got, want)
	}
}

// TestUSDJPYLongAndShort: one lot of USDJPY bought at 150.000 and sold at
// 151.500 makes 1.5 × 100,000 = 150,000 JPY, which is 150,000 / 151.5 =
// 990.0990... → 990.10 USD at the exit price. A short from 150.000 covered
// at 148.500 makes 150,000 JPY / 148.5 = 1010.1010... → 1010.10 USD.
func TestUSDJPYLongAndShort(t *testing.T) {
	for _, c := range []struct {
		name   string
		action byte
		exit   float64
		profit float64
	}{
		{"long", 'B', 151.5, 990.10},
		{"short", 'S', 148.5, 1010.10},
	} {
		t.Run(c.name, func(t *testing.T) {
			rows := [][4]float64{{150, 150, 150, 150}, {150, 150, 150, 150}, {c.exit, c.exit, c.exit, c.exit}}
			res := runRows(t, jpyConfig(), rows, &script{actions: map[int]byte{1: c.action, 2: 'C'}, volume: 1})
			if len(res.Deals) != 2 {
				t.Fatalf("%d deals, want 2", len(res.Deals))
			}
			out := res.Deals[1]
			closeTo(t, "profit", out.Profit, c.profit)
			closeTo(t, "profit in JPY", out.ProfitRaw, 150000)
			closeTo(t, "rate", out.Rate, 1/c.exit)
			closeTo(t, "entry rate", res.Deals[0].Rate, 1.0/150)
			closeTo(t, "balance", out.Balance, 10000+c.profit)
			closeTo(t, "stats profit", res.Stats[0+2], c.profit)
		})
	}
}

// TestUSDJPYCommissionSwapMargin: 700 JPY commission per lot per side and a
// swap of −300 JPY per lot per night, converted at each deal's price: entry
// −700/150 = −4.67, exit −700/151.5 = −4.62, one night (the bars cross
// midnight UTC between bars 1 and 2) −300/151.5 (the new day's first
// open) = −1.98. The trade's result is 990.10 − 4.67 − 4.62 − 1.98 = 978.83.
// One lot's margin is 100,000 × 150 / 100 = 150,000 JPY = 1000 USD, so a
// 999.99 deposit cannot open it.
func TestUSDJPYCommissionSwapMargin(t *testing.T) {
	cfg := jpyConfig()
	cfg.Symbol.Commission, cfg.Symbol.SwapLong = 700, -300
	rows := [][4]float64{{150, 150, 150, 150}, {150, 150, 150, 150}, {151.5, 151.5, 151.5, 151.5}}
	sc := &script{actions: map[int]byte{1: 'B', 2: 'C'}, volume: 1}
	res := runRows(t, cfg, rows, sc)
	closeTo(t, "entry commission", res.Deals[0].Commission, -4.67)
	closeTo(t, "exit commission", res.Deals[1].Commission, -4.62)
	closeTo(t, "swap", res.Deals[1].Swap, -1.98)
	closeTo(t, "trade result", res.Trades[0].Result, 978.83)
	closeTo(t, "final balance", res.Deals[1].Balance, 10978.83)

	cfg.Account.Deposit = 999.99
	if res := runRows(t, cfg, rows, sc); len(res.Deals) != 0 || res.Orders.RefusedMargin != 1 {
		t.Errorf("999.99 USD opened a lot needing 1000 USD of margin: %d deals, %+v", len(res.Deals), res.Orders)
	}
	cfg.Account.Deposit = 1000
	if res := runRows(t, cfg, rows, sc); len(res.Deals) != 2 {
		t.Errorf("1000 USD could not open a lot needing 1000 USD of margin: %+v", res.Orders)
	}
}

// marginProbe records MarginPerLot and LotValue at bar 1.
type marginProbe struct{ margin, value float64 }

func (p *marginProbe) OnBar(c *Context) {
	if c.Bars() == 1 {
		p.margin, p.value = c.MarginPerLot(c.Ask()), c.LotValue(c.Ask())
	}
}

// TestEURGBPThroughGBPUSD: EURGBP on a USD account, converted by a GBPUSD
// series. One lot bought at 0.85000 and sold at 0.85500 makes 0.005 ×
// 100,000 = 500 GBP; GBPUSD opens the exit bar at 1.27, so 635.00 USD. The
// margin, 100,000 × 0.85 / 100 = 850 GBP, is 850 × 1.26 = 1071 USD at the
// entry bar's rate.
func TestEURGBPThroughGBPUSD(t *testing.T) {
	cfg := jpyConfig()
	cfg.Symbol.Point, cfg.Symbol.Digits = 0.00001, 5
	cfg.Conversion = Conversion{Rates: []float64{1.25, 1.26, 1.27}}
	rows := [][4]float64{{0.85, 0.85, 0.85, 0.85}, {0.85, 0.85, 0.85, 0.85}, {0.855, 0.855, 0.855, 0.855}}
	res := runRows(t, cfg, rows, &script{actions: map[int]byte{1: 'B', 2: 'C'}, volume: 1})
	out := res.Deals[1]
	closeTo(t, "profit", out.Profit, 635)
	closeTo(t, "profit in GBP", out.ProfitRaw, 500)
	closeTo(t, "rate", out.Rate, 1.27)
	closeTo(t, "entry rate", res.Deals[0].Rate, 1.26)

	p := &marginProbe{}
	s := bars(rows)
	tst, err := New(NewEnv(s), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var r Result
	if err := tst.Run(p, 0, s.Len(), &r); err != nil {
		t.Fatal(err)
	}
	closeTo(t, "margin per lot", p.margin, 1071)
	closeTo(t, "lot value", p.value, 107100)

	cfg.Conversion.Rates = cfg.Conversion.Rates[:2]
	if _, err := New(NewEnv(s), cfg); err == nil {
		t.Error("2 rates for 3 bars accepted")
	}
}

// TestNoConversionLeavesDealsBare: a run in the account currency records
// no raw profit or rate, so its deals are those of before conversions.
func TestNoConversionLeavesDealsBare(t *testing.T) {
	s, sc := sevenTrades()
	tst, err := New(NewEnv(s), unitConfig(MinMax))
	if err != nil {
		t.Fatal(err)
	}
	var res Result
	if err := tst.Run(sc, 0, s.Len(), &res); err != nil {
		t.Fatal(err)
	}
	for k, d := range res.Deals {
		if d.ProfitRaw != 0 || d.Rate != 0 {
			t.Errorf("deal %d: raw profit %g, rate %g without a conversion", k, d.ProfitRaw, d.Rate)
		}
	}
}

// TestSymbolLeverage: a symbol's own leverage replaces the account's for
// its margin: 1 unit at 100 with 1:5 needs 20, with the account's 1:100 1.
func TestSymbolLeverage(t *testing.T) {
	cfg := unitConfig(MinMax)
	rows := [][4]float64{{100, 100, 100, 100}, {100, 100, 100, 100}}
	p := &marginProbe{}
	for _, c := range []struct{ lev, want float64 }{{0, 1}, {5, 20}} {
		cfg.Symbol.Leverage = c.lev
		s := bars(rows)
		tst, err := New(NewEnv(s), cfg)
		if err != nil {
			t.Fatal(err)
		}
		var r Result
		if err := tst.Run(p, 0, s.Len(), &r); err != nil {
			t.Fatal(err)
		}
		closeTo(t, "margin per lot", p.margin, c.want)
	}
}
