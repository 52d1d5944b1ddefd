package analysis

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/apache/arrow/go/v16/arrow"
	"github.com/apache/arrow/go/v16/arrow/array"
	"github.com/apache/arrow/go/v16/arrow/memory"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/atomicfile"
)

// TableName is the analysis table's file name in a run directory.
const TableName = frames.AnalysisFileName

// TableVersion is the layout of the analysis table this package writes,
// recorded as passframes.analysis_version. Version 1 (no key) named the
// criterion and parameter columns bare, which clashed with the frames'
// columns of the same names on a join; version 2 prefixes them.
const TableVersion = 2

// Key-value metadata the table itself writes. Options.Metadata must not
// use these keys.
const (
	metaVersion   = "passframes.analysis_version"
	metaExpert    = "passframes.expert"
	metaSymbol    = "passframes.symbol"
	metaTimeframe = "passframes.timeframe"
	metaSpearman  = "passframes.spearman"
	metaOptions   = "passframes.options"
)

// ownKeys are the metadata keys the table writes itself, and the one Arrow
// writers add for their own schema.
var ownKeys = map[string]bool{metaVersion: true, metaExpert: true, metaSymbol: true,
	metaTimeframe: true, metaSpearman: true, metaOptions: true, "ARROW:schema": true}

// lineColumns are the regression outputs stored for each series.
var lineColumns = []string{"slope", "intercept", "r2", "stand_err", "profit_stability"}

// Column name prefixes of table version 2.
const (
	CriterionPrefix = "crit_"  // a criterion's value
	RankPrefix      = "rank_"  // a pass's rank under a criterion
	ParamPrefix     = "param_" // an input parameter
)

// naming gives the column names of one table version.
type naming struct{ version int }

// criterion is the value column of the named criterion.
func (n naming) criterion(name string) string {
	if n.version < 2 {
		return name
	}
	return CriterionPrefix + name
}

// params names the parameter columns of m. Version 1 prefixed a parameter
// only where it clashed with another column of the table.
func (n naming) params(m *frames.Manifest, crits []string) []string {
	names := make([]string, len(m.Columns))
	if n.version >= 2 {
		for i, c := range m.Columns {
			names[i] = ParamPrefix + c.Name
		}
		return names
	}
	taken := map[string]bool{"pass": true, "has_points": true, "forward_profit": true, "forward_trades": true}
	for _, c := range crits {
		taken[c] = true
		taken[RankPrefix+c] = true
	}
	for _, s := range []string{"balance", "equity"} {
		for _, l := range lineColumns {
			taken[s+"_"+l] = true
		}
	}
	for i, c := range m.Columns {
		names[i] = c.Name
		if taken[c.Name] {
			names[i] = ParamPrefix + c.Name
		}
	}
	return names
}

// criterionNames lists the names of r's criteria.
func (r *Result) criterionNames() []string {
	out := make([]string, len(r.Criteria))
	for i, c := range r.Criteria {
		out[i] = c.Name
	}
	return out
}

// schema is the analysis table's Arrow schema: pass, the parameters, every
// criterion (null where unavailable), both regression lines, the forward
// results (null without a forward pass) and the rank under every criterion
// (null where the criterion is unavailable). Every column but pass is named
// so that it differs from every column of the frames.
func (r *Result) schema() (*arrow.Schema, error) {
	n := naming{TableVersion}
	fields := []arrow.Field{{Name: "pass", Type: arrow.PrimitiveTypes.Int64}}
	for i, name := range n.params(r.Manifest, nil) {
		t := arrow.DataType(arrow.PrimitiveTypes.Float64)
		if r.Manifest.Columns[i].Integer {
			t = arrow.PrimitiveTypes.Int64
		}
		fields = append(fields, arrow.Field{Name: name, Type: t})
	}
	for _, c := range r.Criteria {
		fields = append(fields, arrow.Field{Name: n.criterion(c.Name), Type: arrow.PrimitiveTypes.Float64, Nullable: true})
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
		fields = append(fields, arrow.Field{Name: RankPrefix + c.Name, Type: arrow.PrimitiveTypes.Int32, Nullable: true})
	}
	md, err := r.metadata()
	if err != nil {
		return nil, err
	}
	return arrow.NewSchema(fields, &md), nil
}

// metadata is the table's key-value metadata: the run's identity, the
// Spearman correlations, the options, and the caller's Options.Metadata.
func (r *Result) metadata() (arrow.Metadata, error) {
	m := r.Manifest
	spearman := map[string]float64{}
	for i, c := range r.Criteria {
		spearman[c.Name] = r.Spearman[i]
	}
	sj, err := json.Marshal(spearman)
	if err != nil {
		return arrow.Metadata{}, err
	}
	oj, err := json.Marshal(r.Options)
	if err != nil {
		return arrow.Metadata{}, err
	}
	keys := []string{metaVersion, metaExpert, metaSymbol, metaTimeframe, metaSpearman, metaOptions}
	values := []string{fmt.Sprint(TableVersion), m.Expert, m.Symbol, m.Timeframe, string(sj), string(oj)}
	for _, k := range slices.Sorted(maps.Keys(r.Options.Metadata)) {
		if ownKeys[k] || k == "" {
			return arrow.Metadata{}, fmt.Errorf("metadata key %q is empty or one the analysis table writes itself", k)
		}
		keys, values = append(keys, k), append(values, r.Options.Metadata[k])
	}
	return arrow.NewMetadata(keys, values), nil
}

// record builds the whole table as one Arrow record.
func (r *Result) record(mem memory.Allocator) (arrow.Record, error) {
	schema, err := r.schema()
	if err != nil {
		return nil, err
	}
	b := array.NewRecordBuilder(mem, schema)
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
	for _, line := range []func(p *Pass) *lineFields{
		func(p *Pass) *lineFields {
			return lineOf(&p.Balance.Slope, &p.Balance.Intercept, &p.Balance.R2, &p.Balance.StandErr, &p.Balance.ProfitStability)
		},
		func(p *Pass) *lineFields {
			return lineOf(&p.Equity.Slope, &p.Equity.Intercept, &p.Equity.R2, &p.Equity.StandErr, &p.Equity.ProfitStability)
		},
	} {
		var fs [len(lineFields{})]*array.Float64Builder
		for k := range fs {
			fs[k] = next().(*array.Float64Builder)
		}
		for i := range r.Passes {
			v := line(&r.Passes[i])
			for k := range fs {
				fs[k].Append(*v[k])
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
			if p := &r.Passes[i]; p.Available[c] {
				f.Append(int32(p.Ranks[c]))
			} else {
				f.AppendNull()
			}
		}
	}
	return b.NewRecord(), nil
}

// lineFields points at the five stored fields of a regression line, in the
// order of lineColumns.
type lineFields [5]*float64

func lineOf(v ...*float64) *lineFields { return (*lineFields)(v) }

// WriteTable writes the analysis as Parquet to w.
func (r *Result) WriteTable(w io.Writer) error {
	rec, err := r.record(memory.NewGoAllocator())
	if err != nil {
		return err
	}
	defer rec.Release()
	return writeParquet(w, rec)
}

// WriteTableFile writes the analysis to path atomically. Temporary files a
// killed writer left beside path are removed first.
func (r *Result) WriteTableFile(path string) error {
	if _, err := atomicfile.RemoveStale(path); err != nil {
		return err
	}
	return atomicfile.Write(path, r.WriteTable)
}

// isRankColumn reports whether a column name is a rank column, and of which
// criterion.
func isRankColumn(name string) (string, bool) {
	return strings.CutPrefix(name, RankPrefix)
}
