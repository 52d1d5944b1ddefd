package collect

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/stats"
	"github.com/passframes/passframes/tester"
)

// Kinds of warning (frames.Warning.Kind) a run may store in run.json.
const (
	WarnSymbolSpec     = "symbol_spec"     // the symbol specification is a guess that likely does not fit
	WarnRate           = "rate"            // the conversion of money is approximate or uses old rates
	WarnNoTrades       = "no_trades"       // passes made no trade at all
	WarnRefusedMargin  = "refused_margin"  // orders the account could not pay the margin of
	WarnRefusedVolume  = "refused_volume"  // orders with a volume outside the symbol's limits
	WarnRefusedStops   = "refused_stops"   // orders with a stop loss or take profit on the wrong side
	WarnSkippedVolume  = "skipped_volume"  // orders an expert skipped, their lot below the minimum
	WarnNegativeEquity = "negative_equity" // passes whose equity went below zero
	WarnShortPeriod    = "short_period"    // a period shorter than the longest indicator period
	WarnLongRun        = "long_run"        // the run was estimated to take more than an hour
)

// tally counts, over the passes of a run, what deserves a warning. Workers
// update it concurrently.
type tally struct {
	runs, noTrades, negative [2]atomic.Int64 // per period: back, forward
	// per kind of refused or skipped order: the orders and the passes with any
	orders, passes [4]atomic.Int64
}

func periodIndex(period string) int {
	if period == frames.Forward {
		return 1
	}
	return 0
}

// note adds one tested period of one pass.
func (t *tally) note(period string, res *tester.Result) {
	k := periodIndex(period)
	t.runs[k].Add(1)
	if res.Stats[stats.Trades] == 0 {
		t.noTrades[k].Add(1)
	}
	if res.Stats[stats.EquityMin] < 0 {
		t.negative[k].Add(1)
	}
	o := res.Orders
	for i, n := range [4]int{o.RefusedMargin, o.RefusedVolume, o.RefusedStops, o.Skipped} {
		if n > 0 {
			t.orders[i].Add(int64(n))
			t.passes[i].Add(1)
		}
	}
}

// perPeriod says "n of m back passes" and, with a forward period, "and n
// of m forward passes".
func (t *tally) perPeriod(counts *[2]atomic.Int64) (int64, string) {
	n := counts[0].Load() + counts[1].Load()
	msg := fmt.Sprintf("%d of %d back passes", counts[0].Load(), t.runs[0].Load())
	if t.runs[1].Load() > 0 {
		msg += fmt.Sprintf(" and %d of %d forward passes", counts[1].Load(), t.runs[1].Load())
	}
	return n, msg
}

// warnings are the warnings of the run so far: those known before it
// started, then what its passes showed.
func (p *Prepared) warnings() []frames.Warning {
	out := append([]frames.Warning(nil), p.cfg.Warnings...)
	out = append(out, p.extra...)
	t := p.tally
	if n, msg := t.perPeriod(&t.noTrades); n > 0 {
		out = append(out, frames.Warning{Kind: WarnNoTrades, Count: n,
			Message: msg + " made no trade: the symbol specification or the parameter ranges may not fit the data"})
	}
	orderKinds := [4]struct{ kind, what string }{
		{WarnRefusedMargin, "refused: the account could not pay their margin"},
		{WarnRefusedVolume, "refused: their volume was outside the symbol's minimum and maximum"},
		{WarnRefusedStops, "refused: invalid stops (a stop loss or take profit on the wrong side of the price)"},
		{WarnSkippedVolume, "skipped by the expert: their lot rounded below the symbol's minimum volume"},
	}
	for i, k := range orderKinds {
		if n := t.orders[i].Load(); n > 0 {
			out = append(out, frames.Warning{Kind: k.kind, Count: n,
				Message: fmt.Sprintf("%d orders in %d passes were %s", n, t.passes[i].Load(), k.what)})
		}
	}
	if n, msg := t.perPeriod(&t.negative); n > 0 {
		out = append(out, frames.Warning{Kind: WarnNegativeEquity, Count: n,
			Message: "equity went below zero in " + msg + ": no stop-out is modelled, so these passes trade on past a blown account"})
	}
	out = append(out, p.periodWarnings()...)
	return out
}

// periodWarnings warns of a period shorter than the longest indicator
// period the passes asked for.
func (p *Prepared) periodWarnings() []frames.Warning {
	longest := p.env.LongestPeriod()
	per := p.cfg.Periods
	var out []frames.Warning
	for _, c := range []struct {
		name   string
		lo, hi int
	}{{frames.Back, per.BackLo, per.BackHi}, {frames.Forward, per.ForwardLo, per.ForwardHi}} {
		if n := c.hi - c.lo; n > 0 && n < longest {
			out = append(out, frames.Warning{Kind: WarnShortPeriod, Count: 1, Message: fmt.Sprintf(
				"the %s period has %d bars, fewer than the longest indicator period the passes asked for (%d bars): passes with long periods see few or no signals",
				c.name, n, longest)})
		}
	}
	return out
}

// Warn adds a warning found outside the run (a time estimate, say) to
// those run.json stores.
func (p *Prepared) Warn(w frames.Warning) { p.extra = append(p.extra, w) }

// storeWarnings puts the run's warnings into the summary and into the
// run.json on disk. A run split in shards keeps those of the shard that
// finished last.
func (p *Prepared) storeWarnings(s *Summary) error {
	s.Warnings = p.warnings()
	m, err := frames.ReadManifest(p.cfg.RunDir)
	if err != nil {
		return err
	}
	m.Warnings = s.Warnings
	return frames.WriteManifest(p.cfg.RunDir, m)
}

// EstimatePasses is how many passes Estimate runs: a run of no more passes
// takes no longer than its estimate would, and is better just run.
const EstimatePasses = 4

// Estimate times a pass of the run (back and forward periods) at the
// lowest and at the highest value of every optimized input, each after a
// first run that computes the indicators it shares, and returns their mean
// and the whole run's time on its workers: the pass count × the time per
// pass / the workers. total is 0 when the pass count is not known in
// advance.
func (p *Prepared) Estimate(ctx context.Context) (perPass, total time.Duration, err error) {
	t, err := tester.New(p.env, p.cfg.Tester)
	if err != nil {
		return 0, 0, err
	}
	var res tester.Result
	per := p.cfg.Periods
	pass := func(values []float64) error {
		for _, r := range [][2]int{{per.BackLo, per.BackHi}, {per.ForwardLo, per.ForwardHi}} {
			if r[1] <= r[0] {
				continue
			}
			e, err := p.cfg.Expert.New(p.env, values)
			if err != nil {
				return err
			}
			if err := t.Run(e, r[0], r[1], &res); err != nil {
				return err
			}
		}
		return ctx.Err()
	}
	dims := p.cfg.Space.Dims()
	var spent time.Duration
	for _, high := range []bool{false, true} {
		x := make([]float64, len(dims))
		for i, d := range dims {
			x[i] = d.Start
			if high {
				x[i] = d.Snap(d.Stop)
			}
		}
		values := p.cfg.Space.Values(x)
		if err := pass(values); err != nil { // computes the indicators
			return 0, 0, err
		}
		start := time.Now()
		if err := pass(values); err != nil {
			return 0, 0, err
		}
		spent += time.Since(start)
	}
	perPass = spent / 2
	return perPass, time.Duration(p.total) * perPass / time.Duration(p.cfg.Workers), nil
}
