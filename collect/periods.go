package collect

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/passframes/passframes/market"
)

// Periods are the back and forward test periods as bar index ranges [lo, hi)
// of the series, with their dates.
type Periods struct {
	BackLo, BackHi       int
	ForwardLo, ForwardHi int // equal when there is no forward period
	BackFrom, BackTo     time.Time
	ForwardFrom          time.Time
	ForwardTo            time.Time
	Forward              string // none, 1/2, 1/3, 1/4 or a date
}

// HasForward reports whether there is a forward period.
func (p Periods) HasForward() bool { return p.ForwardHi > p.ForwardLo }

const dateLayout = "2006-01-02"

// ParseDate reads a from/to date (YYYY-MM-DD or YYYY.MM.DD), UTC.
func ParseDate(s string) (time.Time, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ".", "-")
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date (want YYYY-MM-DD)", s)
	}
	return t, nil
}

// SplitPeriods cuts the bars between from and to (to inclusive: the whole day;
// zero values mean the data's own ends) into a back and a forward period as
// MetaTrader 5 does: forward "none", a fraction "1/2", "1/3", "1/4" (the last
// half, third or quarter of the range is the forward period), or a date (the
// forward period starts that day).
func SplitPeriods(s *market.Series, from, to time.Time, forward string) (Periods, error) {
	if s.Len() == 0 {
		return Periods{}, fmt.Errorf("no bars")
	}
	first, last := s.BarTime(0), s.BarTime(s.Len()-1)
	if from.IsZero() {
		from = first
	}
	end := last.Add(time.Millisecond) // bar times are whole milliseconds
	if !to.IsZero() {
		end = to.AddDate(0, 0, 1)
	}
	if !from.Before(end) {
		what := "the range's last day, " + to.Format(dateLayout)
		if to.IsZero() {
			what = "the data's last bar, " + last.Format(dateLayout)
		}
		return Periods{}, &ConfigError{Setting: "From", Value: from.Format(dateLayout), Err: fmt.Errorf("after %s", what)}
	}
	lo, hi := s.Index(from), s.Index(end)
	if hi-lo < 2 {
		return Periods{}, fmt.Errorf("the range %s..%s holds %d bars of the data (%s..%s)", from.Format(dateLayout),
			end.AddDate(0, 0, -1).Format(dateLayout), hi-lo, first.Format(dateLayout), last.Format(dateLayout))
	}
	p := Periods{BackLo: lo, BackHi: hi, ForwardLo: hi, ForwardHi: hi, Forward: forward}
	var split time.Time
	switch f := strings.TrimSpace(strings.ToLower(forward)); f {
	case "", "none", "no":
		p.Forward = "none"
	case "1/2", "1/3", "1/4":
		k := map[string]int64{"1/2": 2, "1/3": 3, "1/4": 4}[f]
		rangeFrom, rangeTo := s.BarTime(lo), s.BarTime(hi-1)
		split = rangeTo.Add(-rangeTo.Sub(rangeFrom) / time.Duration(k))
	default:
		d, err := ParseDate(f)
		if err != nil {
			return Periods{}, &ConfigError{Setting: "Forward", Value: fmt.Sprintf("%q", forward), Err: errors.New("want none, 1/2, 1/3, 1/4 or a date YYYY-MM-DD")}
		}
		split = d
	}
	if !split.IsZero() {
		mid := s.Index(split)
		if mid <= lo || mid >= hi {
			return Periods{}, &ConfigError{Setting: "Forward", Value: forward, Err: errors.New("leaves no bars in the back or the forward period")}
		}
		p.BackHi, p.ForwardLo = mid, mid
	}
	p.BackFrom, p.BackTo = s.BarTime(p.BackLo), s.BarTime(p.BackHi-1)
	if p.HasForward() {
		p.ForwardFrom, p.ForwardTo = s.BarTime(p.ForwardLo), s.BarTime(p.ForwardHi-1)
	}
	return p, nil
}

// ConfigError is a bad setting of a run. Setting names the Config field
// (or the SplitPeriods argument: From, To, Forward) it is about, so that a
// command can name its own flag for it.
type ConfigError struct {
	Setting string // e.g. "Budget", "Method", "Forward"
	Value   string // the value given, when it helps to repeat it
	Err     error
}

func (e *ConfigError) Error() string {
	name := strings.ToLower(e.Setting)
	if e.Value != "" {
		name += " " + e.Value
	}
	return name + ": " + e.Err.Error()
}

func (e *ConfigError) Unwrap() error { return e.Err }
