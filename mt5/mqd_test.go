package mt5

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/stats"
)

// mqdStats returns n statistics, value i+0.25 at index i (the 42nd, when n
// is 42, is the equity-point mode).
func mqdStats(n int, mode float64) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = float64(i) + 0.25
	}
	if n > stats.Count {
		s[stats.Count] = mode
	}
	return s
}

func testMQDFrames() []mqdSpecFrame {
	return []mqdSpecFrame{
		{pass: 3, id: 1, name: "MA", balance: []float64{10000, 10000, 10120}, equity: []float64{10000, 9990, 10080},
			stats: mqdStats(42, 1)},
		{pass: 5, id: 1, name: "MA", balance: []float64{10000, 9950}, equity: []float64{10000, 9960},
			stats: mqdStats(41, 0), sizeInElements: true},
		// The forward frame of pass 3 comes after another pass's back frame.
		{pass: 3, id: 2, name: "MA", balance: []float64{10000, 10000, 10050, 10030}, equity: []float64{10000, 9980, 10010, 10040}},
		{pass: 9, id: 2, balance: []float64{10000, 10010}, equity: []float64{10000, 10005}, sizeInElements: true},
	}
}

func TestParseMQD(t *testing.T) {
	f, err := parseMQD(buildMQD(testMQDFrames()...), "MA.EURUSD.H1.mqd")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Frames) != 4 {
		t.Fatalf("%d frames, want 4", len(f.Frames))
	}
	b := f.Frames[0]
	if b.Pass != 3 || !b.Back || b.Name != "MA" || b.Mode != "min" || b.Offset != mqdHeaderSize ||
		!reflect.DeepEqual(b.Balance, []float64{10000, 10000, 10120}) || !reflect.DeepEqual(b.Equity, []float64{10000, 9990, 10080}) {
		t.Errorf("frame 0 %+v", b)
	}
	for i := range stats.Count {
		if b.Stats[i] != float64(i)+0.25 {
			t.Fatalf("stat %d = %v", i, b.Stats[i])
		}
	}
	// Record 1 starts after record 0: 172 bytes + (3+3+42) doubles.
	if f.Frames[1].Offset != mqdHeaderSize+mqdRecordSize+8*48 || f.Frames[1].Mode != "min_max" {
		t.Errorf("frame 1 offset %d mode %s", f.Frames[1].Offset, f.Frames[1].Mode)
	}
	if fw := f.Frames[2]; fw.Back || fw.Pass != 3 || len(fw.Balance) != 4 || fw.Stats != (stats.Stats{}) {
		t.Errorf("forward frame %+v", fw)
	}
}

func TestMQDRun(t *testing.T) {
	data := buildMQD(testMQDFrames()...)
	f, err := parseMQD(data, "/x/MA.EURUSD.m.H1.mqd")
	if err != nil {
		t.Fatal(err)
	}
	r, err := mqdRun(f, "/x/MA.EURUSD.m.H1.mqd", data)
	if err != nil {
		t.Fatal(err)
	}
	m := r.Manifest
	if m.Expert != "MA" || m.Symbol != "EURUSD.m" || m.Timeframe != "H1" || m.Source != "mt5-mqd" || len(m.Columns) != 0 {
		t.Errorf("manifest %+v", m)
	}
	if len(r.Passes) != 3 {
		t.Fatalf("%d passes, want 3 (3, 5, 9)", len(r.Passes))
	}
	p3 := r.Passes[0]
	if p3.Back == nil || p3.Forward == nil || p3.Back.Pass != 3 || p3.Forward.Period != frames.Forward {
		t.Fatalf("pass 3 %+v", p3)
	}
	// The forward frame's own statistics: deposit = first balance point,
	// profit = 10030 − 10000 = 30; it takes the back frame's mode.
	if p3.Forward.Stats[stats.InitialDeposit] != 10000 || p3.Forward.Stats[stats.Profit] != 30 || p3.Forward.EquityMode != "min" {
		t.Errorf("forward frame %+v", p3.Forward)
	}
	if r.Passes[1].Forward != nil || r.Passes[2].Back != nil || r.Passes[2].Forward.Pass != 9 {
		t.Errorf("passes 5 and 9: %+v %+v", r.Passes[1], r.Passes[2])
	}
	if !r.Info.Points || len(r.Passes[0].Back.Time) != 0 {
		t.Errorf("points %v, times %v", r.Info.Points, r.Passes[0].Back.Time)
	}
}

func TestMQDDuplicates(t *testing.T) {
	frs := testMQDFrames()
	data := buildMQD(append(frs, frs[0])...)
	f, err := parseMQD(data, "MA.EURUSD.H1.mqd")
	if err != nil {
		t.Fatal(err)
	}
	r, err := mqdRun(f, "MA.EURUSD.H1.mqd", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Passes) != 3 || !strings.Contains(strings.Join(r.Info.Notes, "\n"), "1 frames repeat") {
		t.Errorf("%d passes, notes %q", len(r.Passes), r.Info.Notes)
	}
}

func TestParseMQDErrors(t *testing.T) {
	frs := testMQDFrames()
	good := buildMQD(frs...)
	second := mqdHeaderSize + mqdRecordSize + 8*48
	bad := func(mod func(*mqdSpecFrame)) []byte {
		f := frs[0]
		mod(&f)
		return buildMQD(f)
	}
	size := func(v int32) func(*mqdSpecFrame) { return func(f *mqdSpecFrame) { f.sizeOverride = &v } }
	cases := []struct {
		name   string
		b      []byte
		offset int64
		msg    string
	}{
		{"short header", good[:100], 100, "260-byte header"},
		{"cut record", good[:second+50], int64(second), "inside a frame record (50 of 172 bytes)"},
		{"cut data", good[:second+mqdRecordSize+8], int64(second + mqdRecordSize), "run past the end"},
		{"id", bad(func(f *mqdSpecFrame) { f.id = 7 }), mqdHeaderSize + mqdIDOff, "frame ID 7"},
		{"size", bad(size(12345)), mqdHeaderSize + mqdSizeOff, "SizeOfArray 12345 fits no back frame of 3 points"},
		{"forward size", buildMQD(mqdSpecFrame{pass: 1, id: 2, balance: []float64{1}, equity: []float64{1}, stats: []float64{5}}),
			mqdHeaderSize + mqdSizeOff, "neither 16 bytes nor 2 doubles"},
		{"nan point", bad(func(f *mqdSpecFrame) { f.equity = []float64{1, math.NaN(), 3} }),
			mqdHeaderSize + mqdRecordSize + 8*4, "not a finite number"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := parseMQD(c.b, "bad.mqd")
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v, want a FormatError", err)
			}
			if fe.Offset != c.offset || !strings.Contains(fe.Msg, c.msg) {
				t.Errorf("error %q at offset %d, want offset %d and %q", fe.Msg, fe.Offset, c.offset, c.msg)
			}
		})
	}
	// A Value that is no count of points.
	b := buildMQD(frs[0])
	for _, v := range []float64{-1, 2.5, math.NaN(), 1e300} {
		putF64(b[mqdHeaderSize+mqdValueOff:], v)
		_, err := parseMQD(b, "bad.mqd")
		var fe *FormatError
		if !errors.As(err, &fe) || fe.Offset != mqdHeaderSize+mqdValueOff {
			t.Errorf("Value %v: error %v", v, err)
		}
	}
}

func putF64(b []byte, v float64) {
	u := math.Float64bits(v)
	for i := range 8 {
		b[i] = byte(u >> (8 * i))
	}
}

func TestMQDDataCount(t *testing.T) {
	cases := []struct {
		size int64
		n    int
		back bool
		want int // -1: error
	}{
		{8 * (6 + 41), 3, true, 47}, // bytes, 41 statistics
		{8 * (6 + 42), 3, true, 48}, // bytes, with the mode
		{6 + 41, 3, true, 47},       // doubles
		{6 + 42, 3, true, 48},
		{6 + 40, 3, true, -1},
		{16 * 4, 4, false, 8},
		{8, 4, false, 8},
		{0, 0, false, 0},
		{0, 0, true, -1}, // a back frame always has its statistics
	}
	for _, c := range cases {
		got, err := mqdDataCount(c.size, c.n, c.back)
		if c.want < 0 && err == nil || c.want >= 0 && (err != nil || got != c.want) {
			t.Errorf("mqdDataCount(%d, %d, %v) = %d, %v; want %d", c.size, c.n, c.back, got, err, c.want)
		}
	}
}

func TestSplitRunName(t *testing.T) {
	for path, want := range map[string][3]string{
		"/a/MA.EURUSD.H1.mqd":        {"MA", "EURUSD", "H1"},
		"MA.EURUSD.m.m15.mqd":        {"MA", "EURUSD.m", "M15"},
		"ReportOptimizer-123.xml":    {"ReportOptimizer-123", "", ""},
		"Expert.Symbol.NotAPeriod.x": {"Expert.Symbol.NotAPeriod", "", ""},
	} {
		e, s, tf, _ := splitRunName(path)
		if [3]string{e, s, tf} != want {
			t.Errorf("splitRunName(%q) = %q %q %q, want %q", path, e, s, tf, want)
		}
	}
}
