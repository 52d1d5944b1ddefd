package market

import (
	"strings"
	"testing"
	"time"
)

// forexHours returns n bar times spaced by step from start, skipping the FX
// weekend (Friday 22:00 to Sunday 22:00 UTC).
func forexHours(start time.Time, step time.Duration, n int) []int64 {
	var out []int64
	for t := start; len(out) < n; t = t.Add(step) {
		wd, h := t.Weekday(), t.Hour()
		if wd == time.Saturday || wd == time.Friday && h >= 22 || wd == time.Sunday && h < 22 {
			continue
		}
		out = append(out, t.UnixMilli())
	}
	return out
}

// tradingDays returns n daily bar times from start, Monday to Friday.
func tradingDays(start time.Time, n int) []int64 {
	var out []int64
	for t := start; len(out) < n; t = t.AddDate(0, 0, 1) {
		if t.Weekday() != time.Saturday && t.Weekday() != time.Sunday {
			out = append(out, t.UnixMilli())
		}
	}
	return out
}

func monthStarts(start time.Time, n int) []int64 {
	var out []int64
	for i := 0; i < n; i++ {
		out = append(out, start.AddDate(0, i, 0).UnixMilli())
	}
	return out
}

func TestDetectTimeframe(t *testing.T) {
	mon := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC) // a Monday
	tests := []struct {
		name  string
		times []int64
		want  string
	}{
		{"M1 over a weekend", forexHours(mon.Add(4*24*time.Hour+21*time.Hour), time.Minute, 200), "M1"},
		{"M15", forexHours(mon, 15*time.Minute, 1000), "M15"},
		{"M30", forexHours(mon, 30*time.Minute, 500), "M30"},
		// 2 000 H1 bars span 16 FX weeks: 15 weekend gaps of 49 h against
		// 1 984 one-hour steps.
		{"H1 with weekend gaps", forexHours(mon, time.Hour, 2000), "H1"},
		{"H4", forexHours(mon, 4*time.Hour, 300), "H4"},
		// Mon-Fri: per week four 1-day steps and one 3-day step.
		{"D1 with weekends", tradingDays(mon, 300), "D1"},
		{"W1", func() []int64 {
			var out []int64
			for i := 0; i < 30; i++ {
				out = append(out, mon.AddDate(0, 0, 7*i).UnixMilli())
			}
			return out
		}(), "W1"},
		// Months of 28 to 31 days are all nearest to MN1's 30 days.
		{"MN1", monthStarts(mon, 24), "MN1"},
		{"two bars", []int64{0, 3600_000}, "H1"},
		// 90 minutes is 1.5 x H1 and 0.75 x H2: H2 is nearer by ratio.
		{"90 minutes rounds to H2", []int64{0, 5400_000, 10800_000}, "H2"},
		// Tie: one 1-hour step and one 2-hour step; the shorter wins, since
		// gaps make spacings longer, never shorter.
		{"tie goes to the shorter", []int64{0, 3600_000, 10800_000}, "H1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tf, err := DetectTimeframe(tt.times)
			if err != nil {
				t.Fatal(err)
			}
			if tf.Name != tt.want {
				t.Errorf("got %s, want %s", tf, tt.want)
			}
		})
	}
}

func TestDetectTimeframeErrors(t *testing.T) {
	for _, times := range [][]int64{nil, {5}, {0, 0}, {10, 5}} {
		if tf, err := DetectTimeframe(times); err == nil {
			t.Errorf("DetectTimeframe(%v) = %s, want an error", times, tf)
		}
	}
}

// TestTimeframeOverride checks that LoadOptions.Timeframe wins over
// detection only by resampling: the same timeframe keeps the bars, a coarser
// one aggregates them, and a finer one (which would be a relabel) is refused.
func TestTimeframeOverride(t *testing.T) {
	text := "Date,Open,High,Low,Close\n" +
		"2024-01-31 13:00,1.1,1.2,1.0,1.15\n" +
		"2024-01-31 14:00,1.1,1.2,1.0,1.15\n"
	for opt, want := range map[string]string{"": "H1", "h1": "H1", "d1": "D1"} {
		s, err := Read(strings.NewReader(text), "x.csv", LoadOptions{Timeframe: opt})
		if err != nil {
			t.Fatal(err)
		}
		if s.Timeframe.Name != want {
			t.Errorf("option %q: timeframe %s, want %s", opt, s.Timeframe, want)
		}
	}
	_, err := Read(strings.NewReader(text), "x.csv", LoadOptions{Timeframe: "M30"})
	if err == nil || !strings.Contains(err.Error(), "x.csv: the bars are H1: M30") {
		t.Errorf("M30 from H1 bars: %v, want a refusal", err)
	}
}

func TestSymbolFromFileName(t *testing.T) {
	tests := map[string]string{
		"EURUSD_H1_202401012300_202509082200.csv":                           "EURUSD",
		"/data/bars/mt5-EURUSD_H1.csv":                                      "EURUSD",
		"kernc-GOOG.csv":                                                    "GOOG",
		"orcl-2000.csv":                                                     "ORCL",
		"pyalgotrade-orcl-2000-yahoofinance.csv":                            "ORCL",
		"backtrader-nvda-1999-2014.txt":                                     "NVDA",
		"mt-semicolon-EURUSD_M30.csv":                                       "EURUSD",
		"dukascopy-EURUSD_Candlestick_1_Hour_BID_01.07.2020-15.07.2023.csv": "EURUSD",
		"mt5-US30m_H1_202401012300_202509082200.csv":                        "US30m",
		"SAMPLE_H1.csv.gz":                                                  "SAMPLE",
		"eurusd.parquet":                                                    "EURUSD",
		"XAUUSD.a_M5.csv":                                                   "XAUUSD.a",
		"2024-eurusd.csv":                                                   "EURUSD",
		"GBPUSD.TSV":                                                        "GBPUSD",
		"2024.csv":                                                          "2024",
	}
	for in, want := range tests {
		if got := SymbolFromFileName(in); got != want {
			t.Errorf("SymbolFromFileName(%q) = %q, want %q", in, got, want)
		}
	}
}
