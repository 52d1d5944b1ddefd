package frames

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding"
)

// cursor walks one leaf column of a row group page by page and hands out the
// values of one row at a time, straight from the decoded page buffers: no
// parquet.Value boxing, no per-row allocation once the Frame's slices have
// grown. Only the current page of the column is held.
//
// A cursor understands required and optional scalars (a null reads as the
// zero value) and lists (repetition level 1); the page's values hold only the
// non-null entries, which the definition levels place.
type cursor[T int32 | int64 | float64 | string] struct {
	col    string // column name, for errors
	index  int    // leaf column index in the file
	offset int64  // file offset of the column chunk, for errors
	pages  parquet.Pages
	page   parquet.Page // current page; nil before the first and after the last
	fail   *error       // where the first error goes; shared by a part's cursors

	plain func(encoding.Values, []T) ([]T, bool) // the page's values, or false if mistyped
	conv  func(parquet.Value) T                  // a dictionary value
	dict  parquet.Dictionary                     // the dictionary table was built from
	table []T                                    // dictionary values by index
	buf   []T                                    // decoded values of a dictionary page

	vals     []T    // the non-null values of the page
	def, rep []byte // levels of the page; nil when the column has none
	n        int    // entries (levels) in the page
	pos      int    // next entry
	val      int    // next value
	maxDef   byte   // definition level of a present value
	listDef  byte   // definition level from which a list entry exists (null element or value)
	repeated bool
}

// newCursor makes a cursor over leaf, the leaf column of the dataset column
// name; plain and conv read its values from plain pages and from a
// dictionary.
func newCursor[T int32 | int64 | float64 | string](name string, leaf parquet.LeafColumn, plain func(encoding.Values, []T) ([]T, bool), conv func(parquet.Value) T, fail *error) *cursor[T] {
	c := &cursor[T]{col: name, index: leaf.ColumnIndex, fail: fail, plain: plain, conv: conv,
		maxDef: byte(leaf.MaxDefinitionLevel), repeated: leaf.MaxRepetitionLevel > 0}
	c.listDef = c.maxDef
	if c.repeated && leaf.Node.Optional() {
		c.listDef-- // the level of a null element
	}
	return c
}

// open positions c at the start of its column chunk in row group g of p.
func (c *cursor[T]) open(p *part, g int, rg parquet.RowGroup) {
	c.close()
	md := &p.pf.Metadata().RowGroups[g].Columns[c.index].MetaData
	c.offset = md.DataPageOffset
	if md.DictionaryPageOffset > 0 && md.DictionaryPageOffset < c.offset {
		c.offset = md.DictionaryPageOffset
	}
	c.pages = rg.ColumnChunks()[c.index].Pages()
	c.n, c.pos, c.val = 0, 0, 0
	c.dict = nil // each chunk has its own dictionary
}

// close releases the current page and the page reader.
func (c *cursor[T]) close() {
	if c.page != nil {
		parquet.Release(c.page)
		c.page = nil
	}
	if c.pages != nil {
		c.pages.Close()
		c.pages = nil
	}
}

func (c *cursor[T]) setErr(err error) {
	if *c.fail == nil {
		*c.fail = fmt.Errorf("column %q (chunk at byte %d): %w", c.col, c.offset, err)
	}
}

// errColumnEnd says a column chunk holds fewer rows than its row group.
var errColumnEnd = errors.New("column chunk ends early")

// load reads the next non-empty page. It reports false at the end of the
// chunk (no error) and after a failure (recorded in *c.fail).
func (c *cursor[T]) load() (ok bool) {
	if c.page != nil {
		parquet.Release(c.page)
		c.page = nil
	}
	c.n, c.pos, c.val = 0, 0, 0
	if c.pages == nil || *c.fail != nil {
		return false
	}
	// Malformed page bytes can make the decoder panic; a corrupt file must
	// be an error naming the file and column, not a crash.
	defer func() {
		if r := recover(); r != nil {
			c.setErr(fmt.Errorf("corrupt page: %v", r))
			c.n, c.vals, ok = 0, nil, false
		}
	}()
	for {
		p, err := c.pages.ReadPage()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				c.setErr(err)
			}
			return false
		}
		c.page = p
		if err := c.decode(p); err != nil {
			c.setErr(err)
			c.n, c.vals = 0, nil // nothing of a bad page is read
			return false
		}
		if c.n > 0 {
			return true
		}
		parquet.Release(p)
		c.page = nil
	}
}

// decode points the cursor's values and levels at page p and checks that
// they agree, so that reading rows needs no bounds checks of its own.
func (c *cursor[T]) decode(p parquet.Page) error {
	data := p.Data()
	var ok bool
	if d := p.Dictionary(); d != nil {
		c.vals, ok = c.lookup(d, data)
	} else {
		c.vals, ok = c.plain(data, c.vals[:0])
	}
	if !ok {
		return fmt.Errorf("page holds %s values", data.Kind())
	}
	c.def, c.rep = p.DefinitionLevels(), p.RepetitionLevels()
	switch {
	case c.repeated:
		if len(c.rep) != len(c.def) {
			return fmt.Errorf("page has %d repetition and %d definition levels", len(c.rep), len(c.def))
		}
	case c.maxDef == 0:
		c.def = nil
	}
	c.n = len(c.vals)
	if c.def != nil {
		c.n = len(c.def)
		if present := bytes.Count(c.def, []byte{c.maxDef}); present != len(c.vals) {
			return fmt.Errorf("page has %d values for %d present entries", len(c.vals), present)
		}
	}
	return nil
}

// lookup decodes a dictionary page into c.buf.
func (c *cursor[T]) lookup(d parquet.Dictionary, data encoding.Values) ([]T, bool) {
	if data.Kind() != encoding.Int32 {
		return nil, false
	}
	if d != c.dict {
		c.dict, c.table = d, c.table[:0]
		for i := 0; i < d.Len(); i++ {
			c.table = append(c.table, c.conv(d.Index(int32(i))))
		}
	}
	c.buf = c.buf[:0]
	for _, i := range data.Int32() {
		if i < 0 || int(i) >= len(c.table) {
			return nil, false
		}
		c.buf = append(c.buf, c.table[i])
	}
	return c.buf, true
}

// next returns the value of the next row of a scalar column.
func (c *cursor[T]) next() T {
	var zero T
	if c.pos == c.n && !c.load() {
		c.setErr(errColumnEnd)
		return zero
	}
	if c.def == nil {
		v := c.vals[c.pos]
		c.pos++
		return v
	}
	d := c.def[c.pos]
	c.pos++
	if d != c.maxDef {
		return zero
	}
	v := c.vals[c.val]
	c.val++
	return v
}

// appendRow appends the elements of the next row of a list column to dst.
// An empty or null list appends nothing; a null element appends the zero
// value, so that parallel lists stay aligned.
func (c *cursor[T]) appendRow(dst []T) []T {
	if c.pos == c.n && !c.load() {
		c.setErr(errColumnEnd)
		return dst
	}
	if c.rep[c.pos] != 0 {
		c.setErr(fmt.Errorf("row starts with repetition level %d", c.rep[c.pos]))
		return dst
	}
	for {
		end := c.n
		if i := bytes.IndexByte(c.rep[c.pos+1:], 0); i >= 0 {
			end = c.pos + 1 + i
		}
		dst = c.take(dst, c.pos, end)
		c.pos = end
		if end < c.n {
			return dst
		}
		// The page ends with this row's entries; a data page v1 may carry
		// on with the same row in the next page.
		if !c.load() || c.rep[0] == 0 {
			return dst
		}
	}
}

// take appends the values of entries [from, to) of the page.
func (c *cursor[T]) take(dst []T, from, to int) []T {
	def := c.def[from:to]
	if present := bytes.Count(def, []byte{c.maxDef}); present == len(def) {
		dst = append(dst, c.vals[c.val:c.val+present]...)
		c.val += present
		return dst
	}
	var zero T
	for _, d := range def {
		switch {
		case d == c.maxDef:
			dst = append(dst, c.vals[c.val])
			c.val++
		case d >= c.listDef:
			dst = append(dst, zero)
		}
	}
	return dst
}

// The typed views of plain page values.

func plainInt64(d encoding.Values, _ []int64) ([]int64, bool) {
	if d.Kind() != encoding.Int64 {
		return nil, false
	}
	return d.Int64(), true
}

func plainInt32(d encoding.Values, _ []int32) ([]int32, bool) {
	if d.Kind() != encoding.Int32 {
		return nil, false
	}
	return d.Int32(), true
}

func plainFloat64(d encoding.Values, _ []float64) ([]float64, bool) {
	if d.Kind() != encoding.Double {
		return nil, false
	}
	return d.Double(), true
}

func plainString(d encoding.Values, buf []string) ([]string, bool) {
	if d.Kind() != encoding.ByteArray {
		return nil, false
	}
	data, offsets := d.ByteArray()
	for i := 0; i+1 < len(offsets); i++ {
		from, to := offsets[i], offsets[i+1]
		if from > to || int(to) > len(data) {
			return nil, false
		}
		buf = append(buf, intern(data[from:to]))
	}
	return buf, true
}

func valueInt64(v parquet.Value) int64     { return v.Int64() }
func valueInt32(v parquet.Value) int32     { return v.Int32() }
func valueFloat64(v parquet.Value) float64 { return v.Double() }
func valueString(v parquet.Value) string   { return intern(v.ByteArray()) }

// intern returns the words the dataset's string columns hold without
// allocating; any other text gets a string of its own.
func intern(b []byte) string {
	for _, s := range [...]string{Back, Forward, "min_max", "min", Buy, Sell, In, Out, "signal", "sl", "tp", "end"} {
		if string(b) == s {
			return s
		}
	}
	return string(b)
}
