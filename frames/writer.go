package frames

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// FramesDir is the folder of part files inside a run directory.
const FramesDir = "frames"

// DefaultRowsPerPart is how many rows a part file holds before the next starts.
const DefaultRowsPerPart = 8192

// partName matches a finished part file: part-NNNNN.parquet, or
// part-sI-NNNNN.parquet for shard I of a split run.
var partName = regexp.MustCompile(`^part-(?:s(\d+)-)?(\d{5,})\.parquet$`)

// Mode says what to do with a run directory that already holds a run.
type Mode int

// The ways a run directory can be opened for writing.
const (
	New       Mode = iota // refuse a directory that already holds a run
	Resume                // keep the stored passes and add to them
	Overwrite             // delete the stored run first
)

// Writer appends frames to a run's dataset. Each part file is written under
// a temporary name and renamed when complete; the passes of an unfinished
// part are lost on a crash, never half-visible.
type Writer struct {
	dir         string
	prefix      string // "part-", or "part-sI-" for shard I
	layout      *layout
	opts        []parquet.WriterOption
	RowsPerPart int

	next      int // number of the next part file
	tmp       *os.File
	pw        *parquet.GenericWriter[any]
	rows      int
	row       []parquet.Row // one row, reused
	finalPath string
}

// Create prepares runDir for writing a run described by m and returns the
// writer and the passes already stored (non-empty only with Resume). The
// manifest is written at once (on Resume it must match the stored one).
func Create(runDir string, m *Manifest, mode Mode) (*Writer, map[PassKey]bool, error) {
	return CreateShard(runDir, m, mode, -1)
}

// CreateShard is Create for shard number shard (0 ≤ shard < m.Shards) of a
// run split into m.Shards: the shards write their own part files into the
// same directory, possibly at the same time. A shard may start in a
// directory that a sibling shard of the same run already started; New mode
// refuses only when this shard has parts there already. Overwrite removes
// this shard's parts only. shard −1 means the run is not split.
func CreateShard(runDir string, m *Manifest, mode Mode, shard int) (*Writer, map[PassKey]bool, error) {
	if shard >= 0 && (m.Shards < 1 || shard >= m.Shards) {
		return nil, nil, fmt.Errorf("shard %d of a run split into %d", shard, m.Shards)
	}
	lay, err := newLayout(FormatVersion, m.Columns)
	if err != nil {
		return nil, nil, err
	}
	framesDir := filepath.Join(runDir, FramesDir)
	existing, err := ReadManifest(runDir)
	exists := err == nil
	if err != nil && !errors.Is(err, os.ErrNotExist) && mode != Overwrite {
		return nil, nil, err
	}
	stored := map[PassKey]bool{}
	prefix := partPrefix(shard)
	if exists && mode == New && shard >= 0 && compatible(existing, m) == nil && !hasParts(framesDir, prefix) {
		mode = Resume // a sibling shard started the run; this shard has nothing stored yet
	}
	switch {
	case exists && mode == New && shard >= 0:
		return nil, nil, fmt.Errorf("%s already holds this run's shard %d/%d or another run: use --resume to continue it or --overwrite to replace it", runDir, shard, m.Shards)
	case exists && mode == New:
		return nil, nil, fmt.Errorf("%s already holds a run: use --resume to continue it or --overwrite to replace it", runDir)
	case exists && mode == Resume:
		if err := compatible(existing, m); err != nil {
			return nil, nil, fmt.Errorf("cannot resume %s: %w", runDir, err)
		}
		ds, err := Open(runDir)
		if err != nil {
			return nil, nil, err
		}
		if stored, err = ds.PassKeys(); err != nil {
			return nil, nil, err
		}
	case mode == Overwrite && shard >= 0 && exists && compatible(existing, m) != nil:
		// The directory holds another run (or the same run unsplit): it is
		// replaced whole, as --overwrite without --shard would.
		if err := removeRun(runDir); err != nil {
			return nil, nil, err
		}
	case mode == Overwrite && shard >= 0:
		if err := removeParts(framesDir, prefix); err != nil {
			return nil, nil, err
		}
	case mode == Overwrite:
		if err := removeRun(runDir); err != nil {
			return nil, nil, err
		}
	}
	if err := os.MkdirAll(framesDir, 0o755); err != nil {
		return nil, nil, err
	}
	if err := removeTemps(framesDir, prefix); err != nil {
		return nil, nil, err
	}
	if !exists || mode != Resume {
		if err := WriteManifest(runDir, m); err != nil {
			return nil, nil, err
		}
	}
	next, err := nextPart(framesDir, prefix)
	if err != nil {
		return nil, nil, err
	}
	w := &Writer{dir: framesDir, prefix: prefix, layout: lay, RowsPerPart: DefaultRowsPerPart, next: next,
		row: make([]parquet.Row, 1),
		opts: []parquet.WriterOption{
			parquet.Compression(&parquet.Zstd),
			parquet.KeyValueMetadata("passframes.expert", m.Expert),
			parquet.KeyValueMetadata("passframes.symbol", m.Symbol),
			parquet.KeyValueMetadata("passframes.timeframe", m.Timeframe),
			parquet.KeyValueMetadata("passframes.format", strconv.Itoa(FormatVersion)),
		}}
	return w, stored, nil
}

// compatible reports why a stored run cannot be continued by m.
func compatible(old, m *Manifest) error {
	switch {
	case old.Format != m.Format:
		return fmt.Errorf("it was written in dataset format %d, this program writes format %d", old.Format, m.Format)
	case old.Expert != m.Expert:
		return fmt.Errorf("it is a run of expert %s, not %s", old.Expert, m.Expert)
	case old.Symbol != m.Symbol || old.Timeframe != m.Timeframe:
		return fmt.Errorf("it is a run on %s %s, not %s %s", old.Symbol, old.Timeframe, m.Symbol, m.Timeframe)
	case old.Data.SHA256 != m.Data.SHA256:
		return fmt.Errorf("its bars differ (sha256 %s, now %s)", short(old.Data.SHA256), short(m.Data.SHA256))
	case !reflect.DeepEqual(old.Columns, m.Columns):
		return fmt.Errorf("its parameter columns differ")
	case !reflect.DeepEqual(old.Space, m.Space) || old.Constraint != m.Constraint:
		return fmt.Errorf("its parameter space differs")
	case !old.Periods.BackFrom.Equal(m.Periods.BackFrom) || !old.Periods.BackTo.Equal(m.Periods.BackTo) || old.Periods.Forward != m.Periods.Forward:
		return fmt.Errorf("its periods differ")
	case old.Shards != m.Shards:
		return fmt.Errorf("it is split into %d shards, not %d", old.Shards, m.Shards)
	case !reflect.DeepEqual(old.Settings, m.Settings) || old.EquityMode != m.EquityMode:
		return fmt.Errorf("its account, symbol or equity-mode settings differ")
	case old.Filters.MinTrades != m.Filters.MinTrades || !sameFloat(old.Filters.MinProfitPct, m.Filters.MinProfitPct):
		return fmt.Errorf("its filters (--min-trades, --min-profit-pct) differ")
	case old.By != m.By || old.Ratio != m.Ratio:
		return fmt.Errorf("its criteria options (--by, --ratio) differ")
	case old.Criterion != m.Criterion:
		return fmt.Errorf("it optimized %s, not %s", old.Criterion, m.Criterion)
	case old.Optimizer.Name != m.Optimizer.Name || old.Optimizer.Seed != m.Optimizer.Seed:
		return fmt.Errorf("its optimizer or seed differs")
	case old.Optimizer.Name != "grid" && (old.Optimizer.Batch != m.Optimizer.Batch ||
		old.Optimizer.Budget != m.Optimizer.Budget || !sameOptions(old.Optimizer.Options, m.Optimizer.Options)):
		// An optimizer other than grid proposes its points in an order that
		// depends on these; resuming replays it, so they must not change.
		return fmt.Errorf("its optimizer's batch, budget or options differ")
	}
	return nil
}

func sameFloat(a, b *float64) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

// sameOptions compares option maps, an empty map being the same as none.
func sameOptions(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func short(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}

// removeRun deletes the files a run consists of, and nothing else.
func removeRun(dir string) error {
	parts, _ := filepath.Glob(filepath.Join(dir, FramesDir, "part-*.parquet"))
	// Every file a run holds: its frames, manifest, analysis, optimizer
	// steps and, for an imported run, what the import recorded.
	for _, name := range []string{ManifestName, "analysis.parquet", "optimizer.parquet", "import.json", "reported.json"} {
		parts = append(parts, filepath.Join(dir, name))
	}
	steps, _ := filepath.Glob(filepath.Join(dir, "optimizer-s*.parquet"))
	for _, p := range append(parts, steps...) {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

// partPrefix is the start of the part file names of a shard ("part-" for a
// run that is not split).
func partPrefix(shard int) string {
	if shard < 0 {
		return "part-"
	}
	return fmt.Sprintf("part-s%d-", shard)
}

// ownParts lists the part files (finished, or temporary when tmp) whose
// names start with prefix and carry no other shard's mark.
func ownParts(framesDir, prefix string, tmp bool) []string {
	entries, _ := os.ReadDir(framesDir)
	var out []string
	for _, e := range entries {
		name := e.Name()
		if tmp {
			if !strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".tmp") {
				continue
			}
			name = strings.TrimSuffix(strings.TrimPrefix(name, "."), ".tmp")
		}
		if m := partName.FindStringSubmatch(name); m != nil && strings.HasPrefix(name, prefix) &&
			(prefix != "part-" || m[1] == "") {
			out = append(out, filepath.Join(framesDir, e.Name()))
		}
	}
	return out
}

func hasParts(framesDir, prefix string) bool { return len(ownParts(framesDir, prefix, false)) > 0 }

// removeTemps removes the temporary part files a killed run of this shard
// left; other shards' may be in the middle of being written.
func removeTemps(framesDir, prefix string) error {
	for _, t := range ownParts(framesDir, prefix, true) {
		if err := os.Remove(t); err != nil {
			return err
		}
	}
	return nil
}

func removeParts(framesDir, prefix string) error {
	for _, p := range ownParts(framesDir, prefix, false) {
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	return nil
}

func nextPart(framesDir, prefix string) (int, error) {
	next := 0
	for _, p := range ownParts(framesDir, prefix, false) {
		m := partName.FindStringSubmatch(filepath.Base(p))
		n, _ := strconv.Atoi(m[2])
		next = max(next, n+1)
	}
	return next, nil
}

// WritePass writes the rows of one pass (its back row and, if any, its
// forward row). A pass never straddles two part files.
func (w *Writer) WritePass(rows ...*Frame) error {
	if w.pw == nil {
		if err := w.startPart(); err != nil {
			return err
		}
	}
	for _, f := range rows {
		if len(f.Params) != len(w.layout.params) {
			return fmt.Errorf("frame of pass %d has %d parameters, the dataset %d", f.Pass, len(f.Params), len(w.layout.params))
		}
		w.row[0] = w.layout.appendRow(w.row[0][:0], f)
		if _, err := w.pw.WriteRows(w.row); err != nil {
			return fmt.Errorf("write %s: %w", w.tmp.Name(), err)
		}
		w.rows++
	}
	if w.rows >= w.RowsPerPart {
		return w.finishPart()
	}
	return nil
}

func (w *Writer) startPart() error {
	name := fmt.Sprintf("%s%05d.parquet", w.prefix, w.next)
	w.next++
	w.finalPath = filepath.Join(w.dir, name)
	f, err := os.Create(filepath.Join(w.dir, "."+name+".tmp"))
	if err != nil {
		return err
	}
	w.tmp, w.rows = f, 0
	w.pw = parquet.NewGenericWriter[any](f, append([]parquet.WriterOption{w.layout.schema}, w.opts...)...)
	return nil
}

// finishPart closes the current part and renames it into place.
func (w *Writer) finishPart() error {
	if w.pw == nil {
		return nil
	}
	pw, f := w.pw, w.tmp
	w.pw, w.tmp = nil, nil
	err := errors.Join(pw.Close(), f.Sync(), f.Close())
	if err == nil {
		err = os.Rename(f.Name(), w.finalPath)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("finish %s: %w", w.finalPath, err)
	}
	return nil
}

// Close finishes the last part file.
func (w *Writer) Close() error { return w.finishPart() }

// Abort drops the part being written; the parts already finished stay.
func (w *Writer) Abort() {
	if w.tmp != nil {
		w.tmp.Close()
		os.Remove(w.tmp.Name())
		w.pw, w.tmp = nil, nil
	}
}

// Parts lists the finished part files of a run directory, in order.
func Parts(runDir string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(runDir, FramesDir))
	if err != nil {
		return nil, err
	}
	var parts []string
	for _, e := range entries {
		if partName.MatchString(e.Name()) {
			parts = append(parts, filepath.Join(runDir, FramesDir, e.Name()))
		}
	}
	sort.Strings(parts)
	return parts, nil
}
