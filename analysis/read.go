package analysis

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/apache/arrow/go/v16/arrow"
	"github.com/apache/arrow/go/v16/arrow/array"
	"github.com/apache/arrow/go/v16/arrow/memory"
	"github.com/apache/arrow/go/v16/parquet/file"
	"github.com/apache/arrow/go/v16/parquet/pqarrow"

	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/frames"
)

// ReadTable reads an analysis table written by WriteTable back into a Result
// for the run described by m.
func ReadTable(path string, m *frames.Manifest) (*Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	pf, err := file.NewParquetReader(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{}, memory.NewGoAllocator())
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer tbl.Release()
	r := &Result{Manifest: m}
	kv := pf.MetaData().KeyValueMetadata()
	if o := kv.FindValue("passframes.options"); o != nil {
		if err := json.Unmarshal([]byte(*o), &r.Options); err != nil {
			return nil, fmt.Errorf("read %s: options: %w", path, err)
		}
	}
	if err := r.fromTable(tbl, kv.FindValue("passframes.spearman")); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return r, nil
}

func (r *Result) fromTable(tbl arrow.Table, spearman *string) error {
	schema := tbl.Schema()
	col := func(name string) (*arrow.Chunked, error) {
		idx := schema.FieldIndices(name)
		if len(idx) == 0 {
			return nil, fmt.Errorf("missing column %q", name)
		}
		return tbl.Column(idx[0]).Data(), nil
	}
	// The criteria are the columns that have a rank column.
	for _, f := range schema.Fields() {
		if len(f.Name) > 5 && f.Name[:5] == "rank_" {
			c, err := criteria.ByName(f.Name[5:])
			if err != nil {
				return err
			}
			r.Criteria = append(r.Criteria, c)
		}
	}
	n := int(tbl.NumRows())
	r.Passes = make([]Pass, n)
	passes, err := col("pass")
	if err != nil {
		return err
	}
	eachInt(passes, func(i int, v int64, _ bool) { r.Passes[i].Pass = v })
	for i := range r.Passes {
		p := &r.Passes[i]
		p.Params = make([]float64, len(r.Manifest.Columns))
		p.Values = make([]float64, len(r.Criteria))
		p.Available = make([]bool, len(r.Criteria))
		p.Ranks = make([]int, len(r.Criteria))
	}
	for j, name := range r.paramColumns() {
		c, err := col(name)
		if err != nil {
			return err
		}
		eachFloat(c, func(i int, v float64, _ bool) { r.Passes[i].Params[j] = v })
	}
	for k, crit := range r.Criteria {
		c, err := col(crit.Name)
		if err != nil {
			return err
		}
		eachFloat(c, func(i int, v float64, valid bool) { r.Passes[i].Values[k], r.Passes[i].Available[k] = v, valid })
		rc, err := col("rank_" + crit.Name)
		if err != nil {
			return err
		}
		eachInt(rc, func(i int, v int64, valid bool) { r.Passes[i].Ranks[k] = readRank(v, valid, len(r.Passes)) })
		switch crit.Name {
		case "profit":
			eachFloat(c, func(i int, v float64, _ bool) { r.Passes[i].Profit = v })
		case "trades":
			eachFloat(c, func(i int, v float64, _ bool) { r.Passes[i].Trades = v })
		case "profit_factor":
			eachFloat(c, func(i int, v float64, _ bool) { r.Passes[i].ProfitFactor = v })
		case "expected_payoff":
			eachFloat(c, func(i int, v float64, _ bool) { r.Passes[i].ExpectedPayoff = v })
		}
	}
	lines := []struct {
		prefix string
		get    func(p *Pass) []*float64
	}{
		{"balance_", func(p *Pass) []*float64 {
			l := &p.Balance
			return []*float64{&l.Slope, &l.Intercept, &l.R2, &l.StandErr, &l.ProfitStability}
		}},
		{"equity_", func(p *Pass) []*float64 {
			l := &p.Equity
			return []*float64{&l.Slope, &l.Intercept, &l.R2, &l.StandErr, &l.ProfitStability}
		}},
	}
	for _, l := range lines {
		for k, name := range lineColumns {
			c, err := col(l.prefix + name)
			if err != nil {
				return err
			}
			eachFloat(c, func(i int, v float64, _ bool) { *l.get(&r.Passes[i])[k] = v })
		}
	}
	hp, err := col("has_points")
	if err != nil {
		return err
	}
	i := 0
	for _, chunk := range hp.Chunks() {
		b := chunk.(*array.Boolean)
		for j := 0; j < b.Len(); j++ {
			r.Passes[i].HasPoints = b.Value(j)
			i++
		}
	}
	fp, err := col("forward_profit")
	if err != nil {
		return err
	}
	eachFloat(fp, func(i int, v float64, valid bool) { r.Passes[i].ForwardProfit, r.Passes[i].HasForward = v, valid })
	ft, err := col("forward_trades")
	if err != nil {
		return err
	}
	eachFloat(ft, func(i int, v float64, _ bool) { r.Passes[i].ForwardTrades = v })
	r.Spearman = make([]float64, len(r.Criteria))
	if spearman != nil {
		var m map[string]float64
		if err := json.Unmarshal([]byte(*spearman), &m); err == nil {
			for k, c := range r.Criteria {
				r.Spearman[k] = m[c.Name]
			}
		}
	}
	return nil
}

// eachFloat calls fn for every row of a numeric column, as float64.
func eachFloat(c *arrow.Chunked, fn func(i int, v float64, valid bool)) {
	i := 0
	for _, chunk := range c.Chunks() {
		for j := 0; j < chunk.Len(); j++ {
			var v float64
			switch a := chunk.(type) {
			case *array.Float64:
				v = a.Value(j)
			case *array.Int64:
				v = float64(a.Value(j))
			case *array.Int32:
				v = float64(a.Value(j))
			}
			fn(i, v, chunk.IsValid(j))
			i++
		}
	}
}

func eachInt(c *arrow.Chunked, fn func(i int, v int64, valid bool)) {
	eachFloat(c, func(i int, v float64, valid bool) { fn(i, int64(v), valid) })
}
