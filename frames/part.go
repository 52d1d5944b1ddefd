package frames

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/parquet-go/parquet-go"
)

// partWriter writes the part files of one folder (frames/ or deals/), one
// at a time, each under a temporary name (".part-….parquet.tmp") renamed
// into place when complete, so that a reader never sees half a file.
type partWriter struct {
	dir    string
	schema *parquet.Schema

	tmp       *os.File
	pw        *parquet.GenericWriter[any]
	rows      int
	finalPath string
}

// start opens the temporary file of part name (e.g. part-00003.parquet).
func (p *partWriter) start(name string, opts []parquet.WriterOption) error {
	p.finalPath = filepath.Join(p.dir, name)
	f, err := os.Create(filepath.Join(p.dir, "."+name+".tmp"))
	if err != nil {
		return err
	}
	p.tmp, p.rows = f, 0
	p.pw = parquet.NewGenericWriter[any](f, append([]parquet.WriterOption{p.schema}, opts...)...)
	return nil
}

// open reports whether a part is being written.
func (p *partWriter) open() bool { return p.pw != nil }

// write appends rows to the part being written.
func (p *partWriter) write(rows []parquet.Row) error {
	if _, err := p.pw.WriteRows(rows); err != nil {
		return fmt.Errorf("write %s: %w", p.tmp.Name(), err)
	}
	p.rows += len(rows)
	return nil
}

// finish closes the part and renames it into place.
func (p *partWriter) finish() error {
	if p.pw == nil {
		return nil
	}
	pw, f := p.pw, p.tmp
	p.pw, p.tmp = nil, nil
	err := errors.Join(pw.Close(), f.Sync(), f.Close())
	if err == nil {
		err = os.Rename(f.Name(), p.finalPath)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("finish %s: %w", p.finalPath, err)
	}
	return nil
}

// abort drops the part being written.
func (p *partWriter) abort() {
	if p.tmp != nil {
		p.tmp.Close()
		os.Remove(p.tmp.Name())
		p.pw, p.tmp = nil, nil
	}
}
