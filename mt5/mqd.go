package mt5

import (
	"fmt"
	"math"

	"github.com/passframes/passframes/stats"
)

// The .mqd layout of the MQL5 article «Visual evaluation of optimization results» (article 9922; unconfirmed elsewhere): a
// 260-byte header, then frames, each a byte-packed record
//
//	ulong Pass; long ID; short String[64]; double Value; int SizeOfArray; long Tmp[2]
//
// followed by its data: Value balance points, Value equity points, and for a
// back frame (ID 1) the statistics (41 values, or 42 with the article's
// equity-point mode last). SizeOfArray is the data's size, in bytes or in
// doubles (both are accepted).
const (
	mqdHeaderSize = 260
	mqdRecordSize = 172
	mqdIDOff      = 8
	mqdNameOff    = 16
	mqdValueOff   = 144
	mqdSizeOff    = 152

	mqdBack    = 1
	mqdForward = 2

	// mqdMaxPoints bounds Value so that a corrupt count cannot ask for more
	// memory than any real pass uses.
	mqdMaxPoints = 1 << 28
)

// mqdFrame is one frame of an .mqd file.
type mqdFrame struct {
	Pass            int64
	Back            bool
	Name            string
	Balance, Equity []float64
	Stats           stats.Stats // back frames only
	Mode            string      // equity-point mode: "min_max" or "min"
	Offset          int         // of the record, for messages
}

// mqdFile is a parsed .mqd file: its frames in file order.
type mqdFile struct {
	Frames []mqdFrame
}

// parseMQD reads an .mqd frame file. file names it in errors.
func parseMQD(b []byte, file string) (*mqdFile, error) {
	if len(b) < mqdHeaderSize {
		return nil, offsetError(file, len(b), "the file ends inside the %d-byte header", mqdHeaderSize)
	}
	f := &mqdFile{}
	for pos := mqdHeaderSize; pos < len(b); {
		fr, next, err := parseMQDFrame(b, pos, file)
		if err != nil {
			return nil, err
		}
		f.Frames = append(f.Frames, fr)
		pos = next
	}
	return f, nil
}

// parseMQDFrame reads the frame whose record starts at pos and returns it
// and the offset of the next record.
func parseMQDFrame(b []byte, pos int, file string) (mqdFrame, int, error) {
	if !fits(b, pos, mqdRecordSize) {
		return mqdFrame{}, 0, offsetError(file, pos, "the file ends inside a frame record (%d of %d bytes)", len(b)-pos, mqdRecordSize)
	}
	r := le{b: b, base: pos}
	raw := r.u64(0)
	if raw > math.MaxInt64 {
		return mqdFrame{}, 0, offsetError(file, pos, "pass number %d is out of range", raw)
	}
	fr := mqdFrame{Pass: int64(raw), Name: r.str(mqdNameOff, 128), Mode: "min_max", Offset: pos}
	switch id := r.i64(mqdIDOff); id {
	case mqdBack:
		fr.Back = true
	case mqdForward:
	default:
		return fr, 0, offsetError(file, pos+mqdIDOff, "frame ID %d: want 1 (back) or 2 (forward)", id)
	}
	v := r.f64(mqdValueOff)
	if !(v >= 0 && v <= mqdMaxPoints) || v != math.Trunc(v) {
		return fr, 0, offsetError(file, pos+mqdValueOff, "Value %v is not a number of points", v)
	}
	n := int(v)
	count, err := mqdDataCount(int64(r.i32(mqdSizeOff)), n, fr.Back)
	if err != nil {
		return fr, 0, offsetError(file, pos+mqdSizeOff, "%v", err)
	}
	data := pos + mqdRecordSize
	if !fits(b, data, uint64(count)*8) {
		return fr, 0, offsetError(file, data, "the frame's %d doubles (%d bytes) run past the end of the file (%d bytes)", count, count*8, len(b))
	}
	d := le{b: b, base: data}
	var bad int = -1
	read := func(k int) float64 {
		x := d.f64(8 * k)
		if bad < 0 && (math.IsNaN(x) || math.IsInf(x, 0)) {
			bad = k
		}
		return x
	}
	fr.Balance, fr.Equity = make([]float64, n), make([]float64, n)
	for k := range n {
		fr.Balance[k] = read(k)
		fr.Equity[k] = read(n + k)
	}
	if bad >= 0 {
		return fr, 0, offsetError(file, data+8*bad, "pass %d: point value %v is not a finite number", fr.Pass, d.f64(8*bad))
	}
	if fr.Back {
		for i := range stats.Count {
			fr.Stats[i] = d.f64(8 * (2*n + i))
		}
		fr.Stats = stats.Finite(fr.Stats)
		if count-2*n > stats.Count && d.f64(8*(2*n+stats.Count)) != 0 {
			fr.Mode = "min" // the article's 42nd value: 0 is min_max
		}
	}
	return fr, data + 8*count, nil
}

// mqdDataCount returns how many doubles follow a record whose SizeOfArray is
// size and Value is n: 2n points, plus 41 or 42 statistics for a back frame.
// size may count bytes or doubles; the count that makes sense wins.
func mqdDataCount(size int64, n int, back bool) (int, error) {
	points := 2 * int64(n)
	if !back {
		switch {
		case size == 8*points || size == points:
			return int(points), nil
		}
		return 0, fmt.Errorf("SizeOfArray %d is neither %d bytes nor %d doubles (the balance and equity of %d points)", size, 8*points, points, n)
	}
	for _, k := range []int64{stats.Count, stats.Count + 1} {
		if size == 8*(points+k) || size == points+k {
			return int(points + k), nil
		}
	}
	return 0, fmt.Errorf("SizeOfArray %d fits no back frame of %d points: want %d or %d bytes, or %d or %d doubles "+
		"(balance, equity, and 41 statistics or 42 with the equity-point mode)",
		size, n, 8*(points+stats.Count), 8*(points+stats.Count+1), points+stats.Count, points+stats.Count+1)
}
