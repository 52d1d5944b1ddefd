package mt5

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Kind is the kind of an MT5 result file.
type Kind int

// The kinds of file Import reads.
const (
	Unknown    Kind = iota
	OptCache        // Tester/cache/*.opt: the optimization cache
	ReportHTML      // ReportTester*.html: a single test's report
	ReportXLSX      // the same report exported as an Excel workbook
	OptXML          // the optimization results exported as SpreadsheetML (.xml, .forward.xml)
	MQD             // frames in the .mqd layout of the MQL5 article «Visual evaluation of optimization results»
)

var kindNames = [...]string{Unknown: "unknown", OptCache: "optimization cache", ReportHTML: "tester report (HTML)",
	ReportXLSX: "tester report (XLSX)", OptXML: "optimization XML", MQD: "frame file (.mqd)"}

// String names the kind for messages.
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("Kind(%d)", int(k))
	}
	return kindNames[k]
}

// Source is the manifest's Source for a run imported from a file of this
// kind: "mt5-opt", "mt5-report", "mt5-xml" or "mt5-mqd".
func (k Kind) Source() string {
	switch k {
	case OptCache:
		return "mt5-opt"
	case ReportHTML, ReportXLSX:
		return "mt5-report"
	case OptXML:
		return "mt5-xml"
	case MQD:
		return "mt5-mqd"
	}
	return ""
}

// detectHead is how much of a file Detect reads.
const detectHead = 64 << 10

// Detect tells the kind of the MT5 file at path from its content (signature,
// byte-order mark, XML root, the shape of the first .mqd record), not from
// its name; the .mqd extension is only a tie-breaker for files too short to
// judge.
func Detect(path string) (Kind, error) {
	f, err := os.Open(path)
	if err != nil {
		return Unknown, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return Unknown, fmt.Errorf("%s is a directory, not an MT5 file: name the files in it", path)
	}
	head := make([]byte, detectHead)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return Unknown, err // an *os.PathError: it names the file
	}
	k := detectBytes(head[:n])
	if k == Unknown && strings.EqualFold(filepath.Ext(path), ".mqd") {
		k = MQD
	}
	if k == Unknown {
		return Unknown, fmt.Errorf("%s: not a MetaTrader 5 file this program imports "+
			"(an .opt cache, a tester report in HTML or XLSX, an optimization XML export or an .mqd frame file)", path)
	}
	return k, nil
}

// detectBytes tells the kind from the first bytes of a file.
func detectBytes(head []byte) Kind {
	switch {
	case isOptCache(head):
		return OptCache
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return ReportXLSX
	}
	if k := detectText(head); k != Unknown {
		return k
	}
	if looksLikeMQD(head) {
		return MQD
	}
	return Unknown
}

// isOptCache checks the "TesterOptCache" signature of the cache header.
func isOptCache(head []byte) bool {
	return len(head) >= optNameOff+optNameLen && utf16String(head[optNameOff:optNameOff+optNameLen]) == optSignature
}

// detectText recognizes an HTML report or a SpreadsheetML workbook.
func detectText(head []byte) Kind {
	if len(head) >= 2 && (head[0] == 0xFF && head[1] == 0xFE || head[0] == 0xFE && head[1] == 0xFF) {
		head = head[:len(head)&^1] // a head cut in the middle of a UTF-16 unit
	} else {
		// A head cut in the middle of a UTF-8 sequence: drop the partial rune.
		for i := 0; i < 3 && len(head) > 0 && !utf8.Valid(head); i++ {
			head = head[:len(head)-1]
		}
	}
	s, err := decodeText(head)
	if err != nil {
		return Unknown
	}
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case strings.HasPrefix(s, "<?xml") || strings.HasPrefix(s, "<workbook"):
		if strings.Contains(s, "<workbook") && strings.Contains(s, spreadsheetNS) {
			return OptXML
		}
	case strings.HasPrefix(s, "<!doctype html") || strings.HasPrefix(s, "<html"):
		return ReportHTML
	}
	return Unknown
}

// looksLikeMQD checks that the first record after the 260-byte header has
// the shape that article describes: ID 1 (back) or 2 (forward) and a Value that
// is a whole number of points.
func looksLikeMQD(head []byte) bool {
	if len(head) < mqdHeaderSize+mqdRecordSize {
		return false
	}
	rec := head[mqdHeaderSize:]
	id := int64(binary.LittleEndian.Uint64(rec[8:]))
	value := math.Float64frombits(binary.LittleEndian.Uint64(rec[mqdValueOff:]))
	size := int32(binary.LittleEndian.Uint32(rec[mqdSizeOff:]))
	return (id == mqdBack || id == mqdForward) && value >= 0 && value < 1e9 && value == math.Trunc(value) && size >= 0
}
