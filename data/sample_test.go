package data

import (
	"bytes"
	"compress/gzip"
	"io"
	"math"
	"sort"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat"

	"github.com/passframes/passframes/market"
)

// weekendHour tells whether t falls in the FX weekend, Friday 22:00 to Sunday
// 22:00 UTC, counted as hours of the week from Sunday 00:00.
func weekendHour(t time.Time) bool {
	h := int(t.Weekday())*24 + t.Hour()
	return h < 22 || h >= 5*24+22
}

func holiday(t time.Time) bool {
	return t.Month() == time.December && t.Day() == 25 || t.Month() == time.January && t.Day() == 1
}

func TestSample(t *testing.T) {
	s, err := Sample()
	if err != nil {
		t.Fatal(err)
	}
	if s.Symbol != "SAMPLE" || s.Timeframe.Name != "H1" || s.Source != SampleName {
		t.Errorf("got %s %s from %q, want SAMPLE H1 from %q", s.Symbol, s.Timeframe, s.Source, SampleName)
	}
	first, last := s.BarTime(0), s.BarTime(s.Len()-1)
	if !first.Equal(time.Date(2023, 1, 2, 0, 0, 0, 0, time.UTC)) || !last.Equal(time.Date(2024, 12, 31, 23, 0, 0, 0, time.UTC)) {
		t.Errorf("bars from %s to %s, want 2023-01-02 00:00 to 2024-12-31 23:00", first, last)
	}

	// Every open hour from the first bar to the last, and nothing else.
	want := 0
	for h := first; !h.After(last); h = h.Add(time.Hour) {
		if !weekendHour(h) && !holiday(h) {
			want++
		}
	}
	if s.Len() != want {
		t.Errorf("%d bars, want %d (every open hour)", s.Len(), want)
	}
	for i := 0; i < s.Len(); i++ {
		if bt := s.BarTime(i); weekendHour(bt) || holiday(bt) {
			t.Fatalf("bar %d at %s: the market is closed then", i, bt.Format("Mon 2006-01-02 15:04"))
		}
		if s.Spread[i] < 1 || s.Volume[i] < 1 {
			t.Fatalf("bar %d: spread %d, tick volume %g", i, s.Spread[i], s.Volume[i])
		}
	}
}

// TestSampleOpens checks that a bar opens at the previous close, except after
// the market was closed, where a gap is allowed and sometimes present.
func TestSampleOpens(t *testing.T) {
	s, err := Sample()
	if err != nil {
		t.Fatal(err)
	}
	gaps := 0
	for i := 1; i < s.Len(); i++ {
		if s.Time[i]-s.Time[i-1] > time.Hour.Milliseconds() {
			if s.Open[i] != s.Close[i-1] {
				gaps++
			}
			continue
		}
		if s.Open[i] != s.Close[i-1] {
			t.Fatalf("bar %d (%s) opens at %.5f, previous close %.5f", i, s.BarTime(i), s.Open[i], s.Close[i-1])
		}
	}
	if gaps < 50 {
		t.Errorf("only %d of about 105 reopenings gap", gaps)
	}
}

// TestSampleIsCopy checks that changing what Sample returns does not change
// the next call's result.
func TestSampleIsCopy(t *testing.T) {
	a, err := Sample()
	if err != nil {
		t.Fatal(err)
	}
	c0 := a.Close[0]
	a.Close[0] = -1
	b, err := Sample()
	if err != nil {
		t.Fatal(err)
	}
	if b.Close[0] != c0 {
		t.Errorf("second Sample sees a change made to the first: close %g", b.Close[0])
	}
}

// TestSampleLoadsAsFile checks that the embedded file passes the loader with
// nothing given: symbol from the file name, timeframe from the bars.
func TestSampleLoadsAsFile(t *testing.T) {
	s, err := market.Read(bytes.NewReader(sampleGz), SampleFile, market.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Symbol != "SAMPLE" || s.Timeframe.Name != "H1" || s.Spread == nil {
		t.Errorf("got %s %s spread %v, want SAMPLE H1 with spreads", s.Symbol, s.Timeframe, s.Spread != nil)
	}
}

// TestSampleReproducible regenerates the sample and compares it with the
// embedded file: the text, then the gzip bytes.
func TestSampleReproducible(t *testing.T) {
	zr, err := gzip.NewReader(bytes.NewReader(sampleGz))
	if err != nil {
		t.Fatal(err)
	}
	embedded, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	if err := Generate(&text); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(text.Bytes(), embedded) {
		t.Fatalf("Generate differs from %s (%d vs %d bytes): run go run ./data/gen", SampleFile, text.Len(), len(embedded))
	}
	var gz bytes.Buffer
	if err := WriteSample(&gz); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gz.Bytes(), sampleGz) {
		t.Errorf("WriteSample differs from %s although the text is the same: the compressor changed; run go run ./data/gen", SampleFile)
	}
}

// TestSampleRealism checks the statistical texture the sample promises,
// against bounds drawn from real EURUSD H1 data (2020-2026), and logs the
// summary figures.
func TestSampleRealism(t *testing.T) {
	s, err := Sample()
	if err != nil {
		t.Fatal(err)
	}
	n := s.Len()
	ret := make([]float64, n-1) // hourly log returns, close to close
	absRet := make([]float64, n-1)
	for i := 1; i < n; i++ {
		ret[i-1] = math.Log(s.Close[i] / s.Close[i-1])
		absRet[i-1] = math.Abs(ret[i-1])
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	ranges := make([]float64, n)
	for i := 0; i < n; i++ {
		lo, hi = min(lo, s.Low[i]), max(hi, s.High[i])
		ranges[i] = s.High[i] - s.Low[i]
	}
	meanAbs := stat.Mean(absRet, nil)
	clustering := stat.Correlation(absRet[1:], absRet[:len(absRet)-1], nil)
	exKurt := stat.ExKurtosis(ret, nil)
	volRange := stat.Correlation(s.Volume, ranges, nil)

	// Volatility by session: London/New York overlap against the Asian night.
	var busy, quiet []float64
	for i := 1; i < n; i++ {
		switch h := s.BarTime(i).Hour(); {
		case h >= 12 && h < 16:
			busy = append(busy, absRet[i-1])
		case h < 5:
			quiet = append(quiet, absRet[i-1])
		}
	}
	seasonRatio := stat.Mean(busy, nil) / stat.Mean(quiet, nil)

	spreads := make([]float64, n)
	var spreadDay, spreadRollover []float64
	for i, sp := range s.Spread {
		spreads[i] = float64(sp)
		switch h := s.BarTime(i).Hour(); {
		case h >= 8 && h < 17:
			spreadDay = append(spreadDay, float64(sp))
		case h >= 21:
			spreadRollover = append(spreadRollover, float64(sp))
		}
	}
	sort.Float64s(spreads)
	spreadMedian := stat.Quantile(0.5, stat.Empirical, spreads, nil)
	spread05, spread95 := stat.Quantile(0.05, stat.Empirical, spreads, nil), stat.Quantile(0.95, stat.Empirical, spreads, nil)

	t.Logf("%d bars, price %.5f to %.5f, mean |hourly return| %.2e, sd %.2e, excess kurtosis %.1f",
		n, lo, hi, meanAbs, stat.PopStdDev(ret, nil), exKurt)
	t.Logf("acf(|r|, 1) %.2f, busy/quiet volatility %.2f, corr(tick volume, range) %.2f, mean range %.5f",
		clustering, seasonRatio, volRange, stat.Mean(ranges, nil))
	t.Logf("spread median %g, 5%%-95%% %g-%g, mean 08-17 UTC %.1f, mean 21-24 UTC %.1f",
		spreadMedian, spread05, spread95, stat.Mean(spreadDay, nil), stat.Mean(spreadRollover, nil))

	checks := []struct {
		what      string
		got       float64
		low, high float64
	}{
		{"lowest price", lo, 1.00, 1.10},
		{"highest price", hi, 1.10, 1.25},
		{"mean |hourly return| (real 5.3e-4 to 6.9e-4)", meanAbs, 4e-4, 8e-4},
		{"lag-1 autocorrelation of |return| (real 0.15 to 0.27)", clustering, 0.10, 0.40},
		{"excess kurtosis of returns", exKurt, 3, 40},
		{"busy/quiet session volatility (real about 2.5)", seasonRatio, 1.8, 4},
		{"correlation of tick volume and range (real 0.45 to 0.78)", volRange, 0.4, 0.9},
		{"median spread in points", spreadMedian, 5, 10},
		{"5th percentile spread", spread05, 4, 7},
		{"95th percentile spread", spread95, 10, 20},
		{"rollover/day spread", stat.Mean(spreadRollover, nil) / stat.Mean(spreadDay, nil), 1.5, 4},
	}
	for _, c := range checks {
		if c.got < c.low || c.got > c.high {
			t.Errorf("%s = %.4g, want within [%g, %g]", c.what, c.got, c.low, c.high)
		}
	}
}

// TestSampleRegimes checks that the drift switches: over two-week windows
// the efficiency |net move| / sum |moves| is high in some (trends) and low in
// others (ranges). A pure random walk of 240 steps gives about 0.06 on average.
func TestSampleRegimes(t *testing.T) {
	s, err := Sample()
	if err != nil {
		t.Fatal(err)
	}
	const window = 240
	var eff []float64
	for start := 0; start+window < s.Len(); start += window {
		var path float64
		for i := start + 1; i <= start+window; i++ {
			path += math.Abs(math.Log(s.Close[i] / s.Close[i-1]))
		}
		eff = append(eff, math.Abs(math.Log(s.Close[start+window]/s.Close[start]))/path)
	}
	sort.Float64s(eff)
	lowest, highest := eff[0], eff[len(eff)-1]
	t.Logf("%d two-week windows, efficiency %.3f to %.3f", len(eff), lowest, highest)
	if highest < 0.2 || lowest > 0.02 {
		t.Errorf("efficiency %.3f to %.3f: want trends (> 0.2) and ranges (< 0.02)", lowest, highest)
	}
}

func TestClosed(t *testing.T) {
	tests := []struct {
		t    time.Time
		want bool
	}{
		{time.Date(2024, 3, 8, 21, 0, 0, 0, time.UTC), false}, // Friday, last open hour
		{time.Date(2024, 3, 8, 22, 0, 0, 0, time.UTC), true},  // Friday close
		{time.Date(2024, 3, 9, 12, 0, 0, 0, time.UTC), true},  // Saturday
		{time.Date(2024, 3, 10, 21, 0, 0, 0, time.UTC), true}, // Sunday before the open
		{time.Date(2024, 3, 10, 22, 0, 0, 0, time.UTC), false},
		{time.Date(2024, 12, 25, 10, 0, 0, 0, time.UTC), true},
		{time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC), true},
		{time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), false},
	}
	for _, tt := range tests {
		if got := closed(tt.t); got != tt.want {
			t.Errorf("closed(%s) = %v, want %v", tt.t.Format("Mon 2006-01-02 15:04"), got, tt.want)
		}
	}
}

func TestStudentTHasUnitVariance(t *testing.T) {
	r := &rng{src: newGenerator().rnd.src}
	x := make([]float64, 200_000)
	for i := range x {
		x[i] = r.studentT()
	}
	// Standard error of the variance of t(5) over 200 000 draws is about
	// sqrt((kurtosis-1)/n) = sqrt(8/200000) = 0.006; allow 5 of them.
	if v := stat.Variance(x, nil); math.Abs(v-1) > 0.03 {
		t.Errorf("variance %.4f, want 1", v)
	}
	if m := stat.Mean(x, nil); math.Abs(m) > 0.01 {
		t.Errorf("mean %.4f, want 0", m)
	}
}
