package analysis_test

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/passframes/passframes/analysis"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/testrun"
)

// TestTableRoundTripManyPasses reads back a table of thousands of passes,
// more than one block of the parallel reader, and finds every field of
// every pass as Run computed it.
func TestTableRoundTripManyPasses(t *testing.T) {
	dir := testrun.Synthetic(t, t.TempDir(), 2500, 30)
	ds, err := frames.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	res, err := analysis.Run(t.Context(), ds, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, analysis.TableName)
	if err := res.WriteTableFile(path); err != nil {
		t.Fatal(err)
	}
	back, err := analysis.ReadTable(path, ds.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Passes) != 2500 || len(back.Criteria) != len(res.Criteria) {
		t.Fatalf("read %d passes, %d criteria; want 2500, %d", len(back.Passes), len(back.Criteria), len(res.Criteria))
	}
	for i := range res.Passes {
		if !reflect.DeepEqual(res.Passes[i], back.Passes[i]) {
			t.Fatalf("pass %d differs after the round trip:\n%+v\n%+v", res.Passes[i].Pass, res.Passes[i], back.Passes[i])
		}
	}
}
