package frames

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/compress/zstd"

	"github.com/passframes/passframes/internal/flock"
)

// frameCodec compresses the frames and deals files: Zstandard at its fastest
// level (docs/format.md says why). One codec for every writer: it pools its
// encoders, which are costly to create.
var frameCodec compress.Codec = &zstd.Codec{Level: zstd.SpeedFastest}

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

// Writer appends frames to a run's dataset, and with Manifest.Deals the
// passes' deals. Each part file is written under a temporary name and
// renamed when complete; the passes of an unfinished part are lost on a
// crash, never half-visible. A deals part carries the number of the frames
// part its passes are in and is renamed first: a deals part without its
// frames part is a leftover of a crash, removed by the next Create.
//
// Part files are encoded in parallel, row group by row group, and their
// boundaries depend only on the order the passes are given in (encode.go):
// the same passes in the same order make the same bytes. A Writer is used
// from one goroutine.
type Writer struct {
	prefix       string // "part-", or "part-sI-" for shard I
	layout       *layout
	opts         []parquet.WriterOption
	framesDir    string
	dealsDir     string // "" unless the run stores deals
	RowsPerPart  int
	RowsPerGroup int // rows of a row group at most: the unit encoded in parallel
	Encoders     int // row groups encoded at once; 0: one per core

	next     int        // number of the next part file
	part     *partFiles // the part being filled; nil between parts
	partRows int        // rows given to it
	groups   int        // groups of it sent so far
	// firstGroup is the size of a part's first group (firstGroupRows; tests
	// set RowsPerGroup to have every group the same size).
	firstGroup int
	cur        *passGroup  // the group being filled; nil between groups
	pipe       *pipeline   // started by the first group, stopped by Close, Abort and settle
	lock       *flock.Lock // released by Close and Abort
}

// Create prepares runDir for writing a run described by m and returns the
// writer and the passes already stored (non-empty only with Resume). The
// manifest is written at once (on Resume it must match the stored one).
func Create(runDir string, m *Manifest, mode Mode) (*Writer, map[PassKey]bool, error) {
	return CreateShard(runDir, m, mode, -1)
}

// Why Create refuses a run directory. The errors carry the directory.
var (
	// ErrRunExists: the directory holds a run and the mode is New.
	ErrRunExists = errors.New("already holds a run")
	// ErrShardExists: the directory holds this shard's parts, or another
	// run, and the mode is New.
	ErrShardExists = errors.New("already holds this shard of the run, or another run")
	// ErrBusy: another process is writing the same run (and shard) now.
	ErrBusy = errors.New("another process is writing this run now")
)

// CreateShard is Create for shard number shard (0 ≤ shard < m.Shards) of a
// run split into m.Shards: the shards write their own part files into the
// same directory, possibly at the same time. A shard may start in a
// directory that a sibling shard of the same run already started; New mode
// refuses only when this shard has parts there already. Overwrite removes
// this shard's parts only. shard −1 means the run is not split.
//
// The writer holds a lock on the run directory's lock file of its shard
// (Layout.Lock) from here until Close or Abort: a second writer of the same
// run and shard gets ErrBusy before it touches anything. The lock dies with
// the process.
func CreateShard(runDir string, m *Manifest, mode Mode, shard int) (*Writer, map[PassKey]bool, error) {
	if shard >= 0 && (m.Shards < 1 || shard >= m.Shards) {
		return nil, nil, fmt.Errorf("shard %d of a run split into %d", shard, m.Shards)
	}
	lay, err := newLayout(FormatVersion, m.Columns)
	if err != nil {
		return nil, nil, err
	}
	if err := os.MkdirAll(runDir, 0o755); err != nil {
		return nil, nil, err
	}
	lock, err := flock.Acquire(Layout{runDir}.Lock(shard))
	if errors.Is(err, flock.ErrLocked) {
		return nil, nil, fmt.Errorf("%s: %w (lock file %s)", runDir, ErrBusy, Layout{runDir}.Lock(shard))
	}
	if err != nil {
		return nil, nil, err
	}
	w, stored, err := prepare(runDir, m, mode, shard, lay)
	if err != nil {
		lock.Release()
		return nil, nil, err
	}
	w.lock = lock
	return w, stored, nil
}

// prepare readies runDir for this shard's writer, under its lock.
func prepare(runDir string, m *Manifest, mode Mode, shard int, lay *layout) (*Writer, map[PassKey]bool, error) {
	framesDir, dealsDir := filepath.Join(runDir, FramesDir), Layout{runDir}.Deals()
	existing, err := ReadManifest(runDir)
	exists := err == nil
	if err != nil && !errors.Is(err, os.ErrNotExist) && mode != Overwrite {
		return nil, nil, err
	}
	stored := map[PassKey]bool{}
	prefix := partPrefix(shard)
	if exists && mode == New && shard >= 0 && Compare(existing, m) == nil && !hasParts(framesDir, prefix) {
		mode = Resume // a sibling shard started the run; this shard has nothing stored yet
	}
	switch {
	case exists && mode == New && shard >= 0:
		return nil, nil, fmt.Errorf("%s (shard %d/%d): %w", runDir, shard, m.Shards, ErrShardExists)
	case exists && mode == New:
		return nil, nil, fmt.Errorf("%s: %w", runDir, ErrRunExists)
	case exists && mode == Resume:
		if err := Compare(existing, m); err != nil {
			return nil, nil, fmt.Errorf("cannot resume %s: %w", runDir, err)
		}
		ds, err := Open(runDir)
		if err != nil {
			return nil, nil, err
		}
		if stored, err = ds.PassKeys(); err != nil {
			return nil, nil, err
		}
	case mode == Overwrite && shard >= 0 && exists && Compare(existing, m) != nil:
		// The directory holds another run (or the same run unsplit): it is
		// replaced whole, as overwriting without a shard would.
		if err := removeRun(runDir); err != nil {
			return nil, nil, err
		}
	case mode == Overwrite && shard >= 0:
		if err := errors.Join(removeParts(framesDir, prefix), removeParts(dealsDir, prefix)); err != nil {
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
	// Under the lock, the temporary files of this shard are a killed
	// writer's leftovers.
	if err := errors.Join(removeTemps(framesDir, prefix), removeTemps(dealsDir, prefix),
		removeOrphanDeals(framesDir, dealsDir, prefix), removeFileTemps(runDir, shard)); err != nil {
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
	w := &Writer{prefix: prefix, layout: lay, RowsPerPart: DefaultRowsPerPart, RowsPerGroup: DefaultRowsPerGroup,
		firstGroup: firstGroupRows,
		next:       next, framesDir: framesDir,
		opts: []parquet.WriterOption{
			parquet.Compression(frameCodec),
			parquet.KeyValueMetadata("passframes.expert", m.Expert),
			parquet.KeyValueMetadata("passframes.symbol", m.Symbol),
			parquet.KeyValueMetadata("passframes.timeframe", m.Timeframe),
			parquet.KeyValueMetadata("passframes.format", strconv.Itoa(FormatVersion)),
		}}
	if m.Deals {
		if err := os.MkdirAll(dealsDir, 0o755); err != nil {
			return nil, nil, err
		}
		w.dealsDir = dealsDir
	}
	return w, stored, nil
}

// removeRun deletes the files a run consists of, and nothing else.
func removeRun(dir string) error {
	parts, _ := filepath.Glob(filepath.Join(dir, FramesDir, "part-*.parquet"))
	deals, _ := filepath.Glob(filepath.Join(Layout{dir}.Deals(), "part-*.parquet"))
	parts = append(parts, deals...)
	// Every file a run holds: its frames, deals, manifest, analysis, optimizer
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

// removeFileTemps removes the temporary files a killed writer of this shard
// left while it replaced one of its whole files (the optimizer's steps and,
// for an unsplit run, run.json): ".<name>.<random>.tmp". A sibling shard's
// are left alone.
func removeFileTemps(runDir string, shard int) error {
	names := []string{filepath.Base(Layout{runDir}.Steps(shard))}
	if shard < 0 {
		names = append(names, ManifestFileName)
	}
	for _, name := range names {
		temps, _ := filepath.Glob(filepath.Join(runDir, "."+name+".*.tmp"))
		for _, t := range temps {
			if err := os.Remove(t); err != nil {
				return err
			}
		}
	}
	return nil
}

// removeOrphanDeals removes the deals parts of this shard whose frames
// part does not exist: a crash came between the two renames, and the
// passes of that part will be run again.
func removeOrphanDeals(framesDir, dealsDir, prefix string) error {
	for _, p := range ownParts(dealsDir, prefix, false) {
		if _, err := os.Stat(filepath.Join(framesDir, filepath.Base(p))); errors.Is(err, os.ErrNotExist) {
			if err := os.Remove(p); err != nil {
				return err
			}
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
// forward row). A pass never straddles two part files. The rows are copied:
// the caller may change them once WritePass returns.
func (w *Writer) WritePass(rows ...*Frame) error {
	return w.WritePassDeals(nil, rows...)
}

// WritePassDeals writes the rows of one pass and its deals (of both
// periods), copying the rows. The deals go to the deals part of the same
// number as the frames part, so a pass's frames and deals are finished
// together.
func (w *Writer) WritePassDeals(deals []Deal, rows ...*Frame) error {
	own := make([]*Frame, len(rows))
	for i, f := range rows {
		own[i] = f.clone()
	}
	return w.SendPass(deals, own...)
}

// SendPass is WritePassDeals without the copy: the writer keeps the rows
// until they are encoded, on other goroutines, and the caller must not
// change them after the call. The deals are copied. An error in encoding or
// writing a part is returned by a later call, or by Close.
func (w *Writer) SendPass(deals []Deal, rows ...*Frame) error {
	if w.pipe != nil {
		if err := w.pipe.err(); err != nil {
			return err
		}
	}
	if len(deals) > 0 && w.dealsDir == "" {
		return ErrNoDeals
	}
	for _, f := range rows {
		if len(f.Params) != len(w.layout.params) {
			return fmt.Errorf("frame of pass %d has %d parameters, the dataset %d", f.Pass, len(f.Params), len(w.layout.params))
		}
	}
	if w.part == nil {
		if err := w.startPart(); err != nil {
			return err
		}
	}
	if w.cur == nil {
		w.cur = &passGroup{part: w.part, done: make(chan struct{})}
	}
	g := w.cur
	g.rows = append(g.rows, rows...)
	g.deals = append(g.deals, deals...)
	for _, f := range rows {
		g.points += len(f.Time)
	}
	w.partRows += len(rows)
	switch {
	case w.partRows >= w.RowsPerPart:
		w.endPart()
	case len(g.rows) >= groupRows(w.firstGroup, w.RowsPerGroup, w.groups) || g.points >= groupPoints || len(g.deals) >= groupDeals:
		w.sendGroup()
	}
	return nil
}

// clone copies f and the slices it holds.
func (f *Frame) clone() *Frame {
	c := *f
	c.Params = slices.Clone(f.Params)
	c.Time, c.Balance, c.Equity = slices.Clone(f.Time), slices.Clone(f.Balance), slices.Clone(f.Equity)
	return &c
}

// ErrNoDeals is returned when deals are written into a run whose manifest
// does not say it stores deals.
var ErrNoDeals = errors.New("this run does not store deals (its manifest has deals false)")

func (w *Writer) startPart() error {
	name := fmt.Sprintf("%s%05d.parquet", w.prefix, w.next)
	fr, err := startPart(w.framesDir, name, w.layout.schema, w.opts)
	if err != nil {
		return err
	}
	p := &partFiles{frames: fr}
	if w.dealsDir != "" {
		if p.deals, err = startPart(w.dealsDir, name, dealSchema, w.opts); err != nil {
			fr.abort()
			return err
		}
	}
	w.next++
	w.part, w.partRows, w.groups = p, 0, 0
	return nil
}

// sendGroup hands the group being filled to the encoders.
func (w *Writer) sendGroup() {
	if w.pipe == nil {
		n := w.Encoders
		if n <= 0 {
			n = runtime.GOMAXPROCS(0)
		}
		w.pipe = newPipeline(n)
	}
	w.pipe.send(w.cur, w.layout)
	w.cur = nil
	w.groups++
}

// endPart sends the last group of the part being filled (possibly empty:
// the part's other groups are sent already); committing it finishes the part.
func (w *Writer) endPart() {
	if w.part == nil {
		return
	}
	if w.cur == nil {
		w.cur = &passGroup{part: w.part, done: make(chan struct{})}
	}
	w.cur.last = true
	w.sendGroup()
	w.part = nil
}

// settle waits until every group sent is committed (the part being filled
// stays open) and returns the first error.
func (w *Writer) settle() error {
	if w.cur != nil {
		w.sendGroup()
	}
	if w.pipe == nil {
		return nil
	}
	err := w.pipe.stop()
	w.pipe = nil
	return err
}

// Flush finishes the part file being filled and waits until every pass sent
// is on disk; the writer stays open, with its lock, and the next pass starts
// a new part. A run that marks progress in files of its own (a walk-forward
// window's step file) flushes before it writes them.
func (w *Writer) Flush() error {
	w.endPart()
	return w.settle()
}

// Close finishes the last part file and releases the run's lock.
func (w *Writer) Close() error {
	defer w.lock.Release()
	w.endPart()
	return w.settle()
}

// Abort drops the parts not yet finished and releases the run's lock; the
// parts already finished stay.
func (w *Writer) Abort() {
	defer w.lock.Release()
	w.endPart()
	if w.pipe != nil {
		w.pipe.setErr(errAborted)
	}
	w.settle()
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
