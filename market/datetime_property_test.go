package market

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
)

// TestParseDateTimeMatchesTimeParse is a property test of the hand-written
// date and time parser: random instants from 1000 to 9999, written in the
// layouts bar files use, parse to the millisecond time.Parse gives for the
// same text.
func TestParseDateTimeMatchesTimeParse(t *testing.T) {
	layouts := []string{
		"2006.01.02 15:04:05", "2006.01.02 15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05Z",
		"2006-01-02T15:04:05.000Z", "2006/01/02 15:04:05", "02.01.2006 15:04:05", "02.01.2006",
		"2006-01-02", "20060102", "2006-01-02 15:04:05-07:00", "2006-01-02T15:04:05-0700", "2006-01-02 15:04:05.000000",
	}
	lo := time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	hi := time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC).UnixMilli()
	rnd := rand.New(rand.NewPCG(15, 11))
	for range 100_000 {
		tm := time.UnixMilli(lo + rnd.Int64N(hi-lo)).UTC()
		if rnd.IntN(3) == 0 { // an offset zone, for the layouts that write one
			tm = tm.In(time.FixedZone("", (rnd.IntN(29)-14)*3600+rnd.IntN(2)*1800))
		}
		layout := layouts[rnd.IntN(len(layouts))]
		s := tm.Format(layout)
		want, err := time.Parse(layout, s)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := parseDateTime(s)
		if !ok || got != want.UnixMilli() {
			t.Fatalf("parseDateTime(%q) = %d, %v; time.Parse gives %d (%s)", s, got, ok, want.UnixMilli(), want.UTC())
		}
	}
	// Unix seconds and milliseconds.
	for range 10_000 {
		ms := rnd.Int64N(4_000_000_000_000) + 100_000_000_000 // 12 and 13 digits
		if got, ok := parseDateTime(strconv.FormatInt(ms, 10)); !ok || got != ms {
			t.Fatalf("milliseconds %d: %d, %v", ms, got, ok)
		}
		sec := ms / 1000
		if sec >= 100_000_000 { // 9 to 11 digits
			if got, ok := parseDateTime(strconv.FormatInt(sec, 10)); !ok || got != sec*1000 {
				t.Fatalf("seconds %d: %d, %v", sec, got, ok)
			}
		}
	}
}
