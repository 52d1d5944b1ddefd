package market

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

// ms is a UTC time in Unix milliseconds, written the long way so tests do not
// lean on the parser they check.
func ms(y int, mo time.Month, d, h, mi, s int) int64 {
	return time.Date(y, mo, d, h, mi, s, 0, time.UTC).UnixMilli()
}

// wantBar is the expected content of one bar.
type wantBar struct {
	time                   int64
	open, high, low, close float64
	volume                 float64
}

func checkBars(t *testing.T, s *Series, want []wantBar) {
	t.Helper()
	if s.Len() != len(want) {
		t.Fatalf("got %d bars, want %d", s.Len(), len(want))
	}
	for i, w := range want {
		got := wantBar{s.Time[i], s.Open[i], s.High[i], s.Low[i], s.Close[i], s.Volume[i]}
		if got != w {
			t.Errorf("bar %d = %+v (%s), want %+v (%s)", i, got, formatTime(got.time), w, formatTime(w.time))
		}
	}
}

func TestReadDialects(t *testing.T) {
	h1a, h1b := ms(2024, 1, 31, 13, 0, 0), ms(2024, 1, 31, 14, 0, 0)
	d1a, d1b := ms(2024, 1, 31, 0, 0, 0), ms(2024, 2, 1, 0, 0, 0)
	twoH1 := []wantBar{{h1a, 1.1, 1.2, 1.0, 1.15, 10}, {h1b, 1.15, 1.25, 1.05, 1.2, 20}}
	twoD1 := []wantBar{{d1a, 1.1, 1.2, 1.0, 1.15, 10}, {d1b, 1.15, 1.25, 1.05, 1.2, 20}}
	noVolume := []wantBar{{h1a, 1.1, 1.2, 1.0, 1.15, 0}, {h1b, 1.15, 1.25, 1.05, 1.2, 0}}

	tests := []struct {
		name   string
		file   string
		text   string
		tf     string
		spread []int32
		want   []wantBar
	}{
		{
			name: "MT5 export bars, TAB and CRLF",
			file: "EURUSD_H1_202401311300_202401311400.csv",
			text: "<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>\r\n" +
				"2024.01.31\t13:00:00\t1.1\t1.2\t1.0\t1.15\t10\t0\t7\r\n" +
				"2024.01.31\t14:00:00\t1.15\t1.25\t1.05\t1.2\t20\t0\t12\r\n",
			tf: "H1", spread: []int32{7, 12}, want: twoH1,
		},
		{
			name: "MT5 daily export without <TIME>",
			file: "EURUSD_Daily.csv",
			text: "<DATE>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>\r\n" +
				"2024.01.31\t1.1\t1.2\t1.0\t1.15\t10\t0\t7\r\n" +
				"2024.02.01\t1.15\t1.25\t1.05\t1.2\t20\t0\t12\r\n",
			tf: "D1", spread: []int32{7, 12}, want: twoD1,
		},
		{
			name: "Yahoo: Date first, Adj Close ignored, dates only",
			file: "orcl.csv",
			text: "Date,Open,High,Low,Close,Volume,Adj Close\n" +
				"2024-01-31,1.1,1.2,1.0,1.15,10,0.5\n" +
				"2024-02-01,1.15,1.25,1.05,1.2,20,0.6\n",
			tf: "D1", want: twoD1,
		},
		{
			name: "pandas unnamed index column, ISO date and time",
			file: "kernc-EURUSD.csv",
			text: ",Open,High,Low,Close,Volume\n" +
				"2024-01-31 13:00:00,1.1,1.2,1.0,1.15,10\n" +
				"2024-01-31 14:00:00,1.15,1.25,1.05,1.2,20\n",
			tf: "H1", want: twoH1,
		},
		{
			name: "any case and order, semicolon, ISO with T and Z, tick volume preferred",
			file: "x.csv",
			text: "CLOSE;Volume;low;Timestamp;High;Open;Tick_Volume\n" +
				"1.15;999;1.0;2024-01-31T13:00:00Z;1.2;1.1;10\n" +
				"1.2;999;1.05;2024-01-31T14:00:00Z;1.25;1.15;20\n",
			tf: "H1", want: twoH1,
		},
		{
			name: "Dukascopy: Gmt time dd.mm.yyyy with milliseconds, CRLF, no final line end",
			file: "dukascopy-EURUSD_Candlestick_1_Hour_BID_31.01.2024-31.01.2024.csv",
			text: "Gmt time,Open,High,Low,Close,Volume\r\n" +
				"31.01.2024 13:00:00.000,1.1,1.2,1.0,1.15,10\r\n" +
				"31.01.2024 14:00:00.000,1.15,1.25,1.05,1.2,20",
			tf: "H1", want: twoH1,
		},
		{
			name: "generic TAB with separate Date and Time columns and a spread",
			file: "x.tsv",
			text: "Date\tTime\tOpen\tHigh\tLow\tClose\tSpread\n" +
				"2024/01/31\t13:00\t1.1\t1.2\t1.0\t1.15\t7\n" +
				"2024/01/31\t14:00\t1.15\t1.25\t1.05\t1.2\t12\n",
			tf: "H1", spread: []int32{7, 12}, want: noVolume,
		},
		{
			name: "time zone offsets are converted to UTC",
			file: "x.csv",
			text: "datetime,open,high,low,close\n" +
				"2024-01-31 15:00:00+02:00,1.1,1.2,1.0,1.15\n" +
				"2024-01-31T09:00:00-0500,1.15,1.25,1.05,1.2\n",
			tf: "H1", want: noVolume,
		},
		{
			name: "quoted fields, decimal comma with semicolons, blank lines",
			file: "x.csv",
			text: "\"Date\";\"Open\";\"High\";\"Low\";\"Close\";\"Volume\"\n\n" +
				"\"2024-01-31\";\"1,1\";\"1,2\";\"1,0\";\"1,15\";\"10\"\n" +
				"   \n" +
				"2024-02-01;1,15;1,25;1,05;1,2;20\n\n",
			tf: "D1", want: twoD1,
		},
		{
			name: "headerless MetaTrader history, semicolons",
			file: "mt-semicolon-EURUSD_M30.csv",
			text: "2024.01.31;13:00:00;1.1;1.2;1.0;1.15;10\n" +
				"2024.01.31;14:00:00;1.15;1.25;1.05;1.2;20\n",
			tf: "H1", want: twoH1,
		},
		{
			name: "headerless MetaTrader 4 history, commas and HH:MM",
			file: "EURUSD60.csv",
			text: "2024.01.31,13:00,1.1,1.2,1.0,1.15,10\n" +
				"2024.01.31,14:00,1.15,1.25,1.05,1.2,20\n",
			tf: "H1", want: twoH1,
		},
		{
			name: "headerless with a single date-time field",
			file: "x.csv",
			text: "2024-01-31 13:00:00,1.1,1.2,1.0,1.15\n" +
				"2024-01-31 14:00:00,1.15,1.25,1.05,1.2\n",
			tf: "H1", want: noVolume,
		},
		{
			name: "Unix seconds in a timestamp column",
			file: "x.csv",
			text: "timestamp,open,high,low,close,volume\n" +
				"1706706000,1.1,1.2,1.0,1.15,10\n" + // 2024-01-31 13:00:00 UTC
				"1706709600,1.15,1.25,1.05,1.2,20\n",
			tf: "H1", want: twoH1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Read(strings.NewReader(tt.text), tt.file, LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			checkBars(t, s, tt.want)
			if s.Timeframe.Name != tt.tf {
				t.Errorf("timeframe %s, want %s", s.Timeframe, tt.tf)
			}
			if !equalInt32(s.Spread, tt.spread) {
				t.Errorf("spread %v, want %v", s.Spread, tt.spread)
			}
			if s.Source != tt.file {
				t.Errorf("source %q, want %q", s.Source, tt.file)
			}
		})
	}
}

func equalInt32(a, b []int32) bool {
	if (a == nil) != (b == nil) || len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestReadEncodings checks gzip, a UTF-8 byte order mark and UTF-16 text.
func TestReadEncodings(t *testing.T) {
	text := "<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>\r\n" +
		"2024.01.31\t13:00:00\t1.1\t1.2\t1.0\t1.15\t10\t0\t7\r\n" +
		"2024.01.31\t14:00:00\t1.15\t1.25\t1.05\t1.2\t20\t0\t12\r\n"
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(text))
	zw.Close()
	// Two gzip members, as `cat a.gz b.gz` makes: the trailer's size is the
	// second member's only, which the reader must not take for the whole.
	var gz2 bytes.Buffer
	cut := strings.Index(text, "2024.01.31\t14")
	for _, part := range []string{text[:cut], text[cut:]} {
		zw := gzip.NewWriter(&gz2)
		zw.Write([]byte(part))
		zw.Close()
	}
	utf16le := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(text)) {
		utf16le = append(utf16le, byte(u), byte(u>>8))
	}
	inputs := map[string][]byte{
		"gzip":              gz.Bytes(),
		"gzip, two members": gz2.Bytes(),
		"UTF-8 BOM":         append([]byte{0xEF, 0xBB, 0xBF}, text...),
		"UTF-16LE":          utf16le,
	}
	for name, data := range inputs {
		t.Run(name, func(t *testing.T) {
			s, err := Read(bytes.NewReader(data), "EURUSD_H1.csv.gz", LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			checkBars(t, s, []wantBar{
				{ms(2024, 1, 31, 13, 0, 0), 1.1, 1.2, 1.0, 1.15, 10},
				{ms(2024, 1, 31, 14, 0, 0), 1.15, 1.25, 1.05, 1.2, 20},
			})
			if s.Symbol != "EURUSD" {
				t.Errorf("symbol %q", s.Symbol)
			}
		})
	}
}

// TestReadBadRows checks that every bad row names the file, its line as an
// editor numbers it, and the problem.
func TestReadBadRows(t *testing.T) {
	const hdr = "Date,Open,High,Low,Close,Volume\n" // line 1
	const ok2 = "2024-01-01 00:00,1.1,1.2,1.0,1.15,10\n"
	const ok3 = "2024-01-01 01:00,1.1,1.2,1.0,1.15,10\n"
	const mt5 = "<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>\r\n"
	tests := []struct {
		name    string
		text    string
		line    int
		problem string
	}{
		{"empty file", "", 1, "empty file"},
		{"only blank lines", "\n  \r\n", 1, "empty file"},
		{"header only", hdr, 2, "no data rows"},
		{"non-number", hdr + ok2 + "2024-01-01 01:00,1.1,abc,1.0,1.15,10\n", 3, `high "abc" is not a number`},
		{"empty field", hdr + "2024-01-01 00:00,1.1,1.2,,1.15,10\n", 2, "low is empty"},
		{"NaN", hdr + ok2 + ok3 + "2024-01-01 02:00,NaN,1.2,1.0,1.15,10\n", 4, "open is NaN"},
		{"infinity", hdr + "2024-01-01 00:00,1.1,+Inf,1.0,1.15,10\n", 2, "high is infinite"},
		{"high below low", hdr + ok2 + "2024-01-01 01:00,1.1,1.0,1.2,1.15,10\n", 3, "high 1 is below low 1.2"},
		{"open above high", hdr + "2024-01-01 00:00,1.3,1.2,1.0,1.15,10\n", 2, "open 1.3 is outside [low 1, high 1.2]"},
		{"close below low", hdr + ok2 + "2024-01-01 01:00,1.1,1.2,1.0,0.9,10\n", 3, "close 0.9 is outside [low 1, high 1.2]"},
		{"negative volume", hdr + "2024-01-01 00:00,1.1,1.2,1.0,1.15,-1\n", 2, "volume -1 is negative"},
		{"time goes back", hdr + ok2 + ok3 + "2024-01-01 00:30,1.1,1.2,1.0,1.15,10\n", 4,
			"time 2024-01-01 00:30:00 is before the previous bar's 2024-01-01 01:00:00 (line 3)"},
		{"duplicate time", hdr + ok2 + ok3 + ok3, 4, "duplicate time 2024-01-01 01:00:00 (also on line 3)"},
		{"duplicate after blank line", hdr + ok2 + "\n" + ok2, 4, "duplicate time 2024-01-01 00:00:00 (also on line 2)"},
		{"newest first, then a newer bar", hdr + ok3 + ok2 + "2024-01-01 02:00,1.1,1.2,1.0,1.15,10\n", 4,
			"time 2024-01-01 02:00:00 is after the previous bar's 2024-01-01 00:00:00 (line 3), but the file runs newest first"},
		{"too few fields", hdr + ok2 + "2024-01-01 01:00,1.1,1.2,1.0,1.15\n", 3, "has 5 fields, want 6"},
		{"too many fields", hdr + "2024-01-01 00:00,1.1,1.2,1.0,1.15,10,3\n", 2, "has 7 fields, want 6"},
		{"unparseable date", hdr + ok2 + "2024-13-01 01:00,1.1,1.2,1.0,1.15,10\n", 3, `unparseable date "2024-13-01 01:00"`},
		{"February 30", hdr + "2023-02-29,1.1,1.2,1.0,1.15,10\n", 2, `unparseable date "2023-02-29"`},
		{"unparseable time", mt5 + "2024.01.31\t25:00:00\t1.1\t1.2\t1.0\t1.15\t10\t0\t7\r\n", 2, `unparseable time "25:00:00"`},
		{"fractional spread", mt5 + "2024.01.31\t13:00:00\t1.1\t1.2\t1.0\t1.15\t10\t0\t7.5\r\n", 2, "spread 7.5 is not a whole number of points"},
		{"negative spread", mt5 + "2024.01.31\t13:00:00\t1.1\t1.2\t1.0\t1.15\t10\t0\t-2\r\n", 2, "spread -2 is negative"},
		{"missing close column", "Date,Open,High,Low,Volume\n" + ok2, 1, "missing column close"},
		{"missing time column", "Open,High,Low,Close\n1.1,1.2,1.0,1.15\n", 1, "missing date/time column"},
		{"header after blank lines", "\n\nOpen,High,Low,Close\n", 3, "missing date/time column"},
		{"headerless with too few fields", "2024.01.31;13:00:00;1.1;1.2;1.0\n", 1, "has 5 fields, want DATE;TIME;OPEN;HIGH;LOW;CLOSE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tt.text), "bad.csv", LoadOptions{Timeframe: "H1"})
			var rowErr *RowError
			if !errors.As(err, &rowErr) {
				t.Fatalf("got %v, want a *RowError", err)
			}
			if rowErr.File != "bad.csv" || rowErr.Line != tt.line || !strings.HasPrefix(rowErr.Problem, tt.problem) {
				t.Errorf("got %q\nwant bad.csv: line %d: %s...", err, tt.line, tt.problem)
			}
		})
	}
}

func TestRowErrorMessage(t *testing.T) {
	err := &RowError{File: "a.csv", Line: 7, Problem: "high 1 is below low 2"}
	if got, want := err.Error(), "a.csv: line 7: high 1 is below low 2"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestReadNewestFirst(t *testing.T) {
	text := "Date,Open,High,Low,Close,Volume,Adj Close\n" +
		"2000-01-05,3,3.5,2.5,3.2,30,1\n" +
		"2000-01-04,2,2.5,1.5,2.2,20,1\n" +
		"2000-01-03,1,1.5,0.5,1.2,10,1\n"
	s, err := Read(strings.NewReader(text), "orcl-2000.csv", LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkBars(t, s, []wantBar{
		{ms(2000, 1, 3, 0, 0, 0), 1, 1.5, 0.5, 1.2, 10},
		{ms(2000, 1, 4, 0, 0, 0), 2, 2.5, 1.5, 2.2, 20},
		{ms(2000, 1, 5, 0, 0, 0), 3, 3.5, 2.5, 3.2, 30},
	})
	if s.Symbol != "ORCL" || s.Timeframe.Name != "D1" {
		t.Errorf("symbol %q timeframe %s, want ORCL D1", s.Symbol, s.Timeframe)
	}
}

func TestReadNewestFirstKeepsSpreadAligned(t *testing.T) {
	text := "Date,Open,High,Low,Close,Spread\n" +
		"2000-01-04,2,2.5,1.5,2.2,9\n" +
		"2000-01-03,1,1.5,0.5,1.2,5\n"
	s, err := Read(strings.NewReader(text), "x.csv", LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !equalInt32(s.Spread, []int32{5, 9}) || s.Open[0] != 1 {
		t.Errorf("spread %v open %v, want [5 9] [1 2]", s.Spread, s.Open)
	}
}

func TestReadOptions(t *testing.T) {
	text := "Date,Open,High,Low,Close\n2024-01-31,1.1,1.2,1.0,1.15\n"
	s, err := Read(strings.NewReader(text), "data/whatever.csv", LoadOptions{Symbol: "EURUSD", Timeframe: "h4"})
	if err != nil {
		t.Fatal(err)
	}
	if s.Symbol != "EURUSD" || s.Timeframe.Name != "H4" || s.Timeframe.Duration != 4*time.Hour {
		t.Errorf("got %s %v, want EURUSD H4", s.Symbol, s.Timeframe)
	}

	// One bar is not enough to detect a timeframe; the error says what to do.
	_, err = Read(strings.NewReader(text), "one.csv", LoadOptions{})
	if err == nil || !strings.Contains(err.Error(), "one.csv") || !strings.Contains(err.Error(), "timeframe") {
		t.Errorf("got %v, want an error naming the file and the timeframe", err)
	}

	_, err = Read(strings.NewReader(text), "x.csv", LoadOptions{Timeframe: "H7"})
	if err == nil || !strings.Contains(err.Error(), `"H7"`) {
		t.Errorf("got %v, want an unknown-timeframe error", err)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load("/nonexistent/EURUSD.csv", LoadOptions{})
	if err == nil || !strings.Contains(err.Error(), "/nonexistent/EURUSD.csv") {
		t.Errorf("got %v, want an error naming the file", err)
	}
}

func TestReadBinaryGarbage(t *testing.T) {
	_, err := Read(bytes.NewReader([]byte{1, 2, 0, 4}), "x.bin", LoadOptions{})
	if err == nil || !strings.Contains(err.Error(), "x.bin") {
		t.Errorf("got %v, want an error naming the file", err)
	}
}

func TestNamedParquetThatIsNotOne(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"fake.parquet":  "time,open,high,low,close\n2024-01-01,1,1,1,1\n",
		"short.parquet": "PAR1 and then nothing",
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(path, LoadOptions{})
		if err == nil || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), "Parquet") {
			t.Errorf("%s: %v, want an error saying it is not a Parquet file", name, err)
		}
	}
}
