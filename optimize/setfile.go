package optimize

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
)

// setLine is one parameter line of a .set file, split but not yet typed: the
// type comes from the expert's declaration, or is guessed by ReadSet.
type setLine struct {
	line   int
	name   string
	fields []string // value, and optionally start, step, stop, Y/N
}

// ReadSet reads an MT5 .set file: lines Name=value||start||step||stop||Y (Y
// or N: optimize or not) or Name=value (fixed), comments starting with ';'
// and blank lines, in UTF-16LE with a byte-order mark (as MT5 writes them) or
// UTF-8. name is the file's name for error messages.
//
// A .set file does not record types, so ReadSet guesses them: true/false is
// Bool, a number written with a decimal point is Double, anything else Int
// (MT5 writes doubles with decimals). NewSpace uses the expert's declared
// types instead.
func ReadSet(r io.Reader, name string) ([]Param, error) {
	lines, err := readSetLines(r, name)
	if err != nil {
		return nil, err
	}
	params := make([]Param, len(lines))
	for i, l := range lines {
		p, err := l.param(l.guessType())
		if err != nil {
			return nil, fmt.Errorf("read %s: line %d: %s: %w", name, l.line, l.name, err)
		}
		params[i] = p
	}
	return params, nil
}

// readSetLines decodes and splits a .set file, rejecting malformed lines and
// names given twice.
func readSetLines(r io.Reader, name string) ([]setLine, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	text, err := decodeText(raw)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	var lines []setLine
	first := make(map[string]int)
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(nil, len(text)+1)
	for n := 1; sc.Scan(); n++ {
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, ";") {
			continue
		}
		key, val, ok := strings.Cut(s, "=")
		key = strings.TrimSpace(key)
		if !ok || key == "" {
			return nil, fmt.Errorf("read %s: line %d: want Name=value||start||step||stop||Y/N, got %q", name, n, s)
		}
		if prev, dup := first[key]; dup {
			return nil, fmt.Errorf("read %s: line %d: %s is already set on line %d", name, n, key, prev)
		}
		first[key] = n
		fields := strings.Split(val, "||")
		if len(fields) != 1 && len(fields) != 5 {
			return nil, fmt.Errorf("read %s: line %d: %s: want value||start||step||stop||Y/N, got %d fields", name, n, key, len(fields))
		}
		lines = append(lines, setLine{line: n, name: key, fields: fields})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return lines, nil
}

// decodeText turns the bytes of a text file into a string: UTF-16 (LE or BE,
// as the byte-order mark says) when it starts with one, otherwise UTF-8 (BOM
// optional). The UTF-16 decoding is golang.org/x/text's; the checks around it
// turn what it would silently replace into errors.
func decodeText(b []byte) (string, error) {
	if bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		if len(b)%2 != 0 {
			return "", errors.New("UTF-16 text with an odd number of bytes")
		}
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(b)
		if err != nil {
			return "", fmt.Errorf("UTF-16 text: %w", err)
		}
		return string(out), nil
	}
	b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
	if !utf8.Valid(b) {
		return "", errors.New("not UTF-8 or UTF-16 text")
	}
	return string(b), nil
}

// guessType infers a parameter type from the text of a line.
func (l setLine) guessType() Type {
	switch strings.ToLower(strings.TrimSpace(l.fields[0])) {
	case "true", "false":
		return Bool
	}
	for _, f := range l.fields {
		if strings.ContainsAny(f, ".eE") {
			return Double
		}
	}
	return Int
}

// param parses the line as a parameter of the given type.
func (l setLine) param(t Type) (Param, error) {
	p := Param{Name: l.name, Type: t}
	v, err := parseValue(t, l.fields[0])
	if err != nil {
		return p, fmt.Errorf("value: %w", err)
	}
	p.Value, p.Start, p.Stop = v, v, v
	if t != Double {
		p.Step = 1
	}
	if len(l.fields) == 1 {
		return p, p.check() // found by FuzzReadSet: "0=10000000000000000" read but did not read back
	}
	// A step is any number (MT5 writes 0 for bools); start and stop are values.
	for _, f := range []struct {
		what  string
		field int
		t     Type
		dst   *float64
	}{{"start", 1, t, &p.Start}, {"step", 2, Double, &p.Step}, {"stop", 3, t, &p.Stop}} {
		if *f.dst, err = parseValue(f.t, l.fields[f.field]); err != nil {
			return p, fmt.Errorf("%s: %w", f.what, err)
		}
	}
	switch strings.ToUpper(strings.TrimSpace(l.fields[4])) {
	case "Y":
		p.Optimize = true
	case "N":
	default:
		return p, fmt.Errorf("optimize flag %q is not Y or N", l.fields[4])
	}
	if err := p.check(); err != nil {
		return p, err
	}
	return p, nil
}

// WriteSet writes params as an MT5 .set file that MT5 and ReadSet load: one
// line Name=value||start||step||stop||Y/N per parameter, after one comment
// line. The text is UTF-8 with CRLF line ends (MT5 itself writes UTF-16LE;
// ReadSet reads both). Doubles are written with a decimal point so ReadSet
// reads their type back.
func WriteSet(w io.Writer, params []Param) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("; parameter set written by passframes\r\n")
	for _, p := range params {
		if err := checkName(p.Name); err != nil {
			return fmt.Errorf("write set: %w", err)
		}
		if !p.Type.valid() {
			return fmt.Errorf("write set: %s: invalid type %d", p.Name, int(p.Type))
		}
		for _, v := range []float64{p.Value, p.Start, p.Step, p.Stop} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("write set: %s: %v is not a finite number", p.Name, v)
			}
		}
		flag := "N"
		if p.Optimize {
			flag = "Y"
		}
		fmt.Fprintf(bw, "%s=%s||%s||%s||%s||%s\r\n", p.Name,
			p.setValue(p.Value), p.setValue(p.Start), p.setNumber(p.Step), p.setValue(p.Stop), flag)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write set: %w", err)
	}
	return nil
}

// setValue writes a value as a .set file holds it.
func (p Param) setValue(v float64) string {
	if p.Type == Bool {
		return p.format(v)
	}
	return p.setNumber(v)
}

// setNumber writes a number, with a decimal point for a Double.
func (p Param) setNumber(v float64) string {
	s := formatNumber(v)
	if p.Type == Double && !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}
