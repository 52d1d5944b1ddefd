package market

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

// mt5Export builds an MT5 "Export Bars" file of n H1 bars.
func mt5Export(n int) []byte {
	var b strings.Builder
	b.WriteString("<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>\r\n")
	t := time.Date(2010, 1, 4, 0, 0, 0, 0, time.UTC)
	price := 1.10000
	for i := 0; i < n; i++ {
		step := float64(i%7-3) * 0.0001
		o, c := price, price+step
		fmt.Fprintf(&b, "%s\t%s\t%.5f\t%.5f\t%.5f\t%.5f\t%d\t0\t%d\r\n",
			t.Format("2006.01.02"), t.Format("15:04:05"), o, max(o, c)+0.0002, min(o, c)-0.0002, c, 1000+i%500, 5+i%10)
		price = c
		t = t.Add(time.Hour)
	}
	return []byte(b.String())
}

func BenchmarkLoadCSV(b *testing.B) {
	data := mt5Export(100_000)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := Read(bytes.NewReader(data), "EURUSD_H1.csv", LoadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if s.Len() != 100_000 {
			b.Fatalf("%d bars", s.Len())
		}
	}
}

func BenchmarkLoadParquet(b *testing.B) {
	s, err := Read(bytes.NewReader(mt5Export(100_000)), "EURUSD_H1.csv", LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteParquet(&buf, s); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Read(bytes.NewReader(data), "EURUSD_H1.parquet", LoadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
