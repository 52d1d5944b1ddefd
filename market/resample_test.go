package market

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func at(s string) int64 {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t.UnixMilli()
}

// m30 is six hand-made M30 bars over three hours with a gap (no 15:00 bar).
func m30() *Series {
	return &Series{Symbol: "X", Timeframe: Timeframe{"M30", 30 * time.Minute},
		Time: []int64{at("2024-01-31 13:00"), at("2024-01-31 13:30"), at("2024-01-31 14:00"),
			at("2024-01-31 14:30"), at("2024-01-31 15:30"), at("2024-02-01 00:00")},
		Open:   []float64{1.0, 1.2, 1.1, 1.3, 1.5, 1.6},
		High:   []float64{1.3, 1.4, 1.3, 1.6, 1.7, 1.6},
		Low:    []float64{0.9, 1.1, 1.0, 1.2, 1.4, 1.5},
		Close:  []float64{1.2, 1.1, 1.3, 1.5, 1.6, 1.55},
		Volume: []float64{10, 20, 30, 40, 50, 60},
		Spread: []int32{5, 6, 7, 8, 9, 4},
	}
}

// TestResampleH1 groups the M30 bars by the hour, worked out by hand:
//
//	13:00  open 1.0, high max(1.3, 1.4), low min(0.9, 1.1), close 1.1, volume 30, spread 5
//	14:00  open 1.1, high 1.6, low 1.0, close 1.5, volume 70, spread 7
//	15:00  only the 15:30 bar: 1.5 1.7 1.4 1.6, volume 50, spread 9
//	00:00  the next day: 1.6 1.6 1.5 1.55, volume 60, spread 4
func TestResampleH1(t *testing.T) {
	h1, _ := ParseTimeframe("H1")
	got, err := Resample(m30(), Timeframe{"M30", 30 * time.Minute}, h1)
	if err != nil {
		t.Fatal(err)
	}
	want := &Series{Symbol: "X", Timeframe: h1,
		Time:   []int64{at("2024-01-31 13:00"), at("2024-01-31 14:00"), at("2024-01-31 15:00"), at("2024-02-01 00:00")},
		Open:   []float64{1.0, 1.1, 1.5, 1.6},
		High:   []float64{1.4, 1.6, 1.7, 1.6},
		Low:    []float64{0.9, 1.0, 1.4, 1.5},
		Close:  []float64{1.1, 1.5, 1.6, 1.55},
		Volume: []float64{30, 70, 50, 60},
		Spread: []int32{5, 7, 9, 4},
	}
	checkSeries(t, got, want)
}

// TestResampleD1W1MN1: days, Sunday weeks and calendar months.
func TestResampleD1W1MN1(t *testing.T) {
	src := m30()
	from := src.Timeframe
	for _, c := range []struct {
		tf    string
		times []int64
		opens []float64
		highs []float64
	}{
		{"D1", []int64{at("2024-01-31 00:00"), at("2024-02-01 00:00")}, []float64{1.0, 1.6}, []float64{1.7, 1.6}},
		// 2024-01-31 is a Wednesday and 2024-02-01 a Thursday: one week, from Sunday 28 January.
		{"W1", []int64{at("2024-01-28 00:00")}, []float64{1.0}, []float64{1.7}},
		{"MN1", []int64{at("2024-01-01 00:00"), at("2024-02-01 00:00")}, []float64{1.0, 1.6}, []float64{1.7, 1.6}},
	} {
		tf, _ := ParseTimeframe(c.tf)
		got, err := Resample(src, from, tf)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Time, c.times) || !slices.Equal(got.Open, c.opens) || !slices.Equal(got.High, c.highs) {
			t.Errorf("%s: times %v opens %v highs %v, want %v %v %v", c.tf, got.Time, got.Open, got.High, c.times, c.opens, c.highs)
		}
	}
}

func TestResampleRefuses(t *testing.T) {
	for _, c := range [][2]string{{"H1", "M30"}, {"H1", "H1"}, {"H3", "H4"}, {"M20", "M30"}, {"W1", "MN1"}, {"H1", "W1X"}} {
		from, _ := ParseTimeframe(c[0])
		to, err := ParseTimeframe(c[1])
		if err != nil {
			continue // not a timeframe at all: ParseTimeframe refuses it
		}
		if _, err := Resample(m30(), from, to); err == nil {
			t.Errorf("%s → %s accepted", c[0], c[1])
		}
	}
	for _, c := range [][2]string{{"M20", "H1"}, {"H3", "H12"}, {"H8", "D1"}, {"D1", "W1"}, {"H4", "MN1"}} {
		from, _ := ParseTimeframe(c[0])
		to, _ := ParseTimeframe(c[1])
		if err := canResample(from, to); err != nil {
			t.Errorf("%s → %s refused: %v", c[0], c[1], err)
		}
	}
}

// TestLoadResamples: a file of H1 bars loaded as H4 is resampled, not relabelled.
func TestLoadResamples(t *testing.T) {
	var b strings.Builder
	b.WriteString("Date,Open,High,Low,Close,Volume\n")
	for h := 0; h < 8; h++ {
		p := 1 + float64(h)/100
		b.WriteString(time.Date(2024, 1, 31, h, 0, 0, 0, time.UTC).Format("2006-01-02 15:04"))
		b.WriteString("," + ftoa(p) + "," + ftoa(p+0.005) + "," + ftoa(p-0.005) + "," + ftoa(p+0.002) + ",1\n")
	}
	s, err := Read(strings.NewReader(b.String()), "x.csv", LoadOptions{Timeframe: "H4"})
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 2 || s.Timeframe.Name != "H4" || s.Open[1] != 1.04 || s.High[1] != 1.075 || math.Abs(s.Low[1]-1.035) > 1e-12 ||
		s.Close[1] != 1.072 || s.Volume[1] != 4 {
		t.Errorf("H4 from H1: %d bars %v %v %v %v %v %v", s.Len(), s.Timeframe, s.Open, s.High, s.Low, s.Close, s.Volume)
	}
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func checkSeries(t *testing.T, got, want *Series) {
	t.Helper()
	if got.Timeframe != want.Timeframe || got.Symbol != want.Symbol || !slices.Equal(got.Time, want.Time) ||
		!slices.Equal(got.Open, want.Open) || !slices.Equal(got.High, want.High) || !slices.Equal(got.Low, want.Low) ||
		!slices.Equal(got.Close, want.Close) || !slices.Equal(got.Volume, want.Volume) || !slices.Equal(got.Spread, want.Spread) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}
