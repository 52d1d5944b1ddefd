package frames

import (
	"fmt"
	"reflect"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/passframes/passframes/stats"
)

// rowType is the Go struct type of a dataset row, built at run time because
// the parameter columns depend on the expert. Field order: pass, period, the
// parameters, the 41 statistics, equity_mode, point_time, balance, equity.
type rowType struct {
	typ    reflect.Type
	schema *parquet.Schema
	params []Column
	// field indexes
	firstParam, firstStat, equityMode, pointTime, balance, equity int
}

var (
	int64Type   = reflect.TypeOf(int64(0))
	float64Type = reflect.TypeOf(float64(0))
	stringType  = reflect.TypeOf("")
)

func newRowType(params []Column) (*rowType, error) {
	seen := map[string]bool{"pass": true, "period": true, "equity_mode": true,
		"point_time": true, "balance": true, "equity": true}
	for _, n := range stats.Names {
		seen[n] = true
	}
	fields := []reflect.StructField{
		{Name: "Pass", Type: int64Type, Tag: `parquet:"pass"`},
		{Name: "Period", Type: stringType, Tag: `parquet:"period,dict"`},
	}
	rt := &rowType{params: params, firstParam: len(fields)}
	for i, p := range params {
		if p.Name == "" || seen[p.Name] {
			return nil, fmt.Errorf("parameter name %q is empty or clashes with a dataset column", p.Name)
		}
		seen[p.Name] = true
		t := float64Type
		if p.Integer {
			t = int64Type
		}
		fields = append(fields, reflect.StructField{Name: fmt.Sprintf("P%d", i), Type: t,
			Tag: reflect.StructTag(fmt.Sprintf(`parquet:%q`, p.Name))})
	}
	rt.firstStat = len(fields)
	for i, n := range stats.Names {
		fields = append(fields, reflect.StructField{Name: fmt.Sprintf("S%d", i), Type: float64Type,
			Tag: reflect.StructTag(fmt.Sprintf(`parquet:%q`, n))})
	}
	rt.equityMode = len(fields)
	fields = append(fields,
		reflect.StructField{Name: "EquityMode", Type: stringType, Tag: `parquet:"equity_mode,dict"`},
		reflect.StructField{Name: "PointTime", Type: reflect.TypeOf([]int64{}),
			Tag: `parquet:"point_time,list" parquet-element:",timestamp(millisecond)"`},
		reflect.StructField{Name: "Balance", Type: reflect.TypeOf([]float64{}), Tag: `parquet:"balance,list"`},
		reflect.StructField{Name: "Equity", Type: reflect.TypeOf([]float64{}), Tag: `parquet:"equity,list"`},
	)
	rt.pointTime, rt.balance, rt.equity = rt.equityMode+1, rt.equityMode+2, rt.equityMode+3
	rt.typ = reflect.StructOf(fields)
	rt.schema = parquet.SchemaOf(reflect.New(rt.typ).Interface())
	return rt, nil
}

// fill copies f into the row value v (an addressable struct of rt.typ).
func (rt *rowType) fill(v reflect.Value, f *Frame) {
	v.Field(0).SetInt(f.Pass)
	v.Field(1).SetString(f.Period)
	for i, p := range rt.params {
		if p.Integer {
			v.Field(rt.firstParam + i).SetInt(int64(f.Params[i]))
		} else {
			v.Field(rt.firstParam + i).SetFloat(f.Params[i])
		}
	}
	for i, x := range f.Stats {
		v.Field(rt.firstStat + i).SetFloat(x)
	}
	v.Field(rt.equityMode).SetString(f.EquityMode)
	v.Field(rt.pointTime).Set(reflect.ValueOf(f.Time))
	v.Field(rt.balance).Set(reflect.ValueOf(f.Balance))
	v.Field(rt.equity).Set(reflect.ValueOf(f.Equity))
}

// leafColumn is the one leaf column under a top-level field of schema s
// (the field itself for a scalar, its element for a list), and false when
// there is no such field or it holds more than one leaf.
func leafColumn(s *parquet.Schema, name string) (parquet.LeafColumn, bool) {
	var path []string
	for _, p := range s.Columns() {
		if p[0] == name {
			if path != nil {
				return parquet.LeafColumn{}, false
			}
			path = p
		}
	}
	if path == nil {
		return parquet.LeafColumn{}, false
	}
	return s.Lookup(path...)
}

// checkLeaf reports why got, a part file's leaf column for the dataset column
// name, cannot be read as want, the leaf this package writes: a different
// physical type, a scalar where a list belongs or the other way round, or
// times in another unit. Nullability may differ: a file rewritten by another
// tool often marks every column optional, and a null reads as zero.
func checkLeaf(name string, got, want parquet.LeafColumn) error {
	switch {
	case got.MaxRepetitionLevel != want.MaxRepetitionLevel && want.MaxRepetitionLevel == 0:
		return fmt.Errorf("column %q is a list, want %v", name, want.Node.Type())
	case got.MaxRepetitionLevel != want.MaxRepetitionLevel:
		return fmt.Errorf("column %q is not a list of %v", name, want.Node.Type())
	case got.Node.Type().Kind() != want.Node.Type().Kind() || timeUnit(got.Node) != timeUnit(want.Node) && timeUnit(got.Node) != "":
		if want.MaxRepetitionLevel > 0 {
			return fmt.Errorf("column %q has elements of type %v, want %v", name, got.Node.Type(), want.Node.Type())
		}
		return fmt.Errorf("column %q has type %v, want %v", name, got.Node.Type(), want.Node.Type())
	}
	return nil
}

// timeUnit is the unit of a timestamp column, or "" for other columns.
func timeUnit(n parquet.Node) string {
	if lt := n.Type().LogicalType(); lt != nil {
		if ts, ok := lt.Value.(*format.TimestampType); ok {
			return ts.Unit.String()
		}
	}
	return ""
}
