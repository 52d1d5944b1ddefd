package frames

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/parquet-go/parquet-go"

	"github.com/passframes/passframes/stats"
)

// referenceScan reads every frame of d the plain way, row by row through
// parquet-go's row reader, placing each leaf's values by the column's name:
// slow, but it leaves every decoding decision to parquet-go, so the column
// reader is checked against it.
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
	s := pf.Schema()
	var leaves []parquet.LeafColumn
	for _, p := range s.Columns() {
		leaf, _ := s.Lookup(p...)
		leaves = append(leaves, leaf)
	}
	names := s.Columns()
	var fr Frame
	buf := make([]parquet.Row, 16)
	for _, rg := range pf.RowGroups() {
		rows := rg.Rows()
		for {
			n, err := rows.ReadRows(buf)
			for _, row := range buf[:n] {
				referenceExtract(d.layout, row, names, leaves, &fr)
				if err := fn(&fr); err != nil {
					rows.Close()
					return err
				}
			}
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				rows.Close()
				return fmt.Errorf("read %s: %w", path, err)
			}
		}
		rows.Close()
	}
	return nil
}

// referenceExtract copies row into f, reusing f's slices. A null reads as
// zero, a null or empty list as no points.
func referenceExtract(l *layout, row parquet.Row, names [][]string, leaves []parquet.LeafColumn, f *Frame) {
	params := map[string]int{}
	for i, p := range l.params {
		params[p.Name] = i
	}
	f.Params = append(f.Params[:0], make([]float64, len(l.params))...)
	f.Window = 0
	f.Time, f.Balance, f.Equity = f.Time[:0], f.Balance[:0], f.Equity[:0]
	num := func(v parquet.Value) float64 {
		switch v.Kind() {
		case parquet.Int64:
			return float64(v.Int64())
		case parquet.Double:
			return v.Double()
		}
		return 0
	}
	row.Range(func(col int, vals []parquet.Value) bool {
		name := names[col][0]
		if leaves[col].MaxRepetitionLevel > 0 {
			entry := leaves[col].MaxDefinitionLevel
			if leaves[col].Node.Optional() {
				entry--
			}
			for _, v := range vals {
				if v.DefinitionLevel() < entry {
					continue // a null or empty list
				}
				switch name {
				case "point_time":
					f.Time = append(f.Time, v.Int64())
				case "balance":
					f.Balance = append(f.Balance, v.Double())
				case "equity":
					f.Equity = append(f.Equity, v.Double())
				}
			}
			return true
		}
		v := vals[0]
		switch name {
		case "pass":
			f.Pass = v.Int64()
		case "window":
			f.Window = v.Int32()
		case "period":
			f.Period = string(v.ByteArray())
		case "equity_mode":
			f.EquityMode = string(v.ByteArray())
		default:
			if i, ok := params[name]; ok {
				f.Params[i] = num(v)
			} else if i, ok := stats.Index(name); ok {
				f.Stats[i] = num(v)
			}
		}
		return true
	})
}
