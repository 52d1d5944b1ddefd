package walkforward

import (
	"strings"
	"testing"
	"time"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// dailyBars returns one bar a day at midnight from first to last inclusive.
func dailyBars(first, last time.Time) []int64 {
	var out []int64
	for t := first; !t.After(last); t = t.AddDate(0, 0, 1) {
		out = append(out, t.UnixMilli())
	}
	return out
}

func TestAddMonthsClampsToMonthEnd(t *testing.T) {
	tests := []struct {
		from time.Time
		n    int
		want time.Time
	}{
		{date(2024, 1, 31), 1, date(2024, 2, 29)}, // leap year
		{date(2023, 1, 31), 1, date(2023, 2, 28)},
		{date(2024, 1, 31), 2, date(2024, 3, 31)}, // from the start, not from Feb 29
		{date(2024, 3, 31), -1, date(2024, 2, 29)},
		{date(2023, 12, 31), 2, date(2024, 2, 29)}, // across a year
		{date(2024, 2, 29), 12, date(2025, 2, 28)},
		{date(2024, 5, 15), 3, date(2024, 8, 15)},
		{time.Date(2024, 1, 30, 13, 0, 0, 0, time.UTC), 1, time.Date(2024, 2, 29, 13, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		if got := AddMonths(tt.from, tt.n); !got.Equal(tt.want) {
			t.Errorf("AddMonths(%s, %d) = %s, want %s", tt.from.Format(time.RFC3339), tt.n, got.Format(time.RFC3339), tt.want.Format(time.RFC3339))
		}
	}
}

func TestParseLength(t *testing.T) {
	good := map[string]Length{
		"3mo": {3, Months, "3mo"}, "1y": {12, Months, "1y"}, "2w": {14, Days, "2w"},
		"10d": {10, Days, "10d"}, "2000b": {2000, Bars, "2000b"}, " 6MO ": {6, Months, "6mo"},
	}
	for s, want := range good {
		if got, err := ParseLength(s); err != nil || got != want {
			t.Errorf("ParseLength(%q) = %+v, %v; want %+v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "3", "0mo", "-1mo", "3months", "1.5mo", "mo", "3h"} {
		if _, err := ParseLength(s); err == nil || !strings.Contains(err.Error(), `"`+s+`"`) {
			t.Errorf("ParseLength(%q) = %v, want an error naming it", s, err)
		}
	}
}

func TestParseSpecRefusesMixedUnits(t *testing.T) {
	if _, err := ParseSpec("3mo", "500b", "", false, ""); err == nil || !strings.Contains(err.Error(), "mix bars") {
		t.Errorf("3mo/500b: %v, want a mixed-units error", err)
	}
	if _, err := ParseSpec("3mo", "1mo", "", false, "sometimes"); err == nil {
		t.Error("partial \"sometimes\" accepted")
	}
	s, err := ParseSpec("3mo", "1mo", "", false, "")
	if err != nil || s.Step != s.Test || s.Partial != PartialDrop {
		t.Errorf("defaults: %+v, %v; want step = test and partial drop", s, err)
	}
}

type wantWindow struct{ trainFrom, trainTo, testTo time.Time }

func checkCalendar(t *testing.T, name string, times []int64, got []Bounds, want []wantWindow) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d windows, want %d: %+v", name, len(got), len(want), got)
	}
	for i, w := range want {
		b := got[i]
		if b.Index != i || !b.TrainFrom.Equal(w.trainFrom) || !b.TrainTo.Equal(w.trainTo) ||
			!b.TestFrom.Equal(w.trainTo) || !b.TestTo.Equal(w.testTo) {
			t.Errorf("%s: window %d = train %s..%s test %s..%s; want %s..%s, %s..%s", name, i,
				b.TrainFrom.Format(dayLayout), b.TrainTo.Format(dayLayout), b.TestFrom.Format(dayLayout), b.TestTo.Format(dayLayout),
				w.trainFrom.Format(dayLayout), w.trainTo.Format(dayLayout), w.trainTo.Format(dayLayout), w.testTo.Format(dayLayout))
		}
		// The bar bounds are the first bars at or after the dates.
		if b.TrainLo != index(times, b.TrainFrom) || b.TrainHi != index(times, b.TrainTo) ||
			b.TestLo != b.TrainHi || b.TestHi != index(times, b.TestTo) {
			t.Errorf("%s: window %d bars [%d,%d) [%d,%d) do not match its dates", name, i, b.TrainLo, b.TrainHi, b.TestLo, b.TestHi)
		}
	}
}

func TestCalendarWindowsRollingLeapYear(t *testing.T) {
	// Daily bars from 31 January 2024 (a leap year) to 15 July 2024; the data
	// ends at 16 July 00:00.
	times := dailyBars(date(2024, 1, 31), date(2024, 7, 15))
	spec, _ := ParseSpec("1mo", "1mo", "", false, "")
	got, err := Windows(times, 24*time.Hour, spec)
	if err != nil {
		t.Fatal(err)
	}
	// Bounds are start + k months, clamped: Feb 29, Mar 31, Apr 30, May 31,
	// Jun 30, Jul 31. The window testing Jun 30 .. Jul 31 runs past the data.
	want := []wantWindow{
		{date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31)},
		{date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30)},
		{date(2024, 3, 31), date(2024, 4, 30), date(2024, 5, 31)},
		{date(2024, 4, 30), date(2024, 5, 31), date(2024, 6, 30)},
	}
	checkCalendar(t, "drop", times, got, want)
	if got[0].TrainHi-got[0].TrainLo != 29 { // 31 Jan .. 28 Feb inclusive
		t.Errorf("window 0 trains on %d bars, want 29", got[0].TrainHi-got[0].TrainLo)
	}

	spec.Partial = PartialKeep
	got, err = Windows(times, 24*time.Hour, spec)
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, wantWindow{date(2024, 5, 31), date(2024, 6, 30), date(2024, 7, 16)})
	checkCalendar(t, "keep", times, got, want)
	if last := got[len(got)-1]; !last.Partial || last.TestHi != len(times) || last.TestHi-last.TestLo != 16 {
		t.Errorf("kept partial window = %+v, want partial, 16 test bars (30 Jun .. 15 Jul) up to the last bar", last)
	}
	for _, b := range got[:len(got)-1] {
		if b.Partial {
			t.Errorf("window %d marked partial", b.Index)
		}
	}
}

func TestCalendarWindowsNonLeapYear(t *testing.T) {
	times := dailyBars(date(2023, 1, 31), date(2023, 4, 30))
	spec, _ := ParseSpec("1mo", "1mo", "", false, "")
	got, err := Windows(times, 24*time.Hour, spec)
	if err != nil {
		t.Fatal(err)
	}
	checkCalendar(t, "2023", times, got, []wantWindow{
		{date(2023, 1, 31), date(2023, 2, 28), date(2023, 3, 31)},
		{date(2023, 2, 28), date(2023, 3, 31), date(2023, 4, 30)},
	})
}

func TestCalendarWindowsAnchored(t *testing.T) {
	// Hourly-looking start: the windows start at midnight of the first bar's day.
	first := time.Date(2024, 1, 1, 7, 0, 0, 0, time.UTC)
	var times []int64
	for ts := first; ts.Before(date(2024, 7, 1)); ts = ts.Add(6 * time.Hour) {
		times = append(times, ts.UnixMilli())
	}
	spec, _ := ParseSpec("2mo", "1mo", "", true, "")
	got, err := Windows(times, 6*time.Hour, spec)
	if err != nil {
		t.Fatal(err)
	}
	// Train always from 1 Jan; its end and the test move by a month. The
	// data ends 1 Jul 00:00 (last bar 30 Jun 18:00 + 6 h), so the window
	// testing June is complete.
	checkCalendar(t, "anchored", times, got, []wantWindow{
		{date(2024, 1, 1), date(2024, 3, 1), date(2024, 4, 1)},
		{date(2024, 1, 1), date(2024, 4, 1), date(2024, 5, 1)},
		{date(2024, 1, 1), date(2024, 5, 1), date(2024, 6, 1)},
		{date(2024, 1, 1), date(2024, 6, 1), date(2024, 7, 1)},
	})
	if got[0].TrainLo != 0 || got[3].TrainLo != 0 || got[3].TestHi != len(times) {
		t.Errorf("anchored bars: %+v", got)
	}
	// The same rolling: the train start moves with the step.
	spec.Anchored = false
	got, _ = Windows(times, 6*time.Hour, spec)
	if !got[2].TrainFrom.Equal(date(2024, 3, 1)) || !got[2].TrainTo.Equal(date(2024, 5, 1)) {
		t.Errorf("rolling window 2 trains %s..%s, want 2024-03-01..2024-05-01", got[2].TrainFrom, got[2].TrainTo)
	}
}

func TestCalendarWindowsStepAndDays(t *testing.T) {
	times := dailyBars(date(2024, 1, 1), date(2024, 12, 31))
	// 3 months of training, 2 weeks of test, a new window every month.
	spec, _ := ParseSpec("3mo", "2w", "1mo", false, "")
	got, err := Windows(times, 24*time.Hour, spec)
	if err != nil {
		t.Fatal(err)
	}
	// Windows start Jan 1 .. Sep 1 (test Sep 1 + 3 months = Dec 1 .. Dec 15);
	// Oct 1 would test Jan 1 .. Jan 15 2025, past the data.
	if len(got) != 9 {
		t.Fatalf("%d windows, want 9", len(got))
	}
	b := got[8]
	if !b.TrainFrom.Equal(date(2024, 9, 1)) || !b.TestFrom.Equal(date(2024, 12, 1)) || !b.TestTo.Equal(date(2024, 12, 15)) {
		t.Errorf("window 8 = %+v", b)
	}
	if b.TestHi-b.TestLo != 14 {
		t.Errorf("window 8 tests %d bars, want 14", b.TestHi-b.TestLo)
	}
}

func TestBarWindows(t *testing.T) {
	times := make([]int64, 105)
	for i := range times {
		times[i] = int64(i) * 3600_000
	}
	type bars struct{ trainLo, trainHi, testHi int }
	tests := []struct {
		name                    string
		train, test, step, part string
		anchored                bool
		want                    []bars
	}{
		{"rolling", "40b", "20b", "", "", false, []bars{{0, 40, 60}, {20, 60, 80}, {40, 80, 100}}},
		{"rolling keep", "40b", "20b", "", "keep", false, []bars{{0, 40, 60}, {20, 60, 80}, {40, 80, 100}, {60, 100, 105}}},
		{"step 30", "40b", "20b", "30b", "drop", false, []bars{{0, 40, 60}, {30, 70, 90}}},
		{"step 30 keep", "40b", "20b", "30b", "keep", false, []bars{{0, 40, 60}, {30, 70, 90}, {60, 100, 105}}},
		{"anchored", "40b", "30b", "", "", true, []bars{{0, 40, 70}, {0, 70, 100}}},
	}
	for _, tt := range tests {
		spec, err := ParseSpec(tt.train, tt.test, tt.step, tt.anchored, tt.part)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Windows(times, time.Hour, spec)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if len(got) != len(tt.want) {
			t.Fatalf("%s: %d windows, want %d: %+v", tt.name, len(got), len(tt.want), got)
		}
		for i, w := range tt.want {
			b := got[i]
			if b.TrainLo != w.trainLo || b.TrainHi != w.trainHi || b.TestLo != w.trainHi || b.TestHi != w.testHi {
				t.Errorf("%s: window %d = [%d,%d) [%d,%d), want [%d,%d) [%d,%d)", tt.name, i,
					b.TrainLo, b.TrainHi, b.TestLo, b.TestHi, w.trainLo, w.trainHi, w.trainHi, w.testHi)
			}
			// Dates are the bars' open times; the end past the last bar is its open + 1 h.
			wantTo := time.UnixMilli(int64(w.testHi) * 3600_000).UTC()
			if !b.TrainFrom.Equal(time.UnixMilli(times[w.trainLo]).UTC()) || !b.TestTo.Equal(wantTo) {
				t.Errorf("%s: window %d dates %s .. %s", tt.name, i, b.TrainFrom, b.TestTo)
			}
		}
	}
}

func TestWindowsErrors(t *testing.T) {
	times := dailyBars(date(2024, 1, 1), date(2024, 3, 31))
	spec, _ := ParseSpec("3mo", "1mo", "", false, "")
	if _, err := Windows(times, 24*time.Hour, spec); err == nil || !strings.Contains(err.Error(), "do not fit") {
		t.Errorf("3 months of data for 3mo+1mo: %v", err)
	}
	// A month with no bars in the middle of the data.
	var gap []int64
	for _, ts := range dailyBars(date(2024, 1, 1), date(2024, 6, 30)) {
		if m := time.UnixMilli(ts).UTC().Month(); m != time.March {
			gap = append(gap, ts)
		}
	}
	spec, _ = ParseSpec("1mo", "1mo", "", false, "")
	_, err := Windows(gap, 24*time.Hour, spec)
	if err == nil || !strings.Contains(err.Error(), "window 1") || !strings.Contains(err.Error(), "gap") {
		t.Errorf("a month without bars: %v, want an error naming window 1", err)
	}
}

// Rolling windows whose step equals the test length test every bar after
// the first train part exactly once.
func TestRollingTestsTileTheData(t *testing.T) {
	times := dailyBars(date(2022, 3, 17), date(2024, 11, 2))
	for _, lens := range [][2]string{{"3mo", "1mo"}, {"6mo", "2mo"}, {"1y", "3mo"}, {"30d", "7d"}} {
		spec, _ := ParseSpec(lens[0], lens[1], "", false, "keep")
		got, err := Windows(times, 24*time.Hour, spec)
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(got); i++ {
			if got[i].TestLo != got[i-1].TestHi || !got[i].TestFrom.Equal(got[i-1].TestTo) {
				t.Errorf("%v: window %d's test does not start where window %d's ends", lens, i, i-1)
			}
		}
		if last := got[len(got)-1]; last.TestHi != len(times) {
			t.Errorf("%v: the tests end at bar %d of %d", lens, last.TestHi, len(times))
		}
	}
}

// A range that ends at a day's end keeps the window whose test ends there,
// though the last bar opened hours before.
func TestWindowsRangeEnd(t *testing.T) {
	var times []int64
	for ts := date(2024, 1, 1); ts.Before(date(2024, 3, 29)); ts = ts.Add(time.Hour) {
		times = append(times, ts.UnixMilli()) // the last bar opens 28 March 23:00
	}
	spec, _ := ParseSpec("2mo", "1mo", "", false, "")
	if _, err := Windows(times, time.Hour, spec); err == nil {
		t.Error("a test to 1 April fitted data ending 29 March")
	}
	spec.End = date(2024, 4, 1)
	got, err := Windows(times, time.Hour, spec)
	if err != nil || len(got) != 1 || got[0].TestHi != len(times) || !got[0].TestTo.Equal(date(2024, 4, 1)) {
		t.Errorf("with the range ending 1 April: %+v, %v", got, err)
	}
	// A range end far past the data is not the data's end.
	spec.End = date(2024, 6, 1)
	if _, err := Windows(times, time.Hour, spec); err == nil {
		t.Error("a range ending 1 June made data ending 29 March complete")
	}
}
