package frames

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/passframes/passframes/stats"
)

// randomFrames makes the back and forward rows of n passes: point lists of
// every shape (none, empty, one point, a few, thousands spanning many pages)
// and statistics that include 0, negatives and stats.MaxFloat.
func randomFrames(rng *rand.Rand, n int) [][]*Frame {
	passes := make([][]*Frame, n)
	for p := range passes {
		for _, period := range []string{Back, Forward} {
			if period == Forward && rng.IntN(3) == 0 {
				continue // a pass without a forward row
			}
			f := &Frame{Pass: int64(p*7 + 3), Window: int32(p % 3), Period: period,
				Params:     []float64{float64(rng.IntN(200) - 50), rng.NormFloat64()},
				EquityMode: []string{"min_max", "min"}[rng.IntN(2)]}
			for i := range f.Stats {
				switch rng.IntN(6) {
				case 0:
					f.Stats[i] = 0
				case 1:
					f.Stats[i] = stats.MaxFloat
				default:
					f.Stats[i] = rng.NormFloat64() * 1e4
				}
			}
			f.Stats = StoredStats(f.Stats) // the values format 2 stores
			var points int
			switch rng.IntN(6) {
			case 0: // no points: nil lists
			case 1:
				f.Time, f.Balance, f.Equity = []int64{}, []float64{}, []float64{}
			case 2:
				points = 1
			case 3:
				points = 3000
			default:
				points = 2 + rng.IntN(60)
			}
			t := int64(1_700_000_000_000)
			for range points {
				t += int64(1+rng.IntN(100)) * 60_000
				f.Time = append(f.Time, t)
				f.Balance = append(f.Balance, 10000+rng.NormFloat64()*100)
				f.Equity = append(f.Equity, 10000+rng.NormFloat64()*120)
			}
			passes[p] = append(passes[p], f)
		}
	}
	return passes
}

// writeFrames writes passes into dir with the dataset's writer, in parts of
// rowsPerPart rows and row groups of rowsPerGroup, adding opts (page sizes,
// page version) to its options.
func writeFrames(t *testing.T, dir string, passes [][]*Frame, rowsPerPart, rowsPerGroup int, opts ...parquet.WriterOption) {
	t.Helper()
	w, _, err := Create(dir, testManifest(), New)
	if err != nil {
		t.Fatal(err)
	}
	w.RowsPerPart, w.RowsPerGroup, w.firstGroup = rowsPerPart, rowsPerGroup, rowsPerGroup
	w.opts = append(w.opts, opts...)
	for _, rows := range passes {
		if err := w.WritePass(rows...); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// collect returns copies of every frame scan hands out.
func collect(t *testing.T, scan func(func(*Frame) error) error) []*Frame {
	t.Helper()
	var got []*Frame
	if err := scan(func(f *Frame) error {
		c := *f
		c.Params = append([]float64(nil), f.Params...)
		c.Time = append([]int64(nil), f.Time...)
		c.Balance = append([]float64(nil), f.Balance...)
		c.Equity = append([]float64(nil), f.Equity...)
		got = append(got, &c)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return got
}

// frameDiff describes how got differs from want, bit for bit; "" if not.
// A nil and an empty point list are the same.
func frameDiff(got, want *Frame) string {
	floats := func(name string, g, w []float64) string {
		if len(g) != len(w) {
			return fmt.Sprintf("%s has %d values, want %d", name, len(g), len(w))
		}
		for i := range g {
			if math.Float64bits(g[i]) != math.Float64bits(w[i]) {
				return fmt.Sprintf("%s[%d] = %v, want %v", name, i, g[i], w[i])
			}
		}
		return ""
	}
	switch {
	case got.Pass != want.Pass:
		return fmt.Sprintf("pass %d, want %d", got.Pass, want.Pass)
	case got.Window != want.Window:
		return fmt.Sprintf("window %d, want %d", got.Window, want.Window)
	case got.Period != want.Period:
		return fmt.Sprintf("period %q, want %q", got.Period, want.Period)
	case got.EquityMode != want.EquityMode:
		return fmt.Sprintf("equity mode %q, want %q", got.EquityMode, want.EquityMode)
	case len(got.Time) != len(want.Time):
		return fmt.Sprintf("%d point times, want %d", len(got.Time), len(want.Time))
	}
	for i := range got.Time {
		if got.Time[i] != want.Time[i] {
			return fmt.Sprintf("time[%d] = %d, want %d", i, got.Time[i], want.Time[i])
		}
	}
	for _, d := range []string{
		floats("params", got.Params, want.Params),
		floats("stats", got.Stats[:], want.Stats[:]),
		floats("balance", got.Balance, want.Balance),
		floats("equity", got.Equity, want.Equity),
	} {
		if d != "" {
			return d
		}
	}
	return ""
}

func compareFrames(t *testing.T, got, want []*Frame) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d frames, want %d", len(got), len(want))
	}
	for i := range got {
		if d := frameDiff(got[i], want[i]); d != "" {
			t.Fatalf("frame %d (pass %d %s): %s", i, want[i].Pass, want[i].Period, d)
		}
	}
}

func flatten(passes [][]*Frame) []*Frame {
	var all []*Frame
	for _, rows := range passes {
		all = append(all, rows...)
	}
	return all
}

func rowGroups(t *testing.T, path string) int {
	t.Helper()
	p, err := openPart(path)
	if err != nil {
		t.Fatal(err)
	}
	defer p.close()
	return len(p.pf.RowGroups())
}

// TestScanMatchesReference writes random frames in parts of several row
// groups and many pages, with both data page versions, and checks that Scan
// returns exactly the frames written and what parquet.Reader returns.
func TestScanMatchesReference(t *testing.T) {
	for _, version := range []int{1, 2} {
		t.Run(fmt.Sprintf("page v%d", version), func(t *testing.T) {
			dir := t.TempDir()
			passes := randomFrames(rand.New(rand.NewPCG(uint64(version), 8)), 60)
			writeFrames(t, dir, passes, 30, 7, parquet.DataPageVersion(version),
				parquet.PageBufferSize(4096))
			ds, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(ds.Parts) < 3 || rowGroups(t, ds.Parts[0]) < 3 {
				t.Fatalf("%d parts, %d row groups in the first: the test needs several of each", len(ds.Parts), rowGroups(t, ds.Parts[0]))
			}
			want := flatten(passes)
			got := collect(t, ds.Scan)
			compareFrames(t, got, want)
			compareFrames(t, got, collect(t, func(fn func(*Frame) error) error { return referenceScan(ds, fn) }))

			ids, err := ds.PassIDs()
			if err != nil {
				t.Fatal(err)
			}
			if len(ids) != len(passes) {
				t.Errorf("%d pass ids, want %d", len(ids), len(passes))
			}
			for _, f := range want {
				if !ids[f.Pass] {
					t.Errorf("pass %d missing from PassIDs", f.Pass)
				}
			}
		})
	}
}

// TestScanPartReusesBuffers checks that reading a part allocates nothing per
// row once the Frame's slices have grown to the longest point list.
func TestScanPartReusesBuffers(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own")
	}
	dir := t.TempDir()
	var passes [][]*Frame
	for p := range 2000 {
		f := testFrame(int64(p), Back)
		passes = append(passes, []*Frame{f})
	}
	writeFrames(t, dir, passes, 4000, 4000) // one row group: what is measured is the cost per row
	ds, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	allocs := func(rows int) float64 {
		return testing.AllocsPerRun(3, func() {
			n := 0
			ds.ScanPart(ds.Parts[0], func(*Frame) error {
				if n++; n == rows {
					return errStop
				}
				return nil
			})
		})
	}
	// The part's fixed cost (file, footer, cursors) is the same for 10 and
	// for 2000 rows; anything per row would show as the difference.
	if few, all := allocs(10), allocs(2000); all > few+20 {
		t.Errorf("reading 2000 rows allocates %g times, 10 rows %g times", all, few)
	}
}

var errStop = fmt.Errorf("stop")

// TestScanPartsConcurrently reads every part on its own goroutine, as
// analyze does, and checks each against a sequential read.
func TestScanPartsConcurrently(t *testing.T) {
	dir := t.TempDir()
	writeFrames(t, dir, randomFrames(rand.New(rand.NewPCG(11, 12)), 40), 12, 5)
	ds, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := make([][]*Frame, len(ds.Parts))
	errs := make([]error, len(ds.Parts))
	var wg sync.WaitGroup
	for i, path := range ds.Parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = ds.ScanPart(path, func(f *Frame) error {
				c := *f
				c.Params = slices.Clone(f.Params)
				c.Time, c.Balance, c.Equity = slices.Clone(f.Time), slices.Clone(f.Balance), slices.Clone(f.Equity)
				got[i] = append(got[i], &c)
				return nil
			})
		}()
	}
	wg.Wait()
	for i, path := range ds.Parts {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		compareFrames(t, got[i], collect(t, func(fn func(*Frame) error) error { return ds.ScanPart(path, fn) }))
	}
}

// A nullable layout, as other tools write the dataset back: optional
// scalars and lists with optional elements, columns in another order,
// dictionary-encoded doubles and plain strings.
func otherLayout(replace map[string]parquet.Node) *parquet.Schema {
	double := parquet.Encoded(parquet.Leaf(parquet.DoubleType), &parquet.RLEDictionary)
	g := parquet.Group{
		"pass":         parquet.Optional(parquet.Int(64)),
		"window":       parquet.Optional(parquet.Int(32)),
		"period":       parquet.Optional(parquet.String()),
		"MovingPeriod": parquet.Optional(parquet.Encoded(parquet.Int(64), &parquet.RLEDictionary)),
		"MaximumRisk":  parquet.Optional(double),
		"equity_mode":  parquet.String(),
		"point_time":   parquet.Optional(parquet.List(parquet.Optional(parquet.Timestamp(parquet.Millisecond)))),
		"balance":      parquet.Optional(parquet.List(parquet.Optional(parquet.Leaf(parquet.DoubleType)))),
		"equity":       parquet.List(parquet.Leaf(parquet.DoubleType)),
		"unrelated":    parquet.String(),
	}
	for _, n := range stats.Names {
		g[n] = parquet.Optional(double)
	}
	for name, node := range replace {
		g[name] = node
	}
	return parquet.NewSchema("frames", g)
}

// writeLayout writes frames as one part of dir with schema s, making a
// null of every optional scalar at every third row and of every optional
// list element at every fifth point. It returns the frames a reader must
// see: nulls read as zero, a null list as no points.
func writeLayout(t *testing.T, dir string, s *parquet.Schema, frames []*Frame) []*Frame {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, FramesDir), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WriteManifest(dir, testManifest()); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, FramesDir, "part-00000.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := parquet.NewWriter(f, s, parquet.MaxRowsPerRowGroup(4), parquet.PageBufferSize(1024))
	var want []*Frame
	for r, fr := range frames {
		exp := *fr
		exp.Params = append([]float64(nil), fr.Params...)
		exp.Time = append([]int64(nil), fr.Time...)
		exp.Balance = append([]float64(nil), fr.Balance...)
		exp.Equity = append([]float64(nil), fr.Equity...)
		var row parquet.Row
		for _, path := range s.Columns() {
			leaf, _ := s.Lookup(path...)
			row = appendColumn(row, leaf, path[0], r, fr, &exp)
		}
		if _, err := w.WriteRows([]parquet.Row{row}); err != nil {
			t.Fatal(err)
		}
		want = append(want, &exp)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return want
}

// appendColumn appends the values of column name of frame fr (row r) to
// row, and zeroes in exp what it wrote as a null.
func appendColumn(row parquet.Row, leaf parquet.LeafColumn, name string, r int, fr, exp *Frame) parquet.Row {
	col, maxDef := leaf.ColumnIndex, leaf.MaxDefinitionLevel
	value := func(x float64, s string) parquet.Value {
		switch leaf.Node.Type().Kind() {
		case parquet.ByteArray:
			return parquet.ValueOf(s)
		case parquet.Double:
			return parquet.ValueOf(x)
		case parquet.Int32:
			return parquet.ValueOf(int32(x))
		default:
			return parquet.ValueOf(int64(x))
		}
	}
	if leaf.MaxRepetitionLevel == 0 {
		var x float64
		var s string
		var zero func()
		switch name {
		case "pass":
			x, zero = float64(fr.Pass), func() { exp.Pass = 0 }
		case "window":
			x, zero = float64(fr.Window), func() { exp.Window = 0 }
		case "period":
			s, zero = fr.Period, func() { exp.Period = "" }
		case "equity_mode":
			s, zero = fr.EquityMode, func() { exp.EquityMode = "" }
		case "unrelated":
			s = "x"
		case "point_time", "balance", "equity": // mistyped as a scalar
			x = 1
		case "MovingPeriod", "MaximumRisk":
			i := map[string]int{"MovingPeriod": 0, "MaximumRisk": 1}[name]
			x, zero = fr.Params[i], func() { exp.Params[i] = 0 }
		default:
			i, _ := stats.Index(name)
			x, zero = fr.Stats[i], func() { exp.Stats[i] = 0 }
		}
		if maxDef > 0 && r%3 == 0 && zero != nil {
			zero()
			return append(row, parquet.NullValue().Level(0, 0, col))
		}
		return append(row, value(x, s).Level(0, maxDef, col))
	}
	var n int
	var at func(i int) float64
	var zeroAt func(i int)
	switch name {
	case "point_time":
		n, at, zeroAt = len(fr.Time), func(i int) float64 { return float64(fr.Time[i]) }, func(i int) { exp.Time[i] = 0 }
	case "balance":
		n, at, zeroAt = len(fr.Balance), func(i int) float64 { return fr.Balance[i] }, func(i int) { exp.Balance[i] = 0 }
	case "equity":
		n, at, zeroAt = len(fr.Equity), func(i int) float64 { return fr.Equity[i] }, func(i int) { exp.Equity[i] = 0 }
	}
	entryDef := maxDef
	if leaf.Node.Optional() {
		entryDef--
	}
	if n == 0 {
		return append(row, parquet.NullValue().Level(0, entryDef-1, col))
	}
	for i := range n {
		rep := 1
		if i == 0 {
			rep = 0
		}
		if entryDef < maxDef && i%5 == 4 {
			zeroAt(i)
			row = append(row, parquet.NullValue().Level(rep, entryDef, col))
			continue
		}
		row = append(row, value(at(i), "").Level(rep, maxDef, col))
	}
	return row
}

func TestScanReadsOtherLayouts(t *testing.T) {
	dir := t.TempDir()
	frames := flatten(randomFrames(rand.New(rand.NewPCG(3, 4)), 20))
	want := writeLayout(t, dir, otherLayout(nil), frames)
	ds, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	compareFrames(t, collect(t, ds.Scan), want)
	ids, err := ds.PassIDs()
	if err != nil {
		t.Fatal(err)
	}
	wantIDs := map[int64]bool{}
	for _, f := range want {
		wantIDs[f.Pass] = true // a null pass reads as 0
	}
	if !wantIDs[0] || len(ids) != len(wantIDs) {
		t.Errorf("pass ids %v, want %v", ids, wantIDs)
	}
	for id := range wantIDs {
		if !ids[id] {
			t.Errorf("pass %d missing from PassIDs", id)
		}
	}
}

func TestScanRejectsMistypedColumns(t *testing.T) {
	tests := []struct {
		column string
		node   parquet.Node
		want   string
	}{
		{"pass", parquet.Leaf(parquet.DoubleType), `column "pass" has type DOUBLE`},
		{"period", parquet.List(parquet.String()), `column "period" has type`},
		{"profit", parquet.Int(64), `column "profit" has type`},
		{"point_time", parquet.List(parquet.Timestamp(parquet.Microsecond)), `column "point_time" has elements of type TIMESTAMP(isAdjustedToUTC=true,unit=MICROS)`},
		{"balance", parquet.List(parquet.Int(64)), `column "balance" has elements of type INT(64,true), want DOUBLE`},
		{"equity", parquet.Leaf(parquet.DoubleType), `column "equity" has type`},
		{"equity", parquet.Repeated(parquet.Leaf(parquet.DoubleType)), `column "equity" has type`},
		{"MaximumRisk", parquet.List(parquet.Leaf(parquet.DoubleType)), `column "MaximumRisk" has type`},
		{"balance", parquet.Group{"a": parquet.Leaf(parquet.DoubleType), "b": parquet.Leaf(parquet.DoubleType)}, `column "balance" is not a list of DOUBLE`},
	}
	frames := flatten(randomFrames(rand.New(rand.NewPCG(5, 6)), 3))
	for _, tt := range tests {
		t.Run(tt.column, func(t *testing.T) {
			dir := t.TempDir()
			writeLayout(t, dir, otherLayout(map[string]parquet.Node{tt.column: tt.node}), frames)
			ds, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			err = ds.Scan(func(*Frame) error { return nil })
			if err == nil || !strings.Contains(err.Error(), "part-00000.parquet") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Scan: %v, want an error naming the file and saying %s", err, tt.want)
			}
			_, err = ds.PassIDs()
			if (err != nil) != (tt.column == "pass") {
				t.Errorf("PassIDs: %v", err)
			}
		})
	}
}

// corruptedParts writes a run of 30 random passes, then 120 times damages a
// few bytes of its part file at random and calls read: it returns, for each
// damage that read noticed, the byte damaged and the error. A panic is a
// test failure.
func corruptedParts(t *testing.T, seed uint64, read func(ds *Dataset) error) map[int]error {
	t.Helper()
	dir := t.TempDir()
	writeFrames(t, dir, randomFrames(rand.New(rand.NewPCG(7, 8)), 30), 1000, DefaultRowsPerGroup, parquet.PageBufferSize(2048))
	ds, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(ds.Parts[0])
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(9, seed))
	noticed := map[int]error{}
	for range 120 {
		b := append([]byte(nil), good...)
		at := 4 + rng.IntN(len(b)-8)
		for i := range 1 + rng.IntN(8) {
			if at+i < len(b)-8 {
				b[at+i] ^= byte(1 + rng.IntN(255))
			}
		}
		if err := os.WriteFile(ds.Parts[0], b, 0o644); err != nil {
			t.Fatal(err)
		}
		err := func() (err error) {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("panic with bytes damaged at %d: %v", at, r)
					t.Error(err)
				}
			}()
			return read(ds)
		}()
		if err != nil {
			noticed[at] = err
		}
	}
	if len(noticed) == 0 {
		t.Error("no damage was noticed")
	}
	return noticed
}

// TestCorruptPartIsAnError damages a part's bytes here and there: every
// Scan must end with the frames or with an error naming the file, never a
// panic.
func TestCorruptPartIsAnError(t *testing.T) {
	noticed := corruptedParts(t, 10, func(ds *Dataset) error { return ds.Scan(func(*Frame) error { return nil }) })
	for at, err := range noticed {
		msg := err.Error()
		if !strings.Contains(msg, "part-00000.parquet") || strings.Contains(msg, `column "element"`) {
			t.Errorf("damage at byte %d: %v, want an error naming the file (and the dataset column)", at, err)
		}
		if !strings.Contains(msg, "not a complete Parquet file") && !strings.Contains(msg, "column ") {
			t.Errorf("damage at byte %d: %v, want an error naming the column", at, err)
		}
		if strings.Contains(msg, "chunk at byte") && !strings.Contains(msg, ": row ") {
			t.Errorf("damage at byte %d: %v, want an error naming the row", at, err)
		}
	}
}
