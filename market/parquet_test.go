package market

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
)

func sampleSeries(withSpread bool) *Series {
	s := &Series{
		Symbol:    "EURUSD",
		Timeframe: Timeframe{"H1", time.Hour},
		Time:      []int64{ms(2024, 1, 31, 13, 0, 0), ms(2024, 1, 31, 14, 0, 0), ms(2024, 2, 1, 9, 0, 0)},
		Open:      []float64{1.08512, 1.0855, 1.0849},
		High:      []float64{1.0862, 1.0861, 1.0871},
		Low:       []float64{1.08401, 1.0841, 1.0849},
		Close:     []float64{1.0855, 1.0849, 1.0871},
		Volume:    []float64{1520, 980.5, 0},
	}
	if withSpread {
		s.Spread = []int32{7, 12, 0}
	}
	return s
}

func TestParquetRoundTrip(t *testing.T) {
	for _, withSpread := range []bool{true, false} {
		want := sampleSeries(withSpread)
		// The file name suggests another symbol: the metadata must win.
		path := filepath.Join(t.TempDir(), "GBPUSD_M5.parquet")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := WriteParquet(f, want); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		got, err := Load(path, LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got.Symbol != "EURUSD" || got.Timeframe != want.Timeframe || got.Source != path {
			t.Errorf("got %s %v from %s, want EURUSD H1 from %s", got.Symbol, got.Timeframe, got.Source, path)
		}
		checkSameBars(t, got, want)
	}
}

func checkSameBars(t *testing.T, got, want *Series) {
	t.Helper()
	if got.Len() != want.Len() {
		t.Fatalf("got %d bars, want %d", got.Len(), want.Len())
	}
	for i := 0; i < want.Len(); i++ {
		if got.Time[i] != want.Time[i] || got.Open[i] != want.Open[i] || got.High[i] != want.High[i] ||
			got.Low[i] != want.Low[i] || got.Close[i] != want.Close[i] || got.Volume[i] != want.Volume[i] {
			t.Errorf("bar %d differs", i)
		}
	}
	if !equalInt32(got.Spread, want.Spread) {
		t.Errorf("spread %v, want %v", got.Spread, want.Spread)
	}
}

func TestWriteParquetRefusesBadSeries(t *testing.T) {
	s := sampleSeries(false)
	s.Close[1] = math.NaN()
	if err := WriteParquet(&bytes.Buffer{}, s); err == nil || !strings.Contains(err.Error(), "NaN") {
		t.Errorf("got %v, want an error about NaN", err)
	}
	s = sampleSeries(true)
	s.Spread = s.Spread[:1]
	if err := WriteParquet(&bytes.Buffer{}, s); err == nil {
		t.Error("got no error for columns of unequal length")
	}
}

// writeRowsForTest writes rows of any layout, as another tool would.
func writeRowsForTest[T any](t *testing.T, rows []T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := parquet.Write(&buf, rows); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadParquetOtherLayouts(t *testing.T) {
	h13, h14 := ms(2024, 1, 31, 13, 0, 0), ms(2024, 1, 31, 14, 0, 0)
	want := []wantBar{{h13, 1.5, 2, 1, 1.75, 10}, {h14, 1.75, 2.5, 1.25, 2, 20}}

	type micros struct {
		Timestamp int64   `parquet:"Timestamp,timestamp(microsecond)"`
		Open      float32 `parquet:"OPEN"`
		High      float32 `parquet:"High"`
		Low       float32 `parquet:"Low"`
		Close     float32 `parquet:"Close"`
		TickVol   int64   `parquet:"tick_volume"`
		Extra     string  `parquet:"note"`
	}
	type plainMillis struct {
		Time  int64   `parquet:"time"`
		Open  float64 `parquet:"open"`
		High  float64 `parquet:"high"`
		Low   float64 `parquet:"low"`
		Close float64 `parquet:"close"`
		Vol   int32   `parquet:"volume"`
	}
	type textTime struct {
		Date  string  `parquet:"Date"`
		Open  float64 `parquet:"Open"`
		High  float64 `parquet:"High"`
		Low   float64 `parquet:"Low"`
		Close float64 `parquet:"Close"`
		Vol   float64 `parquet:"Volume"`
	}
	type nanos struct {
		Time  time.Time `parquet:"datetime,timestamp(nanosecond)"`
		Open  float64   `parquet:"open"`
		High  float64   `parquet:"high"`
		Low   float64   `parquet:"low"`
		Close float64   `parquet:"close"`
		Vol   float64   `parquet:"volume"`
	}
	files := map[string][]byte{
		"timestamp(us), float32, any case, extra column": writeRowsForTest(t, []micros{
			{h13 * 1000, 1.5, 2, 1, 1.75, 10, "a"}, {h14 * 1000, 1.75, 2.5, 1.25, 2, 20, "b"}}),
		"plain int64 ms": writeRowsForTest(t, []plainMillis{
			{h13, 1.5, 2, 1, 1.75, 10}, {h14, 1.75, 2.5, 1.25, 2, 20}}),
		"string dates": writeRowsForTest(t, []textTime{
			{"2024-01-31 13:00:00", 1.5, 2, 1, 1.75, 10}, {"2024-01-31 14:00:00", 1.75, 2.5, 1.25, 2, 20}}),
		"timestamp(ns), newest first": writeRowsForTest(t, []nanos{
			{time.UnixMilli(h14).UTC(), 1.75, 2.5, 1.25, 2, 20}, {time.UnixMilli(h13).UTC(), 1.5, 2, 1, 1.75, 10}}),
	}
	for name, data := range files {
		t.Run(name, func(t *testing.T) {
			s, err := Read(bytes.NewReader(data), "eurusd.parquet", LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			checkBars(t, s, want)
			if s.Symbol != "EURUSD" || s.Timeframe.Name != "H1" || s.Spread != nil {
				t.Errorf("got %s %s spread %v, want EURUSD H1 and no spread", s.Symbol, s.Timeframe, s.Spread)
			}
		})
	}
}

func TestReadParquetBadRows(t *testing.T) {
	type row struct {
		Time  int64    `parquet:"time,timestamp(millisecond)"`
		Open  float64  `parquet:"open"`
		High  float64  `parquet:"high"`
		Low   float64  `parquet:"low"`
		Close *float64 `parquet:"close,optional"`
	}
	one := 1.0
	h := func(i int64) int64 { return i * 3600_000 }
	tests := []struct {
		name    string
		rows    []row
		line    int
		problem string
	}{
		{"null", []row{{h(0), 1, 1, 1, &one}, {h(1), 1, 1, 1, nil}}, 2, "close is null"},
		{"high below low", []row{{h(0), 1, 1, 1, &one}, {h(1), 1, 1, 1, &one}, {h(2), 1, 0.5, 1, &one}}, 3, "high 0.5 is below low 1"},
		{"NaN", []row{{h(0), math.NaN(), 1, 1, &one}}, 1, "open is NaN"},
		{"duplicate time", []row{{h(0), 1, 1, 1, &one}, {h(0), 1, 1, 1, &one}}, 2, "duplicate time 1970-01-01 00:00:00 (also on line 1)"},
		{"no rows", []row{}, 1, "no data rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := writeRowsForTest(t, tt.rows)
			_, err := Read(bytes.NewReader(data), "bad.parquet", LoadOptions{Timeframe: "H1"})
			var rowErr *RowError
			if !errors.As(err, &rowErr) {
				t.Fatalf("got %v, want a *RowError", err)
			}
			if rowErr.File != "bad.parquet" || rowErr.Line != tt.line || rowErr.Problem != tt.problem {
				t.Errorf("got %q\nwant bad.parquet: line %d: %s", err, tt.line, tt.problem)
			}
		})
	}
}

func TestReadParquetMissingColumn(t *testing.T) {
	type row struct {
		Time int64   `parquet:"time"`
		Open float64 `parquet:"open"`
		High float64 `parquet:"high"`
		Low  float64 `parquet:"low"`
	}
	data := writeRowsForTest(t, []row{{0, 1, 1, 1}})
	_, err := Read(bytes.NewReader(data), "bad.parquet", LoadOptions{Timeframe: "H1"})
	if err == nil || !strings.Contains(err.Error(), "bad.parquet") || !strings.Contains(err.Error(), "missing column close") {
		t.Errorf("got %v, want a missing-column error naming the file", err)
	}
}
