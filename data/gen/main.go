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
	"github.com/passframes/passframes/internal/atomicfile"
)

func main() {
	out := flag.String("o", filepath.Join("data", data.SampleFile), "file to write")
	flag.Parse()
	if err := write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// write writes the sample atomically, so a failed run never leaves a
// half-written sample.
func write(path string) error {
	return atomicfile.Write(path, data.WriteSample)
}
