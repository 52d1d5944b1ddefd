package frames

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/parquet-go/parquet-go"
)

// partWriter writes one part file (of frames/ or deals/) under a temporary
// name (".part-….parquet.tmp") renamed into place when complete, so that a
// reader never sees half a file. Its row groups are encoded elsewhere
// (begin) and appended by commit.
type partWriter struct {
	tmp       *os.File
	pw        *parquet.GenericWriter[any]
	finalPath string
	once      sync.Once // the file is finished or aborted once
}

// startPart opens the temporary file of part name (e.g. part-00003.parquet)
// in dir.
func startPart(dir, name string, schema *parquet.Schema, opts []parquet.WriterOption) (*partWriter, error) {
	f, err := os.Create(filepath.Join(dir, "."+name+".tmp"))
	if err != nil {
		return nil, err
	}
	pw := parquet.NewGenericWriter[any](f, append([]parquet.WriterOption{schema}, opts...)...)
	return &partWriter{tmp: f, pw: pw, finalPath: filepath.Join(dir, name)}, nil
}

// begin starts a row group of the part; it can be filled on any goroutine
// while other row groups are, and is appended by commit.
func (p *partWriter) begin() *parquet.ConcurrentRowGroupWriter { return p.pw.BeginRowGroup() }

// commit appends an encoded row group to the file; row groups are committed
// in the order they are to appear, one at a time.
func (p *partWriter) commit(rg *parquet.ConcurrentRowGroupWriter) error {
	if _, err := rg.Commit(); err != nil {
		return fmt.Errorf("write %s: %w", p.tmp.Name(), err)
	}
	return nil
}

// finish closes the part and renames it into place.
func (p *partWriter) finish() (err error) {
	p.once.Do(func() {
		f := p.tmp
		err = errors.Join(p.pw.Close(), f.Sync(), f.Close())
		if err == nil {
			err = os.Rename(f.Name(), p.finalPath)
		}
		if err != nil {
			os.Remove(f.Name())
			err = fmt.Errorf("finish %s: %w", p.finalPath, err)
		}
	})
	return err
}

// abort drops the part (unless it is finished already).
func (p *partWriter) abort() {
	p.once.Do(func() {
		p.tmp.Close()
		os.Remove(p.tmp.Name())
	})
}
