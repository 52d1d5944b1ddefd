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
	rt       *rowType
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
	rt, err := newRowType(m.Columns)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	parts, err := Parts(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	return &Dataset{Dir: dir, Manifest: m, Parts: parts, rt: rt}, nil
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
	r := newFrameReader(d.rt, leaves, &p.err)
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

// PassIDs returns the set of pass ids stored in the dataset. It reads only
// the pass column.
func (d *Dataset) PassIDs() (map[int64]bool, error) {
	ids := map[int64]bool{}
	for _, path := range d.Parts {
		if err := d.passIDs(path, ids); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

func (d *Dataset) passIDs(path string, ids map[int64]bool) error {
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
	return p.eachRow(func(g int, rg parquet.RowGroup) { c.open(p, g, rg) }, func(row int64) error {
		id := c.next()
		if p.err != nil {
			return fmt.Errorf("read %s: row %d: %w", path, row, p.err)
		}
		ids[id] = true
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
	pf, err := parquet.OpenFile(f, st.Size(), parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("read %s: not a complete Parquet file (%d bytes): %w", path, st.Size(), err)
	}
	return &part{f: f, pf: pf}, nil
}

func (p *part) close() { p.f.Close() }

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
	leaves := make(map[string]parquet.LeafColumn, len(d.rt.schema.Fields()))
	for _, f := range d.rt.schema.Fields() {
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
	f, _ := fieldByName(d.rt.schema, name)
	got, ok := fieldByName(s, name)
	if !ok {
		return parquet.LeafColumn{}, fmt.Errorf("missing column %q", name)
	}
	if got.Leaf() != f.Leaf() || (got.Leaf() && got.Type().Kind() != f.Type().Kind()) {
		return parquet.LeafColumn{}, fmt.Errorf("column %q has type %v, want %v", name, got.Type(), f.Type())
	}
	want, _ := leafColumn(d.rt.schema, name)
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
	period     *cursor[string]
	params     []param
	stats      [stats.Count]*cursor[float64]
	equityMode *cursor[string]
	time       *cursor[int64]
	balance    *cursor[float64]
	equity     *cursor[float64]
	all        []chunkReader // every cursor above
}

// param reads one parameter column: i for an integer input, f otherwise.
type param struct {
	i *cursor[int64]
	f *cursor[float64]
}

// chunkReader is a cursor of any type.
type chunkReader interface {
	open(p *part, g int, rg parquet.RowGroup)
	close()
}

// newFrameReader makes the cursors of the columns in leaves (checked by
// checkColumns); their errors go to *fail.
func newFrameReader(rt *rowType, leaves map[string]parquet.LeafColumn, fail *error) *frameReader {
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
	r.pass, r.period = ints("pass"), strs("period")
	for _, p := range rt.params {
		if p.Integer {
			r.params = append(r.params, param{i: ints(p.Name)})
		} else {
			r.params = append(r.params, param{f: floats(p.Name)})
		}
	}
	for i, n := range stats.Names {
		r.stats[i] = floats(n)
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
	f.Period = r.period.next()
	f.Params = f.Params[:0]
	for _, p := range r.params {
		if p.i != nil {
			f.Params = append(f.Params, float64(p.i.next()))
		} else {
			f.Params = append(f.Params, p.f.next())
		}
	}
	for i, c := range r.stats {
		f.Stats[i] = c.next()
	}
	f.EquityMode = r.equityMode.next()
	f.Time = r.time.appendRow(f.Time[:0])
	f.Balance = r.balance.appendRow(f.Balance[:0])
	f.Equity = r.equity.appendRow(f.Equity[:0])
}
