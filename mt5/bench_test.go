package mt5

import (
	"fmt"
	"testing"
)

// bigReport is a report of n round trips of 0.10 lots, alternating wins of
// 10.00 and losses of 5.00.
func bigReport(n int) reportSpec {
	s := handReport()
	s.deals = s.deals[:1]
	bal := 1000.0
	for i := range n {
		ts := func(h int) string { return fmt.Sprintf("2024.01.%02d %02d:%02d:00", 1+i/500%28, h, i%60) }
		profit := 10.0
		if i%2 == 1 {
			profit = -5
		}
		s.deals = append(s.deals, [13]string{ts(10), fmt.Sprint(2 * i), "EURUSD", "buy", "in", "0.10", "1.1", "", "0.00", "0.00", "0.00", fmt.Sprintf("%.2f", bal), ""})
		bal += profit
		s.deals = append(s.deals, [13]string{ts(11), fmt.Sprint(2*i + 1), "EURUSD", "sell", "out", "0.10", "1.1", "", "0.00", "0.00", fmt.Sprintf("%.2f", profit), fmt.Sprintf("%.2f", bal), ""})
	}
	s.deposit = "1000.00"
	return s
}

func BenchmarkReportHTML1000Trades(b *testing.B) {
	data := buildReportHTML(bigReport(1000))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := parseReport(data, "bench.html", ReportHTML)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := reportRun(r, ReportHTML, data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseOpt10000Passes(b *testing.B) {
	s := testOptSpec()
	s.passes = nil
	for p := range 10000 {
		s.passes = append(s.passes, testPass(uint64(p), 10, 0.02, 0.5))
	}
	data := buildOpt(s)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		c, err := parseOpt(data, "bench.opt")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := optRun(c, "bench.opt", data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseMQD1000Frames(b *testing.B) {
	var frs []mqdSpecFrame
	pts := make([]float64, 100)
	for i := range pts {
		pts[i] = 10000 + float64(i)
	}
	for p := range 1000 {
		frs = append(frs, mqdSpecFrame{pass: uint64(p), id: 1, balance: pts, equity: pts, stats: mqdStats(42, 0)})
	}
	data := buildMQD(frs...)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		m, err := parseMQD(data, "bench.mqd")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := mqdRun(m, "MA.EURUSD.H1.mqd", data); err != nil {
			b.Fatal(err)
		}
	}
}
