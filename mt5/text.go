package mt5

import (
	"bytes"
	"errors"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// decodeText turns the bytes of a text file into a string: UTF-16 (LE or BE)
// when it starts with a byte-order mark, otherwise UTF-8 (BOM optional).
// MT5 writes its reports in UTF-16LE with a BOM. A file cut in the middle of
// a UTF-16 unit decodes with a replacement character at its end, so that the
// reader can say where it is truncated.
func decodeText(b []byte) (string, error) {
	if !bytes.HasPrefix(b, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		if !utf8.Valid(bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})) {
			return "", errors.New("not UTF-8 or UTF-16 text (no byte-order mark and invalid UTF-8)")
		}
	}
	out, _, err := transform.Bytes(unicode.BOMOverride(unicode.UTF8.NewDecoder()), b)
	if err != nil {
		return "", err
	}
	return string(out), nil
}

// utf16LEField decodes UTF-16LE without a byte-order mark.
var utf16LEField = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)

// utf16String decodes a fixed-size, NUL-padded UTF-16LE field of a binary
// file (MQL5 ushort[] strings).
func utf16String(b []byte) string {
	end := len(b) &^ 1
	for i := 0; i+1 < len(b); i += 2 {
		if b[i] == 0 && b[i+1] == 0 {
			end = i
			break
		}
	}
	out, err := utf16LEField.NewDecoder().Bytes(b[:end])
	if err != nil {
		return ""
	}
	return string(out)
}
