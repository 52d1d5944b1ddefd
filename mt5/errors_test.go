package mt5

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/passframes/passframes/frames"
)

// TestTruncatedReport: a report cut short says it is truncated and where,
// not that it is no MT5 report; cut in the middle of a UTF-16 unit too.
func TestTruncatedReport(t *testing.T) {
	data := buildReportHTML(handReport())
	text, _ := decodeText(data)
	lines := strings.Count(text, "\n")
	for _, c := range []struct {
		cut   int
		where string
	}{
		{len(data) / 2, "before its Deals table"},
		{len(data)/2 + 1, "before its Deals table"}, // an odd number of bytes
		{len(data) / 8, "in its settings table"},
	} {
		dir := t.TempDir()
		path := filepath.Join(dir, "cut.html")
		os.WriteFile(path, data[:c.cut], 0o644)
		_, err := Import([]string{path}, filepath.Join(dir, "runs"), frames.New)
		var fe *FormatError
		if !errors.As(err, &fe) || fe.File != path || fe.Line < 2 || fe.Line > lines ||
			!strings.Contains(fe.Msg, "truncated") || !strings.Contains(fe.Msg, c.where) || strings.Contains(fe.Msg, "not an MT5") {
			t.Errorf("cut at %d: %v, want truncated %s with its line", c.cut, err, c.where)
		}
	}
}

// TestImportDirectory: a directory is refused once, by name.
func TestImportDirectory(t *testing.T) {
	dir := t.TempDir()
	_, err := Load([]string{dir})
	if err == nil || strings.Count(err.Error(), dir) != 1 || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("error %v", err)
	}
}

// TestProvenanceOfEveryKind: every imported run says where each of the 41
// statistics came from, and what import.json lists as given is not
// "unavailable".
func TestProvenanceOfEveryKind(t *testing.T) {
	dir := t.TempDir()
	for kind, path := range testFiles(t, dir) {
		runs, err := Load([]string{path})
		if err != nil {
			t.Fatalf("%v: %v", kind, err)
		}
		m := runs[0].Manifest
		if len(m.Statistics) < 41 {
			t.Errorf("%v: %d provenances", kind, len(m.Statistics))
		}
		for _, name := range runs[0].Info.Statistics {
			if p := m.Statistics[name]; p == frames.ProvUnavailable || p == "" {
				t.Errorf("%v: %s is given but %q", kind, name, p)
			}
		}
	}
}
