package frames

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/parquet-go/parquet-go"
)

// ScanPasses calls fn for the frames of the passes keep accepts, in file
// order, and reads as little else as the pages allow: the pass and window
// columns of every row first, then the other columns only of the rows kept.
// A row group holding none of them is not decoded further; in the others, a
// column whose chunk has a page index (every part the writer makes has one)
// jumps to the page holding the next kept row, so that pages of point lists
// holding no kept row are neither decompressed nor decoded. A column without
// a page index is read through. The Frame is reused between calls, as with
// Scan.
//
// A page holds about a hundred rows' points, so the saving depends on how
// the kept rows spread: the 2,000 frames of the best 1,000 passes of a
// 100,000-pass grid take about half the time of a full scan.
func (d *Dataset) ScanPasses(keep func(PassKey) bool, fn func(*Frame) error) error {
	for _, p := range d.Parts {
		if err := d.ScanPartPasses(p, keep, fn); err != nil {
			return err
		}
	}
	return nil
}

// ScanPartPasses is ScanPasses for one part file. Parts can be scanned
// concurrently, each with its own callback state; errors name the file as
// ScanPart's do.
func (d *Dataset) ScanPartPasses(path string, keep func(PassKey) bool, fn func(*Frame) error) error {
	p, err := openPart(path)
	if err != nil {
		return err
	}
	defer p.close()
	leaves, err := d.checkColumns(p.pf.Schema())
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	keys := newKeyReader(d.layout, leaves, &p.err)
	defer keys.close()
	r := newFrameReader(d.layout, leaves, &p.err)
	defer r.close()
	var (
		fr       Frame
		first    int64 // the file's index of the row group's first row
		kept     []int64
		keptKeys []PassKey
	)
	for g, rg := range p.pf.RowGroups() {
		kept, keptKeys = kept[:0], keptKeys[:0]
		keys.open(p, g, rg)
		for i := range rg.NumRows() {
			k := keys.next()
			if p.err != nil {
				return fmt.Errorf("read %s: row %d: %w", path, first+i, p.err)
			}
			if keep(k) {
				kept, keptKeys = append(kept, i), append(keptKeys, k)
			}
		}
		if len(kept) > 0 {
			if err := d.readRows(p, g, rg, r, kept, &fr, func(n int) error {
				row := first + kept[n]
				if p.err != nil {
					return fmt.Errorf("read %s: row %d: %w", path, row, p.err)
				}
				// The pass read with the other columns must be the one the
				// key scan found there, or a page index misplaced the rows.
				if k := keptKeys[n]; fr.Pass != k.Pass || fr.Window != k.Window {
					return fmt.Errorf("read %s: row %d: pass %d (window %d) read through the page index where the pass column holds %d (window %d)",
						path, row, fr.Pass, fr.Window, k.Pass, k.Window)
				}
				return fn(&fr)
			}); err != nil {
				return err
			}
		}
		first += rg.NumRows()
	}
	return nil
}

// readRows reads rows (ascending indexes in row group g) into fr with r,
// calling fn after each with its position in rows.
func (d *Dataset) readRows(p *part, g int, rg parquet.RowGroup, r *frameReader, rows []int64, fr *Frame, fn func(int) error) error {
	r.open(p, g, rg)
	chunks := rg.ColumnChunks()
	type col struct {
		rowSkipper
		pages parquet.OffsetIndex // nil: the chunk has no page index
	}
	cols := make([]col, len(r.all))
	for i, c := range r.all {
		s := c.(rowSkipper)
		cols[i].rowSkipper = s
		if idx, err := chunks[s.column()].OffsetIndex(); err == nil && seekPages && idx.NumPages() > 1 {
			cols[i].pages = idx
		}
	}
	next := int64(0) // the row every cursor stands at
	for n, row := range rows {
		for _, c := range cols {
			switch {
			case row == next:
			case c.pages != nil && pageOf(c.pages, row) > max(pageOf(c.pages, next), 0):
				// To the page's first row, then on within the page: the
				// library would copy the page to slice it at row.
				first := c.pages.FirstRowIndex(pageOf(c.pages, row))
				c.seek(first)
				c.skip(row - first)
			default:
				c.skip(row - next)
			}
		}
		r.read(fr)
		next = row + 1
		if err := fn(n); err != nil {
			return err
		}
	}
	return nil
}

// pageOf is the index of the page holding row.
func pageOf(idx parquet.OffsetIndex, row int64) int {
	return sort.Search(idx.NumPages(), func(i int) bool { return idx.FirstRowIndex(i) > row }) - 1
}

// seekPages lets readRows seek through page indexes; tests turn it off to
// read the columns through, as for a file without them.
var seekPages = true

// rowSkipper is a cursor that can move forward to a later row of its chunk.
type rowSkipper interface {
	column() int
	seek(row int64)
	skip(rows int64)
}

// column is the index of c's leaf column in the file.
func (c *cursor[T]) column() int { return c.index }

// seek moves c to row of its chunk through the chunk's page index: the
// next read decodes the page holding the row, the pages between are not
// read.
func (c *cursor[T]) seek(row int64) {
	if *c.fail != nil {
		return
	}
	if c.page != nil {
		parquet.Release(c.page)
		c.page = nil
	}
	c.n, c.pos, c.val = 0, 0, 0
	if err := c.pages.SeekToRow(row); err != nil {
		c.setErr(fmt.Errorf("seek to row %d: %w", row, err))
		return
	}
	// A data page v1 may start with the end of the row before: its
	// entries, repetition level above 0, are not row's.
	if c.repeated && c.load() {
		for c.pos < c.n && c.rep[c.pos] != 0 {
			if c.def[c.pos] == c.maxDef {
				c.val++
			}
			c.pos++
		}
	}
}

// skip moves c forward by rows rows, reading their pages but copying no
// values.
func (c *cursor[T]) skip(rows int64) {
	for ; rows > 0 && *c.fail == nil; rows-- {
		if !c.repeated {
			c.next()
			continue
		}
		c.skipList()
	}
}

// skipList passes over the entries of the next row of a list column, as
// appendRow reads them.
func (c *cursor[T]) skipList() {
	if c.pos == c.n && !c.load() {
		c.setErr(errColumnEnd)
		return
	}
	if c.rep[c.pos] != 0 {
		c.setErr(fmt.Errorf("row starts with repetition level %d", c.rep[c.pos]))
		return
	}
	for {
		end := c.n
		if i := bytes.IndexByte(c.rep[c.pos+1:], 0); i >= 0 {
			end = c.pos + 1 + i
		}
		c.val += bytes.Count(c.def[c.pos:end], []byte{c.maxDef})
		c.pos = end
		if end < c.n || !c.load() || c.rep[0] == 0 {
			return
		}
	}
}

// keyReader reads the pass and window columns alone.
type keyReader struct {
	pass   *cursor[int64]
	window *cursor[int32] // nil for a format-1 part: every frame is window 0
}

func newKeyReader(l *layout, leaves map[string]parquet.LeafColumn, fail *error) *keyReader {
	k := &keyReader{pass: newCursor("pass", leaves["pass"], plainInt64, valueInt64, fail)}
	if l.window >= 0 {
		k.window = newCursor("window", leaves["window"], plainInt32, valueInt32, fail)
	}
	return k
}

func (k *keyReader) open(p *part, g int, rg parquet.RowGroup) {
	k.pass.open(p, g, rg)
	if k.window != nil {
		k.window.open(p, g, rg)
	}
}

func (k *keyReader) next() PassKey {
	key := PassKey{Pass: k.pass.next()}
	if k.window != nil {
		key.Window = k.window.next()
	}
	return key
}

func (k *keyReader) close() {
	k.pass.close()
	if k.window != nil {
		k.window.close()
	}
}
