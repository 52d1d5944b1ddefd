package analysis

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/apache/arrow/go/v16/arrow"
	"github.com/apache/arrow/go/v16/arrow/array"
	"github.com/apache/arrow/go/v16/arrow/memory"
	"github.com/apache/arrow/go/v16/parquet"
	"github.com/apache/arrow/go/v16/parquet/compress"
	"github.com/apache/arrow/go/v16/parquet/file"
	"github.com/apache/arrow/go/v16/parquet/metadata"
	"github.com/apache/arrow/go/v16/parquet/schema"

	"github.com/passframes/passframes/internal/parallel"
)

// The analysis table goes between Arrow records and Parquet through Arrow's
// low-level parquet/file package rather than parquet/pqarrow: pqarrow
// imports arrow/flight and with it gRPC, which would make analyze and plot
// several times larger for nothing. The table's columns are flat int64,
// int32, double and boolean, which map one to one onto Parquet's physical
// types, so the conversion is a few lines per type.

// writeParquet writes rec as one row group, its schema metadata as the
// file's key-value metadata.
func writeParquet(w io.Writer, rec arrow.Record) error {
	root, err := parquetSchema(rec.Schema())
	if err != nil {
		return err
	}
	kv := metadata.NewKeyValueMetadata()
	md := rec.Schema().Metadata()
	for i, k := range md.Keys() {
		if err := kv.Append(k, md.Values()[i]); err != nil {
			return err
		}
	}
	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Snappy),
		parquet.WithDictionaryDefault(false), parquet.WithCreatedBy("passframes analysis"))
	fw := file.NewParquetWriter(w, root, file.WithWriterProps(props), file.WithWriteMetadata(kv))
	rg := fw.AppendRowGroup()
	for i, col := range rec.Columns() {
		cw, err := rg.NextColumn()
		if err != nil {
			return err
		}
		if err := writeColumn(cw, col, rec.Schema().Field(i).Nullable); err != nil {
			return fmt.Errorf("column %s: %w", rec.ColumnName(i), err)
		}
		if err := cw.Close(); err != nil {
			return err
		}
	}
	if err := rg.Close(); err != nil {
		return err
	}
	// FlushWithFooter reports a failed footer write; Close alone would not.
	if err := fw.FlushWithFooter(); err != nil {
		return err
	}
	return fw.Close()
}

// parquetSchema maps the table's Arrow fields onto Parquet columns.
func parquetSchema(s *arrow.Schema) (*schema.GroupNode, error) {
	fields := make(schema.FieldList, s.NumFields())
	for i, f := range s.Fields() {
		rep := parquet.Repetitions.Required
		if f.Nullable {
			rep = parquet.Repetitions.Optional
		}
		switch f.Type.ID() {
		case arrow.INT64:
			fields[i] = schema.NewInt64Node(f.Name, rep, -1)
		case arrow.INT32:
			fields[i] = schema.NewInt32Node(f.Name, rep, -1)
		case arrow.FLOAT64:
			fields[i] = schema.NewFloat64Node(f.Name, rep, -1)
		case arrow.BOOL:
			fields[i] = schema.NewBooleanNode(f.Name, rep, -1)
		default:
			return nil, fmt.Errorf("column %s: type %s is not one the analysis table uses", f.Name, f.Type)
		}
	}
	return schema.NewGroupNode("schema", parquet.Repetitions.Required, fields, -1)
}

// writeColumn writes one Arrow array to its column chunk: the non-null
// values, and a definition level per row when the column is nullable.
func writeColumn(cw file.ColumnChunkWriter, col arrow.Array, nullable bool) error {
	var def []int16
	if nullable {
		def = make([]int16, col.Len())
		for i := range def {
			if col.IsValid(i) {
				def[i] = 1
			}
		}
	}
	var err error
	switch a := col.(type) {
	case *array.Int64:
		_, err = cw.(*file.Int64ColumnChunkWriter).WriteBatch(dense(a, a.Int64Values()), def, nil)
	case *array.Int32:
		_, err = cw.(*file.Int32ColumnChunkWriter).WriteBatch(dense(a, a.Int32Values()), def, nil)
	case *array.Float64:
		_, err = cw.(*file.Float64ColumnChunkWriter).WriteBatch(dense(a, a.Float64Values()), def, nil)
	case *array.Boolean:
		vals := make([]bool, 0, a.Len())
		for i := 0; i < a.Len(); i++ {
			if a.IsValid(i) {
				vals = append(vals, a.Value(i))
			}
		}
		_, err = cw.(*file.BooleanColumnChunkWriter).WriteBatch(vals, def, nil)
	default:
		err = fmt.Errorf("type %s is not one the analysis table uses", col.DataType())
	}
	return err
}

// dense drops the null slots of an array's values: Parquet stores only the
// present values, the definition levels say where they go.
func dense[T any](a arrow.Array, vals []T) []T {
	if a.NullN() == 0 {
		return vals
	}
	out := make([]T, 0, a.Len()-a.NullN())
	for i, v := range vals {
		if a.IsValid(i) {
			out = append(out, v)
		}
	}
	return out
}

// parquetMagic starts and ends every Parquet file.
var parquetMagic = []byte("PAR1")

// readParquet reads a table written by writeParquet back into one Arrow
// record, and its key-value metadata. Every problem is an error naming path.
func readParquet(path string) (arrow.Record, metadata.KeyValueMetadata, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	if err := checkMagic(f); err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", path, err)
	}
	pf, err := file.NewParquetReader(f)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: not a readable Parquet file: %w", path, err)
	}
	defer pf.Close()
	rec, err := recordOf(pf)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", path, err)
	}
	return rec, pf.MetaData().KeyValueMetadata(), nil
}

// checkMagic rejects a file that does not start and end with PAR1 before the
// Parquet reader tries to interpret its footer.
func checkMagic(f *os.File) error {
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.Size() < 12 {
		return fmt.Errorf("not a Parquet file: %d bytes", st.Size())
	}
	head, tail := make([]byte, 4), make([]byte, 4)
	if _, err := f.ReadAt(head, 0); err != nil {
		return err
	}
	if _, err := f.ReadAt(tail, st.Size()-4); err != nil {
		return err
	}
	if !bytes.Equal(head, parquetMagic) {
		return fmt.Errorf("not a Parquet file: byte 0 is not the PAR1 magic")
	}
	if !bytes.Equal(tail, parquetMagic) {
		return fmt.Errorf("not a Parquet file or truncated: byte %d is not the PAR1 magic", st.Size()-4)
	}
	return nil
}

// recordOf reads every row group of pf into one Arrow record.
func recordOf(pf *file.Reader) (arrow.Record, error) {
	sc := pf.MetaData().Schema
	mem := memory.NewGoAllocator()
	fields := make([]arrow.Field, sc.NumColumns())
	builders := make([]array.Builder, sc.NumColumns())
	defer func() {
		for _, b := range builders {
			if b != nil {
				b.Release()
			}
		}
	}()
	for i := range fields {
		c := sc.Column(i)
		if c.MaxRepetitionLevel() > 0 || c.MaxDefinitionLevel() > 1 {
			return nil, fmt.Errorf("column %s is nested; the analysis table has flat columns only", c.Name())
		}
		var t arrow.DataType
		switch c.PhysicalType() {
		case parquet.Types.Int64:
			t = arrow.PrimitiveTypes.Int64
		case parquet.Types.Int32:
			t = arrow.PrimitiveTypes.Int32
		case parquet.Types.Double:
			t = arrow.PrimitiveTypes.Float64
		case parquet.Types.Boolean:
			t = arrow.FixedWidthTypes.Boolean
		default:
			return nil, fmt.Errorf("column %s has type %s, which the analysis table does not use", c.Name(), c.PhysicalType())
		}
		fields[i] = arrow.Field{Name: c.Name(), Type: t, Nullable: c.MaxDefinitionLevel() > 0}
		builders[i] = array.NewBuilder(mem, t)
	}
	// The columns are independent: each is read on its own worker into its
	// own builder, reserved to the rows it will hold.
	for i := range builders {
		builders[i].Reserve(int(pf.NumRows()))
	}
	err := parallel.For(context.Background(), len(fields), parallel.Workers(0), func(_ context.Context, i int) error {
		for g := 0; g < pf.NumRowGroups(); g++ {
			rg := pf.RowGroup(g)
			cr, err := rg.Column(i)
			if err != nil {
				return fmt.Errorf("row group %d column %s: %w", g, fields[i].Name, err)
			}
			if err := readColumn(cr, rg.NumRows(), fields[i].Nullable, builders[i]); err != nil {
				return fmt.Errorf("row group %d column %s: %w", g, fields[i].Name, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	cols := make([]arrow.Array, len(builders))
	for i, b := range builders {
		cols[i] = b.NewArray()
		defer cols[i].Release()
	}
	return array.NewRecord(arrow.NewSchema(fields, nil), cols, pf.NumRows()), nil
}

// readColumn appends the n rows of one column chunk to b.
func readColumn(cr file.ColumnChunkReader, n int64, nullable bool, b array.Builder) error {
	var def []int16
	if nullable {
		def = make([]int16, n)
	}
	switch r := cr.(type) {
	case *file.Int64ColumnChunkReader:
		vals := make([]int64, n)
		return readAll(n, def, r.ReadBatch, vals, b.(*array.Int64Builder).Append, b)
	case *file.Int32ColumnChunkReader:
		vals := make([]int32, n)
		return readAll(n, def, r.ReadBatch, vals, b.(*array.Int32Builder).Append, b)
	case *file.Float64ColumnChunkReader:
		vals := make([]float64, n)
		return readAll(n, def, r.ReadBatch, vals, b.(*array.Float64Builder).Append, b)
	case *file.BooleanColumnChunkReader:
		vals := make([]bool, n)
		return readAll(n, def, r.ReadBatch, vals, b.(*array.BooleanBuilder).Append, b)
	}
	return fmt.Errorf("unexpected column reader %T", cr)
}

// readAll reads n levels of a column chunk through read (a typed
// ReadBatch) and appends a value or a null per row to b.
// def is nil for a required column, which has no levels.
func readAll[T any](n int64, def []int16, read func(int64, []T, []int16, []int16) (int64, int, error), vals []T, add func(T), b array.Builder) error {
	for rows := int64(0); rows < n; {
		var lv []int16
		if def != nil {
			lv = def[rows:]
		}
		total, nv, err := read(n-rows, vals, lv, nil)
		if err != nil {
			return err
		}
		if total == 0 {
			return fmt.Errorf("%d of %d rows present", rows, n)
		}
		if def == nil {
			for _, v := range vals[:nv] {
				add(v)
			}
		} else {
			v := 0
			for _, d := range lv[:total] {
				switch {
				case d == 0:
					b.AppendNull()
				case v < nv:
					add(vals[v])
					v++
				default:
					return fmt.Errorf("fewer values than rows")
				}
			}
		}
		rows += total
	}
	return nil
}
