// Command gen rewrites the bundled sample data/SAMPLE_H1.csv.gz from
// data.Generate. Run it from the module root:
//
//	go run ./data/gen
//
// With -like it writes the sample at another instrument's price level
// instead (see internal/rescale), e.g. USDJPY-like H1 bars:
//
//	go run ./data/gen -like USDJPY -o USDJPY_H1.csv
//
// With -minutes N it writes N generated one-minute bars instead, the files
// the scale measurements use:
//
//	go run ./data/gen -minutes 5000000 -o EURUSD_M1.csv
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/passframes/passframes/data"
	"github.com/passframes/passframes/internal/atomicfile"
	"github.com/passframes/passframes/internal/rescale"
)

func main() {
	out := flag.String("o", "", "file to write (default: data/"+data.SampleFile+", or SYMBOL_H1.csv with -like)")
	like := flag.String("like", "", "write the sample rescaled like USDJPY, EURGBP, US30 or GOOG")
	minutes := flag.Int("minutes", 0, "write this many generated M1 bars (to EURUSD_M1.csv by default)")
	flag.Parse()
	var err error
	if *minutes > 0 {
		err = writeMinutes(*minutes, *out)
	} else {
		err = run(*like, *out)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(like, out string) error {
	if like == "" {
		if out == "" {
			out = filepath.Join("data", data.SampleFile)
		}
		return write(out)
	}
	for _, l := range []rescale.Like{rescale.USDJPY, rescale.EURGBP, rescale.US30, rescale.GOOG} {
		if strings.EqualFold(l.Symbol, like) {
			if out == "" {
				out = l.Symbol + "_H1.csv"
			}
			s, err := rescale.Sample(l)
			if err != nil {
				return err
			}
			return atomicfile.Write(out, func(w io.Writer) error { return rescale.WriteMT5(w, s, l.Digits) })
		}
	}
	return fmt.Errorf("-like %q: want USDJPY, EURGBP, US30 or GOOG", like)
}

// write writes the sample atomically, so a failed run never leaves a
// half-written sample.
func write(path string) error {
	return atomicfile.Write(path, data.WriteSample)
}

func writeMinutes(n int, out string) error {
	if out == "" {
		out = "EURUSD_M1.csv"
	}
	return data.WriteMinutes(out, n)
}
