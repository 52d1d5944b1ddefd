package frames

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// keepSets are the choices of passes ScanPasses is tested with, over frames
// whose passes are numbered p*7+3 (see randomFrames).
func keepSets(all []*Frame) map[string]func(PassKey) bool {
	first, last := all[0], all[len(all)-1]
	chosen := map[PassKey]bool{}
	rng := rand.New(rand.NewPCG(13, 14))
	for _, f := range all {
		if rng.IntN(10) == 0 {
			chosen[PassKey{f.Window, f.Pass}] = true
		}
	}
	return map[string]func(PassKey) bool{
		"none":        func(PassKey) bool { return false },
		"all":         func(PassKey) bool { return true },
		"every third": func(k PassKey) bool { return (k.Pass-3)/7%3 == 0 },
		"first":       func(k PassKey) bool { return k == PassKey{first.Window, first.Pass} },
		"last":        func(k PassKey) bool { return k == PassKey{last.Window, last.Pass} },
		"first & last": func(k PassKey) bool {
			return k == PassKey{first.Window, first.Pass} || k == PassKey{last.Window, last.Pass}
		},
		"a tenth":  func(k PassKey) bool { return chosen[k] },
		"window 1": func(k PassKey) bool { return k.Window == 1 },
	}
}

// filtered is what a full Scan hands out for the passes keep accepts.
func filtered(all []*Frame, keep func(PassKey) bool) []*Frame {
	var out []*Frame
	for _, f := range all {
		if keep(PassKey{f.Window, f.Pass}) {
			out = append(out, f)
		}
	}
	return out
}

// TestScanPassesMatchesScan writes random frames in parts of several row
// groups and many small pages (point lists of thousands of points spanning
// pages), with both data page versions, and checks that ScanPasses hands
// out exactly the frames of the chosen passes that Scan does, in the same
// order, seeking through the page indexes and reading through without them.
func TestScanPassesMatchesScan(t *testing.T) {
	for _, version := range []int{1, 2} {
		dir := t.TempDir()
		passes := randomFrames(rand.New(rand.NewPCG(uint64(version), 21)), 80)
		writeFrames(t, dir, passes, 40, 16, parquet.DataPageVersion(version),
			parquet.MaxRowsPerRowGroup(9), parquet.PageBufferSize(4096))
		ds, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(ds.Parts) < 3 || rowGroups(t, ds.Parts[0]) < 3 {
			t.Fatalf("%d parts, %d row groups in the first: the test needs several of each", len(ds.Parts), rowGroups(t, ds.Parts[0]))
		}
		all := collect(t, ds.Scan)
		compareFrames(t, all, flatten(passes))
		for _, seek := range []bool{true, false} {
			for name, keep := range keepSets(all) {
				t.Run(fmt.Sprintf("v%d/seek=%v/%s", version, seek, name), func(t *testing.T) {
					defer func(saved bool) { seekPages = saved }(seekPages)
					seekPages = seek
					got := collect(t, func(fn func(*Frame) error) error { return ds.ScanPasses(keep, fn) })
					compareFrames(t, got, filtered(all, keep))
				})
			}
		}
	}
}

// TestScanPassesReadsOtherLayouts: nullable columns, dictionary-encoded
// doubles, plain strings and another column order, as other tools write the
// dataset back.
func TestScanPassesReadsOtherLayouts(t *testing.T) {
	dir := t.TempDir()
	want := writeLayout(t, dir, otherLayout(nil), flatten(randomFrames(rand.New(rand.NewPCG(3, 4)), 20)))
	ds, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for name, keep := range keepSets(want) {
		got := collect(t, func(fn func(*Frame) error) error { return ds.ScanPasses(keep, fn) })
		if len(got) != len(filtered(want, keep)) {
			t.Fatalf("%s: %d frames, want %d", name, len(got), len(filtered(want, keep)))
		}
		compareFrames(t, got, filtered(want, keep))
	}
}

// TestScanPassesStops: an error from fn ends the scan and is returned.
func TestScanPassesStops(t *testing.T) {
	dir := t.TempDir()
	writeFrames(t, dir, randomFrames(rand.New(rand.NewPCG(5, 6)), 30), 12, 5)
	ds, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	err = ds.ScanPasses(func(PassKey) bool { return true }, func(*Frame) error {
		calls++
		return errStop
	})
	if err != errStop || calls != 1 {
		t.Errorf("ScanPasses: %v after %d calls, want errStop after 1", err, calls)
	}
}

// TestScanPassesCorruptPart damages a part's bytes: ScanPasses ends with the
// frames or with an error naming the file, never a panic.
func TestScanPassesCorruptPart(t *testing.T) {
	keep := func(k PassKey) bool { return k.Pass%2 == 1 }
	noticed := corruptedParts(t, 11, func(ds *Dataset) error { return ds.ScanPasses(keep, func(*Frame) error { return nil }) })
	for at, err := range noticed {
		if !strings.Contains(err.Error(), "part-00000.parquet") {
			t.Errorf("damage at byte %d: %v, want an error naming the file", at, err)
		}
	}
}

// BenchmarkScanPasses reads the frames of 100 passes chosen evenly among
// 10,000 of 400 points: through ScanPasses, and through Scan keeping the
// same passes.
func BenchmarkScanPasses(b *testing.B) {
	const passes, points, chosen = 10_000, 400, 100
	dir := filepath.Join(b.TempDir(), "run")
	writeBenchRun(b, dir, passes, points)
	ds, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	keep := func(k PassKey) bool { return k.Pass%(passes/chosen) == 7 }
	for _, bm := range []struct {
		name string
		scan func(func(*Frame) error) error
	}{
		{"passes", func(fn func(*Frame) error) error { return ds.ScanPasses(keep, fn) }},
		{"scan", func(fn func(*Frame) error) error {
			return ds.Scan(func(f *Frame) error {
				if !keep(PassKey{f.Window, f.Pass}) {
					return nil
				}
				return fn(f)
			})
		}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rows := 0
				if err := bm.scan(func(f *Frame) error {
					rows++
					if len(f.Balance) != points {
						return fmt.Errorf("pass %d: %d points", f.Pass, len(f.Balance))
					}
					return nil
				}); err != nil {
					b.Fatal(err)
				}
				if rows != chosen {
					b.Fatalf("%d rows, want %d", rows, chosen)
				}
			}
		})
	}
}
