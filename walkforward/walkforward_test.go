package walkforward

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestForwardResult(t *testing.T) {
	tests := []struct {
		name       string
		balance    []float64
		trades     float64
		wantProfit float64
	}{
		// 10250 − 10000 = 250, whatever happened in between.
		{"gain", []float64{10000, 10100, 9950, 10250}, 3, 250},
		{"loss", []float64{10000, 10100, 9700}, 2, -300},
		{"one point", []float64{10000}, 0, 0},
		{"no points", nil, 0, 0},
		{"NaN point", []float64{10000, math.NaN()}, 1, 0},
	}
	for _, tt := range tests {
		p, n := ForwardResult(Curve{Balance: tt.balance}, tt.trades)
		if p != tt.wantProfit || n != tt.trades {
			t.Errorf("%s: ForwardResult = %v, %v; want %v, %v", tt.name, p, n, tt.wantProfit, tt.trades)
		}
	}
	if _, n := ForwardResult(Curve{}, math.Inf(1)); math.IsInf(n, 0) {
		t.Error("ForwardResult passed +Inf trades through")
	}
}

func TestJoinByHand(t *testing.T) {
	back := Curve{
		Time:    []int64{1, 2, 3},
		Balance: []float64{100, 110, 120},
		Equity:  []float64{100, 105, 120},
	}
	fwd := Curve{
		Time:    []int64{4, 5, 6},
		Balance: []float64{100, 90, 130},
		Equity:  []float64{100, 85, 130},
	}
	tests := []struct {
		mode string
		want Curve
	}{
		// Forward as tested, after the back curve.
		{Separate, Curve{
			Time:    []int64{1, 2, 3, 4, 5, 6},
			Balance: []float64{100, 110, 120, 100, 90, 130},
			Equity:  []float64{100, 105, 120, 100, 85, 130},
		}},
		// Shift = last back balance − first forward balance = 120 − 100 = 20
		// (the back profit). The first forward point (100 + 20 = 120) is the
		// last back point, written once; then 90 + 20, 130 + 20 and equity
		// 85 + 20, 130 + 20.
		{Continued, Curve{
			Time:    []int64{1, 2, 3, 5, 6},
			Balance: []float64{100, 110, 120, 110, 150},
			Equity:  []float64{100, 105, 120, 105, 150},
		}},
		{None, back},
	}
	for _, tt := range tests {
		got, backEnd := Join(back, fwd, tt.mode)
		if !curveEqual(got, tt.want) {
			t.Errorf("Join(%s) = %+v, want %+v", tt.mode, got, tt.want)
		}
		if backEnd != 2 {
			t.Errorf("Join(%s) backEnd = %d, want 2", tt.mode, backEnd)
		}
	}
}

func TestJoinDoesNotShareMemory(t *testing.T) {
	back := Curve{Time: []int64{1, 2}, Balance: []float64{100, 120}, Equity: []float64{100, 120}}
	fwd := Curve{Time: []int64{3, 4}, Balance: []float64{100, 90}, Equity: []float64{100, 80}}
	for _, mode := range []string{Separate, Continued, None} {
		got, _ := Join(back, fwd, mode)
		got.Time[0], got.Balance[0], got.Equity[0] = -1, -1, -1
		if back.Time[0] != 1 || back.Balance[0] != 100 || back.Equity[0] != 100 {
			t.Fatalf("Join(%s) result shares memory with back", mode)
		}
	}
}

func TestJoinEdges(t *testing.T) {
	back := Curve{Balance: []float64{100, 120}, Equity: []float64{100, 115}}
	fwd := Curve{Balance: []float64{100, 130}, Equity: []float64{100, 125}}

	// Curves without times give a joined curve without times.
	got, end := Join(back, fwd, Continued)
	want := Curve{Balance: []float64{100, 120, 150}, Equity: []float64{100, 115, 145}}
	if !curveEqual(got, want) || got.Time != nil || end != 1 {
		t.Errorf("Join without times = %+v, %d; want %+v, 1", got, end, want)
	}

	// No forward points: the back curve alone.
	got, end = Join(back, Curve{}, Continued)
	if !curveEqual(got, back) || end != 1 {
		t.Errorf("Join with empty forward = %+v, %d", got, end)
	}

	// No back points: nothing to continue from, the forward curve as is.
	got, end = Join(Curve{}, fwd, Continued)
	if !curveEqual(got, fwd) || end != -1 {
		t.Errorf("Join with empty back = %+v, %d; want forward, -1", got, end)
	}
}

func TestJoinUnknownModePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Join with mode \"sideways\" did not panic")
		}
	}()
	Join(Curve{}, Curve{}, "sideways")
}

func TestCheckMode(t *testing.T) {
	for _, m := range []string{Separate, Continued, None} {
		if err := CheckMode(m); err != nil {
			t.Errorf("CheckMode(%q) = %v", m, err)
		}
	}
	for _, m := range []string{"", "Separate", "back"} {
		if err := CheckMode(m); err == nil || !strings.Contains(err.Error(), `"`+m+`"`) {
			t.Errorf("CheckMode(%q) = %v, want an error naming it", m, err)
		}
	}
}

func TestLink(t *testing.T) {
	tests := []struct {
		name      string
		back, fwd []int64
		want      []int
	}{
		// 5 is fwd[2], 1 and 9 have no forward row, 3 is fwd[0]; forward
		// pass 7 has no back row and is ignored.
		{"unsorted with orphans", []int64{5, 1, 9, 3}, []int64{3, 7, 5}, []int{2, -1, -1, 0}},
		{"no forward rows", []int64{1, 2}, nil, []int{-1, -1}},
		{"no back rows", nil, []int64{1, 2}, []int{}},
		{"repeated forward id: first row", []int64{4}, []int64{4, 4}, []int{0}},
	}
	for _, tt := range tests {
		if got := Link(tt.back, tt.fwd); !slices.Equal(got, tt.want) {
			t.Errorf("%s: Link(%v, %v) = %v, want %v", tt.name, tt.back, tt.fwd, got, tt.want)
		}
	}
}

func curveEqual(a, b Curve) bool {
	return slices.Equal(a.Time, b.Time) && slices.Equal(a.Balance, b.Balance) && slices.Equal(a.Equity, b.Equity)
}
