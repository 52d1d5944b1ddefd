package market

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"
	"github.com/passframes/passframes/internal/hugepages"
)

// Parquet bars are one row per bar with top-level columns, matched by name
// without regard to case: a time column (time, timestamp, datetime, date ...)
// holding a TIMESTAMP (any unit), a plain INT64 of Unix milliseconds, a DATE,
// an INT96 or a string in any format the CSV reader accepts; open, high, low,
// close (floating point, integer or decimal); optional volume (or tickvol) and
// spread. WriteParquet also stores the symbol and timeframe in the key-value
// metadata, which Load uses when the options leave them empty.

// Key-value metadata keys written by WriteParquet.
const (
	metaSymbol    = "symbol"
	metaTimeframe = "timeframe"
)

// parquetBar and parquetBarSpread are the layouts WriteParquet writes.
type parquetBar struct {
	Time   int64   `parquet:"time,timestamp(millisecond)"`
	Open   float64 `parquet:"open"`
	High   float64 `parquet:"high"`
	Low    float64 `parquet:"low"`
	Close  float64 `parquet:"close"`
	Volume float64 `parquet:"volume"`
}

type parquetBarSpread struct {
	Time   int64   `parquet:"time,timestamp(millisecond)"`
	Open   float64 `parquet:"open"`
	High   float64 `parquet:"high"`
	Low    float64 `parquet:"low"`
	Close  float64 `parquet:"close"`
	Volume float64 `parquet:"volume"`
	Spread int32   `parquet:"spread"`
}

// WriteParquet writes s as Parquet bars: time (timestamp, ms, UTC), open,
// high, low, close, volume (double) and, when s has spreads, spread (int32);
// symbol and timeframe go to the key-value metadata. It refuses a series with
// columns of unequal length or a NaN or infinite value.
func WriteParquet(w io.Writer, s *Series) error {
	if err := checkWritable(s); err != nil {
		return fmt.Errorf("write parquet bars: %w", err)
	}
	opts := []parquet.WriterOption{parquet.Compression(&parquet.Snappy)}
	if s.Symbol != "" {
		opts = append(opts, parquet.KeyValueMetadata(metaSymbol, s.Symbol))
	}
	if s.Timeframe.Name != "" {
		opts = append(opts, parquet.KeyValueMetadata(metaTimeframe, s.Timeframe.Name))
	}
	var err error
	if s.Spread != nil {
		err = writeRows(w, s.Len(), func(i int) parquetBarSpread {
			return parquetBarSpread{s.Time[i], s.Open[i], s.High[i], s.Low[i], s.Close[i], s.Volume[i], s.Spread[i]}
		}, opts)
	} else {
		err = writeRows(w, s.Len(), func(i int) parquetBar {
			return parquetBar{s.Time[i], s.Open[i], s.High[i], s.Low[i], s.Close[i], s.Volume[i]}
		}, opts)
	}
	if err != nil {
		return fmt.Errorf("write parquet bars: %w", err)
	}
	return nil
}

func checkWritable(s *Series) error {
	n := s.Len()
	if len(s.Open) != n || len(s.High) != n || len(s.Low) != n || len(s.Close) != n || len(s.Volume) != n ||
		s.Spread != nil && len(s.Spread) != n {
		return errors.New("series columns differ in length")
	}
	for i := 0; i < n; i++ {
		for _, v := range [...]float64{s.Open[i], s.High[i], s.Low[i], s.Close[i], s.Volume[i]} {
			if problem := notFinite(v); problem != "" {
				return fmt.Errorf("bar %d (%s) has a value that is %s", i, formatTime(s.Time[i]), problem)
			}
		}
	}
	return nil
}

// writeRows writes n rows built by row, in batches so memory stays flat.
func writeRows[T any](w io.Writer, n int, row func(int) T, opts []parquet.WriterOption) error {
	pw := parquet.NewGenericWriter[T](w, opts...)
	batch := make([]T, 0, min(n, 8192))
	for i := 0; i < n; i++ {
		batch = append(batch, row(i))
		if len(batch) == cap(batch) || i == n-1 {
			if _, err := pw.Write(batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	return pw.Close()
}

// readParquet decodes Parquet bars.
func readParquet(data []byte, name string) (*Series, fileMeta, error) {
	f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fileMeta{}, fmt.Errorf("read %s: parquet: %w", name, err)
	}
	var meta fileMeta
	meta.symbol, _ = f.Lookup(metaSymbol)
	meta.timeframe, _ = f.Lookup(metaTimeframe)

	cols, err := findParquetColumns(f.Schema())
	if err != nil {
		return nil, meta, fmt.Errorf("%s: %w", name, err)
	}
	n := int(f.NumRows())
	s := newColumns(n, cols.spread.index >= 0)
	if err := cols.read(f, s); err != nil {
		var rowErr *RowError
		if errors.As(err, &rowErr) {
			rowErr.File = name
			return nil, meta, rowErr
		}
		return nil, meta, fmt.Errorf("read %s: parquet: %w", name, err)
	}
	if err := checkColumns(s, name); err != nil {
		return nil, meta, err
	}
	return s, meta, nil
}

// newColumns makes the columns of n bars, Spread only when hasSpread.
func newColumns(n int, hasSpread bool) *Series {
	s := &Series{Time: hugepages.Make[int64](n), Open: hugepages.Make[float64](n), High: hugepages.Make[float64](n),
		Low: hugepages.Make[float64](n), Close: hugepages.Make[float64](n), Volume: hugepages.Make[float64](n)}
	if hasSpread {
		s.Spread = hugepages.Make[int32](n)
	}
	return s
}

// checkColumns applies the builder's rules to bars read column by column,
// row i being line i+1: the first row whose prices are wrong or that breaks
// the time order is the error (prices first on the same row); a newest-first
// series is turned around.
func checkColumns(s *Series, name string) error {
	n := s.Len()
	if n == 0 {
		return &RowError{File: name, Line: 1, Problem: "no data rows"}
	}
	bad, problem := n, ""
	for i := 0; i < n; i++ {
		r := bar{time: s.Time[i], open: s.Open[i], high: s.High[i], low: s.Low[i], close: s.Close[i], volume: s.Volume[i]}
		if s.Spread != nil {
			r.spread = s.Spread[i]
		}
		if problem = priceProblem(r); problem != "" {
			bad = i
			break
		}
	}
	if order, i := firstDisorder(s.Time[:min(bad+1, n)]); i >= 0 && i < bad {
		return &RowError{File: name, Line: i + 1, Problem: orderProblem(order, s.Time[i], s.Time[i-1], i)}
	} else if problem != "" {
		return &RowError{File: name, Line: bad + 1, Problem: problem}
	} else if order < 0 {
		s.reverse()
	}
	return nil
}

// parquetColumn is one column of interest: its leaf index (-1 when absent)
// and how to store its values into the series' columns.
type parquetColumn struct {
	name  string
	index int
	store func(s *Series, i int, v *parquet.Value) string // stores bar i's value; returns a problem or ""
}

type parquetColumns struct {
	time, open, high, low, close, volume, spread parquetColumn
}

func findParquetColumns(schema *parquet.Schema) (*parquetColumns, error) {
	byRole := map[role]parquet.Field{}
	var names []string
	for _, f := range schema.Fields() {
		names = append(names, f.Name())
		r := roleOf(f.Name())
		if _, dup := byRole[r]; r != roleNone && !dup {
			byRole[r] = f
		}
	}
	pick := func(roles ...role) parquet.Field {
		for _, r := range roles {
			if f, ok := byRole[r]; ok {
				return f
			}
		}
		return nil
	}
	var cols parquetColumns
	var err error
	column := func(dst *parquetColumn, field parquet.Field, want string, required bool, store func(*Series, int, float64) string) {
		if err != nil {
			return
		}
		*dst = parquetColumn{name: want, index: -1}
		if field == nil {
			if required {
				err = fmt.Errorf("missing column %s (columns: %s)", want, strings.Join(names, ", "))
			}
			return
		}
		*dst, err = numericColumn(schema, field, want, store)
	}
	timeField := pick(roleDateTime, roleTime, roleDate)
	if timeField == nil {
		return nil, fmt.Errorf("missing time column (columns: %s)", strings.Join(names, ", "))
	}
	if cols.time, err = timeColumn(schema, timeField); err != nil {
		return nil, err
	}
	column(&cols.open, pick(roleOpen), "open", true, func(s *Series, i int, v float64) string { s.Open[i] = v; return "" })
	column(&cols.high, pick(roleHigh), "high", true, func(s *Series, i int, v float64) string { s.High[i] = v; return "" })
	column(&cols.low, pick(roleLow), "low", true, func(s *Series, i int, v float64) string { s.Low[i] = v; return "" })
	column(&cols.close, pick(roleClose), "close", true, func(s *Series, i int, v float64) string { s.Close[i] = v; return "" })
	column(&cols.volume, pick(roleTickVolume, roleVolume), "volume", false, func(s *Series, i int, v float64) string { s.Volume[i] = v; return "" })
	column(&cols.spread, pick(roleSpread), "spread", false, func(s *Series, i int, v float64) (problem string) {
		s.Spread[i], problem = spreadPoints(v)
		return problem
	})
	if err != nil {
		return nil, err
	}
	return &cols, nil
}

// leafIndex returns the leaf column index of a top-level field, refusing
// nested and repeated ones.
func leafIndex(schema *parquet.Schema, field parquet.Field) (int, error) {
	if !field.Leaf() || field.Repeated() {
		return -1, fmt.Errorf("column %s is not a plain value column", field.Name())
	}
	leaf, ok := schema.Lookup(field.Name())
	if !ok {
		return -1, fmt.Errorf("column %s not found in the schema", field.Name())
	}
	return leaf.ColumnIndex, nil
}

func timeColumn(schema *parquet.Schema, field parquet.Field) (parquetColumn, error) {
	col := parquetColumn{name: field.Name(), index: -1}
	index, err := leafIndex(schema, field)
	if err != nil {
		return col, err
	}
	toMillis, err := timeConverter(field.Type())
	if err != nil {
		return col, fmt.Errorf("column %s: %w", field.Name(), err)
	}
	col.index = index
	col.store = func(s *Series, i int, v *parquet.Value) string {
		ms, ok := toMillis(*v)
		if !ok {
			return fmt.Sprintf("unparseable date %q", v.String())
		}
		s.Time[i] = ms
		return ""
	}
	return col, nil
}

// timeConverter returns a function converting a value of type t to Unix ms.
func timeConverter(t parquet.Type) (func(parquet.Value) (int64, bool), error) {
	logical := t.LogicalType()
	converted := t.ConvertedType()
	switch t.Kind() {
	case parquet.Int64:
		div := int64(1) // plain INT64 and TIMESTAMP(MILLIS) are ms already
		if logical != nil {
			if ts, ok := logical.Value.(*format.TimestampType); ok {
				switch ts.Unit.Value.(type) {
				case *format.MicroSeconds:
					div = 1000
				case *format.NanoSeconds:
					div = 1000_000
				}
			}
		} else if converted != nil && *converted == deprecated.TimestampMicros {
			div = 1000
		}
		return func(v parquet.Value) (int64, bool) { return floorDiv(v.Int64(), div), true }, nil
	case parquet.Int32:
		_, isDate := logicalValue(logical).(*format.DateType)
		if !isDate && (converted == nil || *converted != deprecated.Date) {
			return nil, errors.New("INT32 time must be a DATE")
		}
		return func(v parquet.Value) (int64, bool) { return int64(v.Int32()) * msPerDay, true }, nil
	case parquet.Int96:
		return func(v parquet.Value) (int64, bool) { return int96Millis(v.Int96()), true }, nil
	case parquet.ByteArray:
		return func(v parquet.Value) (int64, bool) { return parseDateTime(strings.TrimSpace(string(v.ByteArray()))) }, nil
	}
	return nil, fmt.Errorf("unsupported time type %s", t)
}

// int96Millis converts a legacy INT96 timestamp (nanoseconds of the day, then
// the Julian day) to Unix ms.
func int96Millis(v deprecated.Int96) int64 {
	const julianUnixEpoch = 2440588
	nanos := int64(v[1])<<32 | int64(v[0])
	return (int64(v[2])-julianUnixEpoch)*msPerDay + nanos/1000_000
}

func numericColumn(schema *parquet.Schema, field parquet.Field, name string, store func(*Series, int, float64) string) (parquetColumn, error) {
	col := parquetColumn{name: name, index: -1}
	index, err := leafIndex(schema, field)
	if err != nil {
		return col, err
	}
	toFloat, err := numberConverter(field.Type())
	if err != nil {
		return col, fmt.Errorf("column %s: %w", field.Name(), err)
	}
	col.index = index
	col.store = func(s *Series, i int, v *parquet.Value) string { return store(s, i, toFloat(*v)) }
	return col, nil
}

// numberConverter returns a function converting a value of type t to float64.
func numberConverter(t parquet.Type) (func(parquet.Value) float64, error) {
	scale := 1.0
	if dec, ok := logicalValue(t.LogicalType()).(*format.DecimalType); ok {
		scale = math.Pow10(int(dec.Scale))
	}
	switch t.Kind() {
	case parquet.Double:
		return func(v parquet.Value) float64 { return v.Double() }, nil
	case parquet.Float:
		return func(v parquet.Value) float64 { return float64(v.Float()) }, nil
	case parquet.Int32:
		return func(v parquet.Value) float64 { return float64(v.Int32()) / scale }, nil
	case parquet.Int64:
		return func(v parquet.Value) float64 { return float64(v.Int64()) / scale }, nil
	}
	return nil, fmt.Errorf("unsupported number type %s", t)
}

func logicalValue(l *format.LogicalType) format.LogicalTypeValue {
	if l == nil {
		return nil
	}
	return l.Value
}

// read fills the series' columns from f's, one column after the other.
func (c *parquetColumns) read(f *parquet.File, s *Series) error {
	for _, col := range [...]*parquetColumn{&c.time, &c.open, &c.high, &c.low, &c.close, &c.volume, &c.spread} {
		if col.index < 0 {
			continue
		}
		if err := col.read(f, s); err != nil {
			return err
		}
	}
	return nil
}

func (c *parquetColumn) read(f *parquet.File, s *Series) error {
	buf := make([]parquet.Value, 1024)
	row := 0
	for _, rg := range f.RowGroups() {
		pages := rg.ColumnChunks()[c.index].Pages()
		err := c.readPages(pages, buf, s, &row)
		pages.Close()
		if err != nil {
			return err
		}
	}
	if row != s.Len() {
		return fmt.Errorf("column %s has %d values for %d rows", c.name, row, s.Len())
	}
	return nil
}

func (c *parquetColumn) readPages(pages parquet.Pages, buf []parquet.Value, s *Series, row *int) error {
	for {
		page, err := pages.ReadPage()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("column %s: %w", c.name, err)
		}
		err = c.readValues(page.Values(), buf, s, row)
		parquet.Release(page)
		if err != nil {
			return err
		}
	}
}

func (c *parquetColumn) readValues(values parquet.ValueReader, buf []parquet.Value, s *Series, row *int) error {
	for {
		n, err := values.ReadValues(buf)
		for i := range buf[:n] {
			v := &buf[i] // point into buf rather than copy each value
			if *row >= s.Len() {
				return fmt.Errorf("column %s has more values than the file has rows", c.name)
			}
			var problem string
			if v.IsNull() {
				problem = c.name + " is null"
			} else {
				problem = c.store(s, *row, v)
			}
			if problem != "" {
				return &RowError{Line: *row + 1, Problem: problem}
			}
			*row++
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("column %s: %w", c.name, err)
		}
	}
}

// floorDiv divides rounding toward minus infinity, so times before 1970 stay
// in the right millisecond.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
