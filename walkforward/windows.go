package walkforward

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/passframes/passframes/frames"
)

// Unit is the unit of a window Length.
type Unit int

// The units of a Length: calendar months (a year is 12), calendar days (a
// week is 7), or bars.
const (
	Months Unit = iota
	Days
	Bars
)

// Length is a window part's length, as written on the command line: "3mo",
// "1y", "2w", "10d" or "2000b".
type Length struct {
	N    int
	Unit Unit
	Text string // as given, for the manifest
}

// ParseLength reads a length: a positive whole number followed by mo
// (months), y (years), w (weeks), d (days) or b (bars).
func ParseLength(s string) (Length, error) {
	l, err := parseLength(s)
	if err != nil {
		return l, fmt.Errorf("walkforward: %w", err)
	}
	return l, nil
}

func parseLength(s string) (Length, error) {
	t := strings.TrimSpace(strings.ToLower(s))
	for _, u := range []struct {
		suffix string
		unit   Unit
		times  int
	}{{"mo", Months, 1}, {"y", Months, 12}, {"w", Days, 7}, {"d", Days, 1}, {"b", Bars, 1}} {
		num, ok := strings.CutSuffix(t, u.suffix)
		if !ok {
			continue
		}
		n, err := strconv.Atoi(num)
		if err != nil || n <= 0 {
			break
		}
		return Length{N: n * u.times, Unit: u.unit, Text: t}, nil
	}
	return Length{}, fmt.Errorf("length %q: want a positive whole number and a unit: mo, y, w, d or b (bars), e.g. 3mo or 2000b", s)
}

// Calendar reports whether the length is in months or days (not bars).
func (l Length) Calendar() bool { return l.Unit != Bars }

// The ways to treat a last window whose test part runs past the data.
const (
	PartialDrop = "drop" // leave it out (the default)
	PartialKeep = "keep" // test it on the bars there are
)

// Spec is a walk-forward layout: how long each window trains and tests, how
// far the next window starts after it, and whether training always starts
// at the first bar (anchored) or moves along (rolling).
type Spec struct {
	Train, Test, Step Length // Step zero (N == 0): the test length
	Anchored          bool
	Partial           string // PartialDrop or PartialKeep; "" means drop
	// End is where the range asked for ends (exclusive), e.g. the day
	// after the last day asked for; zero means the last bar's open plus
	// the bar period. So a window whose test ends at the range's end is
	// kept though the market closed earlier (a Friday evening), End counts
	// when it is at most a weekend (maxClosed) after the last bar's end.
	End time.Time
}

// ParseSpec reads the command line's window settings. step may be empty
// (the test length).
func ParseSpec(train, test, step string, anchored bool, partial string) (Spec, error) {
	var s Spec
	var err error
	if s.Train, err = parseLength(train); err != nil {
		return s, fmt.Errorf("walkforward: train %w", err)
	}
	if s.Test, err = parseLength(test); err != nil {
		return s, fmt.Errorf("walkforward: test %w", err)
	}
	s.Step = s.Test
	if step != "" {
		if s.Step, err = parseLength(step); err != nil {
			return s, fmt.Errorf("walkforward: step %w", err)
		}
	}
	s.Anchored = anchored
	switch partial {
	case "":
		s.Partial = PartialDrop
	case PartialDrop, PartialKeep:
		s.Partial = partial
	default:
		return s, fmt.Errorf("walkforward: partial %q: want %q or %q", partial, PartialKeep, PartialDrop)
	}
	return s, s.check()
}

func (s Spec) check() error {
	step := s.step()
	cal := s.Train.Calendar()
	if s.Test.Calendar() != cal || step.Calendar() != cal {
		return fmt.Errorf("walkforward: train %s, test %s and step %s mix bars with calendar lengths: give all three in bars or all in mo/y/w/d",
			s.Train.Text, s.Test.Text, step.Text)
	}
	return nil
}

func (s Spec) step() Length {
	if s.Step.N == 0 {
		return s.Test
	}
	return s.Step
}

// Bounds is one window: train on bars [TrainLo, TrainHi), test on bars
// [TestLo, TestHi) (TestLo == TrainHi), with the dates of those bounds.
type Bounds struct {
	Index              int
	TrainLo, TrainHi   int
	TestLo, TestHi     int
	TrainFrom, TrainTo time.Time // [from, to)
	TestFrom, TestTo   time.Time
	Partial            bool // the test part is shorter than asked (PartialKeep)
}

// Window returns the manifest's record of b.
func (b Bounds) Window() frames.Window {
	return frames.Window{Index: int32(b.Index), TrainFrom: b.TrainFrom, TrainTo: b.TrainTo,
		TestFrom: b.TestFrom, TestTo: b.TestTo}
}

// Windows lays the windows of spec over bars with the given open times
// (Unix ms, increasing); barDur is the bar period, so the data ends at the
// last bar's open plus barDur unless spec.End says otherwise.
//
// Calendar windows start at midnight UTC of the first bar's day. Each bound
// is computed from that start (never from the previous bound), adding
// calendar months first and clamping to the month's end, then days: from
// 31 January, one month is 29 February in a leap year and two months are
// 31 March. A window is kept while its train part and at least one test bar
// fit in the data; a last window whose test part runs past the data is
// dropped, or kept with a shorter test part when spec.Partial is keep.
//
// Bar windows count bars from the first bar.
//
// Every window must hold at least one train and one test bar; a window
// that does not (a gap in the data) is an error naming it. No window at
// all is an error too.
func Windows(times []int64, barDur time.Duration, spec Spec) ([]Bounds, error) {
	if err := spec.check(); err != nil {
		return nil, err
	}
	if len(times) < 2 {
		return nil, fmt.Errorf("walkforward: %d bars: too few for a window", len(times))
	}
	var out []Bounds
	var err error
	if spec.Train.Calendar() {
		out, err = calendarWindows(times, barDur, spec)
	} else {
		out = barWindows(len(times), spec)
		dateBarWindows(out, times, barDur)
	}
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("walkforward: train %s + test %s do not fit in the data (%s .. %s, %d bars)",
			spec.Train.Text, spec.Test.Text, day(times[0]), day(times[len(times)-1]), len(times))
	}
	for i := range out {
		b := &out[i]
		if b.TrainHi <= b.TrainLo || b.TestHi <= b.TestLo {
			return nil, fmt.Errorf("walkforward: window %d (train %s .. %s, test %s .. %s) holds %d train and %d test bars: the data has a gap there",
				b.Index, b.TrainFrom.Format(dayLayout), b.TrainTo.Format(dayLayout), b.TestFrom.Format(dayLayout),
				b.TestTo.Format(dayLayout), b.TrainHi-b.TrainLo, b.TestHi-b.TestLo)
		}
	}
	return out, nil
}

// maxClosed is the longest time a market is closed in the normal course of
// things: a weekend, with a holiday.
const maxClosed = 3 * 24 * time.Hour

// offset is a calendar distance from the windows' start: months, then days.
type offset struct{ months, days int }

func (o offset) plus(l Length, k int) offset {
	if l.Unit == Months {
		o.months += k * l.N
	} else {
		o.days += k * l.N
	}
	return o
}

func (o offset) from(start time.Time) time.Time {
	return AddMonths(start, o.months).AddDate(0, 0, o.days)
}

func calendarWindows(times []int64, barDur time.Duration, spec Spec) ([]Bounds, error) {
	first := time.UnixMilli(times[0]).UTC()
	start := time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, time.UTC)
	end := time.UnixMilli(times[len(times)-1]).UTC().Add(barDur) // the data's end, exclusive
	if !spec.End.IsZero() && !spec.End.After(end.Add(maxClosed)) {
		end = spec.End
	}
	var out []Bounds
	for k := 0; ; k++ {
		trainFrom := offset{}
		if !spec.Anchored {
			trainFrom = trainFrom.plus(spec.step(), k)
		}
		trainTo := offset{}.plus(spec.step(), k).plus(spec.Train, 1)
		testTo := trainTo.plus(spec.Test, 1)
		b := Bounds{Index: k, TrainFrom: trainFrom.from(start), TrainTo: trainTo.from(start), TestTo: testTo.from(start)}
		b.TestFrom = b.TrainTo
		if !b.TestFrom.Before(end) {
			break // no test bar left
		}
		if b.TestTo.After(end) {
			if spec.Partial != PartialKeep {
				break
			}
			b.TestTo, b.Partial = end, true
		}
		b.TrainLo, b.TrainHi = index(times, b.TrainFrom), index(times, b.TrainTo)
		b.TestLo, b.TestHi = b.TrainHi, index(times, b.TestTo)
		out = append(out, b)
		if b.Partial {
			break
		}
	}
	return out, nil
}

func barWindows(n int, spec Spec) []Bounds {
	var out []Bounds
	step := spec.step().N
	for k := 0; ; k++ {
		b := Bounds{Index: k, TrainHi: k*step + spec.Train.N}
		if !spec.Anchored {
			b.TrainLo = k * step
		}
		b.TestLo, b.TestHi = b.TrainHi, b.TrainHi+spec.Test.N
		if b.TestLo >= n {
			break
		}
		if b.TestHi > n {
			if spec.Partial != PartialKeep {
				break
			}
			b.TestHi, b.Partial = n, true
		}
		out = append(out, b)
		if b.Partial {
			break
		}
	}
	return out
}

// dateBarWindows fills the dates of bar windows: a bound is the open time
// of its bar, and the data's end (last open + barDur) after the last bar.
func dateBarWindows(bs []Bounds, times []int64, barDur time.Duration) {
	at := func(i int) time.Time {
		if i >= len(times) {
			return time.UnixMilli(times[len(times)-1]).UTC().Add(barDur)
		}
		return time.UnixMilli(times[i]).UTC()
	}
	for i := range bs {
		b := &bs[i]
		b.TrainFrom, b.TrainTo, b.TestFrom, b.TestTo = at(b.TrainLo), at(b.TrainHi), at(b.TestLo), at(b.TestHi)
	}
}

// AddMonths adds n calendar months to t, clamping the day to the end of the
// target month: 31 January + 1 month is 28 or 29 February, not 2 or 3 March
// as time.AddDate would give.
func AddMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := time.Date(first.Year(), first.Month()+1, 0, 0, 0, 0, 0, t.Location()).Day()
	return first.AddDate(0, 0, min(d, last)-1)
}

// index is the first bar opening at or after t.
func index(times []int64, t time.Time) int {
	ms := t.UnixMilli()
	return sort.Search(len(times), func(i int) bool { return times[i] >= ms })
}

const dayLayout = "2006-01-02"

func day(ms int64) string { return time.UnixMilli(ms).UTC().Format(dayLayout) }
