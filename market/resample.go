package market

import (
	"fmt"
	"time"
)

// Resample aggregates bars of timeframe from into the coarser timeframe to:
// each bar of to takes the open of its first bar, the highest high, the
// lowest low, the close of its last bar, the sum of the tick volumes and the
// spread of its first bar (orders fill at a bar's open, at that spread). Bars
// are grouped by the UTC period they open in: intraday periods counted from
// midnight, days, weeks from Sunday 00:00 (as MetaTrader's W1 bars open) and
// calendar months. A period with no bar makes no bar.
//
// to must be coarser than from and hold a whole number of from's bars in
// each of its periods; anything else is an error, never a relabel.
func Resample(s *Series, from, to Timeframe) (*Series, error) {
	if err := canResample(from, to); err != nil {
		return nil, err
	}
	out := &Series{Symbol: s.Symbol, Timeframe: to, Source: s.Source}
	if s.Spread != nil {
		out.Spread = []int32{}
	}
	last := int64(-1 << 62)
	for i := range s.Time {
		start := periodStart(s.Time[i], to)
		if start != last {
			last = start
			out.Time = append(out.Time, start)
			out.Open, out.High, out.Low = append(out.Open, s.Open[i]), append(out.High, s.High[i]), append(out.Low, s.Low[i])
			out.Close, out.Volume = append(out.Close, s.Close[i]), append(out.Volume, s.Volume[i])
			if s.Spread != nil {
				out.Spread = append(out.Spread, s.Spread[i])
			}
			continue
		}
		k := len(out.Time) - 1
		out.High[k] = max(out.High[k], s.High[i])
		out.Low[k] = min(out.Low[k], s.Low[i])
		out.Close[k] = s.Close[i]
		out.Volume[k] += s.Volume[i]
	}
	return out, nil
}

const day = 24 * time.Hour

// canResample reports why bars of from cannot be grouped into bars of to.
func canResample(from, to Timeframe) error {
	whole := false
	switch {
	case to.Duration <= from.Duration:
		return fmt.Errorf("%s bars cannot be made from coarser or equal %s bars", to.Name, from.Name)
	case to.Duration <= day: // intraday and daily periods are whole numbers of any finer one that divides a day
		whole = to.Duration%from.Duration == 0 && day%from.Duration == 0
	case to.Name == "W1", to.Name == "MN1":
		whole = from.Duration <= day && day%from.Duration == 0
	}
	if !whole {
		return fmt.Errorf("%s bars cannot be made from %s bars: a %s period does not hold a whole number of them", to.Name, from.Name, to.Name)
	}
	return nil
}

// periodStart is the open time (Unix ms) of the period of to that t falls in.
func periodStart(t int64, to Timeframe) int64 {
	switch to.Name {
	case "W1":
		d := time.UnixMilli(t).UTC()
		d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
		return d.AddDate(0, 0, -int(d.Weekday())).UnixMilli() // back to Sunday
	case "MN1":
		d := time.UnixMilli(t).UTC()
		return time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	}
	ms := to.Duration.Milliseconds()
	return t - mod(t, ms)
}

// mod is the remainder of a by b, in [0, b) also for a < 0 (bars before 1970).
func mod(a, b int64) int64 {
	r := a % b
	if r < 0 {
		r += b
	}
	return r
}

// conform gives bars whose own spacing is native the timeframe asked for:
// the same bars when it is native, resampled when it is coarser, an error
// when it is finer or does not fit.
func conform(s *Series, native, asked Timeframe) (*Series, error) {
	if asked.Name == native.Name {
		return s, nil
	}
	return Resample(s, native, asked)
}
