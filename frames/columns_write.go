package frames

import (
	"slices"

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
	if err := w.list(rows, l.pointTime, func(vals []parquet.Value, f *Frame) []parquet.Value {
		return appendInt64s(vals, f.Time, l.pointTime)
	}); err != nil {
		return err
	}
	if err := w.list(rows, l.balance, func(vals []parquet.Value, f *Frame) []parquet.Value {
		return appendDoubles(vals, f.Balance, l.balance)
	}); err != nil {
		return err
	}
	return w.list(rows, l.equity, func(vals []parquet.Value, f *Frame) []parquet.Value {
		return appendDoubles(vals, f.Equity, l.equity)
	})
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

// list writes list column col of every row, listBatch values or so at a
// time; add appends a row's values.
func (w *columnWriter) list(rows []*Frame, col int, add func([]parquet.Value, *Frame) []parquet.Value) error {
	w.vals = w.vals[:0]
	for i, f := range rows {
		w.vals = add(w.vals, f)
		if len(w.vals) >= listBatch || i == len(rows)-1 {
			if _, err := w.cols[col].WriteRowValues(w.vals); err != nil {
				return err
			}
			w.vals = w.vals[:0]
		}
	}
	return nil
}

// appendDoubles and appendInt64s append the values of one row of a list
// column: one value per element (repetition level 0 for the first, 1 after;
// definition level 1), or one null at definition level 0 for an empty list.
// A loop for each type, with no call through a function value: these are
// the writer's hottest lines, run once per point and column.
func appendDoubles(vals []parquet.Value, xs []float64, col int) []parquet.Value {
	if len(xs) == 0 {
		return append(vals, parquet.NullValue().Level(0, 0, col))
	}
	vals = slices.Grow(vals, len(xs))
	vals = append(vals, parquet.DoubleValue(xs[0]).Level(0, 1, col))
	for _, x := range xs[1:] {
		vals = append(vals, parquet.DoubleValue(x).Level(1, 1, col))
	}
	return vals
}

func appendInt64s(vals []parquet.Value, xs []int64, col int) []parquet.Value {
	if len(xs) == 0 {
		return append(vals, parquet.NullValue().Level(0, 0, col))
	}
	vals = slices.Grow(vals, len(xs))
	vals = append(vals, parquet.Int64Value(xs[0]).Level(0, 1, col))
	for _, x := range xs[1:] {
		vals = append(vals, parquet.Int64Value(x).Level(1, 1, col))
	}
	return vals
}
