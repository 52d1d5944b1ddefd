package flock

import (
	"errors"
	"path/filepath"
	"testing"
)

func TestSecondAcquireFailsUntilRelease(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".lock")
	a, err := Acquire(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Acquire(path); !errors.Is(err, ErrLocked) {
		t.Fatalf("second Acquire: %v, want ErrLocked", err)
	}
	a.Release()
	a.Release() // twice is harmless
	b, err := Acquire(path)
	if err != nil {
		t.Fatalf("Acquire after Release: %v", err)
	}
	b.Release()
}
