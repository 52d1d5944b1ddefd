package overfit

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/stats"
)

// writeRun stores four passes over four days (back) and two days (forward):
// pass 1 gains 10 on day 0 and loses 5 on day 2, pass 2 gains 3 on day 2,
// pass 3 has no points (an import), pass 4 never trades and has no forward
// pass. Day 1 sees no move at all.
func writeRun(t *testing.T) *frames.Dataset {
	t.Helper()
	day := 24 * time.Hour
	from := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	fwdFrom, fwdTo := from.Add(4*day), from.Add(6*day)
	m := &frames.Manifest{Format: frames.FormatVersion, Expert: "X", Symbol: "S", Timeframe: "H1",
		Periods: frames.Periods{BackFrom: from, BackTo: from.Add(4 * day), ForwardFrom: &fwdFrom, ForwardTo: &fwdTo}}
	dir := t.TempDir()
	w, _, err := frames.Create(dir, m, frames.New)
	if err != nil {
		t.Fatal(err)
	}
	at := func(d float64) int64 { return from.Add(time.Duration(d * float64(day))).UnixMilli() }
	frame := func(pass int64, period string, times []int64, bal []float64) *frames.Frame {
		f := &frames.Frame{Pass: pass, Period: period, EquityMode: "min_max", Time: times, Balance: bal, Equity: bal}
		f.Stats[stats.InitialDeposit] = 1000
		return f
	}
	rows := [][]*frames.Frame{
		{frame(1, frames.Back, []int64{at(0), at(0.5), at(2.5)}, []float64{1000, 1010, 1005}),
			frame(1, frames.Forward, []int64{at(4), at(5.2)}, []float64{1000, 990})},
		{frame(2, frames.Back, []int64{at(0), at(2.1)}, []float64{1000, 1003}),
			frame(2, frames.Forward, []int64{at(4), at(4.5)}, []float64{1000, 1001})},
		{frame(3, frames.Back, nil, nil), frame(3, frames.Forward, nil, nil)},
		{frame(4, frames.Back, []int64{at(0)}, []float64{1000})},
	}
	for _, r := range rows {
		if err := w.WritePass(r...); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	ds, err := frames.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func TestBuild(t *testing.T) {
	ds := writeRun(t)
	ctx := context.Background()
	m, err := Build(ctx, ds, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Back grid: days 0..3; day 1 and day 3 see no move and are dropped.
	want := map[int64][]float64{1: {10, -5}, 2: {0, 3}, 4: {0, 0}}
	if m.GridSteps != 4 || m.T() != 2 || m.NoPoints != 1 || len(m.Passes) != 3 {
		t.Fatalf("grid %d, T %d, no points %d, passes %v", m.GridSteps, m.T(), m.NoPoints, m.Passes)
	}
	for i, id := range m.Passes {
		for k, v := range want[id] {
			if m.Returns[i][k] != v {
				t.Errorf("pass %d: returns %v, want %v", id, m.Returns[i], want[id])
			}
		}
		if m.Deposit[i] != 1000 {
			t.Errorf("pass %d: deposit %v", id, m.Deposit[i])
		}
	}
	// Both periods: back days 0..3 then forward days 4..5; pass 4 has no
	// forward pass. Moves on back days 0 and 2, forward days 4 and 5.
	m, err = Build(ctx, ds, BuildOptions{Period: PeriodBoth})
	if err != nil {
		t.Fatal(err)
	}
	if m.GridSteps != 6 || m.NoForward != 1 || m.NoPoints != 1 || len(m.Passes) != 2 || m.T() != 4 {
		t.Fatalf("both: grid %d, T %d, no forward %d, passes %v", m.GridSteps, m.T(), m.NoForward, m.Passes)
	}
	for i, w := range [][]float64{{10, -5, 0, -10}, {0, 3, 1, 0}} {
		for k := range w {
			if m.Returns[i][k] != w[k] {
				t.Errorf("both: pass %d: %v, want %v", m.Passes[i], m.Returns[i], w)
			}
		}
	}
	if _, err := Build(ctx, ds, BuildOptions{Step: time.Minute}); err != nil {
		t.Errorf("5,760 one-minute steps: %v", err)
	}
	if _, err := Build(ctx, ds, BuildOptions{Step: time.Second}); err == nil {
		t.Error("a one-second step: want an error")
	}
	ds.Manifest.Periods.ForwardFrom = nil
	if _, err := Build(ctx, ds, BuildOptions{Period: PeriodBoth}); !errors.Is(err, ErrNoForward) {
		t.Errorf("both without a forward period: %v", err)
	}
	ds.Manifest.Periods.BackTo = ds.Manifest.Periods.BackFrom.Add(400 * 24 * time.Hour)
	if _, err := Build(ctx, ds, BuildOptions{Step: 5 * time.Minute}); !errors.Is(err, ErrGridTooFine) {
		t.Errorf("115,200 steps: %v", err)
	}
}

func TestParseStep(t *testing.T) {
	for in, want := range map[string]time.Duration{"1d": 24 * time.Hour, "2w": 14 * 24 * time.Hour, "4h": 4 * time.Hour, "30m": 30 * time.Minute} {
		got, err := ParseStep(in)
		if err != nil || got != want || FormatStep(got) != in && in != "2w" {
			t.Errorf("%q: %v %v (%s)", in, got, err, FormatStep(got))
		}
	}
	for _, in := range []string{"", "0d", "-1d", "30s", "soon", "1x"} {
		if _, err := ParseStep(in); err == nil {
			t.Errorf("%q: want an error", in)
		}
	}
}
