package frames

import (
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"

	"github.com/parquet-go/parquet-go"
)

// referenceScan reads every frame of d the plain way, row by row through
// parquet.Reader into the reflect-built row struct: slow, but it leaves
// every decision to parquet-go, so the column reader is checked against it.
func referenceScan(d *Dataset, fn func(*Frame) error) error {
	for _, path := range d.Parts {
		if err := referenceScanPart(d, path, fn); err != nil {
			return err
		}
	}
	return nil
}

func referenceScanPart(d *Dataset, path string, fn func(*Frame) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	r := parquet.NewReader(pf, d.rt.schema)
	defer r.Close()
	row := reflect.New(d.rt.typ)
	var fr Frame
	for n := int64(0); ; n++ {
		if err := r.Read(row.Interface()); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("read %s: row %d: %w", path, n, err)
		}
		referenceExtract(d.rt, row.Elem(), &fr)
		if err := fn(&fr); err != nil {
			return err
		}
	}
}

// referenceExtract copies the row value v into f, reusing f's slices.
func referenceExtract(rt *rowType, v reflect.Value, f *Frame) {
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
