package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRemoveStale(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a[1].parquet")
	stale := []string{filepath.Join(dir, ".a[1].parquet.123.tmp"), filepath.Join(dir, ".a[1].parquet.x.tmp")}
	keep := []string{filepath.Join(dir, ".b.parquet.1.tmp"), filepath.Join(dir, "a[1].parquet"), filepath.Join(dir, ".a[1].parquet.tmp.keep")}
	for _, p := range append(append([]string(nil), stale...), keep...) {
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	removed, err := RemoveStale(path)
	if err != nil || len(removed) != len(stale) {
		t.Fatalf("removed %v, %v; want %v", removed, err, stale)
	}
	for _, p := range stale {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s is still there", p)
		}
	}
	for _, p := range keep {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed", p)
		}
	}
}
