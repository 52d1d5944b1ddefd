package testrun

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/passframes/passframes/frames"
)

// V1Run copies the format-1 run kept in frames/testdata (written by the
// first version of collect) into a temporary folder and returns its path,
// so a command's test can check that old datasets still open.
func V1Run(t *testing.T) string {
	t.Helper()
	src := filepath.Join(moduleRoot(t), "frames", "testdata", "v1run")
	dst := filepath.Join(t.TempDir(), "MovingAverage.SAMPLE.H1")
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// Frames reads every frame of the run in dir, each with its own slices,
// sorted by window, pass and period; it fails t when a frame is stored
// twice.
func Frames(t *testing.T, dir string) []frames.Frame {
	t.Helper()
	ds, err := frames.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []frames.Frame
	type frameKey struct {
		frames.PassKey
		period string
	}
	seen := map[frameKey]bool{}
	err = ds.Scan(func(f *frames.Frame) error {
		key := frameKey{frames.PassKey{Window: f.Window, Pass: f.Pass}, f.Period}
		if seen[key] {
			t.Errorf("frame %+v stored twice", key)
		}
		seen[key] = true
		c := *f
		c.Params = append([]float64(nil), f.Params...)
		c.Time = append([]int64(nil), f.Time...)
		c.Balance = append([]float64(nil), f.Balance...)
		c.Equity = append([]float64(nil), f.Equity...)
		out = append(out, c)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Window != b.Window {
			return a.Window < b.Window
		}
		if a.Pass != b.Pass {
			return a.Pass < b.Pass
		}
		return a.Period < b.Period
	})
	return out
}

// SameParts fails t unless the runs in want and got have byte-identical
// frames part files.
func SameParts(t *testing.T, want, got string) {
	t.Helper()
	a, b := partBytes(t, want), partBytes(t, got)
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("%d part files in %s, %d in %s", len(a), want, len(b), got)
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			t.Fatalf("part %d of %s differs from %s's", i, got, want)
		}
	}
}

func partBytes(t *testing.T, dir string) [][]byte {
	t.Helper()
	parts, err := filepath.Glob(filepath.Join(frames.Layout{Dir: dir}.Frames(), "part-*.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(parts)
	var out [][]byte
	for _, p := range parts {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// moduleRoot is the folder above the test's working directory that holds
// go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			t.Fatalf("no go.mod above %s", dir)
		}
	}
}
