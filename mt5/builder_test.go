package mt5

// Writers that build the files of every format byte by byte from the
// documented layouts, so that the tests need no file from MetaTrader.

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"unicode/utf16"
)

// putUTF16 writes s as NUL-padded UTF-16LE into b.
func putUTF16(b []byte, s string) {
	for i, u := range utf16.Encode([]rune(s)) {
		if 2*i+1 < len(b) {
			binary.LittleEndian.PutUint16(b[2*i:], u)
		}
	}
}

func utf16LE(s string) []byte {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2+2*len(u))
	b[0], b[1] = 0xFF, 0xFE
	for i, c := range u {
		binary.LittleEndian.PutUint16(b[2+2*i:], c)
	}
	return b
}

// optSpec describes an optimization cache to build.
type optSpec struct {
	expert, symbol string
	period         uint16
	from, to, fwd  int64
	deposit        int32
	leverage       int32
	inputs         []optInputSpec
	passes         []optPassSpec
	recordKind     string // "summary" (default), "math", "symbols"
	appendix       bool   // the optional 8 bytes of a record
	dwords         int    // genetic dwords per record
	snapshot       int    // snapshot ints
	headerSize     uint32 // 0: the header's own size
}

type optInputSpec struct {
	name              string
	optimized         bool
	typ               int // ENUM_DATATYPE
	size              int
	value             float64 // in the common buffer
	start, step, stop float64
}

type optPassSpec struct {
	pass    uint64
	doubles [27]float64
	ints    [14]int32
	values  []float64 // per optimized input
}

// buildOpt writes an optimization cache after OptReader.mqh's layout.
func buildOpt(s optSpec) []byte {
	h := make([]byte, optHeaderSize)
	le := binary.LittleEndian
	le.PutUint32(h[0:], 1)
	putUTF16(h[4:132], "Copyright MetaQuotes")
	putUTF16(h[optNameOff:optNameOff+optNameLen], optSignature)
	putUTF16(h[optExpertOff:optExpertOff+128], s.expert)
	putUTF16(h[optExpertPathOff:optExpertPathOff+256], `Advisors\`+s.expert+".ex5")
	putUTF16(h[optServerOff:optServerOff+128], "MetaQuotes-Demo")
	putUTF16(h[optSymbolOff:optSymbolOff+64], s.symbol)
	le.PutUint16(h[optPeriodOff:], s.period)
	le.PutUint64(h[optDateFromOff:], uint64(s.from))
	le.PutUint64(h[optDateToOff:], uint64(s.to))
	le.PutUint64(h[optDateForwardOff:], uint64(s.fwd))
	putUTF16(h[optCurrencyOff:optCurrencyOff+64], "USD")
	le.PutUint32(h[optDepositOff:], uint32(s.deposit))
	le.PutUint32(h[optLeverageOff:], uint32(s.leverage))
	le.PutUint32(h[optHedgingOff:], 1)

	// Inputs and the common parameter buffer.
	var desc, buf []byte
	nOpt := 0
	for _, in := range s.inputs {
		d := make([]byte, optInputSize)
		putUTF16(d[:128], in.name)
		if in.optimized {
			le.PutUint32(d[optInputFlagOff:], 1)
			nOpt++
		}
		le.PutUint32(d[optInputTypeOff:], uint32(in.typ+optTypeOffset))
		le.PutUint32(d[optInputOffOff:], uint32(len(buf)))
		le.PutUint32(d[optInputSizeOff:], uint32(in.size))
		for k, v := range []float64{in.start, in.step, in.stop} {
			if in.typ == typeFloat || in.typ == typeDouble {
				le.PutUint64(d[optInputRangeOff+8*k:], math.Float64bits(v))
			} else {
				le.PutUint64(d[optInputRangeOff+8*k:], uint64(int64(v)))
			}
		}
		desc = append(desc, d...)
		buf = append(buf, encodeValue(in, in.value, in.size)...)
	}
	body := optSummarySize
	switch s.recordKind {
	case "math":
		body = optMathSize
	case "symbols":
		body = optBySymbolsSize
	}
	extra := 0
	if s.appendix {
		extra = 8
	}
	optSize := 8 * nOpt
	recSize := body + extra + optSize + 4*s.dwords
	le.PutUint32(h[optHeaderSizeOff:], s.headerSize)
	le.PutUint32(h[optRecordSizeOff:], uint32(recSize))
	le.PutUint32(h[optParamsSizeOff:], uint32(len(buf)))
	le.PutUint32(h[optParamsTotalOff:], uint32(len(s.inputs)))
	le.PutUint32(h[optOptSizeOff:], uint32(optSize))
	le.PutUint32(h[optOptTotalOff:], uint32(nOpt))
	le.PutUint32(h[optDwordsOff:], uint32(s.dwords))
	le.PutUint32(h[optSnapshotOff:], uint32(s.snapshot))
	le.PutUint32(h[optPassesTotalOff:], uint32(len(s.passes)))
	le.PutUint32(h[optPassesOff:], uint32(len(s.passes)))

	out := append(append(h, desc...), buf...)
	if gap := int(s.headerSize) - len(out); gap > 0 {
		out = append(out, make([]byte, gap)...)
	}
	out = append(out, bytes.Repeat([]byte{0xAB}, 4*s.snapshot)...)
	for _, p := range s.passes {
		rec := make([]byte, recSize)
		le.PutUint64(rec, p.pass)
		if s.recordKind == "math" {
			le.PutUint64(rec[8:], math.Float64bits(p.doubles[0]))
		} else {
			for i, v := range p.doubles {
				le.PutUint64(rec[8+8*i:], math.Float64bits(v))
			}
			for i, v := range p.ints {
				le.PutUint32(rec[optIntsOff+4*i:], uint32(v))
			}
		}
		if s.recordKind == "symbols" {
			putUTF16(rec[optSummarySize:optBySymbolsSize], s.symbol)
		}
		k := 0
		for _, in := range s.inputs {
			if in.optimized {
				copy(rec[body+8*k:], encodeValue(in, p.values[k], 8))
				k++
			}
		}
		// The genetic dwords and the appendix are filler the reader skips.
		for i := body + optSize; i < recSize; i++ {
			rec[i] = 0xCD
		}
		out = append(out, rec...)
	}
	return out
}

// encodeValue writes v as the input's type in n bytes (little-endian; a
// float in its first 4 bytes).
func encodeValue(in optInputSpec, v float64, n int) []byte {
	b := make([]byte, max(n, 8))
	switch in.typ {
	case typeDouble:
		binary.LittleEndian.PutUint64(b, math.Float64bits(v))
	case typeFloat:
		binary.LittleEndian.PutUint32(b, math.Float32bits(float32(v)))
	default:
		binary.LittleEndian.PutUint64(b, uint64(int64(v)))
	}
	return b[:n]
}

// mqdSpecFrame is one frame of an .mqd file to build.
type mqdSpecFrame struct {
	pass            uint64
	id              int64
	name            string
	balance, equity []float64
	stats           []float64 // 41 or 42 values for a back frame
	sizeInElements  bool      // write SizeOfArray as a count of doubles
	sizeOverride    *int32
}

// buildMQD writes a 260-byte header and the frames in the layout of the MQL5 article «Visual evaluation of optimization results» (article 9922).
func buildMQD(frs ...mqdSpecFrame) []byte {
	out := make([]byte, mqdHeaderSize)
	copy(out, "MQD test header")
	le := binary.LittleEndian
	for _, f := range frs {
		rec := make([]byte, mqdRecordSize)
		le.PutUint64(rec, f.pass)
		le.PutUint64(rec[mqdIDOff:], uint64(f.id))
		putUTF16(rec[mqdNameOff:mqdNameOff+128], f.name)
		le.PutUint64(rec[mqdValueOff:], math.Float64bits(float64(len(f.balance))))
		data := append(append(append([]float64{}, f.balance...), f.equity...), f.stats...)
		size := int32(8 * len(data))
		if f.sizeInElements {
			size = int32(len(data))
		}
		if f.sizeOverride != nil {
			size = *f.sizeOverride
		}
		le.PutUint32(rec[mqdSizeOff:], uint32(size))
		out = append(out, rec...)
		for _, v := range data {
			out = le.AppendUint64(out, math.Float64bits(v))
		}
	}
	return out
}

// reportSpec is a tester report to build as MT5 writes it.
type reportSpec struct {
	expert, symbol, period string
	inputs                 []string // Name=value lines and captions
	deposit, leverage      string
	results                [][2]string // label (with colon) and printed value, in order
	deals                  [][13]string
}

// buildReportHTML writes the report as MT5's HTML, in UTF-16LE with a BOM,
// laid out as MT5 lays it out: label cells followed by value cells, then
// the Orders and Deals tables.
func buildReportHTML(s reportSpec) []byte {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">\r\n<html>\r\n<head>\r\n" +
		"<title>Strategy Tester Report</title>\r\n<style type=\"text/css\">\r\n<!--\r\ntd { font: 8pt Tahoma,Arial; }\r\n//-->\r\n</style>\r\n</head>\r\n" +
		"<body>\r\n<div align=\"center\">\r\n<table cellspacing=\"1\" cellpadding=\"3\" border=\"0\">\r\n")
	row := func(label, value string) {
		fmt.Fprintf(&b, "   <tr align=\"right\">\r\n      <td nowrap colspan=\"3\">%s</td>\r\n      <td nowrap colspan=\"10\" align=\"left\"><b>%s</b></td>\r\n   </tr>\r\n", label, value)
	}
	b.WriteString("   <tr><td colspan=\"13\"><div><b>Settings</b></div></td></tr>\r\n")
	row("Expert:", s.expert)
	row("Symbol:", s.symbol)
	row("Period:", s.period)
	for i, in := range s.inputs {
		label := ""
		if i == 0 {
			label = "Inputs:"
		}
		row(label, strings.ReplaceAll(in, "&", "&amp;"))
	}
	row("Company:", "MetaQuotes Ltd.")
	row("Currency:", "USD")
	row("Initial Deposit:", s.deposit)
	row("Leverage:", s.leverage)
	b.WriteString("   <tr><td colspan=\"13\"><div><b>Results</b></div></td></tr>\r\n")
	// Three label/value pairs per row, as MT5 prints its results.
	for i := 0; i < len(s.results); i += 3 {
		b.WriteString("   <tr align=\"right\">\r\n")
		for _, r := range s.results[i:min(i+3, len(s.results))] {
			fmt.Fprintf(&b, "      <td nowrap colspan=\"3\">%s</td>\r\n      <td nowrap><b>%s</b></td>\r\n", r[0], r[1])
		}
		b.WriteString("   </tr>\r\n")
	}
	b.WriteString("</table>\r\n<table cellspacing=\"1\" cellpadding=\"3\" border=\"0\">\r\n")
	b.WriteString("   <tr align=\"center\"><th colspan=\"13\"><div><b>Orders</b></div></th></tr>\r\n" +
		"   <tr align=\"center\" bgcolor=\"#E5F0FC\"><td nowrap><b>Open Time</b></td><td><b>Order</b></td><td><b>Symbol</b></td>" +
		"<td><b>Type</b></td><td colspan=\"2\"><b>Volume</b></td><td><b>Price</b></td><td><b>S / L</b></td><td><b>T / P</b></td>" +
		"<td colspan=\"2\"><b>Time</b></td><td><b>State</b></td><td><b>Comment</b></td></tr>\r\n")
	b.WriteString("   <tr align=\"center\"><th colspan=\"13\"><div><b>Deals</b></div></th></tr>\r\n   <tr align=\"center\" bgcolor=\"#E5F0FC\">\r\n")
	for _, h := range []string{"Time", "Deal", "Symbol", "Type", "Direction", "Volume", "Price", "Order", "Commission", "Swap", "Profit", "Balance", "Comment"} {
		fmt.Fprintf(&b, "      <td nowrap><b>%s</b></td>\r\n", h)
	}
	b.WriteString("   </tr>\r\n")
	for i, d := range s.deals {
		fmt.Fprintf(&b, "   <tr bgcolor=\"#%s\" align=right>", []string{"FFFFFF", "F7F7F7"}[i%2])
		for _, c := range d {
			fmt.Fprintf(&b, "<td>%s</td>", c)
		}
		b.WriteString("</tr>\r\n")
	}
	b.WriteString("   <tr align=\"right\">\r\n      <td nowrap colspan=\"8\" style=\"height: 30px\"></td>\r\n" +
		"      <td nowrap><b>0.00</b></td>\r\n   </tr>\r\n</table>\r\n</div>\r\n</body>\r\n</html>\r\n")
	return utf16LE(b.String())
}

// xmlSpec is an optimization export to build.
type xmlSpec struct {
	title, deposit string
	header         []string
	rows           [][]string // cell texts; numbers are typed Number
}

// buildXML writes SpreadsheetML as MT5 exports its optimization results.
func buildXML(s xmlSpec) string {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\"?>\r\n<?mso-application progid=\"Excel.Sheet\"?>\r\n" +
		"<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" " +
		"xmlns:x=\"urn:schemas-microsoft-com:office:excel\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\" " +
		"xmlns:html=\"http://www.w3.org/TR/REC-html40\">\r\n")
	fmt.Fprintf(&b, "<DocumentProperties xmlns=\"urn:schemas-microsoft-com:office:office\">\r\n<Title>%s</Title>\r\n"+
		"<Author>MetaQuotes Software Corp.</Author>\r\n<Server>MetaQuotes-Demo</Server>\r\n<Deposit>%s</Deposit>\r\n<Leverage>1:100</Leverage>\r\n"+
		"</DocumentProperties>\r\n", s.title, s.deposit)
	b.WriteString("<Styles><Style ss:ID=\"Default\" ss:Name=\"Normal\"/></Styles>\r\n<Worksheet ss:Name=\"Tester Optimizator Results\">\r\n<Table>\r\n")
	cells := func(vals []string, header bool) {
		b.WriteString("<Row>\r\n")
		for _, v := range vals {
			typ := "String"
			if _, err := parseNumber(v); err == nil && !header {
				typ = "Number"
			}
			fmt.Fprintf(&b, "<Cell><Data ss:Type=\"%s\">%s</Data></Cell>\r\n", typ, v)
		}
		b.WriteString("</Row>\r\n")
	}
	cells(s.header, true)
	for _, r := range s.rows {
		cells(r, false)
	}
	b.WriteString("</Table>\r\n</Worksheet>\r\n</Workbook>\r\n")
	return b.String()
}

// buildXLSX writes rows of cell texts as a workbook with one worksheet, its
// strings in the shared string table; cells that are numbers are stored as
// numbers (without thousands separators, as Excel holds them).
func buildXLSX(rows [][]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name, body string) {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	add("[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`)
	add("xl/workbook.xml", `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" `+
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Report" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	add("xl/_rels/workbook.xml.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="worksheet" Target="worksheets/report.xml"/></Relationships>`)
	var shared []string
	index := map[string]int{}
	var sh strings.Builder
	sh.WriteString(`<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for i, r := range rows {
		fmt.Fprintf(&sh, `<row r="%d">`, i+1)
		for j, c := range r {
			if c == "" {
				continue
			}
			ref := fmt.Sprintf("%s%d", colName(j), i+1)
			if n, err := parseNumber(c); err == nil && !strings.ContainsAny(c, "%( :") {
				fmt.Fprintf(&sh, `<c r="%s"><v>%s</v></c>`, ref, fmtNum(n.V))
				continue
			}
			k, ok := index[c]
			if !ok {
				k = len(shared)
				index[c] = k
				shared = append(shared, c)
			}
			fmt.Fprintf(&sh, `<c r="%s" t="s"><v>%d</v></c>`, ref, k)
		}
		sh.WriteString("</row>")
	}
	sh.WriteString("</sheetData></worksheet>")
	add("xl/worksheets/report.xml", sh.String())
	var ss strings.Builder
	ss.WriteString(`<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	for _, s := range shared {
		ss.WriteString("<si><t>" + strings.NewReplacer("&", "&amp;", "<", "&lt;").Replace(s) + "</t></si>")
	}
	ss.WriteString("</sst>")
	add("xl/sharedStrings.xml", ss.String())
	zw.Close()
	return buf.Bytes()
}

func colName(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

func nan() float64 { return math.NaN() }
func inf() float64 { return math.Inf(1) }
