package strategy

import (
	"fmt"
	"strings"
	"time"
)

// hourFilter lets positions open only in some hours of some days (of the bar
// open times, in the data's time zone). Closing is never filtered.
type hourFilter struct {
	from, to int      // [from, to) in hours; from > to wraps past midnight
	days     [7]bool  // by time.Weekday
	names    []string // for the cache key
}

var dayNames = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

func readHours(h *hours, src *source) (*hourFilter, error) {
	f := &hourFilter{from: 0, to: 24}
	if h.From != nil {
		f.from = *h.From
	}
	if h.To != nil {
		f.to = *h.To
	}
	if f.from < 0 || f.from > 23 {
		return nil, src.errAt("hours.from", "hours.from must be an hour 0..23, got %d", f.from)
	}
	if f.to < 1 || f.to > 24 || f.to == f.from {
		return nil, src.errAt("hours.to", "hours.to must be an hour 1..24 other than from, got %d", f.to)
	}
	if len(h.Days) == 0 {
		f.days = [7]bool{true, true, true, true, true, true, true}
	}
	for _, d := range h.Days {
		wd, ok := dayNames[strings.ToLower(d)]
		if !ok {
			return nil, src.errAt("hours.days", "hours.days: unknown day %q (sun mon tue wed thu fri sat)", d)
		}
		f.days[wd] = true
		f.names = append(f.names, strings.ToLower(d))
	}
	return f, nil
}

func (f *hourFilter) allows(t time.Time) bool {
	if !f.days[t.Weekday()] {
		return false
	}
	h := t.Hour()
	if f.from < f.to {
		return h >= f.from && h < f.to
	}
	return h >= f.from || h < f.to
}

func (f *hourFilter) key() string {
	return fmt.Sprintf("hours(%d,%d,%s)", f.from, f.to, strings.Join(f.names, ","))
}

func (f *hourFilter) mask(times []int64) []float64 {
	out := make([]float64, len(times))
	for i, ms := range times {
		out[i] = boolValue(f.allows(time.UnixMilli(ms).UTC()))
	}
	return out
}
