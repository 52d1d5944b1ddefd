package overfit

import (
	"math"

	"github.com/passframes/passframes/stats"
)

// summary holds what the curve criteria need of a run of consecutive
// returns r_1..r_n of one pass, as levels c_j = r_1 + … + r_j relative to
// the run's start (c_0 = 0). Two runs' summaries combine into the summary of
// the two run back to back (then), so the curve of any half of a CSCV split
// is summarised from its blocks' summaries in O(S), whatever its length.
type summary struct {
	n          float64 // returns
	sum, sumSq float64 // Σ r, Σ r²
	lv, lvSq   float64 // Σ c_j, Σ c_j² over j = 1..n
	jlv        float64 // Σ j·c_j
	lo, hi     float64 // lowest and highest c_j over j = 0..n
	dd         float64 // largest fall of c below an earlier c (c_0 included)
}

// summarize returns the summary of the returns r.
func summarize(r []float64) summary {
	var s summary
	c, peak := 0.0, 0.0
	for j, v := range r {
		c += v
		s.sum += v
		s.sumSq += v * v
		s.lv += c
		s.lvSq += c * c
		s.jlv += float64(j+1) * c
		s.lo, s.hi = min(s.lo, c), max(s.hi, c)
		peak = max(peak, c)
		s.dd = max(s.dd, peak-c)
	}
	s.n = float64(len(r))
	return s
}

// then returns the summary of a's returns followed by b's: b's levels are
// lifted by a's total and its positions moved by a's length.
func (a summary) then(b summary) summary {
	na, nb, la := a.n, b.n, a.sum
	return summary{
		n:     na + nb,
		sum:   a.sum + b.sum,
		sumSq: a.sumSq + b.sumSq,
		lv:    a.lv + nb*la + b.lv,
		lvSq:  a.lvSq + nb*la*la + 2*la*b.lv + b.lvSq,
		jlv:   a.jlv + na*(nb*la+b.lv) + la*nb*(nb+1)/2 + b.jlv,
		lo:    min(a.lo, la+b.lo),
		hi:    max(a.hi, la+b.hi),
		dd:    max(a.dd, b.dd, a.hi-(la+b.lo)),
	}
}

// sharpe is the mean return over its standard deviation (dividing by n),
// per step, not annualized; 0 for fewer than 2 returns or no spread.
func sharpe(sum, sumSq, n float64) float64 {
	if n < 2 {
		return 0
	}
	mean := sum / n
	v := sumSq/n - mean*mean
	// Below float noise of the squares the returns are all equal.
	if v <= 1e-12*(sumSq/n) || v <= 0 {
		return 0
	}
	return mean / math.Sqrt(v)
}

// line is the least-squares line through the curve's n+1 points (the start
// and the level after each return, x = 0..n), with the figures of the
// regression package computed from the summary's sums.
type line struct {
	r2, standErr, profitStability float64
}

func (s summary) line(deposit float64) line {
	np := s.n + 1 // points
	if np < 2 {
		return line{}
	}
	xMean := s.n / 2
	sxx := np * (np*np - 1) / 12
	yMean := s.lv / np
	sxy := s.jlv - np*xMean*yMean
	syy := max(s.lvSq-np*yMean*yMean, 0)
	var l line
	slope := sxy / sxx
	if syy > 0 && sxy != 0 {
		l.r2 = min(sxy*sxy/(sxx*syy), 1)
		if s.sum < 0 {
			l.r2 = -l.r2
		}
	}
	if np > 2 {
		ss := max(syy-sxy*sxy/sxx, 0)
		l.standErr = math.Sqrt(ss / (np - 2))
		// As the regression package: residuals below float noise of the
		// levels are none.
		scale := max(math.Abs(deposit), math.Abs(deposit+s.lo), math.Abs(deposit+s.hi))
		if l.standErr <= 1e-12*scale {
			l.standErr = 0
		}
	}
	if l.standErr > 0 {
		l.profitStability = slope * s.n / l.standErr
	}
	return l
}

// curveValue computes criterion f from a curve's summary. The formulas are
// those of the criteria package on a balance curve whose points are the
// deposit and the level after every step.
type curveValue func(s summary, deposit float64) float64

// finite clamps v to ±stats.MaxFloat and maps NaN to 0, as the criteria do.
func finite(v float64) float64 {
	if v != v {
		return 0
	}
	return max(-stats.MaxFloat, min(v, stats.MaxFloat))
}

func relProfit(s summary, deposit float64) float64 {
	if deposit == 0 {
		return 0
	}
	return s.sum / deposit
}

// curveCriteria are the criteria a balance curve on a time grid determines.
var curveCriteria = map[string]curveValue{
	"profit":  func(s summary, _ float64) float64 { return s.sum },
	"balance": func(s summary, d float64) float64 { return d + s.sum },
	"sharpe_ratio": func(s summary, _ float64) float64 {
		return sharpe(s.sum, s.sumSq, s.n)
	},
	"profit_x_sharpe_ratio": func(s summary, _ float64) float64 {
		return finite(s.sum * sharpe(s.sum, s.sumSq, s.n))
	},
	"balance_x_sharpe_ratio": func(s summary, d float64) float64 {
		return finite((d + s.sum) * sharpe(s.sum, s.sumSq, s.n))
	},
	"r2":               func(s summary, d float64) float64 { return s.line(d).r2 },
	"profit_stability": func(s summary, d float64) float64 { return finite(s.line(d).profitStability) },
	"profit_r2":        func(s summary, d float64) float64 { return finite(relProfit(s, d) * s.line(d).r2) },
	"profit_r2_err": func(s summary, d float64) float64 {
		l := s.line(d)
		if l.standErr == 0 {
			return 0
		}
		return finite(relProfit(s, d) * l.r2 / l.standErr)
	},
	"balance_dd": func(s summary, _ float64) float64 { return s.dd },
	"balancemin": func(s summary, d float64) float64 { return d + s.lo },
	"profit_per_balance_dd": func(s summary, _ float64) float64 {
		if s.dd <= 0 {
			return s.sum
		}
		return finite(s.sum / s.dd)
	},
}

// needsLines reports whether a curve criterion reads more of the summary
// than the sums of returns and of their squares.
func needsLines(name string) bool {
	switch name {
	case "profit", "balance", "sharpe_ratio", "profit_x_sharpe_ratio", "balance_x_sharpe_ratio":
		return false
	}
	return true
}

// linearFactor is the criteria package's linear_factor on the curve whose
// points are deposit and deposit + the running sum of r (read through
// levels, which calls back with each return in order): the first point over
// the largest distance of a point from the straight line from the first
// point with slope (last − first)/points.
func linearFactor(deposit, total float64, points int, levels func(func(c float64))) float64 {
	if deposit == 0 || points == 0 {
		return 0
	}
	k := total / float64(points)
	maxDev := 0.0
	i := 0
	levels(func(c float64) {
		i++
		maxDev = max(maxDev, math.Abs(c-k*float64(i)))
	})
	if maxDev == 0 {
		return 0
	}
	return finite(deposit / maxDev)
}
