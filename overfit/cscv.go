package overfit

import (
	"context"
	"math"
	"math/bits"

	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/internal/parallel"
)

// Limits of the number of blocks S. The cost of CSCV grows with the number
// of splits, C(S, S/2): 70 for S = 8, 12,870 for S = 16, 184,756 for S = 20.
const (
	DefaultBlocks = 16
	MinBlocks     = 4
	MaxBlocks     = 20
)

// Splits returns C(S, S/2), the number of CSCV splits of S blocks.
func Splits(s int) int {
	c := 1
	for i := 1; i <= s/2; i++ {
		c = c * (s - s/2 + i) / i
	}
	return c
}

// halves lists, as bit masks over S blocks, every set of S/2 blocks that
// holds block 0, in increasing order. Each is one split's in-sample half and
// its complement another's: together they are all C(S, S/2) splits.
func halves(s int) []uint32 {
	var out []uint32
	for mask := uint32(1); mask < 1<<s; mask += 2 { // odd: holds block 0
		if bits.OnesCount32(mask) == s/2 {
			out = append(out, mask)
		}
	}
	return out
}

// bounds cuts T steps into s contiguous blocks whose lengths differ by at
// most one: block b is [bounds[b], bounds[b+1]).
func bounds(t, s int) []int {
	b := make([]int, s+1)
	for k := range b {
		b[k] = k * t / s
	}
	return b
}

// pick is one split's outcome for one rule: the logit of the out-of-sample
// relative rank of the pass the rule chose in sample, the rule's value for
// that pass in and out of sample, and its out-of-sample profit.
type pick struct {
	lambda, is, oos, oosProfit float64
}

// cscv is one run of combinatorially symmetric cross-validation.
type cscv struct {
	m      *Matrix
	s      int
	bounds []int
	rules  []rule
	masks  []uint32
	lines  bool // some rule needs whole summaries
	// blockSum[b][i] and blockSq[b][i]: Σ r and Σ r² of pass i in block b.
	blockSum, blockSq [][]float64
	// block[i][b]: the summary of pass i in block b (when lines).
	block [][]summary
	total []summary // each pass's whole-period summary
	picks [][]pick  // picks[k][split] for rule k
}

func newCSCV(m *Matrix, s int, rules []rule) *cscv {
	n := len(m.Passes)
	c := &cscv{m: m, s: s, bounds: bounds(m.T(), s), rules: rules, masks: halves(s)}
	for _, r := range rules {
		c.lines = c.lines || r.lines
	}
	c.blockSum, c.blockSq = make([][]float64, s), make([][]float64, s)
	for b := range s {
		c.blockSum[b], c.blockSq[b] = make([]float64, n), make([]float64, n)
	}
	c.total = make([]summary, n)
	if c.lines {
		c.block = make([][]summary, n)
	}
	for i, r := range m.Returns {
		var all summary
		var blocks []summary
		if c.lines {
			blocks = make([]summary, s)
			c.block[i] = blocks
		}
		for b := range s {
			bs := summarize(r[c.bounds[b]:c.bounds[b+1]])
			c.blockSum[b][i], c.blockSq[b][i] = bs.sum, bs.sumSq
			if blocks != nil {
				blocks[b] = bs
			}
			if b == 0 {
				all = bs
			} else {
				all = all.then(bs)
			}
		}
		c.total[i] = all
	}
	c.picks = make([][]pick, len(rules))
	for k := range rules {
		c.picks[k] = make([]pick, 2*len(c.masks))
	}
	return c
}

// run evaluates every split, the halves shared out among workers in chunks
// (each with its own scratch); the outcome does not depend on the workers.
func (c *cscv) run(ctx context.Context, workers int) error {
	chunks := min(len(c.masks), 4*parallel.Workers(workers))
	return parallel.For(ctx, chunks, workers, func(ctx context.Context, ch int) error {
		sc := newScratch(len(c.m.Passes), c.lines)
		for h := ch; h < len(c.masks); h += chunks {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			c.split(h, sc)
		}
		return nil
	})
}

// scratch is one worker's memory, one value per pass.
type scratch struct {
	sumA, sqA, sumB, sqB []float64 // sums over half A (the mask) and B (the rest)
	valA, valB           []float64
	sA, sB               []summary
}

func newScratch(n int, lines bool) *scratch {
	f := func() []float64 { return make([]float64, n) }
	sc := &scratch{sumA: f(), sqA: f(), sumB: f(), sqB: f(), valA: f(), valB: f()}
	if lines {
		sc.sA, sc.sB = make([]summary, n), make([]summary, n)
	}
	return sc
}

// split evaluates the two splits of half h: A in sample and B out, and the
// other way round.
func (c *cscv) split(h int, sc *scratch) {
	mask := c.masks[h]
	clear(sc.sumA)
	clear(sc.sqA)
	lenA := 0
	for b := range c.s {
		if mask&(1<<b) == 0 {
			continue
		}
		lenA += c.bounds[b+1] - c.bounds[b]
		for i, v := range c.blockSum[b] {
			sc.sumA[i] += v
		}
		for i, v := range c.blockSq[b] {
			sc.sqA[i] += v
		}
	}
	lenB := c.m.T() - lenA
	for i := range sc.sumB {
		sc.sumB[i] = c.total[i].sum - sc.sumA[i]
		sc.sqB[i] = c.total[i].sumSq - sc.sqA[i]
	}
	if c.lines {
		for i := range sc.sA {
			sc.sA[i], sc.sB[i] = c.halfSummaries(i, mask)
		}
	}
	for k, r := range c.rules {
		c.values(r, mask, sc, lenA, lenB)
		c.picks[k][2*h] = choose(r.dir, sc.valA, sc.valB, sc.sumB)
		c.picks[k][2*h+1] = choose(r.dir, sc.valB, sc.valA, sc.sumA)
	}
}

// halfSummaries returns pass i's summaries of the blocks in mask and of the
// others, each in time order.
func (c *cscv) halfSummaries(i int, mask uint32) (a, b summary) {
	var haveA, haveB bool
	for k, bs := range c.block[i] {
		if mask&(1<<k) != 0 {
			a, haveA = join(a, bs, haveA), true
		} else {
			b, haveB = join(b, bs, haveB), true
		}
	}
	return a, b
}

func join(acc, next summary, have bool) summary {
	if !have {
		return next
	}
	return acc.then(next)
}

// values fills sc.valA and sc.valB with rule r on each half of every pass.
func (c *cscv) values(r rule, mask uint32, sc *scratch, lenA, lenB int) {
	for i, dep := range c.m.Deposit {
		switch {
		case r.scan:
			sc.valA[i] = c.linearFactor(i, mask, sc.sumA[i], lenA)
			sc.valB[i] = c.linearFactor(i, ^mask, sc.sumB[i], lenB)
		case r.lines:
			sc.valA[i], sc.valB[i] = r.value(sc.sA[i], dep), r.value(sc.sB[i], dep)
		default:
			sc.valA[i] = r.value(summary{n: float64(lenA), sum: sc.sumA[i], sumSq: sc.sqA[i]}, dep)
			sc.valB[i] = r.value(summary{n: float64(lenB), sum: sc.sumB[i], sumSq: sc.sqB[i]}, dep)
		}
	}
}

// linearFactor is linear_factor of pass i's curve over the blocks in mask,
// whose total is total over steps returns: the one rule that must walk the
// curve, O(T) per pass and split, in one tight loop.
func (c *cscv) linearFactor(i int, mask uint32, total float64, steps int) float64 {
	dep := c.m.Deposit[i]
	if dep == 0 {
		return 0
	}
	r := c.m.Returns[i]
	k := total / float64(steps+1)
	level, line, maxDev := 0.0, 0.0, 0.0
	for b := range c.s {
		if mask&(1<<b) == 0 {
			continue
		}
		for _, v := range r[c.bounds[b]:c.bounds[b+1]] {
			level += v
			line += k
			maxDev = max(maxDev, math.Abs(level-line))
		}
	}
	if maxDev == 0 {
		return 0
	}
	return finite(dep / maxDev)
}

// choose picks the best pass in sample (the first of equals: passes are in
// id order) and ranks it out of sample among all passes, ties sharing the
// mean of their ranks; ω = rank/(N+1) and λ = ln(ω/(1−ω)).
func choose(dir criteria.Direction, is, oos, oosProfit []float64) pick {
	best := 0
	for i, v := range is {
		if dir.Better(v, is[best]) {
			best = i
		}
	}
	v := oos[best]
	worse, equal := 0, 0
	for _, w := range oos {
		switch {
		case w == v:
			equal++
		case dir.Better(v, w):
			worse++
		}
	}
	rank := float64(worse) + float64(equal+1)/2
	omega := rank / float64(len(oos)+1)
	return pick{lambda: math.Log(omega / (1 - omega)), is: is[best], oos: v, oosProfit: oosProfit[best]}
}
