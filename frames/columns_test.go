package frames

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding"
)

// fakePage is a decoded page of a double column with the given levels.
type fakePage struct {
	rep, def []byte
	vals     []float64
}

func (p *fakePage) Type() parquet.Type                        { return parquet.DoubleType }
func (p *fakePage) Column() int                               { return 0 }
func (p *fakePage) Dictionary() parquet.Dictionary            { return nil }
func (p *fakePage) NumRows() int64                            { return int64(len(p.rep)) }
func (p *fakePage) NumValues() int64                          { return int64(len(p.def)) }
func (p *fakePage) NumNulls() int64                           { return int64(len(p.def) - len(p.vals)) }
func (p *fakePage) Bounds() (min, max parquet.Value, ok bool) { return }
func (p *fakePage) Size() int64                               { return 8 * int64(len(p.vals)) }
func (p *fakePage) Values() parquet.ValueReader               { panic("not used by the cursor") }
func (p *fakePage) Slice(i, j int64) parquet.Page             { panic("not used by the cursor") }
func (p *fakePage) RepetitionLevels() []byte                  { return p.rep }
func (p *fakePage) DefinitionLevels() []byte                  { return p.def }
func (p *fakePage) Data() encoding.Values                     { return encoding.DoubleValues(p.vals) }

// fakePages hands out its pages in order.
type fakePages struct{ pages []*fakePage }

func (f *fakePages) ReadPage() (parquet.Page, error) {
	if len(f.pages) == 0 {
		return nil, io.EOF
	}
	p := f.pages[0]
	f.pages = f.pages[1:]
	return p, nil
}
func (f *fakePages) SeekToRow(int64) error { return errors.New("not used by the cursor") }
func (f *fakePages) Close() error          { return nil }

func fakeCursor(pages []*fakePage, maxDef, listDef byte, repeated bool, fail *error) *cursor[float64] {
	return &cursor[float64]{col: "x", fail: fail, plain: plainFloat64, conv: valueFloat64,
		pages: &fakePages{pages}, maxDef: maxDef, listDef: listDef, repeated: repeated}
}

func TestCursorLists(t *testing.T) {
	tests := []struct {
		name            string
		maxDef, listDef byte
		pages           []*fakePage
		want            [][]float64
		wantErr         string
	}{{
		// Levels (rep,def): (0,1)(1,1)(1,1) | (0,1)(1,1): two rows of 3 and 2.
		name: "rows within a page", maxDef: 1, listDef: 1,
		pages: []*fakePage{{rep: []byte{0, 1, 1, 0, 1}, def: []byte{1, 1, 1, 1, 1}, vals: []float64{1, 2, 3, 4, 5}}},
		want:  [][]float64{{1, 2, 3}, {4, 5}},
	}, {
		// Data page v1: the second row (3, 4) goes on with 5, 6 in the
		// next page, whose first repetition level is 1.
		name: "row continues in the next page", maxDef: 1, listDef: 1,
		pages: []*fakePage{
			{rep: []byte{0, 1, 0, 1}, def: []byte{1, 1, 1, 1}, vals: []float64{1, 2, 3, 4}},
			{rep: []byte{1, 1, 0}, def: []byte{1, 1, 1}, vals: []float64{5, 6, 7}},
		},
		want: [][]float64{{1, 2}, {3, 4, 5, 6}, {7}},
	}, {
		name: "row continues across an empty page", maxDef: 1, listDef: 1,
		pages: []*fakePage{
			{rep: []byte{0, 1}, def: []byte{1, 1}, vals: []float64{1, 2}},
			{},
			{rep: []byte{1, 0}, def: []byte{1, 1}, vals: []float64{3, 4}},
		},
		want: [][]float64{{1, 2, 3}, {4}},
	}, {
		name: "the next page starts a row", maxDef: 1, listDef: 1,
		pages: []*fakePage{
			{rep: []byte{0, 1}, def: []byte{1, 1}, vals: []float64{1, 2}},
			{rep: []byte{0}, def: []byte{1}, vals: []float64{3}},
		},
		want: [][]float64{{1, 2}, {3}},
	}, {
		// An empty list is one entry with a definition level below maxDef.
		name: "empty lists", maxDef: 1, listDef: 1,
		pages: []*fakePage{{rep: []byte{0, 0, 1, 0}, def: []byte{0, 1, 1, 0}, vals: []float64{1, 2}}},
		want:  [][]float64{{}, {1, 2}, {}},
	}, {
		// Optional elements: def 2 a value, def 1 a null element (read as
		// 0), def 0 an empty or null list.
		name: "null elements", maxDef: 2, listDef: 1,
		pages: []*fakePage{{rep: []byte{0, 1, 1, 0, 0}, def: []byte{2, 1, 2, 0, 2}, vals: []float64{1, 2, 3}}},
		want:  [][]float64{{1, 0, 2}, {}, {3}},
	}, {
		name: "column ends early", maxDef: 1, listDef: 1,
		pages:   []*fakePage{{rep: []byte{0}, def: []byte{1}, vals: []float64{1}}},
		want:    [][]float64{{1}, nil},
		wantErr: "ends early",
	}, {
		name: "values do not match the levels", maxDef: 1, listDef: 1,
		pages:   []*fakePage{{rep: []byte{0, 1}, def: []byte{1, 1}, vals: []float64{1}}},
		want:    [][]float64{nil},
		wantErr: "1 values for 2 present entries",
	}, {
		name: "levels of different lengths", maxDef: 1, listDef: 1,
		pages:   []*fakePage{{rep: []byte{0, 1}, def: []byte{1}, vals: []float64{1}}},
		want:    [][]float64{nil},
		wantErr: "2 repetition and 1 definition levels",
	}, {
		name: "chunk starts inside a row", maxDef: 1, listDef: 1,
		pages:   []*fakePage{{rep: []byte{1, 0}, def: []byte{1, 1}, vals: []float64{1, 2}}},
		want:    [][]float64{nil},
		wantErr: "repetition level 1",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			c := fakeCursor(tt.pages, tt.maxDef, tt.listDef, true, &err)
			var row []float64
			for i, want := range tt.want {
				row = c.appendRow(row[:0])
				if len(row) != len(want) || len(want) > 0 && !reflect.DeepEqual(row, want) {
					t.Errorf("row %d = %v, want %v", i, row, want)
				}
			}
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("error %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), `column "x"`)):
				t.Errorf("error %v, want one naming column x and saying %q", err, tt.wantErr)
			}
		})
	}
}

func TestCursorScalars(t *testing.T) {
	tests := []struct {
		name   string
		maxDef byte
		pages  []*fakePage
		want   []float64
	}{{
		name:  "required, two pages",
		pages: []*fakePage{{vals: []float64{1, 2}}, {vals: []float64{3}}},
		want:  []float64{1, 2, 3},
	}, {
		// def 0 is a null: it reads as 0 and takes no value.
		name: "optional", maxDef: 1,
		pages: []*fakePage{{def: []byte{1, 0, 1}, vals: []float64{1, 3}}, {def: []byte{0}}},
		want:  []float64{1, 0, 3, 0},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			c := fakeCursor(tt.pages, tt.maxDef, tt.maxDef, false, &err)
			for i, want := range tt.want {
				if got := c.next(); got != want {
					t.Errorf("row %d = %g, want %g", i, got, want)
				}
			}
			if err != nil {
				t.Fatal(err)
			}
			c.next()
			if err == nil || !strings.Contains(err.Error(), "ends early") {
				t.Errorf("reading past the end: %v", err)
			}
		})
	}
}

func TestIntern(t *testing.T) {
	for _, s := range []string{Back, Forward, "min_max", "min", "", "other"} {
		if got := intern([]byte(s)); got != s {
			t.Errorf("intern(%q) = %q", s, got)
		}
	}
	if n := testing.AllocsPerRun(10, func() { intern([]byte("forward")) }); n != 0 {
		t.Errorf("interning a known word allocates %g times", n)
	}
}
