package experts

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/passframes/passframes/market"
	"github.com/passframes/passframes/stats"
	"github.com/passframes/passframes/tester"
)

// Property tests of the built-in experts on the bundled sample: random
// inputs, periods and accounts. Each pass is replayed bar by bar against the
// rules of docs/tester.md with indicators computed here independently, and every
// order the expert sent (or did not send) is checked; a second family of
// checks makes sure no expert can see a bar before it completes.

// passesPerExpert is the number of random passes checked per expert.
const passesPerExpert = 200

func propertyPasses(t *testing.T) int {
	if testing.Short() {
		return 20
	}
	return passesPerExpert
}

// randomInputs draws sane inputs for the named expert.
func randomInputs(rng *rand.Rand, name string) []float64 {
	switch name {
	case "MovingAverage":
		return []float64{0.005 + rng.Float64()*0.2, float64(rng.IntN(10)), float64(1 + rng.IntN(150)), float64(rng.IntN(15))}
	case "MACross":
		return []float64{float64(1 + rng.IntN(60)), float64(1 + rng.IntN(120)), rng.Float64() * 0.004}
	case "SmaCross":
		lots := 0.0 // half the passes size by equity, half take a fixed volume
		if rng.IntN(2) == 1 {
			lots = float64(1+rng.IntN(50)) / 100
		}
		return []float64{float64(1 + rng.IntN(60)), float64(1 + rng.IntN(200)), float64(rng.IntN(2)), lots}
	}
	panic("no input ranges for expert " + name)
}

// randomAccount draws settings around the defaults. The deposit is large
// enough for MACross's 0.1 lot at any leverage drawn, so margin rejections
// come from MovingAverage's sizing only, and are checked.
func randomAccount(rng *rand.Rand) tester.Config {
	cfg := tester.DefaultConfig()
	cfg.Account.Deposit = math.Round(2000 * math.Pow(50, rng.Float64())) // 2000 .. 100000
	cfg.Account.Leverage = []float64{10, 30, 100, 500}[rng.IntN(4)]
	cfg.Symbol.FixedSpread = rng.IntN(2) == 0
	cfg.Symbol.Spread = float64(rng.IntN(40))
	if rng.IntN(2) == 0 {
		cfg.Symbol.Commission = math.Round(rng.Float64()*700) / 100
		cfg.Symbol.SwapLong = math.Round(rng.Float64()*1000)/100 - 7
		cfg.Symbol.SwapShort = math.Round(rng.Float64()*1000)/100 - 7
	}
	if rng.IntN(2) == 0 {
		cfg.EquityMode = tester.Min
	}
	return cfg
}

// randomPeriod draws a sub-period of at least 300 bars out of n; one in five
// starts within the first 150 bars, where history is still short.
func randomPeriod(rng *rand.Rand, n int) (lo, hi int) {
	lo = rng.IntN(n - 300)
	if rng.IntN(5) == 0 {
		lo = rng.IntN(150)
	}
	return lo, lo + 300 + rng.IntN(n-lo-300+1)
}

func TestExpertsFollowTheirRules(t *testing.T) {
	env := sampleEnv(t)
	rng := rand.New(rand.NewPCG(5, 8))
	checks := map[string]func(r *replay){
		"MovingAverage": checkMovingAverage,
		"MACross":       checkMACross,
		"SmaCross":      checkSmaCross,
	}
	for _, def := range All() {
		check := checks[def.Name]
		if check == nil {
			t.Fatalf("no rule check for expert %s", def.Name)
		}
		for k := 0; k < propertyPasses(t); k++ {
			r := newReplay(t, env, def, randomInputs(rng, def.Name), randomAccount(rng), rng)
			check(r)
			if t.Failed() {
				return // one pass's failures are enough to read
			}
		}
	}
}

// replay is one pass laid out bar by bar: what the position was at each
// bar's open, and which trades opened and closed there.
type replay struct {
	t      *testing.T
	bars   *market.Series
	cfg    tester.Config
	v      []float64
	name   string
	lo, hi int
	res    tester.Result

	state  []int // position direction at the open of bar lo+j, before the expert acts
	opened []int // index+1 of the trade opened at bar lo+j, 0 for none
	closed []int // index+1 of the trade the expert closed at bar lo+j, 0 for none
}

func newReplay(t *testing.T, env *tester.Env, def Def, v []float64, cfg tester.Config, rng *rand.Rand) *replay {
	t.Helper()
	lo, hi := randomPeriod(rng, env.Bars.Len())
	r := &replay{t: t, bars: env.Bars, cfg: cfg, v: v, name: def.Name, lo: lo, hi: hi}
	tst, err := tester.New(env, cfg)
	if err != nil {
		t.Fatal(err)
	}
	e, err := def.New(env, v)
	if err != nil {
		t.Fatalf("%s%v: %v", def.Name, v, err)
	}
	if err := tst.Run(e, lo, hi, &r.res); err != nil {
		t.Fatal(err)
	}
	n := hi - lo
	r.state, r.opened, r.closed = make([]int, n), make([]int, n), make([]int, n)
	for k, tr := range r.res.Trades {
		in, out := r.barAt(tr.OpenTime), r.barAt(tr.CloseTime)
		if in < max(lo, 1) || out < in || out >= hi {
			r.fail(in, "trade %d from bar %d to %d is outside the period", k, in, out)
			continue
		}
		if r.opened[in-lo] != 0 {
			r.fail(in, "two trades opened on one bar")
		}
		r.opened[in-lo] = k + 1
		for b := in + 1; b <= out; b++ {
			r.state[b-lo] = tr.Dir
		}
		// The built-in experts set no stops, so a trade closes at an open
		// (the expert's order) or at the end of the period; the last bar
		// can be either, and is left out of the checks.
		if out < hi-1 {
			r.closed[out-lo] = k + 1
		}
	}
	return r
}

func (r *replay) fail(bar int, format string, args ...any) {
	r.t.Helper()
	r.t.Errorf("%s%v [%d, %d) deposit %g leverage %g, bar %d: %s", r.name, r.v, r.lo, r.hi,
		r.cfg.Account.Deposit, r.cfg.Account.Leverage, bar, fmt.Sprintf(format, args...))
}

func (r *replay) barAt(t int64) int {
	return sort.Search(r.bars.Len(), func(i int) bool { return r.bars.Time[i] >= t })
}

// balanceAt is the balance at bar b's open after the closes the expert made
// there (closed true) or before them; also the trades closed by then.
func (r *replay) balanceAt(b int, closed bool) (float64, []tester.Trade) {
	bal := r.cfg.Account.Deposit
	n := 0
	for _, tr := range r.res.Trades {
		c := r.barAt(tr.CloseTime)
		if c < b || (closed && c == b) {
			bal += tr.Result
			n++
		}
	}
	return bal, r.res.Trades[:n]
}

func (r *replay) ask(b int) float64 {
	s := r.cfg.Symbol
	if r.bars.Spread != nil && !s.FixedSpread {
		return r.bars.Open[b] + float64(r.bars.Spread[b])*s.Point
	}
	return r.bars.Open[b] + s.Spread*s.Point
}

// expect checks bar b against the orders the rules call for: close the
// position (close), open dir (0: none) with volume (0: not checked). An
// expected open may be missing only if the margin would exceed the balance.
func (r *replay) expect(b int, close bool, dir int, volume float64) {
	r.t.Helper()
	j := b - r.lo
	if gotClose := r.closed[j] != 0; gotClose != close {
		r.fail(b, "position %d closed %v, want %v", r.state[j], gotClose, close)
	}
	got := 0
	if r.opened[j] != 0 {
		got = r.res.Trades[r.opened[j]-1].Dir
	}
	if got == dir {
		if dir != 0 && volume != 0 {
			if v := r.res.Trades[r.opened[j]-1].Volume; math.Abs(v-volume) > 1e-9 {
				r.fail(b, "opened %g lots, want %g", v, volume)
			}
		}
		return
	}
	if got != 0 || volume == 0 {
		r.fail(b, "opened %d, want %d", got, dir)
		return
	}
	price := r.bars.Open[b]
	if dir > 0 {
		price = r.ask(b)
	}
	bal, _ := r.balanceAt(b, true)
	if margin := volume * r.cfg.Symbol.ContractSize * price / r.cfg.Account.Leverage; margin <= bal {
		r.fail(b, "no %d order of %g lots although its margin %g is within the balance %g", dir, volume, margin, bal)
	}
}

// near reports whether a and b are too close to call a comparison between
// them: the tester's running sums and these reference sums may round apart.
func near(a, b float64) bool { return math.Abs(a-b) < 1e-10 }

// specHistory is the history MovingAverage waits for (docs/tester.md).
const specHistory = 100

// refSMA is the mean of closes [end-period+1, end], computed directly; bar
// `open`'s close is replaced by its open (the price at its first tick).
func refSMA(s *market.Series, end, period, open int) float64 {
	sum := 0.0
	for i := end - period + 1; i <= end; i++ {
		if i == open {
			sum += s.Open[i]
		} else {
			sum += s.Close[i]
		}
	}
	return sum / float64(period)
}

// checkMovingAverage replays docs/tester.md's MovingAverage: with ma the SMA of
// MovingPeriod closes ending MovingShift bars before the new bar, a long
// closes when the last bar crossed down through it and a short when it
// crossed up; flat, from bar 100 on, it sells a cross down and buys a cross
// up, never on the bar it closed, sized by MovingAverageLot from the balance
// (the free margin when flat) and the losses since the last win.
func checkMovingAverage(r *replay) {
	risk, decrease := r.v[0], r.v[1]
	period, shift := int(r.v[2]), int(r.v[3])
	s, sym := r.bars, r.cfg.Symbol
	for b := max(r.lo, 1); b < r.hi-1; b++ {
		end := b - shift
		need := 0
		if shift == 0 && period > 1 {
			need = 1 // the expert steps the SMA of the bar before
		}
		if end-period+1 < need {
			r.expect(b, false, 0, 0) // no indicator yet: no order at all
			continue
		}
		ma := refSMA(s, end, period, b)
		o, c := s.Open[b-1], s.Close[b-1]
		if near(o, ma) || near(c, ma) {
			continue
		}
		down := o > ma && c < ma
		up := o < ma && c > ma
		switch state := r.state[b-r.lo]; {
		case state > 0:
			r.expect(b, down, 0, 0)
		case state < 0:
			r.expect(b, up, 0, 0)
		case b < specHistory || !(up || down):
			r.expect(b, false, 0, 0)
		default:
			bal, trades := r.balanceAt(b, false)
			dir := 1
			if down {
				dir = -1
			}
			lot := MovingAverageLot(bal, risk, sym.ContractSize*r.ask(b)/r.cfg.Account.Leverage,
				LossesSinceWin(trades), decrease, sym)
			r.expect(b, false, dir, lot)
		}
	}
}

// refEMA is the EMA of opens with smoothing 2/(period+1), seeded by the first open.
func refEMA(s *market.Series, period int) []float64 {
	out := make([]float64, s.Len())
	alpha := 2 / float64(period+1)
	out[0] = s.Open[0]
	for i := 1; i < len(out); i++ {
		out[i] = out[i-1] + alpha*(s.Open[i]-out[i-1])
	}
	return out
}

// checkMACross replays docs/tester.md's MACross: from the bar where both EMAs of
// opens have their period of history, the signal is long above 1+Threshold
// and short below 1−Threshold; a signal against the position (or flat)
// reverses (or opens) with 0.1 lots, anything else leaves it alone.
func checkMACross(r *replay) {
	fastP, slowP, th := int(r.v[0]), int(r.v[1]), r.v[2]
	fast, slow := refEMA(r.bars, fastP), refEMA(r.bars, slowP)
	for b := max(r.lo, 1); b < r.hi-1; b++ {
		if b < max(fastP, slowP) {
			r.expect(b, false, 0, 0)
			continue
		}
		ratio := fast[b] / slow[b]
		if near(ratio, 1+th) || near(ratio, 1-th) {
			continue
		}
		want := 0
		switch {
		case ratio > 1+th:
			want = 1
		case ratio < 1-th:
			want = -1
		}
		state := r.state[b-r.lo]
		if want == 0 || want == state {
			r.expect(b, false, 0, 0)
			continue
		}
		r.expect(b, state != 0, want, MACrossLots)
	}
	for k, tr := range r.res.Trades {
		if tr.Volume != MACrossLots {
			r.fail(r.barAt(tr.OpenTime), "trade %d: %g lots, want %g", k, tr.Volume, MACrossLots)
		}
	}
}

// checkSmaCross replays docs/tester.md's SmaCross: a cross of the fast SMA of
// closes over the slow one on the last completed bar buys (closing a short);
// a cross under closes a long, and with Short opens a short. Opening from
// flat invests 90% of the balance, snapped down to the volume step; below
// the symbol's minimum volume the order is skipped, never rounded up.
func checkSmaCross(r *replay) {
	fastP, slowP, short, lots := int(r.v[0]), int(r.v[1]), r.v[2] == 1, r.v[3]
	s, sym := r.bars, r.cfg.Symbol
	volume := func(b int, price float64) float64 {
		if lots > 0 {
			return lots
		}
		bal, _ := r.balanceAt(b, false)
		v := math.Floor(0.9*bal/(price*sym.ContractSize)/sym.VolumeStep+1e-9) * sym.VolumeStep
		return math.Min(math.Round(v*1e8)/1e8, sym.VolumeMax)
	}
	// open is the expectation of an order of dir at bar b: a volume below
	// the minimum is skipped (the position it reverses is still closed). On
	// a reversal the volume comes from the equity with the old position
	// still held, which the reference does not follow: it checks only that
	// clear cases open or skip, and not the volume.
	open := func(b int, closes bool, dir int, price float64) {
		v := volume(b, price)
		switch {
		case !closes && v >= sym.VolumeMin-1e-9:
			r.expect(b, false, dir, v)
		case !closes:
			r.expect(b, false, 0, 0)
		case v >= 1.5*sym.VolumeMin:
			r.expect(b, true, dir, 0)
		case v <= 0.5*sym.VolumeMin:
			r.expect(b, true, 0, 0)
		}
	}
	for b := max(r.lo, 1); b < r.hi-1; b++ {
		if b-2 < max(fastP, slowP)-1 {
			r.expect(b, false, 0, 0)
			continue
		}
		f1, s1 := refSMA(s, b-1, fastP, -1), refSMA(s, b-1, slowP, -1)
		f2, s2 := refSMA(s, b-2, fastP, -1), refSMA(s, b-2, slowP, -1)
		if near(f1, s1) || near(f2, s2) {
			continue
		}
		up := f1 > s1 && f2 < s2
		down := f1 < s1 && f2 > s2
		state := r.state[b-r.lo]
		switch {
		case up && state == 0:
			open(b, false, 1, r.ask(b))
		case up && state < 0:
			open(b, true, 1, r.ask(b))
		case down && state == 0 && short:
			open(b, false, -1, s.Open[b])
		case down && state > 0 && short:
			open(b, true, -1, s.Open[b])
		case down && state > 0:
			r.expect(b, true, 0, 0)
		default:
			r.expect(b, false, 0, 0)
		}
	}
	if !short && r.res.Stats[stats.ShortTrades] != 0 {
		r.fail(r.lo, "%g short trades with Short=false", r.res.Stats[stats.ShortTrades])
	}
}

// TestExpertsCannotLookAhead changes bar k's high, low and close and every
// bar after it, from a random bar k on, and checks that each expert traded
// exactly as before up to bar k's open, included: the same deals and points.
// An expert acting at bar k's open knows only bar k's open.
func TestExpertsCannotLookAhead(t *testing.T) {
	base := sampleEnv(t).Bars
	rng := rand.New(rand.NewPCG(11, 12))
	cases := 30
	if testing.Short() {
		cases = 5
	}
	for _, def := range All() {
		for c := 0; c < cases; c++ {
			v := randomInputs(rng, def.Name)
			cfg := randomAccount(rng)
			lo, hi := randomPeriod(rng, base.Len())
			k := lo + 1 + rng.IntN(hi-lo-2) // before the last bar, whose close ends the period
			changed := base.Clone()
			for i := k; i < changed.Len(); i++ {
				f := 0.97 + 0.06*rng.Float64()
				if i > k {
					changed.Open[i] *= f
				}
				// Bar k keeps its open: its range grows around it, so it stays well formed.
				changed.High[i] = max(changed.High[i]*f, changed.Open[i])
				changed.Low[i] = min(changed.Low[i]*f, changed.Open[i])
				changed.Close[i] = min(max(changed.Close[i]*f, changed.Low[i]), changed.High[i])
			}
			want := runPass(t, def, v, cfg, base, lo, hi)
			got := runPass(t, def, v, cfg, changed, lo, hi)
			if !sameBefore(got, want, base.Time[k]+1) {
				t.Fatalf("%s%v [%d, %d): changing bars from %d on changed what happened before them", def.Name, v, lo, hi, k)
			}
		}
	}
}

func runPass(t *testing.T, def Def, v []float64, cfg tester.Config, s *market.Series, lo, hi int) *tester.Result {
	t.Helper()
	env := tester.NewEnv(s)
	tst, err := tester.New(env, cfg)
	if err != nil {
		t.Fatal(err)
	}
	e, err := def.New(env, v)
	if err != nil {
		t.Fatal(err)
	}
	var res tester.Result
	if err := tst.Run(e, lo, hi, &res); err != nil {
		t.Fatal(err)
	}
	return &res
}

// countBefore counts the deals and points of res before time cut.
func countBefore(res *tester.Result, cut int64) (deals, points int) {
	for deals < len(res.Deals) && res.Deals[deals].Time < cut {
		deals++
	}
	for points < len(res.Points) && res.Points[points].Time < cut {
		points++
	}
	return deals, points
}

// sameBefore reports whether got and want have the same deals and points
// before time cut.
func sameBefore(got, want *tester.Result, cut int64) bool {
	gd, gp := countBefore(got, cut)
	wd, wp := countBefore(want, cut)
	return gd == wd && gp == wp &&
		slices.Equal(got.Deals[:gd], want.Deals[:wd]) && slices.Equal(got.Points[:gp], want.Points[:wp])
}

// TestRoundMatchesPow: the table behind round holds exactly what
// math.Pow(10, d) gives, so round rounds as it did with Pow.
func TestRoundMatchesPow(t *testing.T) {
	for d, p := range powersOf10 {
		if want := math.Pow(10, float64(d)); p != want {
			t.Errorf("powersOf10[%d] = %v, math.Pow gives %v", d, p, want)
		}
	}
	// 2.675 is stored as 2.67499999999999982..., but × 100 rounds to exactly
	// 267.5, which rounds half away from zero to 268: 2.68, as MQL5's
	// NormalizeDouble (scale, round, unscale) gives.
	if got := round(2.675, 2); got != 2.68 {
		t.Errorf("round(2.675, 2) = %v, want 2.68", got)
	}
	if got := round(-0.125, 2); got != -0.13 {
		t.Errorf("round(-0.125, 2) = %v, want -0.13", got)
	}
}
