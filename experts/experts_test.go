package experts

import (
	"github.com/passframes/passframes/data"
	"math"
	"testing"

	"github.com/passframes/passframes/market"
	"github.com/passframes/passframes/tester"
)

func TestMovingAverageLotDecreaseFactor(t *testing.T) {
	// Deposit 10000 free, risk 0.02, 1 lot of 100000 at 1.1 with 1:100 needs
	// 1100 margin: 200 / 1100 = 0.1818 → 0.18. DecreaseFactor 3:
	//   0 or 1 loss: 0.18 (cut only after more than one)
	//   2 losses: 0.18 − 0.18·2/3 = 0.06 → round1 → 0.1
	//   3 losses: 0.18 − 0.18 = 0 → 0, clamped to the minimum 0.01
	sym := tester.DefaultConfig().Symbol
	for losses, want := range []float64{0.18, 0.18, 0.1, 0.01} {
		if got := MovingAverageLot(10000, 0.02, 1100, losses, 3, sym); math.Abs(got-want) > 1e-12 {
			t.Errorf("%d losses: lot %g, want %g", losses, got, want)
		}
	}
	// A coarser step rounds to the nearest step, as the MT5 sample does:
	// 0.18 with step 0.1 is 0.2.
	coarse := sym
	coarse.VolumeStep, coarse.VolumeMin = 0.1, 0.1
	if got := MovingAverageLot(10000, 0.02, 1100, 0, 3, coarse); math.Abs(got-0.2) > 1e-12 {
		t.Errorf("step 0.1: lot %g, want 0.2", got)
	}
	// DecreaseFactor 0 turns the cut off.
	if got := MovingAverageLot(10000, 0.02, 1100, 3, 0, sym); got != 0.18 {
		t.Errorf("DecreaseFactor 0: lot %g, want 0.18", got)
	}
}

func TestLossesSinceWin(t *testing.T) {
	tr := func(results ...float64) []tester.Trade {
		var out []tester.Trade
		for _, r := range results {
			out = append(out, tester.Trade{Result: r})
		}
		return out
	}
	cases := []struct {
		trades []tester.Trade
		want   int
	}{
		{nil, 0},
		{tr(5), 0},
		{tr(5, -1), 1},
		{tr(-3, 5, -1, -2), 2},
		{tr(5, -1, 0, -2, 0), 2}, // break-even trades are skipped, not counted
		{tr(-1, -2, -3), 3},
	}
	for _, c := range cases {
		if got := LossesSinceWin(c.trades); got != c.want {
			t.Errorf("LossesSinceWin(%v) = %d, want %d", c.trades, got, c.want)
		}
	}
}

func series(closes []float64) *market.Series {
	s := &market.Series{Timeframe: market.Timeframe{Name: "H1", Duration: 3600e9}}
	for i, c := range closes {
		s.Time = append(s.Time, int64(1_700_000_000_000+i*3_600_000))
		open := c
		if i > 0 {
			open = closes[i-1]
		}
		s.Open = append(s.Open, open)
		s.High = append(s.High, math.Max(open, c))
		s.Low = append(s.Low, math.Min(open, c))
		s.Close = append(s.Close, c)
		s.Volume = append(s.Volume, 1)
	}
	return s
}

// maAt runs a context at new bar n and returns the MovingAverage indicator.
type probe struct {
	e   *MovingAverage
	at  int
	got float64
	ok  bool
}

func (p *probe) OnBar(c *tester.Context) {
	if c.Bars() == p.at {
		p.got, p.ok = p.e.ma(c)
	}
}

func TestSMAWithShift(t *testing.T) {
	// Closes 1..10 (bar i closes at i+1). Period 3, shift 2, at new bar 8:
	// the window ends 2 bars before it, at bar 6: closes of bars 4, 5, 6 =
	// 5, 6, 7 → 6.
	closes := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	s := series(closes)
	env := tester.NewEnv(s)
	for _, c := range []struct {
		shift int
		want  float64
	}{
		{2, 6}, // bars 4..6
		{1, 7}, // bars 5..7
		// Shift 0: the window ends at the new bar 8, whose close at its first
		// tick is its open (= bar 7's close, 8): (7 + 8 + 8) / 3.
		{0, 23.0 / 3},
	} {
		ex, err := newMovingAverage(env, []float64{0.02, 3, 3, float64(c.shift)})
		if err != nil {
			t.Fatal(err)
		}
		p := &probe{e: ex.(*MovingAverage), at: 8}
		tst, _ := tester.New(env, tester.DefaultConfig())
		var res tester.Result
		if err := tst.Run(p, 0, s.Len(), &res); err != nil {
			t.Fatal(err)
		}
		if !p.ok || math.Abs(p.got-c.want) > 1e-12 {
			t.Errorf("shift %d: ma = %g (%v), want %g", c.shift, p.got, p.ok, c.want)
		}
	}
}

func TestBadParameterValues(t *testing.T) {
	env := tester.NewEnv(series([]float64{1, 2, 3}))
	bad := map[string][]float64{
		"MovingAverage period 0":    {0.02, 3, 0, 6},
		"MovingAverage period 2.5":  {0.02, 3, 2.5, 6},
		"MovingAverage risk 0":      {0, 3, 12, 6},
		"MovingAverage shift -1":    {0.02, 3, 12, -1},
		"MovingAverage decrease -1": {0.02, -1, 12, 6},
	}
	for name, v := range bad {
		if _, err := movingAverageDef.New(env, v); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := smaCrossDef.New(env, []float64{10, 20, 2}); err == nil {
		t.Error("SmaCross Short=2 accepted")
	}
	if _, err := maCrossDef.New(env, []float64{10, 0, 0.001}); err == nil {
		t.Error("MACross Slow=0 accepted")
	}
}

func TestLookupAndDefaults(t *testing.T) {
	for _, d := range All() {
		got, err := Lookup(d.Name)
		if err != nil || got.Name != d.Name {
			t.Errorf("Lookup(%s) = %v, %v", d.Name, got.Name, err)
		}
		env := tester.NewEnv(series([]float64{1, 2, 3}))
		if _, err := d.New(env, d.Defaults()); err != nil {
			t.Errorf("%s with its defaults: %v", d.Name, err)
		}
	}
	for _, d := range All() {
		if _, err := d.New(tester.NewEnv(series([]float64{1, 2, 3})), []float64{1}); err == nil {
			t.Errorf("%s accepted one input value", d.Name)
		}
	}
	if _, err := Lookup("nope"); err == nil {
		t.Error("unknown expert accepted")
	}
}

func TestMovingAveragePeriodOneNeverTrades(t *testing.T) {
	// With period 1 and shift 1 the average at a new bar is the previous
	// bar's close, so a previous bar can never close beyond it: no signal.
	bars, err := data.Sample()
	if err != nil {
		t.Fatal(err)
	}
	env := tester.NewEnv(bars)
	e, err := movingAverageDef.New(env, []float64{0.02, 3, 1, 1})
	if err != nil {
		t.Fatal(err)
	}
	tst, _ := tester.New(env, tester.DefaultConfig())
	var res tester.Result
	if err := tst.Run(e, 0, bars.Len(), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Trades) != 0 {
		t.Errorf("%d trades on ties between the close and its own average", len(res.Trades))
	}
}
