package optimize

import (
	"strconv"
	"testing"
)

// TestGridValuesAreExact walks every point of a grid with decimal steps:
// each value the expert gets is the decimal start + k·step, printed without
// float noise.
func TestGridValuesAreExact(t *testing.T) {
	decls := []Decl{{Name: "Risk", Type: Double, Default: 0.02}, {Name: "Factor", Type: Double, Default: 3}, {Name: "Period", Type: Int, Default: 10}}
	s, err := NewSpace(decls, []string{"Risk=0.01:0.1:0.01", "Factor=0.5:2.5:0.3", "Period=5:7:1"}, "", "")
	if err != nil {
		t.Fatal(err)
	}
	size, _ := s.Size()
	if size != 10*7*3 {
		t.Fatalf("grid of %d points, want 210", size)
	}
	for idx := int64(0); idx < size; idx++ {
		x := s.GridPoint(idx)
		v := s.Values(x)
		k := []int64{idx % 10, idx / 10 % 7, idx / 70}
		want := []string{
			strconv.FormatFloat(float64(1+k[0])/100, 'f', 2, 64),  // 0.01 … 0.10
			strconv.FormatFloat(float64(5+3*k[1])/10, 'f', 1, 64), // 0.5 … 2.3
			strconv.FormatInt(5+k[2], 10),
		}
		for i := range want {
			got := strconv.FormatFloat(v[i], 'f', -1, 64)
			w, _ := strconv.ParseFloat(want[i], 64)
			if v[i] != w {
				t.Fatalf("point %d: %s = %s, want %s", idx, decls[i].Name, got, want[i])
			}
		}
		if s.GridIndex(x) != idx {
			t.Fatalf("GridIndex(GridPoint(%d)) = %d", idx, s.GridIndex(x))
		}
	}
	// A continuous dimension (step 0) is left as the optimizer proposes it.
	if got := exact(0.123456789123, decimalScale(0, 0)); got != 0.123456789123 {
		t.Errorf("step 0 rounded to %v", got)
	}
}
