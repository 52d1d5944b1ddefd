package mt5

import (
	"encoding/binary"
	"math"
)

// le reads little-endian fields of a byte-packed MQL5 struct that starts at
// base within a file's bytes. Callers check the struct fits (fits) first.
type le struct {
	b    []byte
	base int
}

func (r le) u16(off int) uint16  { return binary.LittleEndian.Uint16(r.b[r.base+off:]) }
func (r le) u32(off int) uint32  { return binary.LittleEndian.Uint32(r.b[r.base+off:]) }
func (r le) i32(off int) int32   { return int32(r.u32(off)) }
func (r le) u64(off int) uint64  { return binary.LittleEndian.Uint64(r.b[r.base+off:]) }
func (r le) i64(off int) int64   { return int64(r.u64(off)) }
func (r le) f64(off int) float64 { return math.Float64frombits(r.u64(off)) }

// str reads a NUL-padded ushort[n/2] string field of n bytes.
func (r le) str(off, n int) string { return utf16String(r.b[r.base+off : r.base+off+n]) }

// fits reports whether n bytes from offset off lie within b, without
// overflowing on huge counts read from a corrupt file.
func fits(b []byte, off int, n uint64) bool {
	return off >= 0 && off <= len(b) && n <= uint64(len(b)-off)
}
