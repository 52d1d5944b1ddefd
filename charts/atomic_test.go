package charts

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func readDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r2+1.00.png")
	write := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}

	if err := WriteFileAtomic(path, write("first")); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(path, write("second")); err != nil { // a rerun replaces
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "second" {
		t.Errorf("content %q, want %q", b, "second")
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", fi.Mode().Perm())
	}

	boom := errors.New("boom")
	err := WriteFileAtomic(path, func(w io.Writer) error {
		io.WriteString(w, "half")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("error %v does not wrap the writer's error", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "second" {
		t.Errorf("after a failed write the file holds %q, want the old %q", b, "second")
	}

	func() {
		defer func() { recover() }()
		WriteFileAtomic(filepath.Join(dir, "panic.png"), func(io.Writer) error { panic("in writer") })
	}()

	if names := readDir(t, dir); len(names) != 1 || names[0] != "r2+1.00.png" {
		t.Errorf("directory holds %q, want only the file (no temporaries)", names)
	}

	if err := WriteFileAtomic(filepath.Join(dir, "missing", "x.png"), write("x")); err == nil {
		t.Error("writing into a missing directory succeeded")
	}
}
