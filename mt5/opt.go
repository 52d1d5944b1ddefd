package mt5

import (
	"fmt"
	"math"
	"time"

	"github.com/passframes/passframes/stats"
)

// The optimization cache layout, after TesterOptCacheHeader, TestCacheInput
// and ExpTradeSummary in MetaQuotes' OptReader.mqh (MQL5 book, "Strategy
// tester"): little-endian, byte-packed.
const (
	optHeaderSize = 1442
	optSignature  = "TesterOptCache"

	// TesterOptCacheHeader field offsets.
	optNameOff        = 132 // ushort name[16]
	optNameLen        = 32
	optHeaderSizeOff  = 428
	optRecordSizeOff  = 432
	optExpertOff      = 436 // ushort expert_name[64]
	optExpertPathOff  = 564 // ushort expert_path[128]
	optServerOff      = 820 // ushort server[64]
	optSymbolOff      = 948 // ushort symbol[32]
	optPeriodOff      = 1012
	optDateFromOff    = 1014
	optDateToOff      = 1022
	optDateForwardOff = 1030
	optModeOff        = 1038
	optTicksModeOff   = 1042
	optCriterionOff   = 1046
	optCurrencyOff    = 1286 // ushort trade_currency[32]
	optDepositOff     = 1350
	optLeverageOff    = 1358
	optHedgingOff     = 1362
	optParamsSizeOff  = 1410
	optParamsTotalOff = 1414
	optOptSizeOff     = 1418
	optOptTotalOff    = 1422
	optDwordsOff      = 1426
	optSnapshotOff    = 1430
	optPassesTotalOff = 1434
	optPassesOff      = 1438

	// TestCacheInput: ushort name[64]; int flag, type, digits, offset, size,
	// unknown; union { long integers[3]; double numbers[3]; } range.
	optInputSize     = 176
	optInputFlagOff  = 128
	optInputTypeOff  = 132
	optInputDigitOff = 136
	optInputOffOff   = 140
	optInputSizeOff  = 144
	optInputRangeOff = 152

	// Record bodies: ExpTradeSummary (ulong pass; double[27]; int[14]), the
	// same plus ushort watch[32] (optimization over symbols), and
	// MathTestCacheRecord (ulong pass; double fitness).
	optSummarySize   = 8 + 27*8 + 14*4
	optBySymbolsSize = optSummarySize + 64
	optMathSize      = 16
	optIntsOff       = 8 + 27*8

	// optTypeOffset is added to ENUM_DATATYPE in TestCacheInput.type.
	optTypeOffset = 75
)

// MQL5's ENUM_DATATYPE.
const (
	typeBool = 1 + iota
	typeChar
	typeUchar
	typeShort
	typeUshort
	typeColor
	typeInt
	typeUint
	typeDatetime
	typeLong
	typeUlong
	typeFloat
	typeDouble
	typeString
)

// optDoubles maps the 27 doubles of ExpTradeSummary, in file order, to the
// statistics of the same name (docs/statistics.md): deposit, withdrawal, profit,
// grossprofit, grossloss, maxprofit, minprofit, conprofitmax, maxconprofit,
// conlossmax, maxconloss, balancemin, maxdrawdown, drawdownpercent,
// reldrawdown, reldrawdownpercent, the five equity counterparts,
// expected_payoff, profit_factor, recovery_factor, sharpe_ratio,
// margin_level, custom_fitness.
var optDoubles = [27]int{
	stats.InitialDeposit, stats.Withdrawal, stats.Profit, stats.GrossProfit, stats.GrossLoss,
	stats.MaxProfitTrade, stats.MaxLossTrade, stats.ConProfitMax, stats.MaxConWins, stats.ConLossMax,
	stats.MaxConLosses, stats.BalanceMin, stats.BalanceDD, stats.BalanceDDPercent, stats.BalanceDDRelative,
	stats.BalanceDDRelPercent, stats.EquityMin, stats.EquityDD, stats.EquityDDPercent, stats.EquityDDRelative,
	stats.EquityDDRelPercent, stats.ExpectedPayoff, stats.ProfitFactor, stats.RecoveryFactor, stats.SharpeRatio,
	stats.MinMarginLevel, stats.CustomOnTester,
}

// optInts maps the 14 ints of ExpTradeSummary: deals, trades, profittrades,
// losstrades, shorttrades, longtrades, winshorttrades, winlongtrades,
// conprofitmax_trades, maxconprofit_trades, conlossmax_trades,
// maxconloss_trades, avgconwinners, avgconloosers.
var optInts = [14]int{
	stats.Deals, stats.Trades, stats.ProfitTrades, stats.LossTrades, stats.ShortTrades, stats.LongTrades,
	stats.ProfitShortTrades, stats.ProfitLongTrades, stats.ConProfitMaxTrades, stats.MaxConProfitTrades,
	stats.ConLossMaxTrades, stats.MaxConLossTrades, stats.ProfitTradesAvgCon, stats.LossTradesAvgCon,
}

// optCache is a parsed optimization cache.
type optCache struct {
	Expert, ExpertPath, Server, Symbol, Currency string
	Period                                       int // ENUM_TIMEFRAMES
	From, To, Forward                            time.Time
	OptMode, TicksMode, Criterion                int
	Deposit, Leverage                            float64
	Hedging                                      bool
	Inputs                                       []optInput
	Math                                         bool // records hold a fitness only
	Passes                                       []optPass
	Notes                                        []string
}

// optInput is one input of the expert.
type optInput struct {
	Name              string
	Optimized         bool
	Type              int     // ENUM_DATATYPE
	Value             float64 // its value in the common buffer (0 for a string)
	Start, Step, Stop float64
	offset, size      int // where its value lies in the common buffer
}

func (in optInput) numeric() bool { return in.Type != typeString }
func (in optInput) float() bool   { return in.Type == typeFloat || in.Type == typeDouble }

// optPass is one record: the pass number, its statistics and the values of
// the optimized inputs, in input order.
type optPass struct {
	Pass   int64
	Stats  stats.Stats
	Values []float64
}

// parseOpt reads an optimization cache. file names it in errors.
func parseOpt(b []byte, file string) (*optCache, error) {
	if len(b) < optHeaderSize {
		return nil, offsetError(file, len(b), "the file ends inside the %d-byte cache header", optHeaderSize)
	}
	h := le{b: b}
	if sig := h.str(optNameOff, optNameLen); sig != optSignature {
		return nil, offsetError(file, optNameOff, "signature %q, want %q", sig, optSignature)
	}
	c := &optCache{
		Expert: h.str(optExpertOff, 128), ExpertPath: h.str(optExpertPathOff, 256),
		Server: h.str(optServerOff, 128), Symbol: h.str(optSymbolOff, 64),
		Currency: h.str(optCurrencyOff, 64), Period: int(h.u16(optPeriodOff)),
		OptMode: int(h.i32(optModeOff)), TicksMode: int(h.i32(optTicksModeOff)),
		Criterion: int(h.i32(optCriterionOff)), Deposit: float64(h.i32(optDepositOff)),
		Leverage: float64(h.i32(optLeverageOff)), Hedging: h.i32(optHedgingOff) == 2,
	}
	var err error
	if c.From, err = optDate(h, optDateFromOff, file); err != nil {
		return nil, err
	}
	if c.To, err = optDate(h, optDateToOff, file); err != nil {
		return nil, err
	}
	if c.Forward, err = optDate(h, optDateForwardOff, file); err != nil {
		return nil, err
	}
	pos, params, err := c.readInputs(b, file)
	if err != nil {
		return nil, err
	}
	if err := c.readParamBuffer(params, file); err != nil {
		return nil, err
	}
	if pos, err = c.skipSnapshot(b, pos, file); err != nil {
		return nil, err
	}
	return c, c.readRecords(b, pos, file)
}

// optDate reads a datetime (seconds since 1970); 0 is "none".
func optDate(h le, off int, file string) (time.Time, error) {
	s := h.i64(off)
	if s == 0 {
		return time.Time{}, nil
	}
	if s < 0 || s > 1<<40 {
		return time.Time{}, offsetError(file, off, "date %d is not a time (seconds since 1970)", s)
	}
	return time.Unix(s, 0).UTC(), nil
}

// readInputs reads the input descriptors and returns the position after the
// common parameter buffer, and that buffer.
func (c *optCache) readInputs(b []byte, file string) (int, []byte, error) {
	h := le{b: b}
	n := uint64(h.u32(optParamsTotalOff))
	if !fits(b, optHeaderSize, n*optInputSize) {
		return 0, nil, offsetError(file, optParamsTotalOff, "parameters_total %d needs %d bytes of input descriptors, the file has %d after the header",
			n, n*optInputSize, len(b)-optHeaderSize)
	}
	bufSize := uint64(h.u32(optParamsSizeOff))
	for i := 0; i < int(n); i++ {
		in, err := parseOptInput(b, optHeaderSize+i*optInputSize, bufSize, file)
		if err != nil {
			return 0, nil, err
		}
		c.Inputs = append(c.Inputs, in)
	}
	pos := optHeaderSize + int(n)*optInputSize
	if !fits(b, pos, bufSize) {
		return 0, nil, offsetError(file, pos, "the %d-byte parameter buffer (parameters_size) runs past the end of the file (%d bytes)", bufSize, len(b))
	}
	params := b[pos : pos+int(bufSize)]
	pos += int(bufSize)
	// OptReader reads on from here; header_size, when larger, is taken as
	// where the snapshot starts (the descriptors and buffer are counted in it).
	if hs := int64(h.u32(optHeaderSizeOff)); hs > int64(pos) {
		if hs > int64(len(b)) {
			return 0, nil, offsetError(file, optHeaderSizeOff, "header_size %d is past the end of the file (%d bytes)", hs, len(b))
		}
		c.Notes = append(c.Notes, fmt.Sprintf("header_size %d is larger than the header, descriptors and parameter buffer (%d bytes): the %d bytes between were skipped", hs, pos, hs-int64(pos)))
		pos = int(hs)
	}
	return pos, params, nil
}

// parseOptInput reads the TestCacheInput at off.
func parseOptInput(b []byte, off int, bufSize uint64, file string) (optInput, error) {
	r := le{b: b, base: off}
	in := optInput{Name: r.str(0, 128), Optimized: r.i32(optInputFlagOff) != 0,
		Type: int(r.i32(optInputTypeOff)) - optTypeOffset, offset: int(r.i32(optInputOffOff)), size: int(r.i32(optInputSizeOff))}
	at := func(field int) int { return off + field }
	switch {
	case in.Name == "":
		return in, offsetError(file, off, "input descriptor with an empty name")
	case in.Type < typeBool || in.Type > typeString:
		return in, offsetError(file, at(optInputTypeOff), "input %q: type %d is not an MQL5 data type (75 + 1..14)", in.Name, in.Type+optTypeOffset)
	case in.numeric() && !validWidth(in):
		return in, offsetError(file, at(optInputSizeOff), "input %q: %d bytes cannot hold a value of its type", in.Name, in.size)
	case in.size < 0 || in.offset < 0 || uint64(in.offset)+uint64(in.size) > bufSize:
		return in, offsetError(file, at(optInputOffOff), "input %q: value at %d (+%d bytes) is outside the %d-byte parameter buffer",
			in.Name, in.offset, in.size, bufSize)
	}
	for k, dst := range []*float64{&in.Start, &in.Step, &in.Stop} {
		if in.float() {
			*dst = r.f64(optInputRangeOff + 8*k)
		} else {
			*dst = float64(r.i64(optInputRangeOff + 8*k))
		}
		if math.IsNaN(*dst) || math.IsInf(*dst, 0) {
			return in, offsetError(file, at(optInputRangeOff+8*k), "input %q: range value %v is not a finite number", in.Name, *dst)
		}
	}
	return in, nil
}

// validWidth reports whether an input's size fits its type.
func validWidth(in optInput) bool {
	if in.float() {
		return in.size == 4 || in.size == 8
	}
	return in.size == 1 || in.size == 2 || in.size == 4 || in.size == 8
}

// readParamBuffer decodes every numeric input's value from the common buffer.
func (c *optCache) readParamBuffer(buf []byte, file string) error {
	for i := range c.Inputs {
		in := &c.Inputs[i]
		if !in.numeric() {
			continue
		}
		v := decodeValue(buf[in.offset:in.offset+in.size], *in)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return offsetError(file, optHeaderSize+i*optInputSize+optInputOffOff, "input %q: value %v is not a finite number", in.Name, v)
		}
		in.Value = v
	}
	return nil
}

// decodeValue reads a value of the input's type from the low bytes of b (the
// input's own size in the common buffer, or its 8-byte slot in a record):
// signed types sign-extend, floats read as float32 or float64 by width.
func decodeValue(b []byte, in optInput) float64 {
	r := le{b: b}
	n := min(in.size, len(b))
	if in.float() {
		if n == 4 {
			return float64(math.Float32frombits(r.u32(0)))
		}
		return r.f64(0)
	}
	var u uint64
	for i := n - 1; i >= 0; i-- {
		u = u<<8 | uint64(b[i])
	}
	switch in.Type {
	case typeBool:
		if u != 0 {
			return 1
		}
		return 0
	case typeChar, typeShort, typeInt, typeLong, typeDatetime:
		shift := 64 - 8*uint(n)
		return float64(int64(u<<shift) >> shift)
	}
	return float64(u)
}

// skipSnapshot skips the snapshot that follows the parameter buffer
// (snapshot_size ints, as OptReader reads it).
func (c *optCache) skipSnapshot(b []byte, pos int, file string) (int, error) {
	n := uint64(le{b: b}.u32(optSnapshotOff)) * 4
	if !fits(b, pos, n) {
		return 0, offsetError(file, pos, "the snapshot (snapshot_size %d ints) runs past the end of the file (%d bytes)", n/4, len(b))
	}
	return pos + int(n), nil
}

// readRecords reads passes_passed records of record_size bytes from pos.
func (c *optCache) readRecords(b []byte, pos int, file string) error {
	h := le{b: b}
	recSize := int64(h.u32(optRecordSizeOff))
	optSize := int64(h.u32(optOptSizeOff))
	body := recSize - optSize - 4*int64(h.u32(optDwordsOff))
	switch body {
	case optSummarySize, optSummarySize + 8, optBySymbolsSize, optBySymbolsSize + 8:
	case optMathSize, optMathSize + 8:
		c.Math = true
	default:
		return offsetError(file, optRecordSizeOff, "record_size %d less opt_params_size %d and %d genetic dwords leaves %d bytes, "+
			"which fits no documented record (%d, %d or %d bytes, each optionally + 8)",
			recSize, optSize, h.u32(optDwordsOff), body, optSummarySize, optBySymbolsSize, optMathSize)
	}
	if body >= optBySymbolsSize {
		c.Notes = append(c.Notes, "records of an optimization over symbols: the symbol of each pass is not stored")
	}
	var opt []optInput
	for _, in := range c.Inputs {
		if in.Optimized {
			opt = append(opt, in)
		}
	}
	if total := int(h.u32(optOptTotalOff)); total != len(opt) {
		return offsetError(file, optOptTotalOff, "opt_params_total %d, but %d input descriptors are flagged as optimized", total, len(opt))
	}
	if optSize < 8*int64(len(opt)) {
		return offsetError(file, optOptSizeOff, "opt_params_size %d cannot hold %d optimized inputs of 8 bytes", optSize, len(opt))
	}
	n := uint64(h.u32(optPassesOff))
	if !fits(b, pos, n*uint64(recSize)) {
		k := (len(b) - pos) / int(recSize)
		return offsetError(file, pos+k*int(recSize), "pass record %d of %d (passes_passed, %d bytes each) is cut off: the file ends at %d",
			k+1, n, recSize, len(b))
	}
	// The optimized inputs follow the record's statistics (OptReader reads
	// them right after the struct), 8 bytes each.
	// With the optional 8-byte appendix, OptReader still reads them right
	// after the struct and counts the appendix with the genetic dwords.
	inputsAt := int(body)
	switch body {
	case optSummarySize + 8, optBySymbolsSize + 8, optMathSize + 8:
		inputsAt -= 8
	}
	seen := make(map[int64]bool, n)
	dups := 0
	for k := 0; k < int(n); k++ {
		off := pos + k*int(recSize)
		p, err := c.readRecord(b, off, inputsAt, opt, file)
		if err != nil {
			return err
		}
		if seen[p.Pass] {
			dups++
			continue
		}
		seen[p.Pass] = true
		c.Passes = append(c.Passes, p)
	}
	if dups > 0 {
		c.Notes = append(c.Notes, fmt.Sprintf("%d records repeat a pass number already read: the first record of each pass was kept", dups))
	}
	if end := pos + int(n)*int(recSize); end < len(b) {
		c.Notes = append(c.Notes, fmt.Sprintf("%d bytes after the last record (offset %d) were ignored", len(b)-end, end))
	}
	return nil
}

// readRecord reads the record at off: pass number, statistics and the
// optimized inputs' values, which start inputsAt bytes into the record.
func (c *optCache) readRecord(b []byte, off, inputsAt int, opt []optInput, file string) (optPass, error) {
	r := le{b: b, base: off}
	raw := r.u64(0)
	if raw > math.MaxInt64 {
		return optPass{}, offsetError(file, off, "pass number %d is out of range", raw)
	}
	p := optPass{Pass: int64(raw)}
	if c.Math {
		p.Stats[stats.CustomOnTester] = r.f64(8)
	} else {
		for i, s := range optDoubles {
			p.Stats[s] = r.f64(8 + 8*i)
		}
		for i, s := range optInts {
			p.Stats[s] = float64(r.i32(optIntsOff + 4*i))
		}
	}
	p.Stats = stats.Finite(p.Stats)
	p.Values = make([]float64, len(opt))
	for i, in := range opt {
		at := off + inputsAt + 8*i
		v := decodeValue(b[at:at+8], in)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return p, offsetError(file, at, "pass %d: input %q: value %v is not a finite number", p.Pass, in.Name, v)
		}
		p.Values[i] = v
	}
	return p, nil
}
