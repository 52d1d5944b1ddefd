package mt5

import (
	"bytes"
	"errors"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeText turns the bytes of a text file into a string: UTF-16 (LE or BE)
// when it starts with a byte-order mark, otherwise UTF-8 (BOM optional).
// MT5 writes its reports in UTF-16LE with a BOM.
func decodeText(b []byte) (string, error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return decodeUTF16(b[2:], false)
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return decodeUTF16(b[2:], true)
	}
	b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
	if !utf8.Valid(b) {
		return "", errors.New("not UTF-8 or UTF-16 text (no byte-order mark and invalid UTF-8)")
	}
	return string(b), nil
}

func decodeUTF16(b []byte, bigEndian bool) (string, error) {
	if len(b)%2 != 0 {
		return "", errors.New("UTF-16 text with an odd number of bytes")
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		lo, hi := b[2*i], b[2*i+1]
		if bigEndian {
			lo, hi = hi, lo
		}
		u[i] = uint16(lo) | uint16(hi)<<8
	}
	return string(utf16.Decode(u)), nil
}

// utf16String decodes a fixed-size, NUL-padded UTF-16LE field of a binary
// file (MQL5 ushort[] strings).
func utf16String(b []byte) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		c := uint16(b[i]) | uint16(b[i+1])<<8
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	return string(utf16.Decode(u))
}
