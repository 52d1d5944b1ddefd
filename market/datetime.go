package market

import "time"

// Bar files write times in many shapes. These hand-written parsers accept the
// ones met in practice without allocating, so a large file loads quickly:
//
//	2024.01.31  2024-01-31  2024/01/31  31.01.2024  20240131
//	any of the above followed by ' ' or 'T' and 13:00, 13:00:00 or 13:00:00.000,
//	then optionally Z, UTC, GMT, +02:00, +0200, UTC+2 ...
//	Unix seconds (9-11 digits) or milliseconds (12-14 digits)
//
// Times without a zone are taken as UTC wall-clock time: MetaTrader server time
// is stored as is.

const msPerDay = 24 * 60 * 60 * 1000

// parseDateTime returns s as Unix milliseconds UTC.
func parseDateTime(s string) (int64, bool) {
	if n := countDigits(s, 0); n == len(s) {
		return parseAllDigits(s)
	}
	days, i, ok := parseDate(s)
	if !ok {
		return 0, false
	}
	ms := days * msPerDay
	if i == len(s) {
		return ms, true
	}
	if s[i] != ' ' && s[i] != 'T' {
		return 0, false
	}
	for i++; i < len(s) && s[i] == ' '; i++ {
	}
	tod, i, ok := parseClockAt(s, i)
	if !ok {
		return 0, false
	}
	offset, ok := parseZone(s[i:])
	if !ok {
		return 0, false
	}
	return ms + tod - offset, true
}

// parseClock returns a time of day ("13:00", "13:00:00", "13:00:00.250") in
// milliseconds.
func parseClock(s string) (int64, bool) {
	tod, i, ok := parseClockAt(s, 0)
	return tod, ok && i == len(s)
}

// parseAllDigits reads YYYYMMDD, Unix seconds or Unix milliseconds.
func parseAllDigits(s string) (int64, bool) {
	v, n := readInt(s, 0)
	switch {
	case n == 8:
		y, m, d := int(v/10000), int(v/100%100), int(v%100)
		if !validDate(y, m, d) {
			return 0, false
		}
		return daysFromCivil(y, m, d) * msPerDay, true
	case n >= 9 && n <= 11:
		return v * 1000, true
	case n >= 12 && n <= 14:
		return v, true
	}
	return 0, false
}

// parseDate reads a date at the start of s and returns its day number since
// 1970-01-01 and the index just after it.
func parseDate(s string) (days int64, next int, ok bool) {
	a, na := readInt(s, 0)
	if na == 0 || na >= len(s) {
		return 0, 0, false
	}
	sep := s[na]
	if sep != '.' && sep != '-' && sep != '/' {
		return 0, 0, false
	}
	b, nb := readInt(s, na+1)
	i := na + 1 + nb
	if nb == 0 || nb > 2 || i >= len(s) || s[i] != sep {
		return 0, 0, false
	}
	c, nc := readInt(s, i+1)
	next = i + 1 + nc
	var y, m, d int
	switch {
	case na == 4 && nc >= 1 && nc <= 2: // year first
		y, m, d = int(a), int(b), int(c)
	case na <= 2 && nc == 4 && sep == '.': // day first, European style
		y, m, d = int(c), int(b), int(a)
	default:
		return 0, 0, false
	}
	if !validDate(y, m, d) {
		return 0, 0, false
	}
	return daysFromCivil(y, m, d), next, true
}

// parseClockAt reads H:MM[:SS[.fff]] at s[i:].
func parseClockAt(s string, i int) (ms int64, next int, ok bool) {
	h, nh := readInt(s, i)
	i += nh
	if nh == 0 || nh > 2 || i >= len(s) || s[i] != ':' {
		return 0, 0, false
	}
	m, nm := readInt(s, i+1)
	i += 1 + nm
	if nm != 2 || h > 23 || m > 59 {
		return 0, 0, false
	}
	ms = (h*60 + m) * 60 * 1000
	if i < len(s) && s[i] == ':' {
		sec, ns := readInt(s, i+1)
		i += 1 + ns
		if ns != 2 || sec > 59 {
			return 0, 0, false
		}
		ms += sec * 1000
		if i < len(s) && s[i] == '.' {
			frac, nf := readInt(s, i+1)
			if nf == 0 || nf > 9 {
				return 0, 0, false
			}
			i += 1 + nf
			for ; nf > 3; nf-- { // keep milliseconds
				frac /= 10
			}
			for ; nf < 3; nf++ {
				frac *= 10
			}
			ms += frac
		}
	}
	return ms, i, true
}

// parseZone reads what may follow a time of day: nothing, "Z", "UTC", "GMT",
// an offset like +02:00, +0200 or +2, or UTC/GMT followed by an offset. It
// returns the offset from UTC in milliseconds.
func parseZone(s string) (int64, bool) {
	for len(s) > 0 && s[0] == ' ' {
		s = s[1:]
	}
	switch {
	case s == "" || s == "Z":
		return 0, true
	case len(s) >= 3 && (s[:3] == "UTC" || s[:3] == "GMT"):
		s = s[3:]
		if s == "" {
			return 0, true
		}
	}
	if s[0] != '+' && s[0] != '-' {
		return 0, false
	}
	sign := int64(1)
	if s[0] == '-' {
		sign = -1
	}
	h, nh := readInt(s, 1)
	i := 1 + nh
	var m int64
	switch {
	case nh == 4: // +0200
		h, m = h/100, h%100
	case nh >= 1 && nh <= 2 && i < len(s) && s[i] == ':':
		var nm int
		m, nm = readInt(s, i+1)
		if nm != 2 {
			return 0, false
		}
		i += 1 + nm
	case nh < 1 || nh > 2:
		return 0, false
	}
	if i != len(s) || h > 14 || m > 59 {
		return 0, false
	}
	return sign * (h*60 + m) * 60 * 1000, true
}

// readInt reads the run of ASCII digits at s[i:] (at most 18, so it cannot
// overflow) and returns its value and length.
func readInt(s string, i int) (int64, int) {
	var v int64
	n := 0
	for i+n < len(s) && n < 18 {
		c := s[i+n]
		if c < '0' || c > '9' {
			break
		}
		v = v*10 + int64(c-'0')
		n++
	}
	return v, n
}

func countDigits(s string, i int) int {
	n := 0
	for i+n < len(s) && s[i+n] >= '0' && s[i+n] <= '9' {
		n++
	}
	return n
}

func validDate(y, m, d int) bool {
	return y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m)
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil is the day number of a proleptic Gregorian date counted from
// 1970-01-01 (H. Hinnant's algorithm). Years are >= 1000 here, so the 400-year
// era is never negative.
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	doy := (153*((m+9)%12)+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era*146097+doe) - 719468
}

// formatTime renders Unix milliseconds for error messages.
func formatTime(ms int64) string {
	return time.UnixMilli(ms).UTC().Format("2006-01-02 15:04:05.999")
}
