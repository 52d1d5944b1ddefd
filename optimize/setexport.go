package optimize

import (
	"bytes"
	"fmt"
	"unicode/utf16"

	"github.com/passframes/passframes/internal/atomicfile"
)

// WithValues returns a copy of params whose values are values (one per
// parameter, in order), keeping each parameter's range and optimize flag:
// a pass's inputs as a .set file a trader loads into MT5.
func WithValues(params []Param, values []float64) ([]Param, error) {
	if len(values) != len(params) {
		return nil, fmt.Errorf("%d values for %d parameters", len(values), len(params))
	}
	out := append([]Param(nil), params...)
	for i := range out {
		out[i].Value = values[i]
	}
	return out, nil
}

// WriteSetFile writes params to path as MT5 writes .set files: UTF-16LE with
// a byte order mark. The file is written under a temporary name and renamed.
func WriteSetFile(path string, params []Param) error {
	var text bytes.Buffer
	if err := WriteSet(&text, params); err != nil {
		return err
	}
	units := utf16.Encode([]rune(text.String()))
	b := make([]byte, 2, 2+2*len(units))
	b[0], b[1] = 0xFF, 0xFE
	for _, u := range units {
		b = append(b, byte(u), byte(u>>8))
	}
	return atomicfile.WriteBytes(path, b)
}
