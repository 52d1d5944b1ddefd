package market

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestLoadHashed checks that LoadHashed gives Load's bars and the SHA-256 of
// the file as stored, and Load's error for a bad file.
func TestLoadHashed(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "EURUSD_H1.csv")
	text := "time,open,high,low,close\n" +
		"2024-01-02 00:00,1.1,1.2,1.0,1.15\n" +
		"2024-01-02 01:00,1.15,1.25,1.1,1.2\n" +
		"2024-01-02 02:00,1.2,1.3,1.15,1.25\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	got, sum, err := LoadHashed(path, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := Load(path, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum != sha256.Sum256([]byte(text)) {
		t.Errorf("sha256 %x is not the file's", sum)
	}
	if !slices.Equal(got.Time, want.Time) || !slices.Equal(got.Close, want.Close) || got.Symbol != want.Symbol ||
		got.Timeframe != want.Timeframe || got.Source != want.Source {
		t.Errorf("LoadHashed gave %+v, Load %+v", got, want)
	}

	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte(strings.Replace(text, "1.25,1.1", "x,1.1", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, errHashed := LoadHashed(bad, LoadOptions{})
	_, errLoad := Load(bad, LoadOptions{})
	if errHashed == nil || errLoad == nil || errHashed.Error() != errLoad.Error() {
		t.Errorf("bad file: LoadHashed %v, Load %v", errHashed, errLoad)
	}
	if _, _, err := LoadHashed(filepath.Join(dir, "missing.csv"), LoadOptions{}); err == nil {
		t.Error("a missing file loaded")
	}
}
