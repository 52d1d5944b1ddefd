package market

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The text reader handles three dialects with one loop:
//
//   - MetaTrader 5 "Export Bars": TAB, header <DATE> <TIME> <OPEN> <HIGH> <LOW>
//     <CLOSE> <TICKVOL> <VOL> <SPREAD> (daily exports may lack <TIME>);
//   - generic OHLC CSV: a header naming a time column (date, time, datetime,
//     timestamp, gmt time, local time, or an unnamed first column) and open,
//     high, low, close, optionally tickvol/volume and spread, in any case and
//     order; other columns are ignored;
//   - headerless MetaTrader history: DATE;TIME;OPEN;HIGH;LOW;CLOSE[;TICKVOL[;VOL[;SPREAD]]]
//     or DATETIME;OPEN;HIGH;LOW;CLOSE[;VOLUME], recognised by a first field that
//     parses as a date.
//
// The delimiter is the first of TAB, ';' and ',' found on the first line.
// Fields may be wrapped in double quotes (quoted delimiters are not supported:
// bar files never need them). With a TAB or ';' delimiter a decimal comma is
// accepted in numbers. Blank lines are skipped.

// role is what a column holds.
type role int

const (
	roleNone     role = iota
	roleDate          // "date": a date, maybe with a time of day
	roleTime          // "time": a time of day next to a date column, or a full time alone
	roleDateTime      // a full time: datetime, timestamp, gmt time ...
	roleOpen
	roleHigh
	roleLow
	roleClose
	roleTickVolume // tick volume, preferred over real volume
	roleVolume
	roleSpread
)

var separators = strings.NewReplacer("_", " ", "-", " ")

// roleOf maps a column name to its role, ignoring case, surrounding spaces,
// quotes and MT5's angle brackets; '_' and '-' count as spaces.
func roleOf(name string) role {
	name = strings.Trim(name, " \"'<>")
	name = strings.ToLower(name)
	name = separators.Replace(name)
	switch name {
	case "date":
		return roleDate
	case "time":
		return roleTime
	case "datetime", "date time", "timestamp", "gmt time", "local time", "utc time", "open time":
		return roleDateTime
	case "open":
		return roleOpen
	case "high":
		return roleHigh
	case "low":
		return roleLow
	case "close":
		return roleClose
	case "tickvol", "tick vol", "tick volume", "tickvolume":
		return roleTickVolume
	case "volume", "vol":
		return roleVolume
	case "spread":
		return roleSpread
	}
	return roleNone
}

// layout says which field of a row holds what; -1 marks an absent column.
type layout struct {
	delim  byte
	fields int
	date   int // the time, or the date when clock >= 0
	clock  int // time of day in its own column (MT5), or -1
	open   int
	high   int
	low    int
	close  int
	volume int
	spread int
}

// headerLayout builds the layout from a header row, or returns what is missing.
func headerLayout(fields []string, delim byte) (layout, string) {
	lay := layout{delim: delim, fields: len(fields), date: -1, clock: -1,
		open: -1, high: -1, low: -1, close: -1, volume: -1, spread: -1}
	found := map[role]int{}
	for i, f := range fields {
		if r := roleOf(f); r != roleNone {
			if _, dup := found[r]; !dup {
				found[r] = i
			}
		}
	}
	col := func(r role) int {
		if i, ok := found[r]; ok {
			return i
		}
		return -1
	}
	switch {
	case col(roleDateTime) >= 0:
		lay.date = col(roleDateTime)
	case col(roleDate) >= 0:
		lay.date, lay.clock = col(roleDate), col(roleTime)
	case col(roleTime) >= 0:
		lay.date = col(roleTime)
	case strings.Trim(fields[0], " \"'") == "": // pandas' unnamed index column
		lay.date = 0
	default:
		return lay, "missing date/time column"
	}
	lay.open, lay.high, lay.low, lay.close = col(roleOpen), col(roleHigh), col(roleLow), col(roleClose)
	for _, c := range [...]struct {
		name string
		i    int
	}{{"open", lay.open}, {"high", lay.high}, {"low", lay.low}, {"close", lay.close}} {
		if c.i < 0 {
			return lay, "missing column " + c.name
		}
	}
	lay.volume = col(roleTickVolume)
	if lay.volume < 0 {
		lay.volume = col(roleVolume)
	}
	lay.spread = col(roleSpread)
	return lay, ""
}

// headlessLayout builds the layout of a headerless MetaTrader history file
// from its first row.
func headlessLayout(fields []string, delim byte) (layout, string) {
	lay := layout{delim: delim, fields: len(fields), clock: -1, volume: -1, spread: -1}
	n := len(fields)
	if _, ok := parseClock(fields[1]); ok {
		if n < 6 || n > 9 {
			return lay, fmt.Sprintf("has %d fields, want DATE;TIME;OPEN;HIGH;LOW;CLOSE[;TICKVOL[;VOL[;SPREAD]]] (6 to 9)", n)
		}
		lay.date, lay.clock = 0, 1
		lay.open, lay.high, lay.low, lay.close = 2, 3, 4, 5
		if n > 6 {
			lay.volume = 6
		}
		if n == 9 {
			lay.spread = 8
		}
		return lay, ""
	}
	if n < 5 || n > 6 {
		return lay, fmt.Sprintf("has %d fields, want DATETIME;OPEN;HIGH;LOW;CLOSE[;VOLUME] (5 or 6)", n)
	}
	lay.date = 0
	lay.open, lay.high, lay.low, lay.close = 1, 2, 3, 4
	if n == 6 {
		lay.volume = 5
	}
	return lay, ""
}

// readText parses a text bar file of any supported dialect held in memory,
// in chunks on every core (see textLoad).
func readText(text, name string) (*Series, error) {
	lines := lineReader{text: text}
	lay, ok, err := readHeader(&lines, name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, &RowError{File: name, Line: 1, Problem: "empty file"}
	}
	rest := text[lines.pos:]
	p := newTextLoad(name, lay, strings.Count(rest, "\n")+1)
	line := lines.line + 1
	for len(rest) > 0 {
		chunk := rest[:cutLines(rest, chunkBytes)]
		p.parseChunk(chunk, line, nil)
		line += strings.Count(chunk, "\n")
		rest = rest[len(chunk):]
	}
	return p.finish(endLine(text, lines.line))
}

// endLine is the number of the line after text's last, where "no data rows"
// points; lastLine is a line known to be in text (the header's).
func endLine(text string, lastLine int) int {
	return max(lastLine, strings.Count(text, "\n")+boolInt(text != "" && !strings.HasSuffix(text, "\n"))) + 1
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// cutLines returns the length of the first run of whole lines of text about
// size bytes long: up to and including a line end, or all of text.
func cutLines(text string, size int) int {
	if len(text) <= size {
		return len(text)
	}
	if i := strings.LastIndexByte(text[:size], '\n'); i >= 0 {
		return i + 1
	}
	if i := strings.IndexByte(text[size:], '\n'); i >= 0 { // a line longer than size
		return size + i + 1
	}
	return len(text)
}

// readHeader reads the first non-blank line of lines and the layout it
// gives: a header row, or the first row of a headerless file (then lines is
// rewound so it comes again as data). ok is false when there is no such line.
func readHeader(lines *lineReader, name string) (lay layout, ok bool, err error) {
	first, ok := lines.nextNonBlank()
	if !ok {
		return lay, false, nil
	}
	delim := detectDelimiter(first)
	fields := splitFields(first, delim, nil)

	var problem string
	_, headless := parseDateTime(fields[0])
	headless = headless && len(fields) > 1
	if headless {
		lay, problem = headlessLayout(fields, delim)
	} else {
		lay, problem = headerLayout(fields, delim)
	}
	if problem != "" {
		return lay, true, &RowError{File: name, Line: lines.line, Problem: problem}
	}
	if headless {
		lines.rewind() // the first line is data
	}
	return lay, true, nil
}

// parse reads one data row; problem is "" on success.
func (lay *layout) parse(f []string) (r bar, problem string) {
	if len(f) != lay.fields {
		return r, fmt.Sprintf("has %d fields, want %d", len(f), lay.fields)
	}
	if r.time, problem = lay.parseTime(f); problem != "" {
		return r, problem
	}
	if r.open, problem = parseNumber("open", f[lay.open], lay.delim); problem != "" {
		return r, problem
	}
	if r.high, problem = parseNumber("high", f[lay.high], lay.delim); problem != "" {
		return r, problem
	}
	if r.low, problem = parseNumber("low", f[lay.low], lay.delim); problem != "" {
		return r, problem
	}
	if r.close, problem = parseNumber("close", f[lay.close], lay.delim); problem != "" {
		return r, problem
	}
	if lay.volume >= 0 {
		if r.volume, problem = parseNumber("volume", f[lay.volume], lay.delim); problem != "" {
			return r, problem
		}
	}
	if lay.spread >= 0 {
		var v float64
		if v, problem = parseNumber("spread", f[lay.spread], lay.delim); problem != "" {
			return r, problem
		}
		if r.spread, problem = spreadPoints(v); problem != "" {
			return r, problem
		}
	}
	return r, ""
}

func (lay *layout) parseTime(f []string) (int64, string) {
	t, ok := parseDateTime(f[lay.date])
	if !ok {
		return 0, fmt.Sprintf("unparseable date %q", f[lay.date])
	}
	if lay.clock >= 0 {
		tod, ok := parseClock(f[lay.clock])
		if !ok {
			return 0, fmt.Sprintf("unparseable time %q", f[lay.clock])
		}
		t += tod
	}
	return t, ""
}

// parseNumber parses field s of column name. NaN and infinities parse here
// and are refused by the builder, which names them.
func parseNumber(name, s string, delim byte) (float64, string) {
	if s == "" {
		return 0, name + " is empty"
	}
	if v, ok := parseDecimal(s); ok {
		return v, ""
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil && delim != ',' && strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		v, err = strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	}
	if err != nil {
		return 0, fmt.Sprintf("%s %q is not a number", name, s)
	}
	return v, ""
}

// spreadPoints converts a spread value to whole points.
func spreadPoints(v float64) (int32, string) {
	if v != math.Trunc(v) || v > math.MaxInt32 || v < math.MinInt32 {
		return 0, fmt.Sprintf("spread %s is not a whole number of points", num(v))
	}
	return int32(v), ""
}

func detectDelimiter(line string) byte {
	for _, d := range [...]byte{'\t', ';', ','} {
		if strings.IndexByte(line, d) >= 0 {
			return d
		}
	}
	return ','
}

// splitFields appends the fields of line to dst, trimmed of spaces and of
// surrounding double quotes.
func splitFields(line string, delim byte, dst []string) []string {
	// A byte loop: bar fields are a few bytes long, shorter than it takes
	// strings.IndexByte's vector search to pay for its call.
	start := 0
	for i := 0; i < len(line); i++ {
		if line[i] == delim {
			dst = append(dst, trimField(line[start:i]))
			start = i + 1
		}
	}
	return append(dst, trimField(line[start:]))
}

func trimField(s string) string {
	if len(s) > 0 && plain(s[0]) && plain(s[len(s)-1]) {
		return s // nothing to trim: the common case, without TrimSpace's Unicode checks
	}
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

// plain reports whether b is an ASCII byte that is neither a space nor a
// quote: a field that starts and ends with one needs no trimming.
func plain(b byte) bool { return b > ' ' && b < 0x80 && b != '"' }

// lineReader walks the lines of a text, LF or CRLF ended, counting them from 1.
type lineReader struct {
	text      string
	pos       int
	line      int // number of the line last returned
	startPos  int // where the line last returned began, for rewind
	startLine int
}

// nextNonBlank returns the next line that is not blank, without its line end.
func (r *lineReader) nextNonBlank() (string, bool) {
	for r.pos < len(r.text) {
		r.startPos, r.startLine = r.pos, r.line
		rest := r.text[r.pos:]
		end := strings.IndexByte(rest, '\n')
		if end < 0 {
			end = len(rest)
			r.pos = len(r.text)
		} else {
			r.pos += end + 1
		}
		r.line++
		line := strings.TrimSuffix(rest[:end], "\r")
		if strings.TrimSpace(line) != "" {
			return line, true
		}
	}
	return "", false
}

// rewind makes the line last returned come again.
func (r *lineReader) rewind() { r.pos, r.line = r.startPos, r.startLine }
