package cliutil

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"runtime/debug"
	"sync"
)

// Build identifies this program's build: the version, and the commit it was
// built from when the build recorded one (with a hash of the executable
// when the tree had changes), or else a hash of the executable. Two
// processes with the same Build compute the same results, which is what a
// queue worker must share with its coordinator.
var Build = sync.OnceValue(func() string {
	id := "passframes " + Version
	var rev string
	modified := false
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	switch {
	case rev != "" && !modified:
		return id + "+" + rev
	case rev != "":
		return id + "+" + rev + "-dirty." + executableHash()
	}
	return id + "+exe." + executableHash()
})

// executableHash is the first 12 hex digits of the running executable's
// SHA-256, or "unknown".
func executableHash() string {
	path, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	f, err := os.Open(path)
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "unknown"
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}
