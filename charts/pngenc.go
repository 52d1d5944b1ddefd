package charts

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"io"
	"sync"

	"github.com/klauspost/compress/flate"
)

// The charts' PNG encoder. image/png tries all five row filters on every row of
// a true-colour image, which costs more than drawing a chart; charts are flat
// backgrounds with thin lines, for which the Sub filter alone (each byte minus
// the byte one pixel to the left) turns the background into runs of zeros, and
// a fast deflate does the rest. Output is a standard 8-bit RGB PNG.
//
// The zlib stream around the deflate data (a two-byte header, the Adler-32
// checksum of the filtered rows at the end) is written here rather than by a
// zlib writer, whose checksum goes byte by byte: most of a chart's filtered
// bytes are zeros, which adler32 below passes over eight at a time.

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// pngState is the reusable memory of one encoding.
type pngState struct {
	row    []byte
	chunks *chunkWriter
	fw     *flate.Writer
}

var pngStates = sync.Pool{New: func() any {
	fw, _ := flate.NewWriter(io.Discard, flate.BestSpeed) // the level is valid: no error
	return &pngState{chunks: &chunkWriter{}, fw: fw}
}}

// zlibHeader starts a zlib stream: deflate with a 32 KiB window (0x78), the
// fastest compression level and no dictionary (0x01; the pair is a multiple
// of 31, as RFC 1950 requires).
var zlibHeader = []byte{0x78, 0x01}

// encodePNG writes img, which must be opaque, as an RGB PNG.
func encodePNG(w io.Writer, img *image.RGBA) error {
	if err := writePNG(w, img); err != nil {
		return fmt.Errorf("encode png: %w", err)
	}
	return nil
}

func writePNG(w io.Writer, img *image.RGBA) error {
	b := img.Bounds()
	width, height := b.Dx(), b.Dy()
	if width <= 0 || height <= 0 {
		return errors.New("empty image")
	}
	st := pngStates.Get().(*pngState)
	defer pngStates.Put(st)

	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.Write(pngSignature); err != nil {
		return err
	}
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(width))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(height))
	ihdr[8], ihdr[9] = 8, 2 // 8 bits per sample, colour type RGB; compression, filter, interlace 0
	if err := writeChunk(bw, "IHDR", ihdr[:]); err != nil {
		return err
	}

	st.chunks.reset(bw)
	if _, err := st.chunks.Write(zlibHeader); err != nil {
		return err
	}
	st.fw.Reset(st.chunks)
	n := 1 + 3*width
	st.row = grow(st.row, n)
	sum := uint32(1) // Adler-32 of nothing
	var prev []byte
	for y := 0; y < height; y++ {
		pix := img.Pix[(y+b.Min.Y-img.Rect.Min.Y)*img.Stride+(b.Min.X-img.Rect.Min.X)*4:]
		pix = pix[:4*width]
		// A row like the one above (margins, the background between
		// curves) filters to the same bytes: comparing costs less.
		if !bytes.Equal(pix, prev) {
			subFilterRow(st.row[:n], pix)
		}
		prev = pix
		sum = adler32(sum, st.row[:n])
		if _, err := st.fw.Write(st.row[:n]); err != nil {
			return err
		}
	}
	if err := st.fw.Close(); err != nil {
		return err
	}
	var tail [4]byte
	binary.BigEndian.PutUint32(tail[:], sum)
	if _, err := st.chunks.Write(tail[:]); err != nil {
		return err
	}
	if err := st.chunks.flush(); err != nil {
		return err
	}
	if err := writeChunk(bw, "IEND", nil); err != nil {
		return err
	}
	return bw.Flush()
}

// subFilterRow writes filter type 1 (Sub) followed by the RGB bytes of the
// RGBA pixels in pix, each minus the same channel of the pixel to its left
// (the first pixel as it is).
//
// Two pixels at a time: the eight bytes of a pixel pair minus those of the
// pair one pixel to the left, subtracted byte by byte inside one uint64 (no
// borrow crosses a byte), then the two pixels' RGB bytes (alpha dropped)
// stored with one 8-byte write that the next pair's write overlaps. Byte by
// byte, this filter took about a third of a chart's encoding time.
func subFilterRow(row, pix []byte) {
	row[0] = 1
	out := row[1:]
	n := min(len(pix)/4, len(out)/3)
	if n == 0 {
		return
	}
	out[0], out[1], out[2] = pix[0], pix[1], pix[2]
	// cur holds the pixels from x on, left those from x−1, dst the filtered
	// bytes from x. A pair writes dst[0:8]; the last pixels go byte by byte
	// so that no write passes the row.
	x := 1
	cur, left, dst := pix[4:4*n], pix[:4*n-4], out[3:3*n]
	for ; len(cur) >= 8 && len(left) >= 8 && len(dst) >= 8; x += 2 {
		d := subBytes(binary.LittleEndian.Uint64(cur), binary.LittleEndian.Uint64(left))
		binary.LittleEndian.PutUint64(dst, d&0xFFFFFF|(d>>8)&0xFFFFFF000000)
		cur, left, dst = cur[8:], left[8:], dst[6:]
	}
	for ; x < n; x++ {
		i, j := 4*x, 3*x
		out[j] = pix[i] - pix[i-4]
		out[j+1] = pix[i+1] - pix[i-3]
		out[j+2] = pix[i+2] - pix[i-2]
	}
}

// subBytes is a − b in each of the eight bytes, modulo 256: the high bit of
// every byte is set in a and cleared in b so that no byte borrows from the
// next, and put back by the exclusive or.
func subBytes(a, b uint64) uint64 {
	const high = 0x8080808080808080
	return ((a | high) - (b &^ high)) ^ ((a ^ ^b) & high)
}

// adler32 is the Adler-32 checksum (RFC 1950) sum updated with p, as
// hash/adler32 computes it, eight bytes at a time: a word of zeros adds
// nothing to the byte sum and eight times it to the running sum.
func adler32(sum uint32, p []byte) uint32 {
	const (
		mod = 65521
		// nmax is the most bytes before the sums must be reduced: the
		// largest n with 255·n·(n+1)/2 + (n+1)·(mod−1) < 2³².
		nmax = 5552
	)
	s1, s2 := sum&0xffff, sum>>16
	for len(p) > 0 {
		q := p[:min(len(p), nmax)]
		p = p[len(q):]
		for len(q) >= 8 {
			if binary.LittleEndian.Uint64(q) == 0 {
				s2 += 8 * s1
				q = q[8:]
				continue
			}
			for _, b := range q[:8] {
				s1 += uint32(b)
				s2 += s1
			}
			q = q[8:]
		}
		for _, b := range q {
			s1 += uint32(b)
			s2 += s1
		}
		s1 %= mod
		s2 %= mod
	}
	return s2<<16 | s1
}

func grow(b []byte, n int) []byte {
	if cap(b) < n {
		return make([]byte, n)
	}
	return b[:n]
}

// chunkWriter cuts the compressed stream into IDAT chunks.
type chunkWriter struct {
	w   io.Writer
	buf []byte
}

const idatSize = 64 << 10

func (c *chunkWriter) reset(w io.Writer) {
	c.w = w
	if c.buf == nil {
		c.buf = make([]byte, 0, idatSize)
	}
	c.buf = c.buf[:0]
}

func (c *chunkWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		k := copy(c.buf[len(c.buf):cap(c.buf)], p)
		c.buf, p = c.buf[:len(c.buf)+k], p[k:]
		if len(c.buf) == cap(c.buf) {
			if err := c.flush(); err != nil {
				return 0, err
			}
		}
	}
	return n, nil
}

func (c *chunkWriter) flush() error {
	if len(c.buf) == 0 {
		return nil
	}
	err := writeChunk(c.w, "IDAT", c.buf)
	c.buf = c.buf[:0]
	return err
}

// writeChunk writes one PNG chunk: length, type, data, CRC of type and data.
func writeChunk(w io.Writer, typ string, data []byte) error {
	var head [8]byte
	binary.BigEndian.PutUint32(head[:4], uint32(len(data)))
	copy(head[4:], typ)
	var tail [4]byte
	binary.BigEndian.PutUint32(tail[:], crc32.Update(crc32.ChecksumIEEE(head[4:]), crc32.IEEETable, data))
	for _, b := range [][]byte{head[:], data, tail[:]} {
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}
