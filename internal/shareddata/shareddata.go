// Package shareddata finds the folder of real market data and MetaTrader
// reports that some tests try the loaders and importers on. The files come
// from public repositories and are not part of the repository: a test that
// needs one skips when it is absent.
package shareddata

import (
	"os"
	"path/filepath"
	"testing"
)

// EnvVar names the environment variable that points at the folder.
const EnvVar = "PASSFRAMES_DATA"

// Dir is the data folder: $PASSFRAMES_DATA, or the folder shared/data next
// to the module's root. It skips tb when the folder is absent.
func Dir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv(EnvVar)
	if dir == "" {
		dir = filepath.Join(moduleRoot(), "..", "shared", "data")
	}
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("real data folder %s is absent (set %s): %v", dir, EnvVar, err)
	}
	return dir
}

// File is the path of name inside the data folder (for example
// "bars/mt5-EURUSD_H1.csv"). It skips tb when the file is absent.
func File(tb testing.TB, name string) string {
	tb.Helper()
	p := filepath.Join(Dir(tb), filepath.FromSlash(name))
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("real data file %s is absent: %v", p, err)
	}
	return p
}

// moduleRoot is the nearest folder above the working directory that holds
// go.mod (tests run in their package's folder).
func moduleRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return "."
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return dir
		}
	}
}
