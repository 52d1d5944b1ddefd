package market

import (
	"bytes"
	"math"
	"testing"
)

// FuzzRead feeds arbitrary bytes to the loader: it must never panic, and
// whatever it accepts must be a valid series.
func FuzzRead(f *testing.F) {
	f.Add([]byte("<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>\r\n2024.01.02\t00:00:00\t1.1\t1.2\t1.0\t1.1\t10\t0\t5\r\n2024.01.02\t01:00:00\t1.1\t1.2\t1.0\t1.15\t10\t0\t5\r\n"))
	f.Add([]byte("Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1.5,100\n2024-01-03,1.5,2,1,1.8,100\n"))
	f.Add([]byte("2019.07.01;00:00:00;1.1;1.2;1.0;1.1;5\n2019.07.01;00:30:00;1.1;1.2;1.0;1.1;5\n"))
	f.Add([]byte(",Open,High,Low,Close,Volume\n2017-04-19 09:00:00,1,1,1,1,1\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Read(bytes.NewReader(b), "fuzz.csv", LoadOptions{Timeframe: "H1"})
		if err != nil {
			return
		}
		n := s.Len()
		if n == 0 || len(s.Open) != n || len(s.High) != n || len(s.Low) != n || len(s.Close) != n || len(s.Volume) != n {
			t.Fatalf("accepted a series with columns of lengths %d %d %d %d %d %d", n, len(s.Open), len(s.High), len(s.Low), len(s.Close), len(s.Volume))
		}
		for i := 0; i < n; i++ {
			for _, v := range []float64{s.Open[i], s.High[i], s.Low[i], s.Close[i]} {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("bar %d holds %v", i, v)
				}
			}
			if s.High[i] < s.Low[i] || s.Open[i] < s.Low[i] || s.Open[i] > s.High[i] || s.Close[i] < s.Low[i] || s.Close[i] > s.High[i] {
				t.Fatalf("bar %d is inconsistent: %v %v %v %v", i, s.Open[i], s.High[i], s.Low[i], s.Close[i])
			}
			if i > 0 && s.Time[i] <= s.Time[i-1] {
				t.Fatalf("bar %d does not follow bar %d", i, i-1)
			}
		}
	})
}
