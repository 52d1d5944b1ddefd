package market

import (
	"testing"
	"time"
)

func TestParseDateTime(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{
		{"2024.01.31", ms(2024, 1, 31, 0, 0, 0)},
		{"2024-01-31", ms(2024, 1, 31, 0, 0, 0)},
		{"2024/01/31", ms(2024, 1, 31, 0, 0, 0)},
		{"2024-1-5", ms(2024, 1, 5, 0, 0, 0)},
		{"31.01.2024", ms(2024, 1, 31, 0, 0, 0)},
		{"20240131", ms(2024, 1, 31, 0, 0, 0)},
		{"2024.01.31 13:00", ms(2024, 1, 31, 13, 0, 0)},
		{"2024.01.31 13:05:07", ms(2024, 1, 31, 13, 5, 7)},
		{"2024-01-31T13:05:07Z", ms(2024, 1, 31, 13, 5, 7)},
		{"2024-01-31  9:05", ms(2024, 1, 31, 9, 5, 0)},
		{"31.01.2024 13:00:00.000", ms(2024, 1, 31, 13, 0, 0)},
		{"31.01.2024 13:00:00.25", ms(2024, 1, 31, 13, 0, 0) + 250},
		{"2024-01-31 13:00:00.123456789", ms(2024, 1, 31, 13, 0, 0) + 123},
		{"2024-01-31 13:00:00+02:00", ms(2024, 1, 31, 11, 0, 0)},
		{"2024-01-31 13:00:00-0530", ms(2024, 1, 31, 18, 30, 0)},
		{"2024-01-31 13:00:00 UTC", ms(2024, 1, 31, 13, 0, 0)},
		{"2024-01-31 13:00:00 GMT+3", ms(2024, 1, 31, 10, 0, 0)},
		{"2024-02-29", ms(2024, 2, 29, 0, 0, 0)},
		{"2000-02-29", ms(2000, 2, 29, 0, 0, 0)},
		{"1999-12-31 23:59:59", ms(1999, 12, 31, 23, 59, 59)},
		{"1706706000", ms(2024, 1, 31, 13, 0, 0)},
		{"1706706000123", ms(2024, 1, 31, 13, 0, 0) + 123},
	}
	for _, tt := range tests {
		got, ok := parseDateTime(tt.in)
		if !ok || got != tt.want {
			t.Errorf("parseDateTime(%q) = %s, %v; want %s", tt.in, formatTime(got), ok, formatTime(tt.want))
		}
	}
}

func TestParseDateTimeRejects(t *testing.T) {
	for _, in := range []string{
		"", "abc", "1.13670", "1.5", "2024", "2024-01", "2024-13-01", "2024-00-10", "2024-01-32",
		"1900-02-29", "2023-02-29", "01/31/2024", "2024.01-31", "2024-01-31 24:00", "2024-01-31 13:60",
		"2024-01-31 13:00:61", "2024-01-31 13", "2024-01-31 13:0", "2024-01-31x13:00",
		"2024-01-31 13:00:00+25:00", "2024-01-31 13:00:00 CET", "2024-01-31 13:00:00.", "123456",
	} {
		if v, ok := parseDateTime(in); ok {
			t.Errorf("parseDateTime(%q) = %s, want failure", in, formatTime(v))
		}
	}
}

func TestParseClock(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"00:00:00", 0, true},
		{"13:00:00", 13 * 3600 * 1000, true},
		{"9:30", (9*60 + 30) * 60 * 1000, true},
		{"23:59:59.999", 86400*1000 - 1, true},
		{"24:00:00", 0, false},
		{"13:00:00 ", 0, false},
		{"13", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseClock(tt.in)
		if ok != tt.ok || ok && got != tt.want {
			t.Errorf("parseClock(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestDaysFromCivil compares the day arithmetic with the time package for
// every day from 1600 to 2400, which covers every leap-year rule.
func TestDaysFromCivil(t *testing.T) {
	for d := time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2400; d = d.AddDate(0, 0, 1) {
		got := daysFromCivil(d.Year(), int(d.Month()), d.Day())
		if want := d.Unix() / 86400; got != want {
			t.Fatalf("daysFromCivil(%s) = %d, want %d", d.Format("2006-01-02"), got, want)
		}
	}
}
