package market

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf16"
)

// LoadOptions tune Load and Read.
type LoadOptions struct {
	// Symbol names the instrument. Empty means: the symbol stored in a Parquet
	// file's metadata, else SymbolFromFileName.
	Symbol string
	// Timeframe is a timeframe name such as "H1". Empty means: the timeframe
	// stored in a Parquet file's metadata, else DetectTimeframe on the bars.
	// A coarser timeframe than the bars' own resamples them (Resample); a
	// finer one is an error.
	Timeframe string
}

// Load reads a bar file: MetaTrader 5 "Export Bars" CSV, generic OHLC CSV,
// headerless MetaTrader history CSV or Parquet, any of them optionally
// gzipped. The format is found from the content. Source is set to path.
func Load(path string, opt LoadOptions) (*Series, error) {
	return loadFile(path, opt, nil)
}

// loadFile reads the bar file at path, every byte through h when h is not
// nil.
func loadFile(path string, opt LoadOptions, h hash.Hash) (*Series, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load bars: %w", err)
	}
	defer f.Close()
	size := int64(-1)
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		size = st.Size()
	}
	return readBars(f, size, path, opt, h)
}

// Read is Load for bars that come from r. name stands for the file in errors,
// in Series.Source and for the symbol rule.
//
// Every bad row is reported as a *RowError naming the file and the line. A file
// that runs entirely newest first is returned oldest first; any other break in
// time order is an error.
func Read(r io.Reader, name string, opt LoadOptions) (*Series, error) {
	size := int64(-1)
	if l, ok := r.(interface{ Len() int }); ok { // bytes.Reader, strings.Reader, bytes.Buffer
		size = int64(l.Len())
	}
	return readBars(r, size, name, opt, nil)
}

// decode reads a whole file's content: gzip, Parquet or text in any
// encoding. data is a buffer of the loader's own, which decode keeps and
// never changes. The timeframe option is checked by the caller.
func decode(data []byte, name string, opt LoadOptions) (*Series, error) {
	data, err := gunzip(data, name)
	if err != nil {
		return nil, err
	}

	var s *Series
	var meta fileMeta
	if !isParquet(data) && strings.EqualFold(filepath.Ext(strings.TrimSuffix(name, ".gz")), ".parquet") {
		// Named Parquet but not one: say so rather than read it as text.
		if len(data) >= 4 && string(data[:4]) == "PAR1" {
			return nil, fmt.Errorf("read %s: not a whole Parquet file (it ends at byte %d without the closing PAR1 marker: truncated?)", name, len(data))
		}
		return nil, fmt.Errorf("read %s: not a Parquet file (it does not start with the PAR1 marker)", name)
	}
	if isParquet(data) {
		s, meta, err = readParquet(data, name)
	} else {
		var text string
		if text, err = decodeText(data, name); err == nil {
			s, err = readText(text, name)
		}
	}
	if err != nil {
		return nil, err
	}
	return label(s, name, opt, meta)
}

// label names the bars read from name (Source, Symbol) and gives them their
// timeframe, resampling them when opt asks for a coarser one.
func label(s *Series, name string, opt LoadOptions, meta fileMeta) (*Series, error) {
	var tf Timeframe
	if opt.Timeframe != "" {
		var err error
		if tf, err = ParseTimeframe(opt.Timeframe); err != nil {
			return nil, fmt.Errorf("load %s: %w", name, err)
		}
	}
	s.Source = name
	s.Symbol = firstNonEmpty(opt.Symbol, meta.symbol, SymbolFromFileName(name))
	native, nerr := fileTimeframe(meta, s.Time)
	switch {
	case tf.Name == "" && nerr != nil:
		return nil, fmt.Errorf("%s: %w; give the timeframe explicitly", name, nerr)
	case tf.Name == "":
		tf = native
	case nerr == nil: // a timeframe other than the bars' own is made by resampling, never by relabelling
		var err error
		if s, err = conform(s, native, tf); err != nil {
			return nil, fmt.Errorf("%s: the bars are %s: %w", name, native.Name, err)
		}
	}
	s.Timeframe = tf
	return s, nil
}

// fileTimeframe is the timeframe a file states, else the one its bars show.
func fileTimeframe(meta fileMeta, times []int64) (Timeframe, error) {
	if tf, err := ParseTimeframe(meta.timeframe); err == nil {
		return tf, nil
	}
	return DetectTimeframe(times)
}

// fileMeta is what a file may say about itself (Parquet key-value metadata).
type fileMeta struct{ symbol, timeframe string }

func gunzip(data []byte, name string) ([]byte, error) {
	if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
		return data, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("read %s: gunzip: %w", name, err)
	}
	// The gzip trailer states the uncompressed size (of the last member,
	// modulo 4 GiB): a buffer of that size is filled once instead of
	// growing by doubling, each growth a copy and fresh pages to fault in.
	var out bytes.Buffer
	if len(data) >= 18 {
		if n := int(binary.LittleEndian.Uint32(data[len(data)-4:])); n <= 64*len(data) {
			out.Grow(n + bytes.MinRead)
		}
	}
	if _, err := out.ReadFrom(zr); err != nil {
		return nil, fmt.Errorf("read %s: gunzip: %w", name, err)
	}
	return out.Bytes(), nil
}

func isParquet(data []byte) bool {
	return len(data) >= 8 && string(data[:4]) == "PAR1" && string(data[len(data)-4:]) == "PAR1"
}

// decodeText turns file content into UTF-8 text: a UTF-8 byte order mark is
// dropped and UTF-16 (which some Windows tools write) is converted. data is
// the loader's own buffer, never written after this call, so UTF-8 text is
// the same memory seen as a string rather than a copy of it.
func decodeText(data []byte, name string) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return utf16Text(data[2:], binary.LittleEndian), nil
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return utf16Text(data[2:], binary.BigEndian), nil
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return "", fmt.Errorf("read %s: binary content that is neither Parquet nor gzip nor text", name)
	}
	return chunkText(data), nil
}

func utf16Text(data []byte, order binary.ByteOrder) string {
	units := make([]uint16, len(data)/2)
	for i := range units {
		units[i] = order.Uint16(data[2*i:])
	}
	return string(utf16.Decode(units))
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
