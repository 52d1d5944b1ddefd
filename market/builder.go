package market

import (
	"fmt"
	"math"
	"strconv"
)

// RowError reports a bad row of a bar file. Line is 1-based as an editor
// shows it; for Parquet input it is the 1-based row number.
type RowError struct {
	File    string
	Line    int
	Problem string
}

func (e *RowError) Error() string {
	return fmt.Sprintf("%s: line %d: %s", e.File, e.Line, e.Problem)
}

// bar is one parsed row before validation.
type bar struct {
	time                   int64
	open, high, low, close float64
	volume                 float64
	spread                 int32
}

// builder validates bars one by one and appends them to a Series. Every
// format (CSV dialects, Parquet) goes through it, so the rules are the same
// whatever the source.
//
// A file may run oldest first or newest first (Yahoo exports); the direction
// is set by the first two bars and every later bar must keep it. A newest-first
// series is reversed once by finish.
type builder struct {
	file      string
	s         Series
	hasSpread bool

	prevLine int
	order    int // 0 = one bar so far, +1 = oldest first, -1 = newest first
}

func newBuilder(file string, capacity int, hasSpread bool) *builder {
	b := &builder{file: file, hasSpread: hasSpread}
	b.s.Time = make([]int64, 0, capacity)
	b.s.Open = make([]float64, 0, capacity)
	b.s.High = make([]float64, 0, capacity)
	b.s.Low = make([]float64, 0, capacity)
	b.s.Close = make([]float64, 0, capacity)
	b.s.Volume = make([]float64, 0, capacity)
	if hasSpread {
		b.s.Spread = make([]int32, 0, capacity)
	}
	return b
}

func (b *builder) errorf(line int, format string, args ...any) error {
	return &RowError{File: b.file, Line: line, Problem: fmt.Sprintf(format, args...)}
}

// add validates r (read from line) and appends it.
func (b *builder) add(line int, r bar) error {
	if err := b.checkPrices(line, r); err != nil {
		return err
	}
	if err := b.checkOrder(line, r.time); err != nil {
		return err
	}
	b.s.Time = append(b.s.Time, r.time)
	b.s.Open = append(b.s.Open, r.open)
	b.s.High = append(b.s.High, r.high)
	b.s.Low = append(b.s.Low, r.low)
	b.s.Close = append(b.s.Close, r.close)
	b.s.Volume = append(b.s.Volume, r.volume)
	if b.hasSpread {
		b.s.Spread = append(b.s.Spread, r.spread)
	}
	b.prevLine = line
	return nil
}

func (b *builder) checkPrices(line int, r bar) error {
	if problem := priceProblem(r); problem != "" {
		return &RowError{File: b.file, Line: line, Problem: problem}
	}
	return nil
}

// priceProblem names what is wrong with a bar's values, or returns "".
func priceProblem(r bar) string {
	// The usual bar passes these comparisons, which NaN fails and which keep
	// every value finite; only a bar that fails them is examined for a message.
	if -math.MaxFloat64 <= r.low && r.low <= r.open && r.open <= r.high && r.low <= r.close && r.close <= r.high &&
		r.high <= math.MaxFloat64 && 0 <= r.volume && r.volume <= math.MaxFloat64 && r.spread >= 0 {
		return ""
	}
	return priceProblemSlow(r)
}

// priceProblemSlow is priceProblem's full check, in the order of its messages.
func priceProblemSlow(r bar) string {
	for _, f := range [...]struct {
		name string
		v    float64
	}{{"open", r.open}, {"high", r.high}, {"low", r.low}, {"close", r.close}, {"volume", r.volume}} {
		if problem := notFinite(f.v); problem != "" {
			return f.name + " is " + problem
		}
	}
	switch {
	case r.high < r.low:
		return fmt.Sprintf("high %s is below low %s", num(r.high), num(r.low))
	case r.open < r.low || r.open > r.high:
		return fmt.Sprintf("open %s is outside [low %s, high %s]", num(r.open), num(r.low), num(r.high))
	case r.close < r.low || r.close > r.high:
		return fmt.Sprintf("close %s is outside [low %s, high %s]", num(r.close), num(r.low), num(r.high))
	case r.volume < 0:
		return fmt.Sprintf("volume %s is negative", num(r.volume))
	case r.spread < 0:
		return fmt.Sprintf("spread %d is negative", r.spread)
	}
	return ""
}

func (b *builder) checkOrder(line int, t int64) error {
	n := len(b.s.Time)
	if n == 0 {
		return nil
	}
	prev := b.s.Time[n-1]
	if t == prev {
		return b.errorf(line, "duplicate time %s (also on line %d)", formatTime(t), b.prevLine)
	}
	dir := 1
	if t < prev {
		dir = -1
	}
	if b.order == 0 {
		b.order = dir
		return nil
	}
	if dir == b.order {
		return nil
	}
	return b.errorf(line, "%s", orderProblem(b.order, t, prev, b.prevLine))
}

// orderProblem describes a bar at time t that breaks the order (+1 oldest
// first, -1 newest first) set by the bars before it; prev is the time of the
// bar before it, read from prevLine.
func orderProblem(order int, t, prev int64, prevLine int) string {
	if t == prev {
		return fmt.Sprintf("duplicate time %s (also on line %d)", formatTime(t), prevLine)
	}
	if order > 0 {
		return fmt.Sprintf("time %s is before the previous bar's %s (line %d)", formatTime(t), formatTime(prev), prevLine)
	}
	return fmt.Sprintf("time %s is after the previous bar's %s (line %d), but the file runs newest first",
		formatTime(t), formatTime(prev), prevLine)
}

// firstDisorder returns the order the times run in (+1 oldest first, -1
// newest first, 0 for fewer than two) as the first two set it, and the index
// of the first time that breaks it (a repeat, or a step the other way), or
// -1 when none does.
func firstDisorder(times []int64) (order, bad int) {
	if len(times) < 2 {
		return 0, -1
	}
	if times[1] == times[0] {
		return 0, 1
	}
	if times[1] < times[0] {
		for i := 2; i < len(times); i++ {
			if times[i] >= times[i-1] {
				return -1, i
			}
		}
		return -1, -1
	}
	for i := 2; i < len(times); i++ {
		if times[i] <= times[i-1] {
			return 1, i
		}
	}
	return 1, -1
}

// finish returns the series oldest first, or an error naming endLine when no
// bar was added.
func (b *builder) finish(endLine int) (*Series, error) {
	if len(b.s.Time) == 0 {
		return nil, b.errorf(endLine, "no data rows")
	}
	if b.order < 0 {
		b.s.reverse()
	}
	return &b.s, nil
}

// reverse turns a newest-first series around in place.
func (s *Series) reverse() {
	for i, j := 0, s.Len()-1; i < j; i, j = i+1, j-1 {
		s.Time[i], s.Time[j] = s.Time[j], s.Time[i]
		s.Open[i], s.Open[j] = s.Open[j], s.Open[i]
		s.High[i], s.High[j] = s.High[j], s.High[i]
		s.Low[i], s.Low[j] = s.Low[j], s.Low[i]
		s.Close[i], s.Close[j] = s.Close[j], s.Close[i]
		s.Volume[i], s.Volume[j] = s.Volume[j], s.Volume[i]
		if s.Spread != nil {
			s.Spread[i], s.Spread[j] = s.Spread[j], s.Spread[i]
		}
	}
}

// notFinite names what is wrong with v, or returns "" when v is a finite number.
func notFinite(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 0):
		return "infinite"
	}
	return ""
}

// num formats a price for an error message the way a user would write it.
func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
