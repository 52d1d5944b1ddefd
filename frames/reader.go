package frames

import (
	"errors"
	"fmt"
	"os"

	"github.com/parquet-go/parquet-go"

	"github.com/passframes/passframes/stats"
)

// Dataset is a run directory opened for reading.
type Dataset struct {
	Dir      string
	Manifest *Manifest
	Parts    []string
	layout   *layout
}

// Open opens the run in dir: its manifest and the list of its part files.
func Open(dir string) (*Dataset, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s is not a run directory (no %s)", dir, ManifestName)
		}
		return nil, err
	}
	lay, err := newLayout(m.Format, m.Columns)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	parts, err := Parts(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	return &Dataset{Dir: dir, Manifest: m, Parts: parts, layout: lay}, nil
}

// Scan calls fn for every frame of every part, in file order. The Frame is
// reused between calls: copy what must outlive the call. Parts are read
// column by column, one decoded page of each column at a time.
func (d *Dataset) Scan(fn func(*Frame) error) error {
	for _, p := range d.Parts {
		if err := d.ScanPart(p, fn); err != nil {
			return err
		}
	}
	return nil
}

// ScanPart calls fn for every frame of one part file. Parts can be scanned
// concurrently, each with its own callback state. A part that is not a
// complete Parquet file, lacks a column or holds one of another type, or
// whose pages are damaged is an error naming the file (and the row and the
// column chunk's byte offset, once rows are being read).
func (d *Dataset) ScanPart(path string, fn func(*Frame) error) error {
	p, err := openPart(path)
	if err != nil {
		return err
	}
	defer p.close()
	leaves, err := d.checkColumns(p.pf.Schema())
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	r := newFrameReader(d.layout, leaves, &p.err)
	defer r.close()
	var fr Frame
	return p.eachRow(func(g int, rg parquet.RowGroup) { r.open(p, g, rg) }, func(row int64) error {
		r.read(&fr)
		if p.err != nil {
			return fmt.Errorf("read %s: row %d: %w", path, row, p.err)
		}
		return fn(&fr)
	})
}

// PassKey identifies a pass: its walk-forward window (0 without
// walk-forward) and its id. Frames are keyed by (window, pass, period).
type PassKey struct {
	Window int32
	Pass   int64
}

// PassIDs returns the set of pass ids stored in the dataset, over every
// window. It reads only the pass column.
func (d *Dataset) PassIDs() (map[int64]bool, error) {
	ids := map[int64]bool{}
	for _, path := range d.Parts {
		if err := d.passKeys(path, false, func(k PassKey) { ids[k.Pass] = true }); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// PassKeys returns the set of (window, pass) stored in the dataset. It reads
// only the pass and window columns.
func (d *Dataset) PassKeys() (map[PassKey]bool, error) {
	keys := map[PassKey]bool{}
	for _, path := range d.Parts {
		if err := d.passKeys(path, true, func(k PassKey) { keys[k] = true }); err != nil {
			return nil, err
		}
	}
	return keys, nil
}

// passKeys calls add for every row's pass of the part at path, with its
// window when withWindow (the window column is not read otherwise).
func (d *Dataset) passKeys(path string, withWindow bool, add func(PassKey)) error {
	p, err := openPart(path)
	if err != nil {
		return err
	}
	defer p.close()
	leaf, err := d.checkColumn(p.pf.Schema(), "pass")
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	c := newCursor("pass", leaf, plainInt64, valueInt64, &p.err)
	defer c.close()
	var w *cursor[int32]
	if withWindow && d.layout.window >= 0 {
		leaf, err := d.checkColumn(p.pf.Schema(), "window")
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		w = newCursor("window", leaf, plainInt32, valueInt32, &p.err)
		defer w.close()
	}
	open := func(g int, rg parquet.RowGroup) {
		c.open(p, g, rg)
		if w != nil {
			w.open(p, g, rg)
		}
	}
	return p.eachRow(open, func(row int64) error {
		k := PassKey{Pass: c.next()}
		if w != nil {
			k.Window = w.next()
		}
		if p.err != nil {
			return fmt.Errorf("read %s: row %d: %w", path, row, p.err)
		}
		add(k)
		return nil
	})
}

// part is an open part file.
type part struct {
	f   *os.File
	pf  *parquet.File
	err error // the first error of the part's column cursors
}

func openPart(path string) (*part, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if err := checkMagic(f, st.Size()); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	pf, err := parquet.OpenFile(f, st.Size(), parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("read %s: not a complete Parquet file (%d bytes): %w", path, st.Size(), err)
	}
	return &part{f: f, pf: pf}, nil
}

func (p *part) close() { p.f.Close() }

// ErrNotParquet says a file does not start with Parquet's magic bytes.
var ErrNotParquet = errors.New("not a Parquet file")

// checkMagic tells a file that is no Parquet file at all (no "PAR1" at its
// start) from a Parquet file cut short (no "PAR1" at its end), before the
// Parquet reader fails on either with a message about offsets.
func checkMagic(f *os.File, size int64) error {
	var head, tail [4]byte
	if size < 4 {
		return ErrNotParquet
	}
	if _, err := f.ReadAt(head[:], 0); err != nil {
		return err
	}
	if string(head[:]) != "PAR1" {
		return ErrNotParquet
	}
	if _, err := f.ReadAt(tail[:], size-4); err != nil {
		return err
	}
	if size < 12 || string(tail[:]) != "PAR1" {
		return fmt.Errorf("not a complete Parquet file (%d bytes, no footer)", size)
	}
	return nil
}

// eachRow calls open at the start of every row group, then fn with the
// index of every row in the file.
func (p *part) eachRow(open func(int, parquet.RowGroup), fn func(row int64) error) error {
	row := int64(0)
	for g, rg := range p.pf.RowGroups() {
		open(g, rg)
		for range rg.NumRows() {
			if err := fn(row); err != nil {
				return err
			}
			row++
		}
	}
	return nil
}

// checkColumns makes sure a part file has every column the manifest implies,
// each of a type this package can read, and returns their leaf columns by
// name.
func (d *Dataset) checkColumns(s *parquet.Schema) (map[string]parquet.LeafColumn, error) {
	leaves := make(map[string]parquet.LeafColumn, len(d.layout.schema.Fields()))
	for _, f := range d.layout.schema.Fields() {
		leaf, err := d.checkColumn(s, f.Name())
		if err != nil {
			return nil, err
		}
		leaves[f.Name()] = leaf
	}
	return leaves, nil
}

// checkColumn returns the leaf column of the dataset column name in a part
// file's schema s, or why it cannot be read.
func (d *Dataset) checkColumn(s *parquet.Schema, name string) (parquet.LeafColumn, error) {
	f, _ := fieldByName(d.layout.schema, name)
	got, ok := fieldByName(s, name)
	if !ok {
		return parquet.LeafColumn{}, fmt.Errorf("missing column %q", name)
	}
	if got.Leaf() != f.Leaf() {
		return parquet.LeafColumn{}, fmt.Errorf("column %q has type %v, want %v", name, got.Type(), f.Type())
	}
	want, _ := leafColumn(d.layout.schema, name)
	leaf, ok := leafColumn(s, name)
	if !ok {
		return parquet.LeafColumn{}, fmt.Errorf("column %q is not a list of %v", name, want.Node.Type())
	}
	return leaf, checkLeaf(name, leaf, want)
}

func fieldByName(s *parquet.Schema, name string) (parquet.Field, bool) {
	for _, f := range s.Fields() {
		if f.Name() == name {
			return f, true
		}
	}
	return nil, false
}

// frameReader assembles Frames from the column cursors of a part.
type frameReader struct {
	pass       *cursor[int64]
	window     *cursor[int32] // nil for a format-1 part: every frame is window 0
	period     *cursor[string]
	params     []param
	stats      [stats.Count]param
	equityMode *cursor[string]
	time       *cursor[int64]
	balance    *cursor[float64]
	equity     *cursor[float64]
	all        []chunkReader // every cursor above
}

// param reads one number column: i for an integer column, f for a double,
// s for a labelled column, whose text index maps back to a value.
type param struct {
	i     *cursor[int64]
	f     *cursor[float64]
	s     *cursor[string]
	index map[string]float64
}

func (p param) next() float64 {
	switch {
	case p.i != nil:
		return float64(p.i.next())
	case p.s != nil:
		return p.index[p.s.next()]
	}
	return p.f.next()
}

// chunkReader is a cursor of any type.
type chunkReader interface {
	open(p *part, g int, rg parquet.RowGroup)
	close()
}

// newFrameReader makes the cursors of the columns in leaves (checked by
// checkColumns); their errors go to *fail.
func newFrameReader(l *layout, leaves map[string]parquet.LeafColumn, fail *error) *frameReader {
	r := &frameReader{}
	ints := func(name string) *cursor[int64] {
		c := newCursor(name, leaves[name], plainInt64, valueInt64, fail)
		r.all = append(r.all, c)
		return c
	}
	floats := func(name string) *cursor[float64] {
		c := newCursor(name, leaves[name], plainFloat64, valueFloat64, fail)
		r.all = append(r.all, c)
		return c
	}
	strs := func(name string) *cursor[string] {
		c := newCursor(name, leaves[name], plainString, valueString, fail)
		r.all = append(r.all, c)
		return c
	}
	// A number column is read as the file stores it: a count may be a
	// double in a format-1 part or in a file another tool rewrote.
	number := func(name string) param {
		if leaves[name].Node.Type().Kind() == parquet.Int64 {
			return param{i: ints(name)}
		}
		return param{f: floats(name)}
	}
	r.pass, r.period = ints("pass"), strs("period")
	if l.window >= 0 {
		r.window = newCursor("window", leaves["window"], plainInt32, valueInt32, fail)
		r.all = append(r.all, r.window)
	}
	for _, p := range l.params {
		if len(p.Labels) > 0 {
			index := make(map[string]float64, len(p.Labels))
			for i, text := range p.Labels {
				index[text] = float64(i)
			}
			r.params = append(r.params, param{s: strs(p.Name), index: index})
			continue
		}
		r.params = append(r.params, number(p.Name))
	}
	for i, n := range stats.Names {
		r.stats[i] = number(n)
	}
	r.equityMode = strs("equity_mode")
	r.time, r.balance, r.equity = ints("point_time"), floats("balance"), floats("equity")
	return r
}

// open starts row group g of part p.
func (r *frameReader) open(p *part, g int, rg parquet.RowGroup) {
	for _, c := range r.all {
		c.open(p, g, rg)
	}
}

func (r *frameReader) close() {
	for _, c := range r.all {
		c.close()
	}
}

// read fills f with the next row, reusing f's slices. Errors go to the
// cursors' shared error.
func (r *frameReader) read(f *Frame) {
	f.Pass = r.pass.next()
	f.Window = 0
	if r.window != nil {
		f.Window = r.window.next()
	}
	f.Period = r.period.next()
	f.Params = f.Params[:0]
	for _, p := range r.params {
		f.Params = append(f.Params, p.next())
	}
	for i, c := range r.stats {
		f.Stats[i] = c.next()
	}
	f.EquityMode = r.equityMode.next()
	f.Time = r.time.appendRow(f.Time[:0])
	f.Balance = r.balance.appendRow(f.Balance[:0])
	f.Equity = r.equity.appendRow(f.Equity[:0])
}
