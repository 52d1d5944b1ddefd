package data

import (
	"bufio"
	"compress/gzip"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// The sample is a synthetic EURUSD-like H1 series. Each hour's log return is
//
//	r = drift(regime) + sqrt(h) · season(hour) · z,  z ~ Student t(5) scaled to unit variance
//
// where h follows GARCH(1,1) (volatility clusters), season makes Asian hours
// quiet and the London and New York sessions busy, and drift switches between
// a mean-reverting range and up or down trends (a Markov chain). High and low
// come from a Brownian bridge inside the bar, so the bar's close is the end of
// its own path. The market is closed from Friday 22:00 to Sunday 22:00 UTC and
// on 25 December and 1 January; it reopens with a price gap. Tick volume grows
// with volatility and the bar's range; the spread widens in quiet hours and
// with volatility.
//
// Figures are set against real EURUSD H1 data (2020-2026): mean absolute hourly
// return about 6e-4, range 1.0-1.25.

// Series span and shape.
var (
	sampleStart = time.Date(2023, 1, 2, 0, 0, 0, 0, time.UTC) // a Monday
	sampleEnd   = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) // exclusive: the last bar opens 2024-12-31 23:00
)

const (
	seedHi, seedLo = 0x5a4d504c45, 0x48315f3230323324 // fixed PCG seed: the sample never changes

	startPrice  = 1.0700
	anchorPrice = 1.1000 // long-run level the price is pulled towards
	anchorPull  = 2e-4   // per hour: a pull with a half-life of about five months
	digits      = 5

	// GARCH(1,1) on hourly variance: h' = omega + alpha·h·z² + beta·h.
	meanVol = 0.00085 // long-run hourly standard deviation before seasonality
	alpha   = 0.06
	beta    = 0.92
	tDoF    = 5 // Student t degrees of freedom for fat tails

	// Regimes: mean bar counts and drift.
	rangeBars  = 420    // a range lasts about four weeks
	trendBars  = 260    // a trend about two and a half
	trendDrift = 6e-5   // per-hour log drift of a typical trend (about 1.5% per trend)
	rangePull  = 0.004  // per-hour pull towards the level where the range began
	smallGap   = 0.0004 // standard deviation of the usual reopening gap
	bigGap     = 0.003  // ... and of the occasional large one
	bigGapOdds = 0.15

	pathSteps = 30   // sub-steps of the intrabar path (2 minutes each)
	bounce    = 0.12 // overshoot of the high and low, in bar standard deviations
)

// hourActivity is the relative volatility of each UTC hour: quiet Asian
// session, busy London open and London/New York overlap, thin rollover.
// It is scaled so that its mean square is 1.
var hourActivity = normalizeRMS([24]float64{
	0.55, 0.50, 0.45, 0.40, 0.38, 0.45, 0.62, 0.95, 0.95, 0.85, 0.78, 0.82,
	1.00, 1.18, 1.12, 1.05, 0.78, 0.68, 0.64, 0.55, 0.42, 0.32, 0.34, 0.40,
})

// hourSpread is the typical spread in points at each UTC hour.
var hourSpread = [24]float64{
	11, 10, 9, 9, 9, 8, 7, 6, 6, 6, 6, 6,
	6, 6, 6, 6, 6, 7, 7, 8, 9, 13, 17, 14,
}

func normalizeRMS(a [24]float64) [24]float64 {
	var ss float64
	for _, v := range a {
		ss += v * v
	}
	k := 1 / math.Sqrt(ss/24)
	for i := range a {
		a[i] *= k
	}
	return a
}

// Generate writes the sample as MetaTrader 5 "Export Bars" text (TAB
// separated, header, CRLF). The output is the same, byte for byte, on every run.
func Generate(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>\r\n")
	g := newGenerator()
	var line []byte
	for t := sampleStart; t.Before(sampleEnd); t = t.Add(time.Hour) {
		if closed(t) {
			g.closedHours++
			continue
		}
		b := g.next(t)
		line = b.appendMT5(line[:0], t)
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WriteSample writes the gzipped sample, as stored in SAMPLE_H1.csv.gz. The
// gzip header carries no name or time, so the bytes depend only on Generate
// and the compressor.
func WriteSample(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	if err := Generate(zw); err != nil {
		return err
	}
	return zw.Close()
}

// closed reports whether the FX market is shut at t: the weekend (Friday
// 22:00 to Sunday 22:00 UTC), Christmas Day and New Year's Day.
func closed(t time.Time) bool {
	wd, h := t.Weekday(), t.Hour()
	switch {
	case wd == time.Saturday, wd == time.Friday && h >= 22, wd == time.Sunday && h < 22:
		return true
	case t.Month() == time.December && t.Day() == 25, t.Month() == time.January && t.Day() == 1:
		return true
	}
	return false
}

type regime int

const (
	ranging regime = iota
	trending
)

// generator holds the state of the price process between bars.
type generator struct {
	rnd *rng

	logPrice    float64 // log of the unrounded close
	variance    float64 // GARCH h for the coming bar
	regime      regime
	drift       float64 // per-hour drift of the current trend
	rangeLevel  float64 // log price where the current range began
	closedHours int     // hours the market was shut before the coming bar
	hours       float64 // length of a bar in hours: 1 for the H1 sample, 1/60 for minute bars

	path [pathSteps + 1]float64
}

func newGenerator() *generator {
	g := &generator{
		rnd:      &rng{src: rand.NewPCG(seedHi, seedLo)},
		logPrice: math.Log(startPrice),
		variance: meanVol * meanVol,
		hours:    1,
	}
	g.rangeLevel = g.logPrice
	return g
}

// synthBar is one generated bar.
type synthBar struct {
	open, high, low, close float64
	tickVolume             int
	spread                 int
}

// next generates the bar opening at t.
func (g *generator) next(t time.Time) synthBar {
	if g.closedHours > 0 {
		g.logPrice += g.reopenGap()
		g.closedHours = 0
	}
	g.switchRegime()

	// Drift scales with the bar's length and the deviation with its square
	// root; for H1 both factors are exactly 1 and the sample is unchanged.
	season := hourActivity[t.Hour()] * math.Sqrt(g.hours)
	sd := math.Sqrt(g.variance) * season
	z := g.rnd.studentT()
	r := g.driftNow()*g.hours + sd*z
	lo, hi := g.bridge(r, sd)

	open := g.logPrice
	g.logPrice += r
	b := synthBar{
		open:  round(math.Exp(open)),
		high:  round(math.Exp(open + hi)),
		low:   round(math.Exp(open + lo)),
		close: round(math.Exp(g.logPrice)),
	}
	// Rounding is monotone, so these only guard against the impossible.
	b.high = max(b.high, b.open, b.close)
	b.low = min(b.low, b.open, b.close)

	activity := math.Sqrt(g.variance) / meanVol // volatility regime, 1 on average
	rangeRatio := (hi - lo) / (meanVol * season * 1.6)
	b.tickVolume = max(1, int(math.Round(2400*season*math.Pow(activity*rangeRatio, 0.6)*math.Exp(0.4*g.rnd.normal()))))
	spread := hourSpread[t.Hour()] * (1 + 0.3*(activity-1))
	if g.rnd.float64() < 0.01 { // occasional spread spike: news, thin book
		spread *= 2 + g.rnd.float64()
	}
	b.spread = min(60, max(3, int(math.Round(spread+g.rnd.normal()))))

	g.variance = meanVol*meanVol*(1-alpha-beta) + alpha*g.variance*z*z + beta*g.variance
	return b
}

// reopenGap is the log move between the last close and the reopening price.
func (g *generator) reopenGap() float64 {
	if g.rnd.float64() < bigGapOdds {
		return bigGap * g.rnd.normal()
	}
	return smallGap * g.rnd.normal()
}

// switchRegime ends the current regime with probability 1/mean length, then
// picks a range (half the time) or a trend up or down of random strength.
func (g *generator) switchRegime() {
	mean := float64(rangeBars)
	if g.regime == trending {
		mean = trendBars
	}
	if g.rnd.float64() >= 1/mean {
		return
	}
	if g.rnd.float64() < 0.5 {
		g.regime, g.rangeLevel = ranging, g.logPrice
		return
	}
	g.regime = trending
	g.drift = trendDrift * (0.5 + g.rnd.float64())
	// Trends lean back towards the anchor, so the price stays near it.
	if g.rnd.float64() < 0.5+5*(g.logPrice-math.Log(anchorPrice)) {
		g.drift = -g.drift
	}
}

func (g *generator) driftNow() float64 {
	pull := -anchorPull * (g.logPrice - math.Log(anchorPrice))
	if g.regime == ranging {
		return pull - rangePull*(g.logPrice-g.rangeLevel)
	}
	return pull + g.drift
}

// bridge draws a Brownian path from 0 to r in pathSteps steps of total
// standard deviation sd and returns its lowest and highest points (0 and r
// included, so open and close lie within them).
func (g *generator) bridge(r, sd float64) (lo, hi float64) {
	step := sd / math.Sqrt(pathSteps)
	for k := 1; k <= pathSteps; k++ {
		g.path[k] = g.path[k-1] + step*g.rnd.normal()
	}
	miss := g.path[pathSteps] - r
	for k := 1; k <= pathSteps; k++ {
		p := g.path[k] - miss*float64(k)/pathSteps
		lo, hi = min(lo, p), max(hi, p)
	}
	// Quotes bounce around the path: extremes reach a little further than a
	// smooth path does (real H1 ranges are about 1.5 standard deviations).
	lo -= bounce * sd * math.Abs(g.rnd.normal())
	hi += bounce * sd * math.Abs(g.rnd.normal())
	return lo, hi
}

func round(p float64) float64 {
	const scale = 1e5 // 10^digits
	return math.Round(p*scale) / scale
}

// appendMT5 appends the bar as one line of an MT5 export.
func (b synthBar) appendMT5(dst []byte, t time.Time) []byte {
	dst = t.AppendFormat(dst, "2006.01.02\t15:04:05")
	for _, p := range [...]float64{b.open, b.high, b.low, b.close} {
		dst = append(dst, '\t')
		dst = strconv.AppendFloat(dst, p, 'f', digits, 64)
	}
	dst = append(dst, '\t')
	dst = strconv.AppendInt(dst, int64(b.tickVolume), 10)
	dst = append(dst, "\t0\t"...)
	dst = strconv.AppendInt(dst, int64(b.spread), 10)
	return append(dst, '\r', '\n')
}

// rng draws from a PCG source with its own normal and t variates, so the
// stream depends only on the seed and this code, not on library internals.
type rng struct {
	src      *rand.PCG
	spare    float64
	hasSpare bool
}

// float64 is uniform on [0, 1).
func (r *rng) float64() float64 { return float64(r.src.Uint64()>>11) / (1 << 53) }

// normal is a standard normal variate (Box-Muller, both values used).
func (r *rng) normal() float64 {
	if r.hasSpare {
		r.hasSpare = false
		return r.spare
	}
	u1 := 1 - r.float64() // in (0, 1]: log is finite
	u2 := r.float64()
	rad := math.Sqrt(-2 * math.Log(u1))
	r.spare, r.hasSpare = rad*math.Sin(2*math.Pi*u2), true
	return rad * math.Cos(2*math.Pi*u2)
}

// studentT is a Student t variate with tDoF degrees of freedom, scaled to
// unit variance.
func (r *rng) studentT() float64 {
	var chi2 float64
	for i := 0; i < tDoF; i++ {
		n := r.normal()
		chi2 += n * n
	}
	return r.normal() / math.Sqrt(chi2/tDoF) * math.Sqrt((tDoF-2)/float64(tDoF))
}
