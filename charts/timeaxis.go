package charts

import (
	"math"
	"time"

	"gonum.org/v1/plot"
)

// dateTicks labels an axis whose values are Unix seconds (UTC) with calendar
// dates: about want ticks at whole hours, days, weeks, months or years,
// whichever step gives at most want of them, labelled with no more detail
// than the step needs ("2023-03-14 12:00", "2023-03-14", "Mar 2023", "2023").
type dateTicks struct{ want int }

// dateStep is a calendar step: a fixed duration, or a number of months.
type dateStep struct {
	d      time.Duration
	months int
	layout string
}

var dateSteps = []dateStep{
	{d: time.Hour, layout: "01-02 15:04"}, {d: 3 * time.Hour, layout: "01-02 15:04"},
	{d: 6 * time.Hour, layout: "01-02 15:04"}, {d: 12 * time.Hour, layout: "01-02 15:04"},
	{d: 24 * time.Hour, layout: "2006-01-02"}, {d: 2 * 24 * time.Hour, layout: "2006-01-02"},
	{d: 7 * 24 * time.Hour, layout: "2006-01-02"}, {d: 14 * 24 * time.Hour, layout: "2006-01-02"},
	{months: 1, layout: "Jan 2006"}, {months: 2, layout: "Jan 2006"}, {months: 3, layout: "Jan 2006"},
	{months: 6, layout: "Jan 2006"}, {months: 12, layout: "2006"}, {months: 24, layout: "2006"},
	{months: 60, layout: "2006"}, {months: 120, layout: "2006"},
}

func (t dateTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return nil
	}
	want := max(t.want, 2)
	from, to := unixTime(lo), unixTime(hi)
	for _, s := range dateSteps {
		if ticks := s.ticks(from, to, want); ticks != nil {
			return ticks
		}
	}
	return dateSteps[len(dateSteps)-1].ticks(from, to, math.MaxInt)
}

// ticks returns the step's ticks over [from, to], or nil when there would be
// more than want of them.
func (s dateStep) ticks(from, to time.Time, want int) []plot.Tick {
	var cur time.Time
	if s.months == 0 {
		cur = from.Truncate(s.d)
		if cur.Before(from) {
			cur = cur.Add(s.d)
		}
	} else {
		m := (int(from.Month()) - 1) / min(s.months, 12) * min(s.months, 12)
		cur = time.Date(from.Year(), time.Month(m+1), 1, 0, 0, 0, 0, time.UTC)
		if s.months > 12 {
			years := s.months / 12
			cur = time.Date(from.Year()/years*years, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		for cur.Before(from) {
			cur = cur.AddDate(0, s.months, 0)
		}
	}
	var ticks []plot.Tick
	for !cur.After(to) {
		if len(ticks) == want {
			return nil
		}
		ticks = append(ticks, plot.Tick{Value: float64(cur.Unix()), Label: cur.Format(s.layout)})
		if s.months == 0 {
			cur = cur.Add(s.d)
		} else {
			cur = cur.AddDate(0, s.months, 0)
		}
	}
	return ticks
}

// unixTime turns an axis value (Unix seconds) into a UTC time.
func unixTime(sec float64) time.Time {
	s := math.Floor(sec)
	return time.Unix(int64(s), int64((sec-s)*1e9)).UTC()
}
