package charts

import (
	"io"

	"github.com/passframes/passframes/internal/atomicfile"
)

// WriteFileAtomic writes a file through write and makes it appear at path in
// one step (a temporary file in the same directory, renamed over path), so a
// rerun replaces its outputs and an interrupted one leaves no half file. On
// any error path is left as it was. The file gets mode 0644.
func WriteFileAtomic(path string, write func(io.Writer) error) error {
	return atomicfile.Write(path, write)
}
