package analysis

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/apache/arrow/go/v16/arrow"
	"github.com/apache/arrow/go/v16/arrow/array"
	"github.com/apache/arrow/go/v16/parquet/metadata"

	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/frames"
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
	a, err := c.get(name)
	if err != nil {
		return err
	}
	for i := 0; i < a.Len(); i++ {
		var v float64
		switch a := a.(type) {
		case *array.Float64:
			v = a.Value(i)
		case *array.Int64:
			v = float64(a.Value(i))
		case *array.Int32:
			v = float64(a.Value(i))
		default:
			return fmt.Errorf("column %q has type %s, want a number", name, a.DataType())
		}
		fn(i, v, a.IsValid(i))
	}
	return nil
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
	for i := range r.Passes {
		p := &r.Passes[i]
		p.Params = make([]float64, len(r.Manifest.Columns))
		p.Values = make([]float64, len(r.Criteria))
		p.Available = make([]bool, len(r.Criteria))
		p.Ranks = make([]int, len(r.Criteria))
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
func (r *Result) readCriteria(cols columns, n naming) error {
	for k, crit := range r.Criteria {
		name := n.criterion(crit.Name)
		err := cols.floats(name, func(i int, v float64, valid bool) {
			p := &r.Passes[i]
			p.Values[k], p.Available[k] = v, valid
			switch crit.Name {
			case "profit":
				p.Profit = v
			case "trades":
				p.Trades = v
			case "profit_factor":
				p.ProfitFactor = v
			case "expected_payoff":
				p.ExpectedPayoff = v
			}
		})
		if err != nil {
			return err
		}
		available := 0
		err = cols.floats(RankPrefix+crit.Name, func(i int, v float64, valid bool) {
			r.Passes[i].Ranks[k] = int(v)
			if valid {
				available++
			}
		})
		if err != nil {
			return err
		}
		for i := range r.Passes {
			if !r.Passes[i].Available[k] && n.version >= 2 {
				r.Passes[i].Ranks[k] = available + 1
			}
		}
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
