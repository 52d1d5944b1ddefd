package mt5

import (
	"encoding/binary"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/stats"
)

// cacheDoubleNames and cacheIntNames are the docs/statistics.md names of the
// ExpTradeSummary fields, in file order, written out by hand from the
// field names (deposit, withdrawal, profit, grossprofit, ...).
var cacheDoubleNames = [27]string{"initial_deposit", "withdrawal", "profit", "gross_profit", "gross_loss",
	"max_profittrade", "max_losstrade", "conprofitmax", "max_conwins", "conlossmax", "max_conlosses",
	"balancemin", "balance_dd", "balancedd_percent", "balance_dd_relative", "balance_ddrel_percent",
	"equitymin", "equity_dd", "equitydd_percent", "equity_dd_relative", "equity_ddrel_percent",
	"expected_payoff", "profit_factor", "recovery_factor", "sharpe_ratio", "min_marginlevel", "custom_ontester"}

var cacheIntNames = [14]string{"deals", "trades", "profit_trades", "loss_trades", "short_trades", "long_trades",
	"profit_shorttrades", "profit_longtrades", "conprofitmax_trades", "max_conprofit_trades",
	"conlossmax_trades", "max_conloss_trades", "profittrades_avgcon", "losstrades_avgcon"}

// testPass fills a record with values that tell its fields apart:
// double k of pass p is p·1000 + k + 0.5, int k is p·100 + k.
func testPass(p uint64, values ...float64) optPassSpec {
	s := optPassSpec{pass: p, values: values}
	for k := range s.doubles {
		s.doubles[k] = float64(p)*1000 + float64(k) + 0.5
	}
	for k := range s.ints {
		s.ints[k] = int32(p)*100 + int32(k)
	}
	return s
}

var (
	jan1  = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	jul1  = time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	dec31 = time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
)

func testOptSpec() optSpec {
	return optSpec{expert: "MovingAverage", symbol: "EURUSD", period: 0x4001,
		from: jan1.Unix(), to: dec31.Unix(), fwd: jul1.Unix(), deposit: 10000, leverage: 100,
		inputs: []optInputSpec{
			{name: "MovingPeriod", optimized: true, typ: typeInt, size: 4, value: 12, start: 10, step: 2, stop: 14},
			{name: "MaximumRisk", optimized: true, typ: typeDouble, size: 8, value: 0.02, start: 0.01, step: 0.01, stop: 0.03},
			{name: "UseFilter", typ: typeBool, size: 1, value: 1},
			{name: "Comment", typ: typeString, size: 64},
			{name: "Shift", typ: typeLong, size: 8, value: -3, start: -3, step: 1, stop: -3},
			{name: "Threshold", optimized: true, typ: typeFloat, size: 4, value: 0.5, start: 0.25, step: 0.25, stop: 1},
		},
		passes: []optPassSpec{testPass(0, 10, 0.01, 0.25), testPass(7, 14, 0.03, 1)},
	}
}

func TestParseOptHeaderAndInputs(t *testing.T) {
	c, err := parseOpt(buildOpt(testOptSpec()), "test.opt")
	if err != nil {
		t.Fatal(err)
	}
	if c.Expert != "MovingAverage" || c.Symbol != "EURUSD" || c.Period != 0x4001 || c.Server != "MetaQuotes-Demo" ||
		c.Currency != "USD" || c.Deposit != 10000 || c.Leverage != 100 {
		t.Errorf("header %+v", c)
	}
	if !c.From.Equal(jan1) || !c.To.Equal(dec31) || !c.Forward.Equal(jul1) {
		t.Errorf("dates %v %v %v", c.From, c.To, c.Forward)
	}
	want := []optInput{
		{Name: "MovingPeriod", Optimized: true, Type: typeInt, Value: 12, Start: 10, Step: 2, Stop: 14, offset: 0, size: 4},
		{Name: "MaximumRisk", Optimized: true, Type: typeDouble, Value: 0.02, Start: 0.01, Step: 0.01, Stop: 0.03, offset: 4, size: 8},
		{Name: "UseFilter", Type: typeBool, Value: 1, offset: 12, size: 1},
		{Name: "Comment", Type: typeString, offset: 13, size: 64},
		{Name: "Shift", Type: typeLong, Value: -3, Start: -3, Step: 1, Stop: -3, offset: 77, size: 8},
		{Name: "Threshold", Optimized: true, Type: typeFloat, Value: 0.5, Start: 0.25, Step: 0.25, Stop: 1, offset: 85, size: 4},
	}
	if !reflect.DeepEqual(c.Inputs, want) {
		t.Errorf("inputs\n got %+v\nwant %+v", c.Inputs, want)
	}
}

func TestParseOptStatisticsByName(t *testing.T) {
	c, err := parseOpt(buildOpt(testOptSpec()), "test.opt")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Passes) != 2 {
		t.Fatalf("%d passes, want 2", len(c.Passes))
	}
	p := c.Passes[1]
	if p.Pass != 7 || !reflect.DeepEqual(p.Values, []float64{14, 0.03, 1}) {
		t.Errorf("pass %d values %v, want 7 [14 0.03 1]", p.Pass, p.Values)
	}
	for k, name := range cacheDoubleNames {
		i, _ := stats.Index(name)
		if want := 7000 + float64(k) + 0.5; p.Stats[i] != want {
			t.Errorf("%s = %v, want double %d = %v", name, p.Stats[i], k, want)
		}
	}
	for k, name := range cacheIntNames {
		i, _ := stats.Index(name)
		if want := float64(700 + k); p.Stats[i] != want {
			t.Errorf("%s = %v, want int %d = %v", name, p.Stats[i], k, want)
		}
	}
}

// TestParseOptLayoutVariants: the appendix, genetic dwords, a snapshot and
// a header_size that counts padding all leave the passes as they are.
func TestParseOptLayoutVariants(t *testing.T) {
	base, err := parseOpt(buildOpt(testOptSpec()), "base.opt")
	if err != nil {
		t.Fatal(err)
	}
	for name, mod := range map[string]func(*optSpec){
		"appendix":   func(s *optSpec) { s.appendix = true },
		"dwords":     func(s *optSpec) { s.dwords = 3 },
		"snapshot":   func(s *optSpec) { s.snapshot = 5 },
		"headersize": func(s *optSpec) { s.headerSize = 4096 },
		"symbols":    func(s *optSpec) { s.recordKind = "symbols"; s.appendix = true },
	} {
		t.Run(name, func(t *testing.T) {
			s := testOptSpec()
			mod(&s)
			c, err := parseOpt(buildOpt(s), name+".opt")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(c.Passes, base.Passes) {
				t.Errorf("passes\n got %+v\nwant %+v", c.Passes, base.Passes)
			}
		})
	}
}

func TestParseOptMath(t *testing.T) {
	s := testOptSpec()
	s.recordKind = "math"
	c, err := parseOpt(buildOpt(s), "math.opt")
	if err != nil {
		t.Fatal(err)
	}
	var want stats.Stats
	want[stats.CustomOnTester] = 7000.5 // the fitness: double 0 of pass 7
	if !c.Math || c.Passes[1].Stats != want {
		t.Errorf("math record stats %v", c.Passes[1].Stats)
	}
}

// TestParseOptErrors corrupts or cuts a cache and checks the error names
// the offset where it stops fitting.
func TestParseOptErrors(t *testing.T) {
	good := buildOpt(testOptSpec())
	nIn := len(testOptSpec().inputs)
	recStart := optHeaderSize + nIn*optInputSize + 89 // 89 bytes of parameter buffer
	recSize := optSummarySize + 3*8
	put32 := func(off int, v uint32) func([]byte) []byte {
		return func(b []byte) []byte { binary.LittleEndian.PutUint32(b[off:], v); return b }
	}
	cases := []struct {
		name   string
		mod    func([]byte) []byte
		offset int64
		msg    string
	}{
		{"empty", func(b []byte) []byte { return nil }, 0, "ends inside the 1442-byte cache header"},
		{"cut header", func(b []byte) []byte { return b[:1000] }, 1000, "ends inside the 1442-byte cache header"},
		{"signature", func(b []byte) []byte { b[optNameOff] = 'X'; return b }, optNameOff, "signature"},
		{"too many inputs", put32(optParamsTotalOff, 1<<30), optParamsTotalOff, "parameters_total"},
		{"input type", put32(optHeaderSize+optInputTypeOff, 75+99), optHeaderSize + optInputTypeOff, "not an MQL5 data type"},
		{"input width", put32(optHeaderSize+optInputSizeOff, 3), optHeaderSize + optInputSizeOff, "cannot hold"},
		{"input offset", put32(optHeaderSize+optInputOffOff, 500), optHeaderSize + optInputOffOff, "outside the 89-byte parameter buffer"},
		{"buffer", put32(optParamsSizeOff, 1<<31), optHeaderSize + int64(nIn)*optInputSize, "parameter buffer"},
		{"header_size", put32(optHeaderSizeOff, 1<<31), optHeaderSizeOff, "header_size"},
		{"snapshot", put32(optSnapshotOff, 1<<29), int64(recStart), "snapshot"},
		{"record size", put32(optRecordSizeOff, 1000), optRecordSizeOff, "fits no documented record"},
		{"opt total", put32(optOptTotalOff, 2), optOptTotalOff, "opt_params_total 2"},
		{"opt size", func(b []byte) []byte {
			// Shrink the per-pass inputs and grow the dwords by as much.
			binary.LittleEndian.PutUint32(b[optOptSizeOff:], 8)
			binary.LittleEndian.PutUint32(b[optDwordsOff:], 4)
			return b
		}, optOptSizeOff, "cannot hold 3 optimized inputs"},
		{"cut record", func(b []byte) []byte { return b[:len(b)-10] }, int64(recStart + recSize), "pass record 2 of 2"},
		{"more passes", put32(optPassesOff, 3), int64(recStart + 2*recSize), "pass record 3 of 3"},
		{"pass number", func(b []byte) []byte { binary.LittleEndian.PutUint64(b[recStart:], math.MaxUint64); return b },
			int64(recStart), "out of range"},
		{"nan input", func(b []byte) []byte {
			binary.LittleEndian.PutUint64(b[recStart+optSummarySize+8:], math.Float64bits(math.NaN()))
			return b
		}, int64(recStart + optSummarySize + 8), "not a finite number"},
		{"date", func(b []byte) []byte { binary.LittleEndian.PutUint64(b[optDateToOff:], 1<<62); return b }, optDateToOff, "not a time"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := c.mod(append([]byte(nil), good...))
			_, err := parseOpt(b, "bad.opt")
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v, want a FormatError", err)
			}
			if fe.Offset != c.offset || fe.File != "bad.opt" || !strings.Contains(fe.Msg, c.msg) {
				t.Errorf("error %q at offset %d, want offset %d and %q", fe.Msg, fe.Offset, c.offset, c.msg)
			}
			if !strings.HasPrefix(err.Error(), "read bad.opt: offset ") {
				t.Errorf("message %q", err)
			}
		})
	}
}

func TestOptRun(t *testing.T) {
	data := buildOpt(testOptSpec())
	c, err := parseOpt(data, "test.opt")
	if err != nil {
		t.Fatal(err)
	}
	r, err := optRun(c, "test.opt", data)
	if err != nil {
		t.Fatal(err)
	}
	m := r.Manifest
	if m.Source != "mt5-opt" || m.Expert != "MovingAverage" || m.Symbol != "EURUSD" || m.Timeframe != "H1" {
		t.Errorf("manifest %+v", m)
	}
	// The test ran 2024-01-01 .. 2024-12-31 with the forward period from
	// 2024-07-01: back [Jan 1, Jul 1), forward [Jul 1, Jan 1 2025).
	jan2025 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	if !m.Periods.BackFrom.Equal(jan1) || !m.Periods.BackTo.Equal(jul1) || m.Periods.ForwardFrom == nil ||
		!m.Periods.ForwardFrom.Equal(jul1) || !m.Periods.ForwardTo.Equal(jan2025) || m.Periods.Forward != "2024-07-01" {
		t.Errorf("periods %+v", m.Periods)
	}
	wantCols := []frames.Column{{Name: "MovingPeriod", Integer: true}, {Name: "MaximumRisk"}, {Name: "UseFilter", Integer: true},
		{Name: "Shift", Integer: true}, {Name: "Threshold"}}
	if !reflect.DeepEqual(m.Columns, wantCols) {
		t.Errorf("columns %+v", m.Columns)
	}
	wantSpace := []optimize.Param{
		{Name: "MovingPeriod", Type: optimize.Int, Value: 12, Start: 10, Step: 2, Stop: 14, Optimize: true},
		{Name: "MaximumRisk", Type: optimize.Double, Value: 0.02, Start: 0.01, Step: 0.01, Stop: 0.03, Optimize: true},
		{Name: "UseFilter", Type: optimize.Bool, Value: 1, Step: 1},
		{Name: "Shift", Type: optimize.Int, Value: -3, Start: -3, Step: 1, Stop: -3},
		{Name: "Threshold", Type: optimize.Double, Value: 0.5, Start: 0.25, Step: 0.25, Stop: 1, Optimize: true},
	}
	if !reflect.DeepEqual(optimize.FromManifest(m.Space), wantSpace) {
		t.Errorf("space\n got %+v\nwant %+v", m.Space, wantSpace)
	}
	if len(r.Passes) != 2 || r.Passes[1].Forward != nil {
		t.Fatalf("passes %+v", r.Passes)
	}
	f := r.Passes[1].Back
	// Fixed inputs take the common buffer's value, optimized ones the pass's.
	if f.Pass != 7 || !reflect.DeepEqual(f.Params, []float64{14, 0.03, 1, -3, 1}) || len(f.Balance) != 0 {
		t.Errorf("frame %+v", f)
	}
	if r.Info.Points || len(r.Info.Statistics) != stats.Count || !strings.Contains(strings.Join(r.Info.Notes, "\n"), "Comment") {
		t.Errorf("info %+v", r.Info)
	}
}

func TestTimeframeOf(t *testing.T) {
	for period, want := range map[int]string{1: "M1", 5: "M5", 30: "M30", 0x4001: "H1", 0x4004: "H4", 0x400C: "H12",
		0x4018: "D1", 0x8001: "W1", 0xC001: "MN1", 0: "period0", 0x4019: "period16409"} {
		if got := timeframeOf(period); got != want {
			t.Errorf("timeframeOf(%#x) = %s, want %s", period, got, want)
		}
	}
}
