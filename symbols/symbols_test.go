package symbols

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/passframes/passframes/data"
	"github.com/passframes/passframes/market"
	"github.com/passframes/passframes/tester"
)

func series(symbol string, prices ...float64) *market.Series {
	s := &market.Series{Symbol: symbol}
	for k, p := range prices {
		s.Time = append(s.Time, int64(k)*3_600_000)
		s.Open, s.High, s.Low, s.Close = append(s.Open, p), append(s.High, p), append(s.Low, p), append(s.Close, p)
	}
	return s
}

func TestDigits(t *testing.T) {
	for _, c := range []struct {
		name   string
		prices []float64
		want   int
	}{
		{"stock, 2 digits", []float64{100, 104.06, 95.9, 100.34}, 2},
		{"yen pair, 3 digits", []float64{150.1, 151.234, 149}, 3},
		{"FX, 5 digits", []float64{1.1, 1.14565, 1.1472}, 5},
		{"index, 1 digit", []float64{37763.9, 37765}, 1},
		{"whole numbers", []float64{100, 101}, 0},
		{"noise is capped", []float64{1.0 / 3}, 8},
	} {
		if got := Digits(series("X", c.prices...)); got != c.want {
			t.Errorf("%s: %d digits, want %d", c.name, got, c.want)
		}
	}
}

func TestInferPoint(t *testing.T) {
	for prices, want := range map[float64]float64{104.06: 0.01, 151.234: 0.001, 1.14565: 0.00001} {
		s := Resolve("X", "USD", Infer(series("X", prices)))
		if math.Abs(s.Point-want) > want*1e-9 || s.Source["point"] != SourceInferred || s.TickSize != s.Point {
			t.Errorf("%g: point %g tick %g (%s), want %g inferred", prices, s.Point, s.TickSize, s.Source["point"], want)
		}
	}
}

func TestCurrencies(t *testing.T) {
	for _, c := range []struct {
		name, base, profit string
		fx, ok             bool
	}{
		{"USDJPY", "USD", "JPY", true, true},
		{"EURGBP", "EUR", "GBP", true, true},
		{"EURUSDm", "EUR", "USD", true, true},
		{"GBPUSD.a", "GBP", "USD", true, true},
		{"XAUUSD", "XAU", "USD", false, true},
		{"US30m", "", "", false, false},
		{"GOOG", "", "", false, false},
		{"SAMPLE", "", "", false, false},
		{"USDUSD", "", "", false, false},
		{"usdjpy", "", "", false, false},
		{"EURUSDX", "", "", false, false},
	} {
		b, p, fx, ok := Currencies(c.name)
		if b != c.base || p != c.profit || fx != c.fx || ok != c.ok {
			t.Errorf("%s: %q %q fx=%v ok=%v, want %q %q %v %v", c.name, b, p, fx, ok, c.base, c.profit, c.fx, c.ok)
		}
	}
}

// TestResolveSampleIsTheDefault: the bundled sample (symbol SAMPLE, 5
// digits) resolves to the tester's defaults in the account currency, so a
// run on it converts nothing and trades as before.
func TestResolveSampleIsTheDefault(t *testing.T) {
	s, err := data.Sample()
	if err != nil {
		t.Fatal(err)
	}
	spec := Resolve(s.Symbol, "USD", Infer(s))
	if got, want := Tester(spec), tester.DefaultConfig().Symbol; got != want {
		t.Errorf("sample symbol %+v, want the defaults %+v", got, want)
	}
	if spec.ProfitCurrency != "USD" || spec.BaseCurrency != "USD" || spec.Source["profit_currency"] != SourceAccount {
		t.Errorf("sample currencies %s/%s (%s), want the account's", spec.BaseCurrency, spec.ProfitCurrency, spec.Source["profit_currency"])
	}
	plan, err := PlanConversion(spec, "USD", s, nil)
	if err != nil || !plan.Conversion.IsZero() {
		t.Errorf("sample conversion %+v, %v: want none", plan.Conversion, err)
	}
	if !LooksFX(s) {
		t.Error("the sample does not look like FX")
	}
}

// TestResolveLayers: later layers win and each value says where it came
// from; a preset's digits beat the inferred ones, a file beats a preset.
func TestResolveLayers(t *testing.T) {
	s := series("USDJPY", 150.123, 151.5)
	idx, err := LookupPreset("index")
	if err != nil {
		t.Fatal(err)
	}
	lot := 2.0
	spec := Resolve("USDJPY", "USD", Infer(s), idx, Layer{Source: "file:x.toml", Values: Partial{VolumeMin: &lot}})
	want := map[string]string{"digits": "inferred", "contract_size": "preset:index", "volume_min": "file:x.toml",
		"volume_max": "preset:index", "base_currency": "inferred", "profit_currency": "inferred",
		"margin_currency": "inferred", "commission": "default"}
	for k, v := range want {
		if spec.Source[k] != v {
			t.Errorf("%s from %q, want %q", k, spec.Source[k], v)
		}
	}
	if spec.Digits != 3 || spec.ContractSize != 1 || spec.VolumeMin != 2 || spec.Leverage != 20 ||
		spec.BaseCurrency != "USD" || spec.ProfitCurrency != "JPY" || spec.MarginCurrency != "USD" {
		t.Errorf("resolved %+v", spec)
	}
}

func TestPresets(t *testing.T) {
	for _, p := range Presets() {
		l, err := LookupPreset(strings.ToUpper(p.Name))
		if err != nil {
			t.Fatal(err)
		}
		if err := Validate(Resolve("X", "USD", l)); err != nil {
			t.Errorf("preset %s: %v", p.Name, err)
		}
	}
	if _, err := LookupPreset("bond"); err == nil || !strings.Contains(err.Error(), "fx-jpy") {
		t.Errorf("unknown preset: %v", err)
	}
}

func writeFile(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "symbols.toml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSpecFile(t *testing.T) {
	path := writeFile(t, `# two symbols
[US30m]
preset = "index"
volume_min = 0.01
volume_step = 0.01

[GOOG]
contract_size = 1
volume_min = 1
volume_step = 1
leverage = 5
profit_currency = "usd"
`)
	f, err := LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(f.Symbols(), ","); got != "GOOG,US30m" {
		t.Errorf("symbols %s", got)
	}
	layers, ok := f.Layers("us30m") // case-insensitive
	if !ok || len(layers) != 2 {
		t.Fatalf("US30m: %v %d layers", ok, len(layers))
	}
	spec := Resolve("US30m", "USD", layers...)
	if spec.ContractSize != 1 || spec.VolumeMin != 0.01 || spec.Source["volume_min"] != "file:"+path ||
		spec.Source["contract_size"] != "preset:index" {
		t.Errorf("US30m %+v", spec)
	}
	layers, _ = f.Layers("GOOG")
	if spec := Resolve("GOOG", "EUR", layers...); spec.ProfitCurrency != "USD" || spec.Leverage != 5 {
		t.Errorf("GOOG %+v", spec)
	}
	if _, ok := f.Layers("EURUSD"); ok {
		t.Error("a symbol the file does not name was found")
	}
}

// TestSpecFileErrors: every error names the file, the line and the column.
func TestSpecFileErrors(t *testing.T) {
	for _, c := range []struct {
		text, want string
	}{
		{"[A]\ncontract_size = 1\nvolume_mn = 1\n", ":3:1: unknown key \"A.volume_mn\""},
		{"[A]\n  volume_min = \"one\"\n", ":2:"},
		{"[A]\ncontract_size = = 1\n", ":2:"},
		{"[A]\npreset = \"bond\"\n", ":2:1: [A] unknown symbol preset \"bond\""},
	} {
		path := writeFile(t, c.text)
		_, err := LoadFile(path)
		if err == nil || !strings.HasPrefix(err.Error(), path+":") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %s…%s", c.text, err, path, c.want)
		}
	}
	// A value TOML accepts but a symbol cannot have: the key's position.
	path := writeFile(t, "[A]\ncontract_size = 1\n\n[B]\ncontract_size = 1\n   volume_min = -1\n")
	f, err := LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	layers, _ := f.Layers("B")
	err = f.Check(Resolve("B", "USD", layers...))
	if err == nil || !strings.HasPrefix(err.Error(), path+":6:4: [B] volume_min") {
		t.Errorf("bad volume_min: %v", err)
	}
}

func TestPlanConversion(t *testing.T) {
	bars := series("EURGBP", 0.85, 0.851, 0.852, 0.853)
	bars.Time = []int64{0, 3_600_000, 7_200_000, 10_800_000}
	spec := Resolve("EURGBP", "USD", Infer(bars))

	var need *NeedRateError
	if _, err := PlanConversion(spec, "USD", bars, nil); !errors.As(err, &need) ||
		!strings.Contains(err.Error(), "GBPUSD (or USDGBP)") {
		t.Errorf("no rate: %v", err)
	}
	// GBPUSD with a gap at the third bar: it takes the open of the bar before.
	gbpusd := series("GBPUSD", 1.25, 1.26, 1.28)
	gbpusd.Time = []int64{0, 3_600_000, 10_800_000}
	plan, err := PlanConversion(spec, "USD", bars, []Rate{{Pair: "GBPUSD", Bars: gbpusd}})
	if err != nil {
		t.Fatal(err)
	}
	if got := plan.Conversion.Rates; len(got) != 4 || got[0] != 1.25 || got[1] != 1.26 || got[2] != 1.26 || got[3] != 1.28 {
		t.Errorf("rates %v, want [1.25 1.26 1.26 1.28]", got)
	}
	// USDGBP is the same rate the other way round; a fixed rate fills every bar.
	plan, err = PlanConversion(spec, "USD", bars, []Rate{{Pair: "USDGBP", Fixed: 0.8}})
	if err != nil || plan.Conversion.Rates[3] != 1.25 || !plan.Invert {
		t.Errorf("inverse fixed rate: %v %v", plan.Conversion.Rates, err)
	}
	// A series that starts after the data is refused.
	late := series("GBPUSD", 1.25)
	late.Time = []int64{3_600_000}
	if _, err := PlanConversion(spec, "USD", bars, []Rate{{Pair: "GBPUSD", Bars: late}}); err == nil {
		t.Error("a series starting after the data accepted")
	}
	// USDJPY on a USD account converts by its own price; on a JPY account not at all.
	jpy := Resolve("USDJPY", "USD", Infer(series("USDJPY", 150.1)))
	if plan, err := PlanConversion(jpy, "USD", bars, nil); err != nil || !plan.Conversion.ByPrice {
		t.Errorf("USDJPY/USD: %+v %v", plan, err)
	}
	if plan, err := PlanConversion(Resolve("USDJPY", "JPY", Infer(series("USDJPY", 150.1))), "JPY", bars, nil); err != nil || !plan.Conversion.IsZero() {
		t.Errorf("USDJPY/JPY: %+v %v", plan, err)
	}
}

func TestParsePair(t *testing.T) {
	if p, err := ParsePair("gbpusd"); err != nil || p != "GBPUSD" {
		t.Errorf("gbpusd: %q %v", p, err)
	}
	for _, bad := range []string{"GBPUS", "GBPGBP", "GBP-USD", "GB1USD"} {
		if _, err := ParsePair(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

// buyThenClose buys one lot at bar 1's open and closes at bar 3's.
type buyThenClose struct{}

func (buyThenClose) OnBar(c *tester.Context) {
	switch c.Bars() {
	case 1:
		c.Buy(1, 0, 0)
	case 3:
		c.ClosePosition()
	}
}

// TestEURGBPWithGBPUSDSeries, end to end: EURGBP bought at 0.85000 on bar 1
// and sold at 0.85400 on bar 3 makes 0.004 × 100,000 = 400 GBP. The GBPUSD
// series has no bar at bar 3's time, so the rate is the open of its latest
// bar before it, 1.26 (not its later 1.30): 400 × 1.26 = 504.00 USD.
func TestEURGBPWithGBPUSDSeries(t *testing.T) {
	eurgbp := series("EURGBP", 0.85, 0.85, 0.852, 0.854, 0.854)
	gbpusd := series("GBPUSD", 1.25, 1.26, 1.30)
	gbpusd.Time = []int64{0, 3_600_000, 4 * 3_600_000} // no bars at 2 and 3 hours
	spec := Resolve("EURGBP", "USD", Infer(eurgbp))
	plan, err := PlanConversion(spec, "USD", eurgbp, []Rate{{Pair: "GBPUSD", Bars: gbpusd}})
	if err != nil {
		t.Fatal(err)
	}
	cfg := tester.DefaultConfig()
	cfg.Symbol = Tester(spec)
	cfg.Symbol.Spread, cfg.Symbol.FixedSpread = 0, true
	cfg.Conversion = plan.Conversion
	tst, err := tester.New(tester.NewEnv(eurgbp), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var res tester.Result
	if err := tst.Run(buyThenClose{}, 0, eurgbp.Len(), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Deals) != 2 {
		t.Fatalf("%d deals", len(res.Deals))
	}
	out := res.Deals[1]
	if math.Abs(out.Profit-504) > 1e-9 || math.Abs(out.ProfitRaw-400) > 1e-9 || out.Rate != 1.26 {
		t.Errorf("profit %g USD, %g GBP at %g; want 504, 400 at 1.26", out.Profit, out.ProfitRaw, out.Rate)
	}
}
