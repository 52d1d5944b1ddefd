package optimize

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteSetFileReadsBack(t *testing.T) {
	params := []Param{
		{Name: "MovingPeriod", Type: Int, Value: 12, Start: 5, Step: 5, Stop: 120, Optimize: true},
		{Name: "MaximumRisk", Type: Double, Value: 0.02, Start: 0.02, Step: 0, Stop: 0.02},
		{Name: "Short", Type: Bool, Value: 0, Start: 0, Step: 1, Stop: 1, Optimize: true},
	}
	best, err := WithValues(params, []float64{30, 0.02, 1})
	if err != nil {
		t.Fatal(err)
	}
	if params[0].Value != 12 {
		t.Fatal("WithValues changed its input")
	}
	path := filepath.Join(t.TempDir(), "best.set")
	if err := WriteSetFile(path, best); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if b[0] != 0xFF || b[1] != 0xFE {
		t.Fatalf("no UTF-16LE byte order mark: % x", b[:2])
	}
	f, _ := os.Open(path)
	defer f.Close()
	got, err := ReadSet(f, path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Value != 30 || got[0].Start != 5 || got[0].Stop != 120 || !got[0].Optimize ||
		got[2].Value != 1 || got[1].Value != 0.02 {
		t.Fatalf("read back %+v", got)
	}
	if _, err := WithValues(params, []float64{1}); err == nil {
		t.Error("a short value list was accepted")
	}
}
