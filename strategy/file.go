package strategy

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// file is the TOML document of a strategy as written. Expressions may be
// strings or numbers (a number is the expression of that constant).
type document struct {
	Name        string  `toml:"name"`
	Description string  `toml:"description"`
	Constraint  string  `toml:"constraint"`
	Inputs      []input `toml:"input"`
	Rules       rules   `toml:"rules"`
	Stops       stops   `toml:"stops"`
	Lots        lots    `toml:"lots"`
	Hours       *hours  `toml:"hours"`
}

type input struct {
	Name    string   `toml:"name"`
	Type    string   `toml:"type"`
	Default any      `toml:"default"`
	Start   *float64 `toml:"start"`
	Step    *float64 `toml:"step"`
	Stop    *float64 `toml:"stop"`
}

type rules struct {
	Buy       string `toml:"buy"`
	Sell      string `toml:"sell"`
	CloseBuy  string `toml:"close_buy"`
	CloseSell string `toml:"close_sell"`
}

type stops struct {
	SL     any `toml:"sl"`
	TP     any `toml:"tp"`
	BuySL  any `toml:"buy_sl"`
	BuyTP  any `toml:"buy_tp"`
	SellSL any `toml:"sell_sl"`
	SellTP any `toml:"sell_tp"`
}

type lots struct {
	Fixed         any `toml:"fixed"`
	EquityPercent any `toml:"equity_percent"`
	RiskPercent   any `toml:"risk_percent"`
}

type hours struct {
	From *int     `toml:"from"`
	To   *int     `toml:"to"`
	Days []string `toml:"days"`
}

// Error is a problem in a strategy file, located at a line and column
// (both from 1) of the file.
type Error struct {
	File         string
	Line, Column int
	Msg          string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
}

// source is a strategy file's text with the position of every value, so
// that a problem in an expression can name its line and column.
type source struct {
	name string
	text []byte
	// values maps a dotted key ("rules.buy", "input.2.start") to the position
	// of its value's first byte, and quote to the length of its opening quote.
	values map[string]valuePos
}

type valuePos struct {
	line, col int
	raw       []byte // the value as written, with its quotes
}

// decode parses text into a file, or returns one located error.
func decode(name string, text []byte) (*document, *source, error) {
	src := &source{name: name, text: text, values: map[string]valuePos{}}
	if err := src.index(); err != nil {
		return nil, nil, err
	}
	var f document
	dec := toml.NewDecoder(bytes.NewReader(text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		var sm *toml.StrictMissingError
		if errors.As(err, &sm) && len(sm.Errors) > 0 {
			e := sm.Errors[0]
			line, col := e.Position()
			return nil, nil, &Error{name, line, col, "unknown key " + strings.Join(e.Key(), ".")}
		}
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, col := de.Position()
			return nil, nil, &Error{name, line, col, strings.TrimPrefix(de.Error(), "toml: ")}
		}
		return nil, nil, &Error{name, 1, 1, err.Error()}
	}
	return &f, src, nil
}

// index walks the document once with go-toml's low-level parser and records
// where each value starts.
func (s *source) index() error {
	var p unstable.Parser
	p.Reset(s.text)
	table := ""
	arrays := map[string]int{}
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = joinKey(e.Key())
			if e.Kind == unstable.ArrayTable {
				n := arrays[table]
				arrays[table]++
				table = fmt.Sprintf("%s.%d", table, n)
			}
		case unstable.KeyValue:
			key := joinKey(e.Key())
			if table != "" {
				key = table + "." + key
			}
			v := e.Value()
			sh := p.Shape(v.Raw)
			s.values[key] = valuePos{line: sh.Start.Line, col: sh.Start.Column, raw: p.Raw(v.Raw)}
		}
	}
	if err := p.Error(); err != nil {
		var pe *unstable.ParserError
		if errors.As(err, &pe) {
			sh := p.Shape(p.Range(pe.Highlight))
			return &Error{s.name, sh.Start.Line, sh.Start.Column, pe.Message}
		}
		return &Error{s.name, 1, 1, err.Error()}
	}
	return nil
}

func joinKey(it unstable.Iterator) string {
	var parts []string
	for it.Next() {
		parts = append(parts, string(it.Node().Data))
	}
	return strings.Join(parts, ".")
}

// errAt is an error at the start of key's value (line 1 column 1 when the
// key is absent).
func (s *source) errAt(key string, format string, args ...any) *Error {
	v, ok := s.values[key]
	if !ok {
		return &Error{s.name, 1, 1, fmt.Sprintf(format, args...)}
	}
	return &Error{s.name, v.line, v.col, fmt.Sprintf(format, args...)}
}

// errInExpr is an error at byte offset off of the expression written as
// key's value: the position skips the value's opening quote and counts the
// lines of a multi-line string. Escapes in the string would shift the column;
// expressions rarely need any.
func (s *source) errInExpr(key string, off int, format string, args ...any) *Error {
	v, ok := s.values[key]
	if !ok {
		return s.errAt(key, format, args...)
	}
	line, col := v.line, v.col
	body := v.raw
	switch {
	case bytes.HasPrefix(body, []byte(`"""`)), bytes.HasPrefix(body, []byte(`'''`)):
		body, col = body[3:], col+3
		if len(body) > 0 && body[0] == '\n' { // TOML trims the newline after the quotes
			body, line, col = body[1:], line+1, 1
		}
	case bytes.HasPrefix(body, []byte(`"`)), bytes.HasPrefix(body, []byte(`'`)):
		body, col = body[1:], col+1
	}
	for i := 0; i < off && len(body) > 0; i++ {
		r, size := utf8.DecodeRune(body)
		body = body[size:]
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return &Error{s.name, line, col, fmt.Sprintf(format, args...)}
}
