package frames

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/passframes/passframes/stats"
)

func testManifest() *Manifest {
	return &Manifest{Format: FormatVersion, Expert: "MovingAverage", Symbol: "SAMPLE", Timeframe: "H1",
		Columns: []Column{{Name: "MovingPeriod", Integer: true}, {Name: "MaximumRisk"}}}
}

func testFrame(pass int64, period string) *Frame {
	f := &Frame{Pass: pass, Period: period, Params: []float64{float64(10 + pass), 0.02},
		EquityMode: "min_max", Time: []int64{1_700_000_000_000, 1_700_003_600_000},
		Balance: []float64{10000, 10000 + float64(pass)}, Equity: []float64{10000, 9990}}
	for i := range f.Stats {
		f.Stats[i] = float64(i) + float64(pass)/10
	}
	f.Stats = StoredStats(f.Stats) // what format 2 stores: whole counts, cents
	return f
}

func writeRun(t *testing.T, dir string, passes int, mode Mode) map[int64]bool {
	t.Helper()
	w, stored, err := Create(dir, testManifest(), mode)
	if err != nil {
		t.Fatal(err)
	}
	w.RowsPerPart = 4
	for p := int64(0); p < int64(passes); p++ {
		if stored[PassKey{Pass: p}] {
			continue
		}
		if err := w.WritePass(testFrame(p, Back), testFrame(p, Forward)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	ids := map[int64]bool{}
	for k := range stored {
		ids[k.Pass] = true
	}
	return ids
}

func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	writeRun(t, dir, 5, New)
	ds, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	// 10 rows, 4 per part, a pass never split: parts of 4, 4, 2 rows.
	if len(ds.Parts) != 3 {
		t.Fatalf("parts %v, want 3", ds.Parts)
	}
	var got []Frame
	if err := ds.Scan(func(f *Frame) error {
		c := *f
		c.Params = append([]float64(nil), f.Params...)
		c.Time = append([]int64(nil), f.Time...)
		c.Balance = append([]float64(nil), f.Balance...)
		c.Equity = append([]float64(nil), f.Equity...)
		got = append(got, c)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 10 {
		t.Fatalf("%d rows, want 10", len(got))
	}
	for i, g := range got {
		period := Back
		if i%2 == 1 {
			period = Forward
		}
		want := testFrame(int64(i/2), period)
		if !reflect.DeepEqual(&g, want) {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, g, *want)
		}
	}
}

func TestRefusesExistingRunUnlessResumeOrOverwrite(t *testing.T) {
	dir := t.TempDir()
	writeRun(t, dir, 3, New)
	// The library says what is wrong; the command adds which flag helps.
	if _, _, err := Create(dir, testManifest(), New); !errors.Is(err, ErrRunExists) || !strings.Contains(err.Error(), dir) {
		t.Fatalf("second New run: %v, want ErrRunExists naming the directory", err)
	}
	stored := writeRun(t, dir, 5, Resume)
	if len(stored) != 3 || !stored[0] || !stored[2] {
		t.Errorf("resume saw stored passes %v, want 0..2", stored)
	}
	ds, _ := Open(dir)
	ids, _ := ds.PassIDs()
	if len(ids) != 5 {
		t.Errorf("after resume %d passes, want 5", len(ids))
	}
	writeRun(t, dir, 1, Overwrite)
	ds, _ = Open(dir)
	ids, _ = ds.PassIDs()
	if len(ids) != 1 {
		t.Errorf("after overwrite %d passes, want 1", len(ids))
	}
}

func TestResumeRefusesAnotherRun(t *testing.T) {
	dir := t.TempDir()
	writeRun(t, dir, 1, New)
	m := testManifest()
	m.Expert = "SmaCross"
	if _, _, err := Create(dir, m, Resume); err == nil || !strings.Contains(err.Error(), "expert") {
		t.Fatalf("resume with another expert: %v", err)
	}
}

func TestUnfinishedPartIsInvisible(t *testing.T) {
	dir := t.TempDir()
	w, _, err := Create(dir, testManifest(), New)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WritePass(testFrame(0, Back)); err != nil {
		t.Fatal(err)
	}
	// The process dies here: no Close.
	parts, _ := Parts(dir)
	if len(parts) != 0 {
		t.Fatalf("an unfinished part is visible: %v", parts)
	}
	visible, _ := filepath.Glob(filepath.Join(dir, "frames", "*.parquet"))
	if len(visible) != 0 {
		t.Fatalf("a *.parquet glob sees %v", visible)
	}
	// A resumed run cleans the leftover temporary file, and those of the
	// files a killed writer was replacing.
	die(t, w)
	for _, name := range []string{".optimizer.parquet.123.tmp", ".run.json.456.tmp"} {
		os.WriteFile(filepath.Join(dir, name), []byte("half"), 0o644)
	}
	if _, _, err := Create(dir, testManifest(), Resume); err != nil {
		t.Fatal(err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "frames", ".*"))
	top, _ := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	if len(left)+len(top) != 0 {
		t.Errorf("temporary files left after resume: %v %v", left, top)
	}
}

// die leaves w as a process killed now would: the parts completed by the
// passes given so far are in place (their encoding finished), the open part
// is a temporary file, and the kernel dropped the lock.
func die(t *testing.T, w *Writer) {
	t.Helper()
	if err := w.settle(); err != nil {
		t.Fatal(err)
	}
	if w.part != nil {
		w.part.frames.tmp.Close()
		if w.part.deals != nil {
			w.part.deals.tmp.Close()
		}
	}
	w.lock.Release()
}

func TestTruncatedPartIsAClearError(t *testing.T) {
	dir := t.TempDir()
	writeRun(t, dir, 1, New)
	part := filepath.Join(dir, "frames", "part-00000.parquet")
	b, _ := os.ReadFile(part)
	if err := os.WriteFile(part, b[:len(b)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	ds, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	err = ds.Scan(func(*Frame) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "part-00000.parquet") || !strings.Contains(err.Error(), "bytes") {
		t.Fatalf("truncated part: %v, want an error naming the file and its size", err)
	}
}

func TestMissingColumnIsAClearError(t *testing.T) {
	dir := t.TempDir()
	writeRun(t, dir, 1, New)
	m, _ := ReadManifest(dir)
	m.Columns = append(m.Columns, Column{Name: "MovingShift", Integer: true})
	if err := WriteManifest(dir, m); err != nil {
		t.Fatal(err)
	}
	ds, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	err = ds.Scan(func(*Frame) error { return nil })
	if err == nil || !strings.Contains(err.Error(), `missing column "MovingShift"`) {
		t.Fatalf("got %v, want a missing column error", err)
	}
}

func TestParameterNameClash(t *testing.T) {
	m := testManifest()
	m.Columns = []Column{{Name: "profit"}}
	if _, _, err := Create(t.TempDir(), m, New); err == nil {
		t.Fatal("a parameter named like a statistic column was accepted")
	}
}

func TestSchemaHasEveryStatistic(t *testing.T) {
	l, err := newLayout(FormatVersion, testManifest().Columns)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range stats.Names {
		if _, ok := fieldByName(l.schema, n); !ok {
			t.Errorf("no column %s", n)
		}
	}
}

func TestShardsShareARunDirectory(t *testing.T) {
	dir := t.TempDir()
	m := testManifest()
	m.Shards = 2
	write := func(shard int, passes []int64, mode Mode) error {
		w, _, err := CreateShard(dir, m, mode, shard)
		if err != nil {
			return err
		}
		w.RowsPerPart = 2
		for _, p := range passes {
			if err := w.WritePass(testFrame(p, Back)); err != nil {
				return err
			}
		}
		return w.Close()
	}
	if err := write(0, []int64{0, 2, 4}, New); err != nil {
		t.Fatal(err)
	}
	// Shard 1 starts in the directory shard 0 made; a leftover temporary file
	// of shard 0 must survive it.
	leftover := filepath.Join(dir, FramesDir, ".part-s0-00009.parquet.tmp")
	os.WriteFile(leftover, []byte("in progress"), 0o644)
	if err := write(1, []int64{1, 3}, New); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(leftover); err != nil {
		t.Error("shard 1 removed shard 0's file in progress")
	}
	parts, _ := Parts(dir)
	names := make([]string, len(parts))
	for i, p := range parts {
		names[i] = filepath.Base(p)
	}
	want := []string{"part-s0-00000.parquet", "part-s0-00001.parquet", "part-s1-00000.parquet"}
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("parts %v, want %v", names, want)
	}
	ds, _ := Open(dir)
	ids, _ := ds.PassIDs()
	if len(ids) != 5 {
		t.Errorf("%d passes, want 5", len(ids))
	}
	// A shard that has parts refuses New; another split refuses too.
	if err := write(0, nil, New); !errors.Is(err, ErrShardExists) {
		t.Errorf("shard 0 again: %v, want ErrShardExists", err)
	}
	m.Shards = 3
	if _, _, err := CreateShard(dir, m, Resume, 0); err == nil || !strings.Contains(err.Error(), "shards") {
		t.Errorf("another split: %v", err)
	}
	m.Shards = 2
	// Overwriting shard 1 leaves shard 0 alone.
	if err := write(1, []int64{7}, Overwrite); err != nil {
		t.Fatal(err)
	}
	ds, _ = Open(dir)
	ids, _ = ds.PassIDs()
	if len(ids) != 4 || !ids[0] || !ids[7] || ids[1] {
		t.Errorf("after overwriting shard 1: %v", ids)
	}
	if _, _, err := CreateShard(dir, m, New, 2); err == nil {
		t.Error("shard 2 of 2 accepted")
	}
}

// TestOneWriterPerShard starts a second writer of the same run and shard
// while the first is open: it is refused with ErrBusy before it touches
// anything, while another shard may write.
func TestOneWriterPerShard(t *testing.T) {
	dir := t.TempDir()
	m := testManifest()
	m.Shards = 2
	w, _, err := CreateShard(dir, m, New, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WritePass(testFrame(0, Back)); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []Mode{New, Resume, Overwrite} {
		if _, _, err := CreateShard(dir, m, mode, 0); !errors.Is(err, ErrBusy) {
			t.Errorf("mode %d: second writer of shard 0: %v, want ErrBusy", mode, err)
		}
	}
	if tmp, _ := filepath.Glob(filepath.Join(dir, FramesDir, ".part-s0-*.tmp")); len(tmp) != 1 {
		t.Errorf("the first writer's part in progress: %v, want it untouched", tmp)
	}
	w1, _, err := CreateShard(dir, m, New, 1)
	if err != nil {
		t.Fatalf("shard 1 beside shard 0: %v", err)
	}
	w1.Abort()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	w2, stored, err := CreateShard(dir, m, Resume, 0)
	if err != nil || !stored[PassKey{Pass: 0}] {
		t.Fatalf("after Close: %v, stored %v", err, stored)
	}
	w2.Abort()
}

// TestFlushKeepsTheLock flushes between two stretches of passes, as a
// walk-forward run does between windows: the first stretch is a finished
// part on disk at once, the run stays locked against a second writer, and
// the passes after the flush go into a part of their own.
func TestFlushKeepsTheLock(t *testing.T) {
	dir := t.TempDir()
	w, _, err := Create(dir, testManifest(), New)
	if err != nil {
		t.Fatal(err)
	}
	for p := int64(0); p < 3; p++ {
		if err := w.WritePass(testFrame(p, Back)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if parts, _ := Parts(dir); len(parts) != 1 {
		t.Fatalf("after the flush: %d finished parts, want 1", len(parts))
	}
	if _, _, err := Create(dir, testManifest(), Resume); !errors.Is(err, ErrBusy) {
		t.Fatalf("second writer after the flush: %v, want ErrBusy", err)
	}
	for p := int64(3); p < 5; p++ {
		if err := w.WritePass(testFrame(p, Back)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if parts, _ := Parts(dir); len(parts) != 2 {
		t.Fatalf("after close: %d finished parts, want 2", len(parts))
	}
	ds, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := ds.PassIDs()
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 5 {
		t.Errorf("read %d passes, want 5", len(ids))
	}
	w2, _, err := Create(dir, testManifest(), Resume)
	if err != nil {
		t.Fatalf("a writer after close: %v", err)
	}
	w2.Abort()
}
