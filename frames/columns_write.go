package frames

import (
	"github.com/parquet-go/parquet-go"
)

// columnWriter writes frames into a row group column by column, straight
// into the row group's column writers: the values of one column for many
// rows at a time, built by hand from the Frame's fields (no reflection, no
// row shredding), with the repetition and definition levels of the layout.
type columnWriter struct {
	l    *layout
	cols []*parquet.ColumnWriter
	vals []parquet.Value // one column's values; reused
}

// listBatch is how many list values are handed to a column writer at once.
// A page can end only after a call, at a row's end, so pages overshoot the
// page buffer by at most this (about 100 KB of values).
const listBatch = 4096

// write writes rows into the row group.
func (w *columnWriter) write(rows []*Frame) error {
	l := w.l
	if err := w.scalar(rows, l.pass, func(f *Frame) parquet.Value { return parquet.Int64Value(f.Pass) }); err != nil {
		return err
	}
	if l.window >= 0 {
		if err := w.scalar(rows, l.window, func(f *Frame) parquet.Value { return parquet.Int32Value(f.Window) }); err != nil {
			return err
		}
	}
	if err := w.scalar(rows, l.period, func(f *Frame) parquet.Value { return parquet.ByteArrayValue(periodBytes(f.Period)) }); err != nil {
		return err
	}
	for i, p := range l.params {
		var v func(*Frame) parquet.Value
		switch {
		case len(p.Labels) > 0:
			v = func(f *Frame) parquet.Value { return parquet.ByteArrayValue([]byte(p.Label(f.Params[i]))) }
		case p.Integer:
			v = func(f *Frame) parquet.Value { return parquet.Int64Value(int64(f.Params[i])) }
		default:
			v = func(f *Frame) parquet.Value { return parquet.DoubleValue(f.Params[i]) }
		}
		if err := w.scalar(rows, l.firstParam+i, v); err != nil {
			return err
		}
	}
	for i := range rows[0].Stats {
		var v func(*Frame) parquet.Value
		switch {
		case l.version < 2:
			v = func(f *Frame) parquet.Value { return parquet.DoubleValue(f.Stats[i]) }
		case countStat[i]:
			v = func(f *Frame) parquet.Value { return parquet.Int64Value(count(f.Stats[i])) }
		case centStat[i]:
			v = func(f *Frame) parquet.Value { return parquet.DoubleValue(cents(f.Stats[i])) }
		default:
			v = func(f *Frame) parquet.Value { return parquet.DoubleValue(f.Stats[i]) }
		}
		if err := w.scalar(rows, l.firstStat+i, v); err != nil {
			return err
		}
	}
	if err := w.scalar(rows, l.equityMode, func(f *Frame) parquet.Value { return parquet.ByteArrayValue(modeBytes(f.EquityMode)) }); err != nil {
		return err
	}
	if err := writeList(w, rows, l.pointTime, func(f *Frame) []int64 { return f.Time }, parquet.Int64Value); err != nil {
		return err
	}
	if err := writeList(w, rows, l.balance, func(f *Frame) []float64 { return f.Balance }, parquet.DoubleValue); err != nil {
		return err
	}
	return writeList(w, rows, l.equity, func(f *Frame) []float64 { return f.Equity }, parquet.DoubleValue)
}

// scalar writes column col of every row: value(f) at levels 0, 0.
func (w *columnWriter) scalar(rows []*Frame, col int, value func(*Frame) parquet.Value) error {
	w.vals = w.vals[:0]
	for _, f := range rows {
		w.vals = append(w.vals, value(f).Level(0, 0, col))
	}
	_, err := w.cols[col].WriteRowValues(w.vals)
	return err
}

// writeList writes list column col of every row, listBatch values or so at
// a time (appendList gives the levels).
func writeList[T any](w *columnWriter, rows []*Frame, col int, list func(*Frame) []T, value func(T) parquet.Value) error {
	w.vals = w.vals[:0]
	for i, f := range rows {
		w.vals = appendList(w.vals, list(f), col, value)
		if len(w.vals) >= listBatch || i == len(rows)-1 {
			if _, err := w.cols[col].WriteRowValues(w.vals); err != nil {
				return err
			}
			w.vals = w.vals[:0]
		}
	}
	return nil
}
