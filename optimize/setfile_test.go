package optimize

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"
)

// utf16LE encodes text as MT5 writes .set files: UTF-16LE with a BOM.
func utf16LE(text string) []byte {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(text)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func TestReadSetUTF16(t *testing.T) {
	text := "; saved on 2024.05.01 12:00:00\r\n" +
		"; this file contains input parameters for testing/optimizing MovingAverage expert advisor\r\n" +
		"\r\n" +
		"MaximumRisk=0.02||0.02||0.002000||0.200000||N\r\n" +
		"DecreaseFactor=3.0||3.0||0.300000||30.000000||N\r\n" +
		"MovingPeriod=12||5||5||50||Y\r\n" +
		"Short=false||false||0||true||Y\r\n" +
		"Comment=7\r\n"
	got, err := ReadSet(bytes.NewReader(utf16LE(text)), "ma.set")
	if err != nil {
		t.Fatal(err)
	}
	want := []Param{
		{Name: "MaximumRisk", Type: Double, Value: 0.02, Start: 0.02, Step: 0.002, Stop: 0.2},
		{Name: "DecreaseFactor", Type: Double, Value: 3, Start: 3, Step: 0.3, Stop: 30},
		{Name: "MovingPeriod", Type: Int, Value: 12, Start: 5, Step: 5, Stop: 50, Optimize: true},
		// MT5 writes a bool's step as 0; its grid is false, true.
		{Name: "Short", Type: Bool, Value: 0, Start: 0, Step: 1, Stop: 1, Optimize: true},
		{Name: "Comment", Type: Int, Value: 7, Start: 7, Step: 1, Stop: 7},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadSet\n got %+v\nwant %+v", got, want)
	}
	// The same text in UTF-8, with and without a BOM and with LF line ends.
	for _, b := range [][]byte{[]byte(text), append([]byte{0xEF, 0xBB, 0xBF}, text...), []byte(strings.ReplaceAll(text, "\r\n", "\n"))} {
		again, err := ReadSet(bytes.NewReader(b), "ma.set")
		if err != nil || !reflect.DeepEqual(again, want) {
			t.Errorf("UTF-8 variant: %+v, %v", again, err)
		}
	}
}

func TestSetRoundTrip(t *testing.T) {
	params := []Param{
		{Name: "MaximumRisk", Type: Double, Value: 0.02, Start: 0.01, Step: 0.005, Stop: 0.1, Optimize: true},
		{Name: "DecreaseFactor", Type: Double, Value: 3, Start: 1, Step: 1, Stop: 9},
		{Name: "MovingPeriod", Type: Int, Value: 12, Start: 5, Step: 5, Stop: 50, Optimize: true},
		{Name: "MovingShift", Type: Int, Value: -6, Start: -6, Step: 1, Stop: -6},
		{Name: "Short", Type: Bool, Value: 1, Start: 0, Step: 1, Stop: 1, Optimize: true},
		{Name: "Tiny", Type: Double, Value: 1e-7, Start: 1e-7, Step: 0, Stop: 1e-7},
	}
	var buf bytes.Buffer
	if err := WriteSet(&buf, params); err != nil {
		t.Fatal(err)
	}
	const want = "; parameter set written by passframes\r\n" +
		"MaximumRisk=0.02||0.01||0.005||0.1||Y\r\n" +
		"DecreaseFactor=3.0||1.0||1.0||9.0||N\r\n" +
		"MovingPeriod=12||5||5||50||Y\r\n" +
		"MovingShift=-6||-6||1||-6||N\r\n" +
		"Short=true||false||1||true||Y\r\n" +
		"Tiny=0.0000001||0.0000001||0.0||0.0000001||N\r\n"
	if buf.String() != want {
		t.Errorf("WriteSet wrote\n%s\nwant\n%s", buf.String(), want)
	}
	back, err := ReadSet(&buf, "round.set")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, params) {
		t.Errorf("round trip\n got %+v\nwant %+v", back, params)
	}
}

func TestReadSetErrors(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"A=1\nB\n", "x.set: line 2: want Name=value"},
		{"=1\n", "x.set: line 1: want Name=value"},
		{"A=1||2||3\n", "x.set: line 1: A: want value||start||step||stop||Y/N, got 3 fields"},
		{"A=1||1||1||5||maybe\n", `x.set: line 1: A: optimize flag "maybe" is not Y or N`},
		{"A=1||1||0||5||Y\n", "x.set: line 1: A: step 0 must be > 0"},
		{"A=1||5||1||1||Y\n", "x.set: line 1: A: start 5 > stop 1"},
		{"A=1||x||1||5||Y\n", `x.set: line 1: A: start: "x" is not a number`},
		{"A=hello\n", `x.set: line 1: A: value: "hello" is not a number`},
		{"A=1\n;\nA=2\n", "x.set: line 3: A is already set on line 1"},
	} {
		_, err := ReadSet(strings.NewReader(tc.text), "x.set")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ReadSet(%q): error %v, want %q", tc.text, err, tc.want)
		}
	}
	if _, err := ReadSet(bytes.NewReader([]byte{0xFF, 0xFE, 'A'}), "odd.set"); err == nil || !strings.Contains(err.Error(), "odd.set") {
		t.Errorf("odd-length UTF-16: error %v", err)
	}
	if _, err := ReadSet(bytes.NewReader([]byte{'A', '=', 0xC3, 0x28}), "bad.set"); err == nil || !strings.Contains(err.Error(), "not UTF-8") {
		t.Errorf("invalid UTF-8: error %v", err)
	}
}

func TestWriteSetErrors(t *testing.T) {
	for _, p := range []Param{
		{Name: "A=B", Type: Int},
		{Name: "", Type: Int},
		{Name: "A", Type: Type(9)},
		{Name: "A", Type: Double, Value: nan()},
	} {
		if err := WriteSet(&bytes.Buffer{}, []Param{p}); err == nil {
			t.Errorf("WriteSet(%+v): no error", p)
		}
	}
}

func nan() float64 { var z float64; return z / z }
