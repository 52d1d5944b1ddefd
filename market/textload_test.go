package market

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// readLineByLine is the reference the chunked parser must agree with: one
// line after the other through the builder, as the loader read text before
// it parsed in parallel chunks.
func readLineByLine(text, name string) (*Series, error) {
	if strings.IndexByte(text, 0) >= 0 {
		return nil, fmt.Errorf("read %s: binary content that is neither Parquet nor gzip nor text", name)
	}
	text = strings.TrimPrefix(text, "\uFEFF")
	lines := lineReader{text: text}
	lay, ok, err := readHeader(&lines, name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, &RowError{File: name, Line: 1, Problem: "empty file"}
	}
	b := newBuilder(name, 0, lay.spread >= 0)
	var fields []string
	for {
		line, ok := lines.nextNonBlank()
		if !ok {
			break
		}
		fields = splitFields(line, lay.delim, fields[:0])
		r, problem := lay.parse(fields)
		if problem != "" {
			return nil, &RowError{File: name, Line: lines.line, Problem: problem}
		}
		if err := b.add(lines.line, r); err != nil {
			return nil, err
		}
	}
	return b.finish(lines.line + 1)
}

// withChunkBytes runs f with text cut into chunks of about n bytes.
func withChunkBytes(t *testing.T, n int, f func()) {
	t.Helper()
	old := chunkBytes
	chunkBytes = n
	defer func() { chunkBytes = old }()
	f()
}

// TestReadInTinyChunks runs the reader's tests again with every line (or
// every few lines) in a chunk of its own, so that rows, errors and their
// line numbers cross chunk boundaries everywhere.
func TestReadInTinyChunks(t *testing.T) {
	for _, n := range []int{1, 8, 40, 100} {
		withChunkBytes(t, n, func() {
			t.Run(fmt.Sprint(n), func(t *testing.T) {
				TestReadDialects(t)
				TestReadEncodings(t)
				TestReadBadRows(t)
				TestReadNewestFirst(t)
				TestReadNewestFirstKeepsSpreadAligned(t)
				TestReadBinaryGarbage(t)
				TestLoadHashed(t)
			})
		})
	}
}

// randomBarFile writes a bar file of a random dialect with n rows, some of
// them bad in one of the ways the loader names, blank lines, CRLF or LF line
// ends, a byte order mark or not, and a last line end or not.
func randomBarFile(rnd *rand.Rand, n int, defects float64) string {
	var b strings.Builder
	if rnd.IntN(8) == 0 {
		b.WriteString("\uFEFF")
	}
	eol := "\n"
	if rnd.IntN(2) == 0 {
		eol = "\r\n"
	}
	dialect := rnd.IntN(3)
	switch dialect {
	case 0:
		b.WriteString("<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>" + eol)
	case 1:
		b.WriteString("Date,Open,High,Low,Close,Volume" + eol)
	}
	t0 := ms(2024, 1, 1, 0, 0, 0)
	step := int64(3600_000)
	if rnd.IntN(5) == 0 { // newest first
		t0, step = t0+int64(n)*step, -step
	}
	for i := 0; i < n; i++ {
		if rnd.Float64() < defects/2 {
			b.WriteString([]string{"", "  ", "\t"}[rnd.IntN(3)] + eol)
		}
		tm := t0 + int64(i)*step
		o, h, l, c := 1.1+float64(i%7)*0.001, 1.2, 1.0, 1.15
		vol, spread := fmt.Sprint(10+i), fmt.Sprint(i%9)
		extra := ""
		if rnd.Float64() < defects {
			switch rnd.IntN(9) {
			case 0:
				tm -= step // a duplicate
			case 1:
				tm -= 3 * step / 2 // a step back
			case 2:
				h = 0.9 // below low
			case 3:
				vol = "x"
			case 4:
				vol = "-3"
			case 5:
				extra = ",1"
			case 6:
				o = 1.3 // above high
			case 7:
				spread = "2.5"
			case 8:
				vol = "NaN"
			}
		}
		ts := formatTime(tm)
		open := fmt.Sprint(o)
		switch rnd.IntN(20) { // valid forms that the one-pass row reader leaves to the general one
		case 0:
			open = `"` + open + `"`
		case 1:
			open = " " + open
		case 2:
			if dialect != 1 {
				open = strings.Replace(open, ".", ",", 1) // a decimal comma
			}
		case 3:
			open += "e0"
		}
		switch dialect {
		case 0:
			fmt.Fprintf(&b, "%s\t%s\t%s\t%g\t%g\t%g\t%s\t0\t%s%s", strings.ReplaceAll(ts[:10], "-", "."), ts[11:], open, h, l, c, vol, spread, strings.ReplaceAll(extra, ",", "\t"))
		case 1:
			fmt.Fprintf(&b, "%s,%s,%g,%g,%g,%s%s", ts, open, h, l, c, vol, extra)
		case 2:
			fmt.Fprintf(&b, "%s;%s;%s;%g;%g;%g;%s%s", strings.ReplaceAll(ts[:10], "-", "."), ts[11:], open, h, l, c, vol, strings.ReplaceAll(extra, ",", ";"))
		}
		if i < n-1 || rnd.IntN(2) == 0 {
			b.WriteString(eol)
		}
	}
	s := b.String()
	if rnd.Float64() < defects/4 && len(s) > 0 {
		i := rnd.IntN(len(s))
		s = s[:i] + "\x00" + s[i+1:]
	}
	return s
}

// sameResult fails unless the two readers returned the same bars or the same
// error.
func sameResult(t *testing.T, text string, got *Series, gotErr error, want *Series, wantErr error) {
	t.Helper()
	if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
		t.Fatalf("error %v, line by line %v\nfile:\n%q", gotErr, wantErr, text)
	}
	if wantErr != nil {
		var a, b *RowError
		if errors.As(wantErr, &b) != errors.As(gotErr, &a) {
			t.Fatalf("error types differ: %T and %T", gotErr, wantErr)
		}
		return
	}
	if !slices.Equal(got.Time, want.Time) || !slices.Equal(got.Open, want.Open) || !slices.Equal(got.High, want.High) ||
		!slices.Equal(got.Low, want.Low) || !slices.Equal(got.Close, want.Close) || !slices.Equal(got.Volume, want.Volume) ||
		!slices.Equal(got.Spread, want.Spread) || (got.Spread == nil) != (want.Spread == nil) {
		t.Fatalf("bars differ from the line-by-line reader's\nfile:\n%q", text)
	}
}

// TestChunkedMatchesLineByLine is a property test: on random files with
// random defects, cut into random tiny chunks and read through readers that
// return one byte at a time or all at once, the chunked parser returns what
// the line-by-line reader returns, bars or error, file and line.
func TestChunkedMatchesLineByLine(t *testing.T) {
	rnd := rand.New(rand.NewPCG(15, 15))
	for trial := range 3000 {
		text := randomBarFile(rnd, rnd.IntN(40), []float64{0, 0.02, 0.1}[trial%3])
		want, wantErr := readLineByLine(text, "r.csv")
		withChunkBytes(t, 1+rnd.IntN(120), func() {
			c := &chunkReader{r: strings.NewReader(text), size: chunkBytes}
			if trial%2 == 0 {
				c.r = iotest.OneByteReader(strings.NewReader(text))
			}
			if _, err := c.peek(8); err != nil {
				t.Fatal(err)
			}
			size := int64(len(text))
			if trial%4 == 1 {
				size = -1
			}
			got, err := streamText(c, size, "r.csv")
			sameResult(t, text, got, err, want, wantErr)
			if strings.IndexByte(text, 0) < 0 {
				got, err = readText(strings.TrimPrefix(text, "\uFEFF"), "r.csv")
				sameResult(t, text, got, err, want, wantErr)
			}
		})
	}
}
