package market

import (
	"bytes"
	"fmt"
	"hash"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"unsafe"
)

// readBars reads bars from r: size is its length in bytes when known, else
// -1. Every byte read goes through h first when h is not nil, so a file is
// fingerprinted in the same pass that loads it.
//
// Plain text (UTF-8, with or without a byte order mark) is streamed: it is
// read in chunks that are parsed on every core while the next is read, and
// the whole file is never held in memory. Gzip, Parquet and UTF-16 files are
// read whole and decoded as before.
func readBars(r io.Reader, size int64, name string, opt LoadOptions, h hash.Hash) (*Series, error) {
	if opt.Timeframe != "" {
		if _, err := ParseTimeframe(opt.Timeframe); err != nil {
			return nil, fmt.Errorf("load %s: %w", name, err)
		}
	}
	c := &chunkReader{r: r, h: h, size: chunkBytes}
	head, err := c.peek(8)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if !streamable(head, name) {
		data, err := c.readAll(size)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		return decode(data, name, opt)
	}
	s, err := streamText(c, size, name)
	if err != nil {
		return nil, err
	}
	return label(s, name, opt, fileMeta{})
}

// streamable reports whether a file starting with head is plain text that
// streamText can read: not gzip, Parquet (or named so) or UTF-16.
func streamable(head []byte, name string) bool {
	switch {
	case len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b,
		bytes.HasPrefix(head, []byte("PAR1")),
		bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}),
		strings.EqualFold(filepath.Ext(strings.TrimSuffix(name, ".gz")), ".parquet"):
		return false
	}
	return true
}

// streamText parses plain text from c, chunk by chunk (see textLoad). A NUL
// byte anywhere makes the file binary, which is the error whatever else is
// wrong with it, so after a bad row the rest is still read to look for one.
func streamText(c *chunkReader, size int64, name string) (*Series, error) {
	binary := fmt.Errorf("read %s: binary content that is neither Parquet nor gzip nor text", name)
	var p *textLoad
	base := 0  // lines before the current chunk
	last := "" // the data text of the last chunk
	for p == nil {
		chunk, release, err := c.next()
		if err == io.EOF || c.nul {
			if c.nul {
				return nil, binary
			}
			return nil, &RowError{File: name, Line: 1, Problem: "empty file"}
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		text := chunkText(chunk)
		if base == 0 {
			text = strings.TrimPrefix(text, "\uFEFF")
		}
		lines := lineReader{text: text, line: base}
		lay, ok, err := readHeader(&lines, name)
		if !ok {
			base = lines.line
			release()
			continue
		}
		if err != nil {
			release()
			if c.readToEnd() == nil && c.nul {
				return nil, binary
			}
			return nil, err
		}
		last = text[lines.pos:]
		rest := size - c.offset + int64(len(c.carry)+len(last)) // bytes from here to the end, when size is known
		p = newTextLoad(name, lay, estimateRows(last, rest, c.eof && len(c.carry) == 0))
		p.guess = size < 0
		p.parseChunk(last, lines.line+1, release)
		base = lines.line + strings.Count(last, "\n")
	}
	for {
		if p.stopped(base + 1) { // a bad row ends the parse; only a NUL could still change the error
			if err := c.readToEnd(); err != nil {
				p.wait()
				return nil, fmt.Errorf("read %s: %w", name, err)
			}
			break
		}
		chunk, release, err := c.next()
		if err == io.EOF {
			break
		}
		if err != nil || c.nul {
			p.wait()
			if c.nul {
				return nil, binary
			}
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		text := chunkText(chunk)
		p.parseChunk(text, base+1, release)
		base += strings.Count(text, "\n")
		last = text
	}
	if c.nul {
		p.wait()
		return nil, binary
	}
	end := base + 1 // the line after the last line end, or after a last line without one
	if last != "" && !strings.HasSuffix(last, "\n") {
		end++
	}
	return p.finish(end)
}

// estimateRows guesses how many rows a file holds from its first chunk of
// data lines and the bytes left (rest, counted from that chunk's start; <= 0
// when unknown), a little high, so the columns are made once, not grown by
// doubling. A short guess only costs a copy of the rows so far.
func estimateRows(first string, rest int64, whole bool) int {
	lines := strings.Count(first, "\n") + 1
	if whole {
		return lines
	}
	if rest <= 0 || len(first) == 0 {
		return 2 * lines
	}
	perLine := float64(len(first)) / float64(lines)
	return int(float64(rest)/perLine*1.02) + 1024
}

// chunkText is the text of a chunk without a copy. The chunk's buffer is
// not written again until its parse job has released it, and nothing the
// parse keeps (errors, layouts) refers to the text.
func chunkText(chunk []byte) string {
	if len(chunk) == 0 {
		return ""
	}
	return unsafe.String(&chunk[0], len(chunk))
}

// chunkReader reads a stream as chunks of whole lines into a few reused
// buffers, hashing the bytes as they arrive and watching for NUL bytes.
type chunkReader struct {
	r      io.Reader
	h      hash.Hash
	size   int   // buffer size
	offset int64 // bytes read so far
	head   []byte
	carry  []byte // the start of a line the last chunk cut off
	eof    bool
	nul    bool // a NUL byte was read

	free  chan []byte
	spare int // buffers that may still be made
}

// peek reads the first n bytes (fewer at the end of the stream) without
// consuming them.
func (c *chunkReader) peek(n int) ([]byte, error) {
	buf := make([]byte, n)
	got, err := io.ReadFull(c.r, buf)
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		c.eof, err = true, nil
	}
	c.head = buf[:got] // accounted for (took) when consumed
	return c.head, err
}

// readAll returns the whole stream (size bytes when known).
func (c *chunkReader) readAll(size int64) ([]byte, error) {
	var b bytes.Buffer
	if size > 0 {
		b.Grow(int(size) + 1)
	}
	c.took(c.head)
	b.Write(c.head)
	c.head = nil
	if !c.eof {
		r := c.r
		if c.h != nil {
			r = io.TeeReader(r, c.h)
		}
		if _, err := b.ReadFrom(r); err != nil {
			return nil, err
		}
	}
	return b.Bytes(), nil
}

// buffer returns a free buffer, waiting for one when all are in use.
func (c *chunkReader) buffer() []byte {
	if c.free == nil {
		c.spare = runtime.GOMAXPROCS(0) + 1 // one per parse job, one being filled
		c.free = make(chan []byte, c.spare)
	}
	select {
	case b := <-c.free:
		return b[:0]
	default:
	}
	if c.spare > 0 {
		c.spare--
		return make([]byte, 0, c.size)
	}
	return (<-c.free)[:0]
}

// next returns the next chunk of whole lines (the last may end without a
// line end) and the function that gives its buffer back; io.EOF at the end.
func (c *chunkReader) next() (chunk []byte, release func(), err error) {
	if c.eof && len(c.carry) == 0 && len(c.head) == 0 {
		return nil, nil, io.EOF
	}
	buf := c.buffer()
	c.took(c.head)
	buf = append(buf, c.head...)
	buf = append(buf, c.carry...)
	c.head, c.carry = nil, c.carry[:0]
	for !c.eof {
		if len(buf) == cap(buf) {
			if bytes.IndexByte(buf, '\n') >= 0 {
				break
			}
			buf = append(buf, 0)[:len(buf)] // a line longer than the buffer: let it grow
		}
		n, err := c.r.Read(buf[len(buf):cap(buf)])
		c.took(buf[len(buf) : len(buf)+n])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			c.eof = true
		} else if err != nil {
			return nil, nil, err
		}
	}
	cut := len(buf)
	if !c.eof {
		cut = bytes.LastIndexByte(buf, '\n') + 1
	}
	c.carry = append(c.carry, buf[cut:]...)
	if cut == 0 {
		c.free <- buf
		return nil, nil, io.EOF
	}
	return buf[:cut], func() { c.free <- buf }, nil
}

// took accounts for bytes just read.
func (c *chunkReader) took(b []byte) {
	c.offset += int64(len(b))
	if c.h != nil {
		c.h.Write(b)
	}
	if !c.nul && bytes.IndexByte(b, 0) >= 0 {
		c.nul = true
	}
}

// readToEnd reads what is left, only to hash it and look for NUL bytes.
func (c *chunkReader) readToEnd() error {
	c.took(c.head)
	c.head, c.carry = nil, nil
	buf := make([]byte, 64<<10)
	for !c.eof {
		n, err := c.r.Read(buf)
		c.took(buf[:n])
		if err == io.EOF {
			c.eof = true
		} else if err != nil {
			return err
		}
	}
	return nil
}
