package charts

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"io"
	"sync"

	"github.com/klauspost/compress/zlib"
)

// The charts' PNG encoder. image/png tries all five row filters on every row of
// a true-colour image, which costs more than drawing a chart; charts are flat
// backgrounds with thin lines, for which the Sub filter alone (each byte minus
// the byte one pixel to the left) turns the background into runs of zeros, and
// a fast deflate does the rest. Output is a standard 8-bit RGB PNG.

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// pngState is the reusable memory of one encoding.
type pngState struct {
	row    []byte
	chunks *chunkWriter
	zw     *zlib.Writer
}

var pngStates = sync.Pool{New: func() any {
	zw, _ := zlib.NewWriterLevel(io.Discard, zlib.BestSpeed) // the level is valid: no error
	return &pngState{chunks: &chunkWriter{}, zw: zw}
}}

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
	st.zw.Reset(st.chunks)
	n := 1 + 3*width
	st.row = grow(st.row, n)
	for y := 0; y < height; y++ {
		pix := img.Pix[(y+b.Min.Y-img.Rect.Min.Y)*img.Stride+(b.Min.X-img.Rect.Min.X)*4:]
		subFilterRow(st.row[:n], pix[:4*width])
		if _, err := st.zw.Write(st.row[:n]); err != nil {
			return err
		}
	}
	if err := st.zw.Close(); err != nil {
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
func subFilterRow(row, pix []byte) {
	row[0] = 1
	out := row[1:]
	n := min(len(pix)/4, len(out)/3)
	if n == 0 {
		return
	}
	out[0], out[1], out[2] = pix[0], pix[1], pix[2]
	for x := 1; x < n; x++ {
		i, j := 4*x, 3*x
		out[j] = pix[i] - pix[i-4]
		out[j+1] = pix[i+1] - pix[i-3]
		out[j+2] = pix[i+2] - pix[i-2]
	}
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
