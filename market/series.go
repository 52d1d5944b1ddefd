// Package market holds bar data: the Series type every stage shares, timeframes,
// and loaders for MetaTrader 5 "export bars" CSV, generic OHLC CSV and Parquet.
package market

import "time"

// Series is a run of OHLC bars in columns (one slice per field), oldest first,
// with strictly increasing times. Prices are bids.
type Series struct {
	Symbol    string
	Timeframe Timeframe
	Source    string // file the bars came from, or "sample" for the bundled data

	Time   []int64   // bar open time, Unix milliseconds UTC
	Open   []float64 //
	High   []float64
	Low    []float64
	Close  []float64
	Volume []float64 // tick volume; zeros when the file has none
	Spread []int32   // spread in points per bar; nil when the file has none
}

// Len is the number of bars.
func (s *Series) Len() int { return len(s.Time) }

// BarTime returns the open time of bar i.
func (s *Series) BarTime(i int) time.Time { return time.UnixMilli(s.Time[i]).UTC() }

// Slice returns the bars with open time in [from, to) as a Series sharing the
// same backing arrays. A zero from or to leaves that side open.
func (s *Series) Slice(from, to time.Time) *Series {
	lo, hi := 0, s.Len()
	if !from.IsZero() {
		lo = s.Index(from)
	}
	if !to.IsZero() {
		hi = s.Index(to)
	}
	if hi < lo {
		hi = lo
	}
	return s.Range(lo, hi)
}

// Range returns bars [lo, hi) as a Series sharing the same backing arrays.
func (s *Series) Range(lo, hi int) *Series {
	out := *s
	out.Time = s.Time[lo:hi]
	out.Open = s.Open[lo:hi]
	out.High = s.High[lo:hi]
	out.Low = s.Low[lo:hi]
	out.Close = s.Close[lo:hi]
	out.Volume = s.Volume[lo:hi]
	if s.Spread != nil {
		out.Spread = s.Spread[lo:hi]
	}
	return &out
}

// Index returns the first bar whose open time is at or after t (Len when
// there is none).
func (s *Series) Index(t time.Time) int {
	ms := t.UnixMilli()
	lo, hi := 0, len(s.Time)
	for lo < hi {
		m := (lo + hi) / 2
		if s.Time[m] < ms {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
