package frames

import (
	"fmt"
	"reflect"

	"github.com/parquet-go/parquet-go"

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

// extract copies the row value v into f, reusing f's slices.
func (rt *rowType) extract(v reflect.Value, f *Frame) {
	f.Pass = v.Field(0).Int()
	f.Period = v.Field(1).String()
	f.Params = f.Params[:0]
	for i, p := range rt.params {
		if p.Integer {
			f.Params = append(f.Params, float64(v.Field(rt.firstParam+i).Int()))
		} else {
			f.Params = append(f.Params, v.Field(rt.firstParam+i).Float())
		}
	}
	for i := range f.Stats {
		f.Stats[i] = v.Field(rt.firstStat + i).Float()
	}
	f.EquityMode = v.Field(rt.equityMode).String()
	f.Time = append(f.Time[:0], v.Field(rt.pointTime).Interface().([]int64)...)
	f.Balance = append(f.Balance[:0], v.Field(rt.balance).Interface().([]float64)...)
	f.Equity = append(f.Equity[:0], v.Field(rt.equity).Interface().([]float64)...)
}
