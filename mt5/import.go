package mt5

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/atomicfile"
)

// forwardSuffix ends the name of the forward results MT5 exports beside the
// back results: X.xml and X.forward.xml.
const forwardSuffix = ".forward.xml"

// Load reads and validates the MT5 files at paths and returns one run per
// input; a back XML export and its .forward.xml (given, or found beside the
// back file) make one run. Nothing is written.
func Load(paths []string) ([]*Run, error) {
	var runs []*Run
	done := map[string]bool{}
	for _, path := range paths {
		abs, err := filepath.Abs(path)
		if err != nil {
			return nil, err
		}
		if done[abs] {
			continue
		}
		done[abs] = true
		kind, err := Detect(path)
		if err != nil {
			return nil, err
		}
		var run *Run
		if kind == OptXML {
			run, err = loadXMLPair(path, done)
		} else {
			run, err = loadFile(path, kind)
		}
		if err != nil {
			return nil, err
		}
		fillProvenance(run)
		runs = append(runs, run)
	}
	return runs, nil
}

// fillProvenance records, for a run whose importer did not, that the
// statistics its files give are MetaTrader's own (an .opt cache and an .mqd
// file hold what the tester computed) and the others unavailable.
func fillProvenance(run *Run) {
	m := run.Manifest
	if m.Statistics != nil {
		return
	}
	m.Statistics = make(map[string]string, len(statNames(allStats()...)))
	for _, name := range statNames(allStats()...) {
		m.Statistics[name] = frames.ProvUnavailable
	}
	for _, name := range run.Info.Statistics {
		m.Statistics[name] = frames.ProvPrinted
	}
}

// loadFile parses one file of a known kind other than OptXML.
func loadFile(path string, kind Kind) (*Run, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	switch kind {
	case OptCache:
		c, err := parseOpt(b, path)
		if err != nil {
			return nil, err
		}
		return optRun(c, path, b)
	case MQD:
		f, err := parseMQD(b, path)
		if err != nil {
			return nil, err
		}
		return mqdRun(f, path, b)
	case ReportHTML, ReportXLSX:
		r, err := parseReport(b, path, kind)
		if err != nil {
			return nil, err
		}
		return reportRun(r, kind, b)
	}
	return nil, fmt.Errorf("%s: cannot import a %s", path, kind)
}

// parseReport reads a report from an HTML file or its XLSX export.
func parseReport(b []byte, file string, kind Kind) (*report, error) {
	var rows []sheetRow
	if kind == ReportXLSX {
		var err error
		if rows, err = xlsxRows(b, file); err != nil {
			return nil, err
		}
	} else {
		text, err := decodeText(b)
		if err != nil {
			return nil, lineError(file, 1, "%v", err)
		}
		rows = htmlRows(text)
	}
	return parseReportRows(rows, file)
}

// loadXMLPair reads an optimization export with its partner: the forward
// file beside a back file, or the back file beside a forward one. The
// partner's path is marked done so that it is not imported twice.
func loadXMLPair(path string, done map[string]bool) (*Run, error) {
	back, fwd := path, ""
	if isForward(path) {
		back, fwd = strings.TrimSuffix(path, path[len(path)-len(forwardSuffix):])+".xml", path
	} else {
		fwd = strings.TrimSuffix(path, filepath.Ext(path)) + forwardSuffix
	}
	partner := fwd
	if partner == path {
		partner = back
	}
	if _, err := os.Stat(partner); err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		partner = ""
	}
	if partner != "" {
		if abs, err := filepath.Abs(partner); err == nil {
			done[abs] = true
		}
	}
	var tables []*xmlTable
	var data [][]byte
	for _, p := range []string{back, fwd} {
		if p != path && p != partner {
			tables, data = append(tables, nil), append(data, nil)
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		sh, err := parseSpreadsheet(b, p)
		if err != nil {
			return nil, err
		}
		t, err := readXMLTable(sh, p)
		if err != nil {
			return nil, err
		}
		tables, data = append(tables, t), append(data, b)
	}
	if tables[0] == nil {
		// A forward file alone: its passes are stored as forward rows.
		run, err := xmlRun(tables[1], nil, data[1:])
		if err != nil {
			return nil, err
		}
		for i := range run.Passes {
			p := &run.Passes[i]
			p.Back.Period = frames.Forward
			p.Back, p.Forward = nil, p.Back
		}
		run.Info.Notes = append(run.Info.Notes, "forward results without their back results: every row is a forward row")
		return run, nil
	}
	return xmlRun(tables[0], tables[1], slices.DeleteFunc(data, func(b []byte) bool { return b == nil }))
}

func isForward(path string) bool {
	return len(path) > len(forwardSuffix) && strings.EqualFold(path[len(path)-len(forwardSuffix):], forwardSuffix)
}

// Import reads the MT5 files at paths (see Load) and writes each as a run
// directory under outRoot (see Write); it returns the run directories
// written. Every input is parsed and validated before anything is written.
func Import(paths []string, outRoot string, mode frames.Mode) ([]string, error) {
	runs, err := Load(paths)
	if err != nil {
		return nil, err
	}
	return Write(runs, outRoot, mode)
}

// Write writes runs under outRoot, each in its own run directory (Run.Dir):
// run.json, the frames, import.json and, for a report, reported.json. mode
// says what to do with a directory that already holds a run. If anything
// fails, what this call wrote is removed again (a directory it created is
// removed whole); with Overwrite the replaced run is gone all the same.
func Write(runs []*Run, outRoot string, mode frames.Mode) ([]string, error) {
	dirs, err := plan(runs, outRoot, mode)
	if err != nil {
		return nil, err
	}
	_, statErr := os.Stat(outRoot)
	newRoot := errors.Is(statErr, os.ErrNotExist)
	var undo []rollback
	for i, run := range runs {
		rb := newRollback(dirs[i], mode)
		undo = append(undo, rb)
		if err := writeRun(run, dirs[i], mode); err != nil {
			for j := len(undo) - 1; j >= 0; j-- {
				undo[j].run()
			}
			if newRoot {
				os.Remove(outRoot) // only when empty
			}
			return nil, fmt.Errorf("write %s: %w", dirs[i], err)
		}
	}
	return dirs, nil
}

// Errors of Write a caller can act on: import into another root folder,
// or say what to do with the run already there.
var (
	ErrSameRun   = errors.New("import them one at a time into different root folders")
	ErrRunExists = errors.New("already holds a run: resume it or replace it")
	ErrOtherRun  = errors.New("already holds a run imported from other files: replace it, or import into another root folder")
)

// plan returns the run directories and checks, before anything is written,
// that no two runs share one and that mode New finds none already in use.
func plan(runs []*Run, outRoot string, mode frames.Mode) ([]string, error) {
	dirs := make([]string, len(runs))
	owner := map[string]int{}
	for i, run := range runs {
		dirs[i] = run.Dir(outRoot)
		if j, dup := owner[dirs[i]]; dup {
			return nil, fmt.Errorf("%s and %s would both be written to %s (same expert, symbol and timeframe): %w",
				strings.Join(runs[j].Info.Files, ", "), strings.Join(run.Info.Files, ", "), dirs[i], ErrSameRun)
		}
		owner[dirs[i]] = i
		if old, err := frames.ReadManifest(dirs[i]); err == nil && mode != frames.Overwrite && old.Data.SHA256 != run.Manifest.Data.SHA256 {
			return nil, fmt.Errorf("%s: %w", dirs[i], ErrOtherRun)
		}
		if _, err := os.Stat(filepath.Join(dirs[i], frames.ManifestName)); err == nil && mode == frames.New {
			return nil, fmt.Errorf("%s: %w", dirs[i], ErrRunExists)
		}
	}
	return dirs, nil
}

// writeRun writes one run into dir.
func writeRun(run *Run, dir string, mode frames.Mode) error {
	w, stored, err := frames.Create(dir, run.Manifest, mode)
	if err != nil {
		return err
	}
	for _, p := range run.Passes {
		var rows []*frames.Frame
		for _, f := range []*frames.Frame{p.Back, p.Forward} {
			if f != nil {
				rows = append(rows, f)
			}
		}
		if stored[frames.PassKey{Window: rows[0].Window, Pass: rows[0].Pass}] {
			continue
		}
		if err := w.WritePass(rows...); err != nil {
			w.Abort()
			return err
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	if run.Reported != nil {
		if err := writeJSON(filepath.Join(dir, ReportedName), run.Reported); err != nil {
			return err
		}
	} else if err := os.Remove(filepath.Join(dir, ReportedName)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return writeJSON(filepath.Join(dir, ImportInfoName), run.Info)
}

// writeJSON writes v as indented JSON to path, through a temporary file.
func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encode %s: %w", filepath.Base(path), err)
	}
	return atomicfile.WriteBytes(path, append(b, '\n'))
}

// rollback undoes what Write did to one run directory.
type rollback struct {
	dir     string
	existed bool            // the directory was there before
	before  map[string]bool // files of a run it held before
}

// runFiles are the files a run directory holds besides its part files.
var runFiles = []string{frames.ManifestName, ReportedName, ImportInfoName}

// newRollback notes what dir holds before a run is written into it. With
// Overwrite the run it holds is deleted first, so none of it is kept.
func newRollback(dir string, mode frames.Mode) rollback {
	rb := rollback{dir: dir, before: map[string]bool{}}
	if _, err := os.Stat(dir); err != nil {
		return rb
	}
	rb.existed = true
	if mode == frames.Overwrite {
		return rb
	}
	parts, _ := frames.Parts(dir)
	for _, p := range parts {
		rb.before[p] = true
	}
	for _, name := range runFiles {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			rb.before[filepath.Join(dir, name)] = true
		}
	}
	return rb
}

// run removes what was written: the whole directory when it is new,
// otherwise the part files and run files that were not there before.
func (rb rollback) run() {
	if !rb.existed {
		os.RemoveAll(rb.dir)
		return
	}
	parts, _ := frames.Parts(rb.dir)
	for _, p := range parts {
		if !rb.before[p] {
			os.Remove(p)
		}
	}
	for _, name := range runFiles {
		if p := filepath.Join(rb.dir, name); !rb.before[p] {
			os.Remove(p)
		}
	}
	os.Remove(filepath.Join(rb.dir, frames.FramesDir)) // only when empty
}
