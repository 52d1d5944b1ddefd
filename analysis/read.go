package analysis

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/apache/arrow/go/v16/arrow"
	"github.com/apache/arrow/go/v16/arrow/array"
	"github.com/apache/arrow/go/v16/parquet/metadata"

	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/parallel"
)

// ReadTable reads an analysis table written by WriteTable (this version's
// layout or version 1's) back into a Result for the run described by m.
// Keys of the table's metadata that are not its own come back in
// Options.Metadata.
func ReadTable(path string, m *frames.Manifest) (*Result, error) {
	rec, kv, err := readParquet(path)
	if err != nil {
		return nil, err
	}
	defer rec.Release()
	r := &Result{Manifest: m}
	if o := kv.FindValue(metaOptions); o != nil {
		if err := json.Unmarshal([]byte(*o), &r.Options); err != nil {
			return nil, fmt.Errorf("read %s: metadata %s: %w", path, metaOptions, err)
		}
	}
	r.Options.Metadata = extraMetadata(kv)
	n := naming{version: 1}
	if v := kv.FindValue(metaVersion); v != nil {
		if n.version, err = strconv.Atoi(*v); err != nil || n.version < 1 || n.version > TableVersion {
			return nil, fmt.Errorf("read %s: table version %q: this program reads versions 1 to %d", path, *v, TableVersion)
		}
	}
	if err := r.fromRecord(rec, n, kv.FindValue(metaSpearman)); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return r, nil
}

// extraMetadata returns the key-value pairs the table's caller added (nil
// when there are none).
func extraMetadata(kv metadata.KeyValueMetadata) map[string]string {
	var out map[string]string
	for i, k := range kv.Keys() {
		if ownKeys[k] {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[k] = kv.Values()[i]
	}
	return out
}

// columns finds a record's columns by name.
type columns struct {
	rec  arrow.Record
	rows int
}

func (c columns) get(name string) (arrow.Array, error) {
	idx := c.rec.Schema().FieldIndices(name)
	if len(idx) == 0 {
		return nil, fmt.Errorf("missing column %q", name)
	}
	return c.rec.Column(idx[0]), nil
}

// floats calls fn for every row of a numeric column, as float64.
func (c columns) floats(name string, fn func(i int, v float64, valid bool)) error {
	col, err := c.numbers(name)
	if err != nil {
		return err
	}
	for i := range col.arr.Len() {
		v, ok := col.at(i)
		fn(i, v, ok)
	}
	return nil
}

// numbers is a numeric column read as float64 without a call per value.
type numbers struct {
	arr arrow.Array
	f64 []float64
	i64 []int64
	i32 []int32
}

// numbers returns the named numeric column.
func (c columns) numbers(name string) (numbers, error) {
	a, err := c.get(name)
	if err != nil {
		return numbers{}, err
	}
	switch t := a.(type) {
	case *array.Float64:
		return numbers{arr: a, f64: t.Float64Values()}, nil
	case *array.Int64:
		return numbers{arr: a, i64: t.Int64Values()}, nil
	case *array.Int32:
		return numbers{arr: a, i32: t.Int32Values()}, nil
	}
	return numbers{}, fmt.Errorf("column %q has type %s, want a number", name, a.DataType())
}

// at returns row i's value and whether it is not null.
func (c numbers) at(i int) (float64, bool) {
	var v float64
	switch {
	case c.f64 != nil:
		v = c.f64[i]
	case c.i64 != nil:
		v = float64(c.i64[i])
	default:
		v = float64(c.i32[i])
	}
	return v, c.arr.NullN() == 0 || c.arr.IsValid(i)
}

func (r *Result) fromRecord(rec arrow.Record, n naming, spearman *string) error {
	cols := columns{rec: rec, rows: int(rec.NumRows())}
	// The criteria are the columns that have a rank column.
	for _, f := range rec.Schema().Fields() {
		if name, ok := isRankColumn(f.Name); ok {
			c, err := criteria.ByName(name)
			if err != nil {
				return err
			}
			r.Criteria = append(r.Criteria, c)
		}
	}
	r.Passes = make([]Pass, cols.rows)
	// One block of memory per field for all the passes rather than four
	// small slices each: a pass's slices are neighbours of the next pass's,
	// which is what the column-by-column fill below walks through.
	np, nc := len(r.Manifest.Columns), len(r.Criteria)
	params, values := make([]float64, cols.rows*np), make([]float64, cols.rows*nc)
	available, ranks := make([]bool, cols.rows*nc), make([]int, cols.rows*nc)
	for i := range r.Passes {
		p := &r.Passes[i]
		p.Params = params[i*np : (i+1)*np : (i+1)*np]
		p.Values = values[i*nc : (i+1)*nc : (i+1)*nc]
		p.Available = available[i*nc : (i+1)*nc : (i+1)*nc]
		p.Ranks = ranks[i*nc : (i+1)*nc : (i+1)*nc]
	}
	steps := []func() error{
		func() error {
			return cols.floats("pass", func(i int, v float64, _ bool) { r.Passes[i].Pass = int64(v) })
		},
		func() error { return r.readParams(cols, n) },
		func() error { return r.readCriteria(cols, n) },
		func() error { return r.readLines(cols) },
		func() error { return r.readForward(cols) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	r.Spearman = make([]float64, len(r.Criteria))
	if spearman != nil {
		var m map[string]float64
		if err := json.Unmarshal([]byte(*spearman), &m); err != nil {
			return fmt.Errorf("metadata %s: %w", metaSpearman, err)
		}
		for k, c := range r.Criteria {
			r.Spearman[k] = m[c.Name]
		}
	}
	return nil
}

func (r *Result) readParams(cols columns, n naming) error {
	for j, name := range n.params(r.Manifest, r.criterionNames()) {
		if err := cols.floats(name, func(i int, v float64, _ bool) { r.Passes[i].Params[j] = v }); err != nil {
			return err
		}
	}
	return nil
}

// readCriteria reads every criterion's values and ranks. A null rank (an
// unavailable criterion) is put back as the rank after every available
// pass, which is what Run gives such a pass.
//
// The passes are filled a block of rows at a time, every criterion of the
// block before the next block, on every core: column after column over all
// the passes would visit each pass's values once per criterion, a cache miss
// each time on a big table.
func (r *Result) readCriteria(cols columns, n naming) error {
	nc := len(r.Criteria)
	values, ranks := make([]numbers, nc), make([]numbers, nc)
	also := make([]func(p *Pass) *float64, nc)
	nullRank := make([]int, nc) // the rank a pass without the criterion gets
	for k, crit := range r.Criteria {
		var err error
		if values[k], err = cols.numbers(n.criterion(crit.Name)); err != nil {
			return err
		}
		if ranks[k], err = cols.numbers(RankPrefix + crit.Name); err != nil {
			return err
		}
		also[k] = passField(crit.Name)
		nullRank[k] = -1
		if n.version >= 2 {
			nullRank[k] = ranks[k].arr.Len() - ranks[k].arr.NullN() + 1
		}
	}
	const block = 512
	blocks := (len(r.Passes) + block - 1) / block
	return parallel.For(context.Background(), blocks, parallel.Workers(0), func(_ context.Context, b int) error {
		lo, hi := b*block, min((b+1)*block, len(r.Passes))
		for k := range values {
			for i := lo; i < hi; i++ {
				p := &r.Passes[i]
				v, ok := values[k].at(i)
				p.Values[k], p.Available[k] = v, ok
				if also[k] != nil {
					*also[k](p) = v
				}
				rank, _ := ranks[k].at(i)
				p.Ranks[k] = int(rank)
				if !ok && nullRank[k] > 0 {
					p.Ranks[k] = nullRank[k]
				}
			}
		}
		return nil
	})
}

// passField returns the field of Pass that also holds criterion name's
// value, or nil.
func passField(name string) func(p *Pass) *float64 {
	switch name {
	case "profit":
		return func(p *Pass) *float64 { return &p.Profit }
	case "trades":
		return func(p *Pass) *float64 { return &p.Trades }
	case "profit_factor":
		return func(p *Pass) *float64 { return &p.ProfitFactor }
	case "expected_payoff":
		return func(p *Pass) *float64 { return &p.ExpectedPayoff }
	}
	return nil
}

func (r *Result) readLines(cols columns) error {
	for _, l := range []struct {
		prefix string
		fields func(p *Pass) *lineFields
	}{
		{"balance_", func(p *Pass) *lineFields {
			return lineOf(&p.Balance.Slope, &p.Balance.Intercept, &p.Balance.R2, &p.Balance.StandErr, &p.Balance.ProfitStability)
		}},
		{"equity_", func(p *Pass) *lineFields {
			return lineOf(&p.Equity.Slope, &p.Equity.Intercept, &p.Equity.R2, &p.Equity.StandErr, &p.Equity.ProfitStability)
		}},
	} {
		for k, name := range lineColumns {
			err := cols.floats(l.prefix+name, func(i int, v float64, _ bool) { *l.fields(&r.Passes[i])[k] = v })
			if err != nil {
				return err
			}
		}
	}
	return nil
}

func (r *Result) readForward(cols columns) error {
	hp, err := cols.get("has_points")
	if err != nil {
		return err
	}
	b, ok := hp.(*array.Boolean)
	if !ok {
		return fmt.Errorf("column %q has type %s, want boolean", "has_points", hp.DataType())
	}
	for i := 0; i < b.Len(); i++ {
		r.Passes[i].HasPoints = b.Value(i)
	}
	err = cols.floats("forward_profit", func(i int, v float64, valid bool) {
		r.Passes[i].ForwardProfit, r.Passes[i].HasForward = v, valid
	})
	if err != nil {
		return err
	}
	return cols.floats("forward_trades", func(i int, v float64, _ bool) { r.Passes[i].ForwardTrades = v })
}
