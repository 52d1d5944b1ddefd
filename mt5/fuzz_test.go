package mt5

import (
	"github.com/passframes/passframes/frames"
	"math"
	"testing"
)

// checkRun asserts what every imported run must satisfy, whatever the
// input: finite statistics and points, one value per parameter column,
// balance and equity of equal length.
func checkRun(t *testing.T, r *Run) {
	t.Helper()
	for _, p := range r.Passes {
		if p.Back == nil && p.Forward == nil {
			t.Fatal("a pass with neither frame")
		}
		for _, fr := range []*frames.Frame{p.Back, p.Forward} {
			if fr == nil {
				continue
			}
			for i, v := range fr.Stats {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("pass %d: statistic %d is %v", fr.Pass, i, v)
				}
			}
			if len(fr.Params) != len(r.Manifest.Columns) {
				t.Fatalf("pass %d: %d params for %d columns", fr.Pass, len(fr.Params), len(r.Manifest.Columns))
			}
			for _, v := range append(append(append([]float64{}, fr.Params...), fr.Balance...), fr.Equity...) {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("pass %d: value %v", fr.Pass, v)
				}
			}
			if len(fr.Balance) != len(fr.Equity) || (len(fr.Time) != 0 && len(fr.Time) != len(fr.Balance)) {
				t.Fatalf("pass %d: %d times, %d balance, %d equity points", fr.Pass, len(fr.Time), len(fr.Balance), len(fr.Equity))
			}
		}
	}
}

func FuzzOpt(f *testing.F) {
	good := buildOpt(testOptSpec())
	f.Add(good)
	f.Add(good[:optHeaderSize+100])
	s := testOptSpec()
	s.appendix, s.dwords, s.snapshot = true, 2, 3
	f.Add(buildOpt(s))
	s.recordKind = "math"
	f.Add(buildOpt(s))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := parseOpt(b, "fuzz.opt")
		if err != nil {
			return
		}
		r, err := optRun(c, "fuzz.opt", b)
		if err != nil {
			return
		}
		checkRun(t, r)
	})
}

func FuzzMQD(f *testing.F) {
	frs := testMQDFrames()
	f.Add(buildMQD(frs...))
	f.Add(buildMQD(frs[1]))
	f.Add(buildMQD(frs[2], frs[0])[:600])
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := parseMQD(b, "fuzz.mqd")
		if err != nil {
			return
		}
		r, err := mqdRun(m, "MA.EURUSD.H1.mqd", b)
		if err != nil {
			return
		}
		checkRun(t, r)
	})
}

func FuzzReportHTML(f *testing.F) {
	html := buildReportHTML(handReport())
	f.Add(html)
	text, _ := decodeText(html)
	f.Add([]byte(text)) // UTF-8: easier to mutate
	s := handReport()
	s.deals = s.deals[:3]
	t2, _ := decodeText(buildReportHTML(s))
	f.Add([]byte(t2))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := parseReport(b, "fuzz.html", ReportHTML)
		if err != nil {
			return
		}
		run, err := reportRun(r, ReportHTML, b)
		if err != nil {
			return
		}
		checkRun(t, run)
		for k, v := range run.Reported.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("printed %s = %v", k, v)
			}
		}
	})
}

func FuzzXML(f *testing.F) {
	f.Add([]byte(buildXML(backXML())), []byte(buildXML(forwardXML())))
	f.Add(utf16LE(buildXML(backXML())), []byte(nil))
	f.Fuzz(func(t *testing.T, back, fwd []byte) {
		sh, err := parseSpreadsheet(back, "fuzz.xml")
		if err != nil {
			return
		}
		bt, err := readXMLTable(sh, "fuzz.xml")
		if err != nil {
			return
		}
		var ft *xmlTable
		if len(fwd) > 0 {
			fs, err := parseSpreadsheet(fwd, "fuzz.forward.xml")
			if err != nil {
				return
			}
			if ft, err = readXMLTable(fs, "fuzz.forward.xml"); err != nil {
				return
			}
		}
		r, err := xmlRun(bt, ft, [][]byte{back, fwd})
		if err != nil {
			return
		}
		checkRun(t, r)
	})
}

func FuzzXLSX(f *testing.F) {
	f.Add(xlsxOf(buildReportHTML(handReport())))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := parseReport(b, "fuzz.xlsx", ReportXLSX)
		if err != nil {
			return
		}
		run, err := reportRun(r, ReportXLSX, b)
		if err != nil {
			return
		}
		checkRun(t, run)
	})
}
