package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
)

// RemoveStale removes the temporary files that Write calls for path left
// behind when their process was killed before it could clean up, and
// returns their names. Call it before writing path again; a writer of path
// running at the same moment in another process would lose its temporary
// file, so a stage must not write one file from two processes at once.
func RemoveStale(path string) ([]string, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	matches, err := filepath.Glob(filepath.Join(dir, "."+globEscape(base)+".*.tmp"))
	if err != nil {
		return nil, fmt.Errorf("remove stale temporary files of %s: %w", path, err)
	}
	for _, m := range matches {
		if err := os.Remove(m); err != nil && !os.IsNotExist(err) {
			return nil, fmt.Errorf("remove stale temporary file: %w", err)
		}
	}
	return matches, nil
}

// globEscape quotes the characters filepath.Match treats as patterns.
func globEscape(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*', '?', '[', '\\':
			out = append(out, '\\')
		}
		out = append(out, s[i])
	}
	return string(out)
}
