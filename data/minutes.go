package data

import (
	"bufio"
	"io"
	"time"

	"github.com/passframes/passframes/internal/atomicfile"
)

// minutesStart is where generated minute bars begin: a Monday, so the file
// opens on a trading day.
var minutesStart = time.Date(2012, 1, 2, 0, 0, 0, 0, time.UTC)

// GenerateMinutes writes n one-minute bars as MetaTrader 5 "Export Bars" text,
// made by the sample's price process scaled to a minute (drift times 1/60,
// deviation times its square root) and the same market hours. It exists to
// measure loading and testing at scale: 5,000,000 bars are about 13 years of
// trading minutes and a 250 MB file. The output depends only on n.
func GenerateMinutes(w io.Writer, n int) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString("<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>\r\n")
	g := newGenerator()
	g.hours = 1.0 / 60
	var line []byte
	for t, written := minutesStart, 0; written < n; t = t.Add(time.Minute) {
		if closed(t) {
			if t.Minute() == 0 {
				g.closedHours++
			}
			continue
		}
		line = g.next(t).appendMT5(line[:0], t)
		if _, err := bw.Write(line); err != nil {
			return err
		}
		written++
	}
	return bw.Flush()
}

// WriteMinutes writes GenerateMinutes(n) to path, atomically.
func WriteMinutes(path string, n int) error {
	return atomicfile.Write(path, func(w io.Writer) error { return GenerateMinutes(w, n) })
}
