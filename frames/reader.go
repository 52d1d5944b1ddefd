package frames

import (
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"

	"github.com/parquet-go/parquet-go"
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
// reused between calls: copy what must outlive the call. Only one part's
// row group is in memory at a time.
func (d *Dataset) Scan(fn func(*Frame) error) error {
	for _, p := range d.Parts {
		if err := d.ScanPart(p, fn); err != nil {
			return err
		}
	}
	return nil
}

// ScanPart calls fn for every frame of one part file. Parts can be scanned
// concurrently, each with its own callback state.
func (d *Dataset) ScanPart(path string, fn func(*Frame) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		return fmt.Errorf("read %s: not a complete Parquet file (%d bytes): %w", path, st.Size(), err)
	}
	if err := d.checkColumns(pf.Schema()); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	r := parquet.NewReader(pf, d.rt.schema)
	defer r.Close()
	row := reflect.New(d.rt.typ)
	var fr Frame
	for n := int64(0); ; n++ {
		if err := r.Read(row.Interface()); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("read %s: row %d: %w", path, n, err)
		}
		d.rt.extract(row.Elem(), &fr)
		if err := fn(&fr); err != nil {
			return err
		}
	}
}

// checkColumns makes sure a part file has every column the manifest implies.
func (d *Dataset) checkColumns(s *parquet.Schema) error {
	for _, f := range d.rt.schema.Fields() {
		got, ok := fieldByName(s, f.Name())
		if !ok {
			return fmt.Errorf("missing column %q", f.Name())
		}
		if got.Leaf() != f.Leaf() || (got.Leaf() && got.Type().Kind() != f.Type().Kind()) {
			return fmt.Errorf("column %q has type %v, want %v", f.Name(), got.Type(), f.Type())
		}
	}
	return nil
}

func fieldByName(s *parquet.Schema, name string) (parquet.Field, bool) {
	for _, f := range s.Fields() {
		if f.Name() == name {
			return f, true
		}
	}
	return nil, false
}

// PassIDs returns the set of pass ids stored in the dataset.
func (d *Dataset) PassIDs() (map[int64]bool, error) {
	ids := map[int64]bool{}
	err := d.Scan(func(f *Frame) error {
		ids[f.Pass] = true
		return nil
	})
	return ids, err
}
