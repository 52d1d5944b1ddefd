package collect

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/rescale"
	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/stats"
	"github.com/passframes/passframes/symbols"
	"github.com/passframes/passframes/tester"
)

func warningOf(ws []frames.Warning, kind string) (frames.Warning, bool) {
	for _, w := range ws {
		if w.Kind == kind {
			return w, true
		}
	}
	return frames.Warning{}, false
}

// us30Config is testConfig on US30-like bars (the sample at 37,000 with 1
// digit) under the symbol specification of layers.
func us30Config(t *testing.T, layers ...symbols.Layer) Config {
	t.Helper()
	cfg := testConfig(t, t.TempDir(), 2)
	bars, err := rescale.Sample(rescale.US30)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Bars = bars
	spec := symbols.Resolve(bars.Symbol, "USD", append([]symbols.Layer{symbols.Infer(bars)}, layers...)...)
	cfg.Tester.Symbol = symbols.Tester(spec)
	cfg.SymbolSpec = &spec
	return cfg
}

// TestIndexWithoutSpecWarns: US30-like bars tested as the default FX pair
// cannot open a single lot (0.01 lot of 100,000 units at 37,000 needs
// 370,000 of margin on 10,000): every pass makes no trade, and the run says
// so on its summary and in run.json, with the refused orders counted.
func TestIndexWithoutSpecWarns(t *testing.T) {
	cfg := us30Config(t)
	s := run(t, cfg, context.Background())
	w, ok := warningOf(s.Warnings, WarnNoTrades)
	// 9 passes, each with a back and a forward period.
	if !ok || w.Count != 18 || !strings.Contains(w.Message, "9 of 9 back passes and 9 of 9 forward passes made no trade") {
		t.Errorf("no-trade warning %+v (%v) in %+v", w, ok, s.Warnings)
	}
	if w, ok := warningOf(s.Warnings, WarnRefusedMargin); !ok || w.Count == 0 {
		t.Errorf("no refused-margin warning in %+v", s.Warnings)
	}
	m, err := frames.ReadManifest(cfg.RunDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Warnings) != len(s.Warnings) || m.Warnings[0] != s.Warnings[0] {
		t.Errorf("run.json warnings %+v, summary %+v", m.Warnings, s.Warnings)
	}
	if m.SymbolSpec == nil || m.SymbolSpec.Digits != 1 || m.SymbolSpec.Source["digits"] != symbols.SourceInferred {
		t.Errorf("run.json symbol_spec %+v", m.SymbolSpec)
	}
}

// TestIndexWithPresetTrades: the same bars with the index preset (1 unit a
// lot, 1:20) trade in every pass and no order is refused for margin.
func TestIndexWithPresetTrades(t *testing.T) {
	idx, err := symbols.LookupPreset("index")
	if err != nil {
		t.Fatal(err)
	}
	cfg := us30Config(t, idx)
	s := run(t, cfg, context.Background())
	for _, kind := range []string{WarnNoTrades, WarnRefusedMargin} {
		if w, ok := warningOf(s.Warnings, kind); ok {
			t.Errorf("index preset: warning %+v", w)
		}
	}
	for _, f := range readAll(t, cfg.RunDir) {
		if f.Period == frames.Back && f.Stats[stats.Trades] == 0 {
			t.Errorf("pass %d made no back trade with the index preset", f.Pass)
		}
	}
}

// TestTally counts by hand-made results.
func TestTally(t *testing.T) {
	p := &Prepared{env: tester.NewEnv(nil), tally: &tally{}}
	tl := p.tally
	var blown, idle, refused tester.Result
	blown.Stats[stats.Trades], blown.Stats[stats.EquityMin] = 3, -120
	refused.Stats[stats.Trades] = 1
	refused.Orders = tester.OrderCounts{RefusedMargin: 4, RefusedStops: 1, Skipped: 2}
	tl.note(frames.Back, &blown)
	tl.note(frames.Back, &idle)
	tl.note(frames.Forward, &idle)
	tl.note(frames.Forward, &refused)
	tl.note(frames.Back, &refused)
	got := map[string]int64{}
	for _, w := range p.warnings() {
		got[w.Kind] = w.Count
	}
	want := map[string]int64{WarnNoTrades: 2, WarnNegativeEquity: 1, WarnRefusedMargin: 8, WarnRefusedStops: 2, WarnSkippedVolume: 4}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %d, want %d", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("warnings %v, want %v", got, want)
	}
}

// TestShortPeriodWarns: a back period of 70 bars (1 to 3 March 2023, a
// Wednesday to a Friday whose market closes at 22:00) with MovingPeriod up to
// 100 is shorter than the longest indicator period.
func TestShortPeriodWarns(t *testing.T) {
	cfg := testConfig(t, t.TempDir(), 2)
	per, err := SplitPeriods(cfg.Bars, time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 3, 3, 0, 0, 0, 0, time.UTC), "none")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Periods = per
	if cfg.Space, err = optimize.NewSpace(cfg.Expert.Params, []string{"MovingPeriod=20:100:40"}, "", ""); err != nil {
		t.Fatal(err)
	}
	s := run(t, cfg, context.Background())
	w, ok := warningOf(s.Warnings, WarnShortPeriod)
	if !ok || !strings.Contains(w.Message, "the back period has 70 bars") || !strings.Contains(w.Message, "(100 bars)") {
		t.Errorf("short-period warning %+v (%v) in %+v", w, ok, s.Warnings)
	}
}

// TestEstimate: the estimate is the pass count × the time of one pass / the workers.
func TestEstimate(t *testing.T) {
	cfg := testConfig(t, t.TempDir(), 3)
	p, err := Prepare(cfg)
	if err != nil {
		t.Fatal(err)
	}
	per, total, err := p.Estimate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if per <= 0 || total != time.Duration(p.Total())*per/3 {
		t.Errorf("per pass %v, total %v for %d passes on 3 workers", per, total, p.Total())
	}
}
