package mt5

import (
	"fmt"
	"math"
	"time"

	"github.com/passframes/passframes/stats"
)

// lot is an open position (or what remains of it) in the replay of a
// report's deals: its direction, volume and the part of its entry
// commission not yet booked.
type lot struct {
	dir        int // +1 buy, -1 sell
	volume     float64
	commission float64
}

// replay rebuilds a pass from a report's deals: the statistics through
// stats.Calculator and the compact points (docs/points.md without the intrabar
// equity range, which the report does not give).
type replay struct {
	r      *report
	calc   *stats.Calculator
	open   map[string][]lot // by symbol, oldest first
	equity float64          // MT5's balance after the last deal, used as equity

	Time            []int64
	Balance, Equity []float64
	lastClose       int64 // time of the last close point, -1 before any
	notes           []string
	entryCommission bool // some entry paid a commission
}

// volumeEps is the tolerance of volume arithmetic (lots have at most 8
// decimals in MT5).
const volumeEps = 1e-8

// replayDeals replays the deals of r from its deposit.
func replayDeals(r *report) (*replay, error) {
	if len(r.Deals) == 0 {
		return nil, lineError(r.file, 1, "the Deals table is empty")
	}
	if r.Deals[0].Type != "balance" {
		return nil, lineError(r.file, r.Deals[0].Line, "the first deal is %s, not the deposit (a balance deal)", r.Deals[0])
	}
	dep := r.Deals[0]
	if r.Deposit.V == 0 {
		r.Deposit = dep.Balance
	} else if !closeEnough(dep.Balance.V, r.Deposit.V, r.Deposit.Decimals) {
		return nil, lineError(r.file, dep.Line, "the deposit deal's balance %s differs from the initial deposit %s",
			fmtNum(dep.Balance.V), fmtNum(r.Deposit.V))
	}
	deposit := r.Deposit.V
	p := &replay{r: r, calc: stats.NewCalculator(deposit, 0), open: map[string][]lot{},
		equity: deposit, lastClose: -1}
	p.point(dep.Time, deposit)
	prev := dep.Balance
	for _, d := range r.Deals[1:] {
		if err := checkBalance(r.file, d, prev); err != nil {
			return nil, err
		}
		prev = d.Balance
		if err := p.deal(d); err != nil {
			return nil, err
		}
	}
	end := r.Deals[len(r.Deals)-1].Time
	if r.To.After(end) {
		end = r.To
	}
	p.point(end, p.calc.Balance())
	p.checkOpen()
	return p, nil
}

// closeEnough compares two printed amounts to the precision they have.
func closeEnough(a, b float64, decimals int) bool {
	return math.Abs(a-b) <= 0.5*math.Pow(10, -float64(decimals))+1e-9*math.Abs(b)
}

// checkBalance checks that a deal's balance is the previous balance plus
// its profit, swap and commission (each printed value is rounded, so up to
// four half-units of the last digit apart).
func checkBalance(file string, d reportDeal, prev number) error {
	want := prev.V + d.Profit + d.Swap + d.Commission
	tol := 2*math.Pow(10, -float64(d.Balance.Decimals)) + 1e-9*math.Abs(want)
	if math.Abs(d.Balance.V-want) > tol {
		return lineError(file, d.Line, "%s: balance %s is not the previous balance %s + profit %s + swap %s + commission %s",
			d, fmtNum(d.Balance.V), fmtNum(prev.V), fmtNum(d.Profit), fmtNum(d.Swap), fmtNum(d.Commission))
	}
	return nil
}

// deal replays one deal.
func (p *replay) deal(d reportDeal) error {
	dir := 1
	switch d.Type {
	case "buy":
	case "sell":
		dir = -1
	default:
		return lineError(p.r.file, d.Line, "%s: a %q operation during the test (deposits, withdrawals, charges) is not supported", d, d.Type)
	}
	p.equity = d.Balance.V
	p.calc.Deal()
	switch d.Direction {
	case "in":
		p.enter(d, dir, d.Volume, d.Commission)
	case "out", "out by":
		entry, err := p.exit(d, -dir, d.Volume)
		if err != nil {
			return err
		}
		p.trade(d, d.Profit+d.Swap+d.Commission+entry, dir)
	case "in/out":
		// A reversal: it closes the whole open position and opens the rest;
		// its commission is shared by volume.
		closing := p.openVolume(d.Symbol, -dir)
		if closing < volumeEps || closing > d.Volume+volumeEps {
			return lineError(p.r.file, d.Line, "%s: a reversal, but %s lots are open against it", d, fmtNum(closing))
		}
		entry, err := p.exit(d, -dir, closing)
		if err != nil {
			return err
		}
		share := d.Commission * closing / d.Volume
		p.trade(d, d.Profit+d.Swap+share+entry, dir)
		if rest := d.Volume - closing; rest > volumeEps {
			p.enter(d, dir, rest, d.Commission-share)
		}
	default:
		return lineError(p.r.file, d.Line, "%s: direction %q is not in, out, in/out or out by", d, d.Direction)
	}
	// Equity only: feeding BarClose the balance after each deal would give
	// a per-trade Sharpe ratio annualized per bar, which is neither MT5's
	// nor docs/statistics.md's; without bars sharpe_ratio stays 0.
	p.calc.Equity(p.equity)
	return nil
}

// enter opens a lot and writes its point, unless a close at the same time
// has just written one (docs/points.md rule 4).
func (p *replay) enter(d reportDeal, dir int, volume, commission float64) {
	p.open[d.Symbol] = append(p.open[d.Symbol], lot{dir: dir, volume: volume, commission: commission})
	if commission != 0 {
		p.entryCommission = true
	}
	if p.lastClose != d.Time.UnixMilli() {
		p.point(d.Time, p.calc.Balance())
	}
}

// exit closes volume lots of direction dir on the deal's symbol, oldest
// first, and returns the entry commission of the part closed.
func (p *replay) exit(d reportDeal, dir int, volume float64) (float64, error) {
	lots := p.open[d.Symbol]
	want, commission := volume, 0.0
	kept := lots[:0]
	for _, l := range lots {
		if l.dir != dir || want < volumeEps {
			kept = append(kept, l)
			continue
		}
		take := math.Min(l.volume, want)
		share := l.commission * take / l.volume
		commission += share
		want -= take
		l.volume -= take
		l.commission -= share
		if l.volume > volumeEps {
			kept = append(kept, l)
		}
	}
	p.open[d.Symbol] = kept
	if want > volumeEps*math.Max(1, volume) {
		return 0, lineError(p.r.file, d.Line, "%s closes %s lots, but only %s are open in that direction",
			d, fmtNum(volume), fmtNum(volume-want))
	}
	return commission, nil
}

func (p *replay) openVolume(symbol string, dir int) float64 {
	v := 0.0
	for _, l := range p.open[symbol] {
		if l.dir == dir {
			v += l.volume
		}
	}
	return v
}

// trade books a closed trade; dir is the closing deal's direction, so a
// sell closes a long.
func (p *replay) trade(d reportDeal, result float64, dir int) {
	p.calc.Trade(result, dir < 0)
	p.lastClose = d.Time.UnixMilli()
	p.point(d.Time, p.calc.Balance())
}

// point appends a point; its equity is MT5's balance after the last deal.
func (p *replay) point(t time.Time, balance float64) {
	p.Time = append(p.Time, t.UnixMilli())
	p.Balance = append(p.Balance, balance)
	p.Equity = append(p.Equity, p.equity)
}

// checkOpen notes positions the deals leave open (MT5 closes them at the
// end of a test, so a complete report has none).
func (p *replay) checkOpen() {
	n, commission := 0, 0.0
	for _, lots := range p.open {
		for _, l := range lots {
			n++
			commission += l.commission
		}
	}
	if n > 0 {
		p.notes = append(p.notes, fmt.Sprintf("%d positions are still open after the last deal; "+
			"their entry commissions (%s) are not in the statistics", n, fmtNum(commission)))
	}
}
