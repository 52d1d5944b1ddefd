// Command gen rewrites the bundled sample data/SAMPLE_H1.csv.gz from
// data.Generate. Run it from the module root:
//
//	go run ./data/gen
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/passframes/passframes/data"
)

func main() {
	out := flag.String("o", filepath.Join("data", data.SampleFile), "file to write")
	flag.Parse()
	if err := write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// write writes the sample to a temporary file next to path and renames it,
// so a failed run never leaves a half-written sample.
func write(path string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".sample-*.gz")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if err := data.WriteSample(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
