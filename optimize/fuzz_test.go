package optimize

import (
	"bytes"
	"math"
	"testing"
)

// FuzzReadSet feeds arbitrary bytes to the .set parser: it must never panic,
// what it accepts must hold finite numbers, and writing it back must read
// back the same.
func FuzzReadSet(f *testing.F) {
	f.Add([]byte("; saved\r\nMovingPeriod=12||5||5||120||Y\r\nMaximumRisk=0.02||0.02||0.0||0.02||N\r\nShort=false||false||0||true||N\r\n"))
	f.Add([]byte("\xff\xfeA\x00=\x001\x00\r\x00\n\x00"))
	f.Add([]byte("Fast=10\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		params, err := ReadSet(bytes.NewReader(b), "fuzz.set")
		if err != nil {
			return
		}
		for _, p := range params {
			for _, v := range []float64{p.Value, p.Start, p.Step, p.Stop} {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("%s holds %v", p.Name, v)
				}
			}
		}
		var out bytes.Buffer
		if err := WriteSet(&out, params); err != nil {
			return // a name it read but cannot write back is refused, not corrupted
		}
		again, err := ReadSet(&out, "again.set")
		if err != nil {
			t.Fatalf("a written set does not read back: %v\n%s", err, out.String())
		}
		if len(again) != len(params) {
			t.Fatalf("%d parameters read back as %d", len(params), len(again))
		}
		for i := range params {
			a, b := params[i], again[i]
			if a.Name != b.Name || a.Optimize != b.Optimize || a.Value != b.Value && a.Type != Bool {
				t.Fatalf("parameter %d: %+v read back as %+v", i, a, b)
			}
		}
	})
}
