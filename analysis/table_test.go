package analysis

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v16/arrow"
	"github.com/apache/arrow/go/v16/arrow/array"
	"github.com/apache/arrow/go/v16/arrow/memory"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/stats"
)

// noPointsRun writes three back passes without points, so that every
// criterion built on points is unavailable.
func noPointsRun(t *testing.T) *frames.Dataset {
	t.Helper()
	dir := t.TempDir()
	m := &frames.Manifest{Format: frames.FormatVersion, Expert: "X", Symbol: "S", Timeframe: "H1",
		Columns: []frames.Column{{Name: "A", Integer: true}}}
	w, _, err := frames.Create(dir, m, frames.New)
	if err != nil {
		t.Fatal(err)
	}
	for p := int64(0); p < 3; p++ {
		f := &frames.Frame{Pass: p, Period: frames.Back, Params: []float64{float64(10 + p)}, EquityMode: "min_max"}
		f.Stats[stats.InitialDeposit], f.Stats[stats.Profit], f.Stats[stats.Trades] = 1000, float64(100*p), 10
		if err := w.WritePass(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	ds, err := frames.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func TestTableColumnsDoNotClashWithFrames(t *testing.T) {
	ds := noPointsRun(t)
	res, err := Run(t.Context(), ds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	schema, err := res.schema()
	if err != nil {
		t.Fatal(err)
	}
	framesCols := map[string]bool{"period": true, "window": true, "equity_mode": true, "point_time": true,
		"balance": true, "equity": true, "profit": true}
	for _, name := range stats.Names {
		framesCols[name] = true
	}
	for _, f := range schema.Fields() {
		if framesCols[f.Name] {
			t.Errorf("column %q clashes with a frames column", f.Name)
		}
	}
	for _, want := range []string{"pass", "param_A", "crit_balance", "crit_profit", "rank_balance", "balance_slope", "forward_profit"} {
		if len(schema.FieldIndices(want)) != 1 {
			t.Errorf("no column %q", want)
		}
	}
}

func TestUnavailableCriterionAndRankAreNull(t *testing.T) {
	ds := noPointsRun(t)
	res, err := Run(t.Context(), ds, Options{Metadata: map[string]string{"passframes.overfit": `{"pbo":0.25}`}})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(ds.Dir, TableName)
	if err := res.WriteTableFile(path); err != nil {
		t.Fatal(err)
	}
	rec, kv, err := readParquet(path)
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Release()
	cols := columns{rec: rec, rows: int(rec.NumRows())}
	for name, nulls := range map[string]int{"crit_r2": 3, "rank_r2": 3, "crit_profit": 0, "rank_profit": 0, "forward_profit": 3} {
		a, err := cols.get(name)
		if err != nil {
			t.Fatal(err)
		}
		if a.NullN() != nulls {
			t.Errorf("%s has %d nulls, want %d", name, a.NullN(), nulls)
		}
	}
	// The profit ranks: passes 0, 1, 2 made 0, 100 and 200.
	cols.floats("rank_profit", func(i int, v float64, _ bool) {
		if want := float64(3 - i); v != want {
			t.Errorf("pass %d: rank_profit %g, want %g", i, v, want)
		}
	})
	if v := kv.FindValue("passframes.overfit"); v == nil || *v != `{"pbo":0.25}` {
		t.Errorf("caller's metadata: %v", v)
	}
	back, err := ReadTable(path, ds.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	if got := back.Options.Metadata["passframes.overfit"]; got != `{"pbo":0.25}` || len(back.Options.Metadata) != 1 {
		t.Errorf("metadata read back: %v", back.Options.Metadata)
	}
	r2, _ := back.Index("r2")
	for i, p := range back.Passes {
		if p.Available[r2] || p.Ranks[r2] != res.Passes[i].Ranks[r2] || p.Params[0] != float64(10+i) {
			t.Errorf("pass %d read back: available %v rank %d (want %d) param %g", p.Pass, p.Available[r2], p.Ranks[r2], res.Passes[i].Ranks[r2], p.Params[0])
		}
	}
	// The table's own keys are not the caller's to set.
	res.Options.Metadata = map[string]string{metaSpearman: "{}"}
	if err := res.WriteTableFile(path); err == nil || !strings.Contains(err.Error(), metaSpearman) {
		t.Errorf("a reserved metadata key was accepted: %v", err)
	}
}

func TestReadsVersionOneTables(t *testing.T) {
	ds := smallRun(t)
	res, err := Run(t.Context(), ds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := res.record(memory.NewGoAllocator())
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Release()
	// Version 1: bare criterion and parameter names, required ranks, no version key.
	var fields []arrow.Field
	for _, f := range rec.Schema().Fields() {
		f.Name = strings.TrimPrefix(strings.TrimPrefix(f.Name, CriterionPrefix), ParamPrefix)
		if strings.HasPrefix(f.Name, RankPrefix) {
			f.Nullable = false
		}
		fields = append(fields, f)
	}
	md := rec.Schema().Metadata()
	var keys, values []string
	for i, k := range md.Keys() {
		if k != metaVersion {
			keys, values = append(keys, k), append(values, md.Values()[i])
		}
	}
	meta := arrow.NewMetadata(keys, values)
	v1 := array.NewRecord(arrow.NewSchema(fields, &meta), rec.Columns(), rec.NumRows())
	defer v1.Release()
	path := filepath.Join(ds.Dir, TableName)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeParquet(f, v1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	back, err := ReadTable(path, ds.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Passes) != len(res.Passes) || len(back.Criteria) != len(res.Criteria) {
		t.Fatalf("version 1: %d passes %d criteria", len(back.Passes), len(back.Criteria))
	}
	for i := range res.Passes {
		a, b := &res.Passes[i], &back.Passes[i]
		for c := range res.Criteria {
			if a.Values[c] != b.Values[c] || a.Ranks[c] != b.Ranks[c] || a.Params[0] != b.Params[0] {
				t.Fatalf("version 1 pass %d %s differs", a.Pass, res.Criteria[c].Name)
			}
		}
	}
}

func TestReadTableRejectsBadFiles(t *testing.T) {
	ds := smallRun(t)
	res, err := Run(t.Context(), ds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(ds.Dir, TableName)
	if err := res.WriteTableFile(path); err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(path)
	for name, c := range map[string]struct {
		content []byte
		want    string
	}{
		"text":      {[]byte("pass,profit\n1,2\n"), "byte 0 is not the PAR1 magic"},
		"tiny":      {[]byte("PAR1"), "4 bytes"},
		"truncated": {good[:len(good)/2], "truncated"},
		"footer":    {append(append([]byte(nil), good[:len(good)-12]...), []byte("\x00\x00\x00\x00\xff\xff\xff\x7fPAR1")...), "not a readable Parquet file"},
	} {
		bad := filepath.Join(t.TempDir(), TableName)
		os.WriteFile(bad, c.content, 0o644)
		_, err := ReadTable(bad, ds.Manifest)
		if err == nil || !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error naming the file and %q", name, err, c.want)
		}
	}
}

func TestRunStopsWhenCancelled(t *testing.T) {
	ds := smallRun(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := Run(ctx, ds, Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run: %v", err)
	}
}

func TestStaleTemporaryFilesAreRemoved(t *testing.T) {
	ds := noPointsRun(t)
	res, err := Run(t.Context(), ds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(ds.Dir, "."+TableName+".12345.tmp")
	os.WriteFile(stale, []byte("half a table"), 0o644)
	if err := res.WriteTableFile(filepath.Join(ds.Dir, TableName)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("the stale temporary file is still there")
	}
}
