package analysis

import (
	"encoding/json"
	"io"

	"github.com/apache/arrow/go/v16/arrow"
	"github.com/apache/arrow/go/v16/arrow/array"
	"github.com/apache/arrow/go/v16/arrow/memory"
	"github.com/apache/arrow/go/v16/parquet"
	"github.com/apache/arrow/go/v16/parquet/compress"
	"github.com/apache/arrow/go/v16/parquet/pqarrow"

	"github.com/passframes/passframes/internal/atomicfile"
)

// TableName is the analysis table's file name in a run directory.
const TableName = "analysis.parquet"

// lineColumns are the regression outputs stored for each series.
var lineColumns = []string{"slope", "intercept", "r2", "stand_err", "profit_stability"}

// columnNames returns the name of every parameter column, prefixed with
// "param_" where it would clash with another column of the table.
func (r *Result) paramColumns() []string {
	taken := map[string]bool{"pass": true, "has_points": true, "forward_profit": true, "forward_trades": true}
	for _, c := range r.Criteria {
		taken[c.Name] = true
		taken["rank_"+c.Name] = true
	}
	for _, s := range []string{"balance", "equity"} {
		for _, l := range lineColumns {
			taken[s+"_"+l] = true
		}
	}
	names := make([]string, len(r.Manifest.Columns))
	for i, c := range r.Manifest.Columns {
		names[i] = c.Name
		if taken[c.Name] {
			names[i] = "param_" + c.Name
		}
	}
	return names
}

// schema is the analysis table's Arrow schema: pass, the parameters, every
// criterion (null where unavailable), both regression lines, the forward
// results (null without a forward pass) and the rank under every criterion.
func (r *Result) schema() *arrow.Schema {
	fields := []arrow.Field{{Name: "pass", Type: arrow.PrimitiveTypes.Int64}}
	for i, name := range r.paramColumns() {
		t := arrow.DataType(arrow.PrimitiveTypes.Float64)
		if r.Manifest.Columns[i].Integer {
			t = arrow.PrimitiveTypes.Int64
		}
		fields = append(fields, arrow.Field{Name: name, Type: t})
	}
	for _, c := range r.Criteria {
		fields = append(fields, arrow.Field{Name: c.Name, Type: arrow.PrimitiveTypes.Float64, Nullable: true})
	}
	for _, s := range []string{"balance", "equity"} {
		for _, l := range lineColumns {
			fields = append(fields, arrow.Field{Name: s + "_" + l, Type: arrow.PrimitiveTypes.Float64})
		}
	}
	fields = append(fields,
		arrow.Field{Name: "has_points", Type: arrow.FixedWidthTypes.Boolean},
		arrow.Field{Name: "forward_profit", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		arrow.Field{Name: "forward_trades", Type: arrow.PrimitiveTypes.Float64, Nullable: true})
	for _, c := range r.Criteria {
		fields = append(fields, arrow.Field{Name: "rank_" + c.Name, Type: arrow.PrimitiveTypes.Int32, Nullable: true})
	}
	m := r.Manifest
	spearman := map[string]float64{}
	for i, c := range r.Criteria {
		spearman[c.Name] = r.Spearman[i]
	}
	sj, _ := json.Marshal(spearman)
	oj, _ := json.Marshal(r.Options)
	md := arrow.NewMetadata(
		[]string{"passframes.expert", "passframes.symbol", "passframes.timeframe", "passframes.spearman", "passframes.options"},
		[]string{m.Expert, m.Symbol, m.Timeframe, string(sj), string(oj)})
	return arrow.NewSchema(fields, &md)
}

// record builds the whole table as one Arrow record.
func (r *Result) record(mem memory.Allocator) arrow.Record {
	b := array.NewRecordBuilder(mem, r.schema())
	defer b.Release()
	col := 0
	next := func() array.Builder { f := b.Field(col); col++; return f }
	pass := next().(*array.Int64Builder)
	for i := range r.Passes {
		pass.Append(r.Passes[i].Pass)
	}
	for j, c := range r.Manifest.Columns {
		f := next()
		for i := range r.Passes {
			v := r.Passes[i].Params[j]
			if c.Integer {
				f.(*array.Int64Builder).Append(int64(v))
			} else {
				f.(*array.Float64Builder).Append(v)
			}
		}
	}
	for c := range r.Criteria {
		f := next().(*array.Float64Builder)
		for i := range r.Passes {
			p := &r.Passes[i]
			if p.Available[c] {
				f.Append(p.Values[c])
			} else {
				f.AppendNull()
			}
		}
	}
	for _, line := range []func(p *Pass) [5]float64{
		func(p *Pass) [5]float64 {
			return lineValues(p.Balance.Slope, p.Balance.Intercept, p.Balance.R2, p.Balance.StandErr, p.Balance.ProfitStability)
		},
		func(p *Pass) [5]float64 {
			return lineValues(p.Equity.Slope, p.Equity.Intercept, p.Equity.R2, p.Equity.StandErr, p.Equity.ProfitStability)
		},
	} {
		fs := [5]*array.Float64Builder{}
		for k := range fs {
			fs[k] = next().(*array.Float64Builder)
		}
		for i := range r.Passes {
			v := line(&r.Passes[i])
			for k := range fs {
				fs[k].Append(v[k])
			}
		}
	}
	hp := next().(*array.BooleanBuilder)
	for i := range r.Passes {
		hp.Append(r.Passes[i].HasPoints)
	}
	fp, ft := next().(*array.Float64Builder), next().(*array.Float64Builder)
	for i := range r.Passes {
		p := &r.Passes[i]
		if p.HasForward {
			fp.Append(p.ForwardProfit)
			ft.Append(p.ForwardTrades)
		} else {
			fp.AppendNull()
			ft.AppendNull()
		}
	}
	for c := range r.Criteria {
		f := next().(*array.Int32Builder)
		for i := range r.Passes {
			appendRank(f, &r.Passes[i], c)
		}
	}
	return b.NewRecord()
}

func lineValues(v ...float64) [5]float64 { return [5]float64{v[0], v[1], v[2], v[3], v[4]} }

// WriteTable writes the analysis as Parquet to w.
func (r *Result) WriteTable(w io.Writer) error {
	mem := memory.NewGoAllocator()
	rec := r.record(mem)
	defer rec.Release()
	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Snappy), parquet.WithDictionaryDefault(false))
	fw, err := pqarrow.NewFileWriter(rec.Schema(), w, props, pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
	if err != nil {
		return err
	}
	if err := fw.Write(rec); err != nil {
		fw.Close()
		return err
	}
	return fw.Close()
}

// WriteTableFile writes the analysis to path atomically.
func (r *Result) WriteTableFile(path string) error {
	return atomicfile.Write(path, r.WriteTable)
}
