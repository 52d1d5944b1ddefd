package optimize

import "testing"

func TestDecodeTextByteOrders(t *testing.T) {
	for name, c := range map[string]struct {
		in   []byte
		want string
	}{
		"UTF-16LE": {[]byte{0xFF, 0xFE, 'A', 0, '=', 0, '1', 0}, "A=1"},
		"UTF-16BE": {[]byte{0xFE, 0xFF, 0, 'A', 0, '=', 0, '1'}, "A=1"},
		// U+1F600 is the surrogate pair D83D DE00.
		"UTF-16LE surrogate pair": {[]byte{0xFF, 0xFE, 0x3D, 0xD8, 0x00, 0xDE}, "\U0001F600"},
		"UTF-8 with BOM":          {[]byte{0xEF, 0xBB, 0xBF, 'A', '=', '1'}, "A=1"},
		"UTF-8":                   {[]byte("A=é"), "A=é"},
	} {
		got, err := decodeText(c.in)
		if err != nil || got != c.want {
			t.Errorf("%s: %q, %v; want %q", name, got, err, c.want)
		}
	}
}
