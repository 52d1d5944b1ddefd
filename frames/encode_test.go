package frames

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestSameBytesWhateverTheEncoders writes the same 25 passes (back and
// forward rows, deals) with 1, 2 and 5 encoders, in parts of 10 rows and
// row groups of 3: every frames and deals part must be the same bytes, and
// a part must hold the row groups its boundaries call for.
func TestSameBytesWhateverTheEncoders(t *testing.T) {
	var first map[string][]byte
	for _, encoders := range []int{1, 2, 5} {
		dir := t.TempDir()
		m := testManifest()
		m.Deals = true
		w, _, err := Create(dir, m, New)
		if err != nil {
			t.Fatal(err)
		}
		w.RowsPerPart, w.RowsPerGroup, w.firstGroup, w.Encoders = 10, 3, 3, encoders
		for p := int64(0); p < 25; p++ {
			if err := w.SendPass(testDeals(p), testFrame(p, Back), testFrame(p, Forward)); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		for _, sub := range []string{FramesDirName, DealsDirName} {
			paths, _ := filepath.Glob(filepath.Join(dir, sub, "part-*.parquet"))
			for _, p := range paths {
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				files[filepath.Join(sub, filepath.Base(p))] = b
			}
		}
		if first == nil {
			first = files
			// 50 rows in parts of 10 (5 passes): groups of 2 passes (4 rows),
			// 2 and 1, so 3 row groups in each of the 5 parts.
			if len(files) != 10 {
				t.Fatalf("%d part files, want 5 frames and 5 deals parts", len(files))
			}
			if n := rowGroups(t, filepath.Join(dir, FramesDirName, "part-00000.parquet")); n != 3 {
				t.Errorf("the first part has %d row groups, want 3", n)
			}
			continue
		}
		for name, b := range first {
			if !bytes.Equal(files[name], b) {
				t.Errorf("%d encoders: %s differs from 1 encoder's", encoders, name)
			}
		}
	}
}

func TestGroupRowsDoubleUpToTheMost(t *testing.T) {
	for _, c := range []struct{ first, most, n, want int }{
		{32, 512, 0, 32}, {32, 512, 1, 64}, {32, 512, 3, 256}, {32, 512, 4, 512}, {32, 512, 40, 512},
		{32, 100, 1, 64}, {32, 100, 2, 100}, {3, 3, 0, 3}, {3, 3, 7, 3}, {32, 5, 0, 5},
	} {
		if got := groupRows(c.first, c.most, c.n); got != c.want {
			t.Errorf("groupRows(%d, %d, %d) = %d, want %d", c.first, c.most, c.n, got, c.want)
		}
	}
}

// TestAbortLeavesOnlyWholeParts aborts a writer with two full parts
// possibly still being encoded and a third open: nothing temporary stays,
// the open part's pass is not stored, every part left reads back whole,
// and the run can be resumed.
func TestAbortLeavesOnlyWholeParts(t *testing.T) {
	dir := t.TempDir()
	w, _, err := Create(dir, testManifest(), New)
	if err != nil {
		t.Fatal(err)
	}
	w.RowsPerPart, w.RowsPerGroup, w.firstGroup = 4, 2, 2
	for p := int64(0); p < 5; p++ {
		if err := w.SendPass(nil, testFrame(p, Back), testFrame(p, Forward)); err != nil {
			t.Fatal(err)
		}
	}
	w.Abort()
	if left, _ := filepath.Glob(filepath.Join(dir, FramesDirName, ".*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
	_, stored, err := Create(dir, testManifest(), Resume)
	if err != nil {
		t.Fatal(err)
	}
	if stored[PassKey{Pass: 4}] {
		t.Error("the pass of the unfinished part is stored")
	}
	ds, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[int64]int{}
	if err := ds.Scan(func(f *Frame) error { rows[f.Pass]++; return nil }); err != nil {
		t.Fatal(err)
	}
	for p, n := range rows {
		if n != 2 || p > 3 {
			t.Errorf("pass %d has %d rows stored", p, n)
		}
	}
}
