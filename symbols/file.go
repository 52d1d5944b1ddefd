package symbols

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// File is a specification file: one TOML table per symbol, named after the
// symbol as the data names it, with the keys of Partial:
//
//	[US30m]
//	contract_size = 1
//	volume_min = 0.1
//	profit_currency = "USD"
//
// An optional `preset = "index"` key starts a table from a preset.
type File struct {
	Path    string
	symbols map[string]fileTable
	text    []byte
}

type fileTable struct {
	Preset string `toml:"preset"`
	Partial
}

// LoadFile reads a specification file. Errors name the file, the line and
// the column.
func LoadFile(path string) (*File, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseFile(path, text)
}

// ParseFile is LoadFile for text already read; path names it in errors.
func ParseFile(path string, text []byte) (*File, error) {
	tables := map[string]fileTable{}
	dec := toml.NewDecoder(bytes.NewReader(text)).DisallowUnknownFields()
	if err := dec.Decode(&tables); err != nil {
		return nil, positioned(path, err)
	}
	f := &File{Path: path, symbols: tables, text: text}
	for _, name := range f.Symbols() {
		if p := tables[name].Preset; p != "" {
			if _, err := LookupPreset(p); err != nil {
				line, col := f.locate(name, "preset")
				return nil, fmt.Errorf("%s:%d:%d: [%s] %w", path, line, col, name, err)
			}
		}
	}
	return f, nil
}

// positioned turns a TOML error into "file:line:column: problem".
func positioned(path string, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) && len(strict.Errors) > 0 {
		e := strict.Errors[0]
		line, col := e.Position()
		return fmt.Errorf("%s:%d:%d: unknown key %q (known: %s)", path, line, col,
			strings.Join(e.Key(), "."), strings.Join(keys(), ", "))
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, col := de.Position()
		return fmt.Errorf("%s:%d:%d: %s", path, line, col, decodeProblem(de))
	}
	return fmt.Errorf("%s: %w", path, err)
}

// typeMismatch matches go-toml's message for a value of the wrong type,
// which names Go types the user never wrote.
var typeMismatch = regexp.MustCompile(`cannot decode TOML (\w+) into struct field \S+ of type (\w+)`)

// decodeProblem says what is wrong with a value in the file's own terms.
func decodeProblem(de *toml.DecodeError) string {
	msg := strings.TrimPrefix(de.Error(), "toml: ")
	m := typeMismatch.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	want := map[string]string{"float64": "a number", "int": "a whole number", "string": "text in quotes", "bool": "true or false"}[m[2]]
	if want == "" {
		return msg
	}
	return fmt.Sprintf("%s: want %s, got a TOML %s", strings.Join(de.Key(), "."), want, m[1])
}

// keys lists the keys a table may hold.
func keys() []string {
	return []string{"preset", "digits", "point", "tick_size", "contract_size", "volume_min", "volume_step",
		"volume_max", "base_currency", "profit_currency", "margin_currency", "leverage", "spread",
		"fixed_spread", "commission", "swap_long", "swap_short"}
}

// Symbols lists the symbols the file specifies, sorted.
func (f *File) Symbols() []string {
	names := make([]string, 0, len(f.symbols))
	for n := range f.symbols {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Layers returns the layers the file gives symbol: its preset, if it names
// one, then its own values. ok is false when the file has no table for the
// symbol (the name must match exactly, then case-insensitively).
func (f *File) Layers(symbol string) (layers []Layer, ok bool) {
	name, ok := f.find(symbol)
	if !ok {
		return nil, false
	}
	t := f.symbols[name]
	if t.Preset != "" {
		p, _ := LookupPreset(t.Preset) // checked by ParseFile
		layers = append(layers, p)
	}
	return append(layers, Layer{Source: "file:" + f.Path, Values: t.Partial}), true
}

func (f *File) find(symbol string) (string, bool) {
	if _, ok := f.symbols[symbol]; ok {
		return symbol, true
	}
	for n := range f.symbols {
		if strings.EqualFold(n, symbol) {
			return n, true
		}
	}
	return "", false
}

// Check validates s, resolved with the file's values, and names the line
// and column of the first bad value the file wrote.
func (f *File) Check(s Spec) error {
	err := Validate(s)
	if err == nil {
		return nil
	}
	name, _ := f.find(s.Name)
	for _, p := range problems(s) {
		if s.Source[p.key] == "file:"+f.Path {
			line, col := f.locate(name, p.key)
			return fmt.Errorf("%s:%d:%d: [%s] %s: %s", f.Path, line, col, name, p.key, p.msg)
		}
	}
	return err
}

// locate finds the line and column of key in the table of symbol, by
// scanning the text: specification files are flat tables of simple keys.
// It returns the table's header when the key is not found, and 1:1 when the
// table is not found either.
func (f *File) locate(symbol, key string) (int, int) {
	header := regexp.MustCompile(`^\s*\[\s*"?` + regexp.QuoteMeta(symbol) + `"?\s*\]`)
	anyHeader := regexp.MustCompile(`^\s*\[`)
	keyRe := regexp.MustCompile(`^(\s*)` + regexp.QuoteMeta(key) + `\s*=`)
	in, hl, hc := false, 1, 1
	for n, line := range strings.Split(string(f.text), "\n") {
		switch {
		case header.MatchString(line):
			in, hl, hc = true, n+1, strings.Index(line, "[")+1
		case anyHeader.MatchString(line):
			in = false
		case in:
			if m := keyRe.FindStringSubmatch(line); m != nil {
				return n + 1, len(m[1]) + 1
			}
		}
	}
	return hl, hc
}
