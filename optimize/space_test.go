package optimize

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var movingAverage = []Decl{
	{Name: "MaximumRisk", Default: 0.02, Type: Double},
	{Name: "DecreaseFactor", Default: 3, Type: Double},
	{Name: "MovingPeriod", Default: 12, Type: Int},
	{Name: "MovingShift", Default: 6, Type: Int},
}

var smaCross = []Decl{
	{Name: "Fast", Default: 10, Type: Int},
	{Name: "Slow", Default: 20, Type: Int},
	{Name: "Short", Default: 0, Type: Bool},
}

func mustSpace(t testing.TB, decls []Decl, specs []string, constraint string) *Space {
	t.Helper()
	s, err := NewSpace(decls, specs, "", constraint)
	if err != nil {
		t.Fatalf("NewSpace(%q, %q): %v", specs, constraint, err)
	}
	return s
}

func TestNewSpaceDefaultsAndSpecs(t *testing.T) {
	s := mustSpace(t, movingAverage, []string{"MovingPeriod=5:50:5", "MaximumRisk=0.05", "MovingShift=1:3"}, "")
	want := []Param{
		{Name: "MaximumRisk", Type: Double, Value: 0.05, Start: 0.02, Stop: 0.02},
		{Name: "DecreaseFactor", Type: Double, Value: 3, Start: 3, Stop: 3},
		{Name: "MovingPeriod", Type: Int, Value: 12, Start: 5, Step: 5, Stop: 50, Optimize: true},
		{Name: "MovingShift", Type: Int, Value: 6, Start: 1, Step: 1, Stop: 3, Optimize: true},
	}
	if !reflect.DeepEqual(s.Params, want) {
		t.Errorf("Params\n got %+v\nwant %+v", s.Params, want)
	}
	wantDims := []Dim{
		{Name: "MovingPeriod", Start: 5, Step: 5, Stop: 50, Integer: true},
		{Name: "MovingShift", Start: 1, Step: 1, Stop: 3, Integer: true},
	}
	if got := s.Dims(); !reflect.DeepEqual(got, wantDims) {
		t.Errorf("Dims\n got %+v\nwant %+v", got, wantDims)
	}
	// 10 periods (5, 10, ..., 50) × 3 shifts.
	if n, err := s.Size(); n != 30 || err != nil {
		t.Errorf("Size = %d, %v; want 30", n, err)
	}
	if got, want := s.Values([]float64{25, 2}), []float64{0.05, 3, 25, 2}; !reflect.DeepEqual(got, want) {
		t.Errorf("Values = %v, want %v", got, want)
	}
	if got, want := s.String(), "MaximumRisk=0.05 DecreaseFactor=3 MovingPeriod=5:50:5 MovingShift=1:3:1"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
}

func TestNewSpaceBool(t *testing.T) {
	for _, tc := range []struct {
		spec     string
		optimize bool
		value    float64
	}{
		{"Short=true", false, 1},
		{"Short=FALSE", false, 0},
		{"Short=1", false, 1},
		{"Short=0", false, 0},
		{"Short=false:true", true, 0},
		{"Short=0:1", true, 0},
	} {
		s := mustSpace(t, smaCross, []string{tc.spec}, "")
		p := s.Params[2]
		if p.Optimize != tc.optimize || p.Value != tc.value {
			t.Errorf("%s: optimize %v value %v, want %v %v", tc.spec, p.Optimize, p.Value, tc.optimize, tc.value)
		}
		if tc.optimize {
			if d := s.Dims()[0]; d != (Dim{Name: "Short", Start: 0, Step: 1, Stop: 1, Integer: true}) {
				t.Errorf("%s: dim %+v", tc.spec, d)
			}
		}
	}
}

// TestGridThreeDims lists by hand the grid of A=1:2 (2 values), B=0.5:1:0.25
// (0.5, 0.75, 1: 3 values) and C=false:true (2 values): 12 points, A fastest.
func TestGridThreeDims(t *testing.T) {
	decls := []Decl{{"A", 1, Int}, {"B", 0.5, Double}, {"C", 0, Bool}}
	s := mustSpace(t, decls, []string{"A=1:2", "B=0.5:1:0.25", "C=false:true"}, "")
	want := [][]float64{
		{1, 0.5, 0}, {2, 0.5, 0}, {1, 0.75, 0}, {2, 0.75, 0}, {1, 1, 0}, {2, 1, 0},
		{1, 0.5, 1}, {2, 0.5, 1}, {1, 0.75, 1}, {2, 0.75, 1}, {1, 1, 1}, {2, 1, 1},
	}
	if n, err := s.Size(); n != int64(len(want)) || err != nil {
		t.Fatalf("Size = %d, %v; want %d", n, err, len(want))
	}
	for i, w := range want {
		if got := s.GridPoint(int64(i)); !reflect.DeepEqual(got, w) {
			t.Errorf("GridPoint(%d) = %v, want %v", i, got, w)
		}
	}
	g, err := NewGrid(s.Problem(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	var got [][]float64
	for batch := g.Ask(5); len(batch) > 0; batch = g.Ask(5) {
		got = append(got, batch...)
		g.Tell(make([]float64, len(batch)))
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("grid proposed\n%v\nwant\n%v", got, want)
	}
	for i, x := range got {
		if id := s.GridIndex(x); id != int64(i) {
			t.Errorf("GridIndex(%v) = %d, want %d", x, id, i)
		}
	}
}

func TestGridIndexInvertsGridPoint(t *testing.T) {
	decls := []Decl{{"A", 0.1, Double}, {"B", 3, Int}, {"C", 0, Bool}, {"D", -1, Double}}
	// A: 0.1..0.9 step 0.1 (9 values, none exact in binary); B: 3..17 step 7
	// (3, 10, 17); C: 2; D: -1..1 step 0.3 (7 values, stop 1 off the grid).
	s := mustSpace(t, decls, []string{"A=0.1:0.9:0.1", "B=3:17:7", "C=false:true", "D=-1:1:0.3"}, "")
	n, err := s.Size()
	if n != 9*3*2*7 || err != nil {
		t.Fatalf("Size = %d, %v; want %d", n, err, 9*3*2*7)
	}
	dims := s.Dims()
	for idx := range n {
		x := s.GridPoint(idx)
		if back := s.GridIndex(x); back != idx {
			t.Fatalf("GridIndex(GridPoint(%d)) = %d (point %v)", idx, back, x)
		}
		for i, d := range dims {
			if snapped := d.Snap(x[i]); math.Float64bits(snapped) != math.Float64bits(x[i]) {
				t.Fatalf("point %d dim %s: Snap(%v) = %v, want the same bits", idx, d.Name, x[i], snapped)
			}
			if x[i] < d.Start || x[i] > d.Stop {
				t.Fatalf("point %d dim %s: %v outside [%v, %v]", idx, d.Name, x[i], d.Start, d.Stop)
			}
		}
	}
	// Off-grid and out-of-range coordinates go to the nearest grid point.
	if got, want := s.GridIndex([]float64{0.33, 100, math.NaN(), -5}), s.GridIndex([]float64{0.3, 17, 0, -1}); got != want {
		t.Errorf("GridIndex of a far point = %d, want %d", got, want)
	}
}

// fastSlow is the space of the constrained-count case: Fast 5..50 step 5
// (10 values), Slow 10..200 step 10 (20 values).
func fastSlow(t testing.TB, constraint string) *Space {
	return mustSpace(t, smaCross, []string{"Fast=5:50:5", "Slow=10:200:10"}, constraint)
}

// TestConstraintCount counts Fast < Slow by hand: for Fast = 5 every Slow
// (20); Fast 10, 15 → Slow ≥ 20 (19 each); 20, 25 → ≥ 30 (18 each); 30, 35 →
// 17 each; 40, 45 → 16 each; 50 → ≥ 60 (15). 20+38+36+34+32+15 = 175.
func TestConstraintCount(t *testing.T) {
	s := fastSlow(t, "Fast < Slow")
	if n, err := s.Count(); n != 175 || err != nil {
		t.Errorf("Count = %d, %v; want 175", n, err)
	}
	if n, err := s.Size(); n != 200 || err != nil {
		t.Errorf("Size = %d, %v; want 200", n, err)
	}
	g, err := NewGrid(s.Problem(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	pts := drain(g, 7)
	if len(pts) != 175 {
		t.Fatalf("grid proposed %d points, want 175", len(pts))
	}
	last := int64(-1)
	for _, x := range pts {
		if !(x[0] < x[1]) {
			t.Fatalf("grid proposed infeasible %v", x)
		}
		id := s.GridIndex(x)
		if id <= last {
			t.Fatalf("grid index %d after %d: not in index order", id, last)
		}
		last = id
	}
	// Without the constraint the count is the size.
	if n, err := fastSlow(t, "").Count(); n != 200 || err != nil {
		t.Errorf("unconstrained Count = %d, %v; want 200", n, err)
	}
}

func TestFeasibleExpressions(t *testing.T) {
	ma := mustSpace(t, movingAverage, []string{"MovingPeriod=1:10", "MovingShift=0:30"}, "MovingPeriod * 2 >= MovingShift")
	for _, tc := range []struct {
		x    []float64
		want bool
	}{{[]float64{5, 10}, true}, {[]float64{5, 11}, false}, {[]float64{10, 20}, true}} {
		if got := ma.Feasible(tc.x); got != tc.want {
			t.Errorf("MovingPeriod*2 >= MovingShift at %v = %v, want %v", tc.x, got, tc.want)
		}
	}
	// Bool inputs are booleans, Int inputs integers (so % works), Double
	// inputs floats, and fixed inputs are visible too.
	sc := mustSpace(t, append(smaCross, Decl{"Threshold", 0.5, Double}),
		[]string{"Fast=5:50:5", "Short=false:true"}, "(!Short || Slow > 50) && Fast % 10 == 0 && Threshold < 1")
	for _, tc := range []struct {
		x    []float64
		want bool
	}{
		{[]float64{10, 0}, true},  // not short, Fast even tens
		{[]float64{10, 1}, false}, // short needs Slow > 50, Slow is 20
		{[]float64{15, 0}, false}, // 15 % 10 != 0
	} {
		if got := sc.Feasible(tc.x); got != tc.want {
			t.Errorf("Feasible(%v) = %v, want %v", tc.x, got, tc.want)
		}
	}
	// A run-time failure (modulo by zero) makes the point infeasible.
	z := mustSpace(t, smaCross, []string{"Fast=0:3"}, "Slow % Fast == 0")
	if z.Feasible([]float64{0}) {
		t.Error("Slow % 0 == 0 reported feasible")
	}
	if !z.Feasible([]float64{2}) {
		t.Error("20 % 2 == 0 reported infeasible")
	}
}

func TestFeasibleConcurrent(t *testing.T) {
	s := fastSlow(t, "Fast < Slow")
	done := make(chan int)
	for w := range 4 {
		go func() {
			bad := 0
			for i := range 2000 {
				f, sl := float64(5+5*((i+w)%10)), float64(10+10*(i%20))
				if s.Feasible([]float64{f, sl}) != (f < sl) {
					bad++
				}
			}
			done <- bad
		}()
	}
	for range 4 {
		if bad := <-done; bad != 0 {
			t.Errorf("%d wrong answers under concurrent use", bad)
		}
	}
}

func TestNewSpaceErrors(t *testing.T) {
	for _, tc := range []struct {
		name       string
		specs      []string
		constraint string
		want       string
	}{
		{"unknown name", []string{"Fats=5:50:5"}, "", `unknown parameter "Fats" (known: Fast, Slow, Short)`},
		{"zero step", []string{"Fast=5:50:0"}, "", "step 0 must be > 0"},
		{"negative step", []string{"Fast=5:50:-5"}, "", "step -5 must be > 0"},
		{"start > stop", []string{"Fast=50:5:5"}, "", "start 50 > stop 5"},
		{"non-integer value", []string{"Fast=10.5"}, "", `"10.5" is not an integer`},
		{"non-integer start", []string{"Fast=1.5:10"}, "", `start: "1.5" is not an integer`},
		{"non-integer step", []string{"Fast=1:10:2.5"}, "", `step: "2.5" is not an integer`},
		{"non-number", []string{"Fast=ten"}, "", `"ten" is not a number`},
		{"NaN", []string{"Slow=NaN"}, "", `"NaN" is not a number`},
		{"bad bool", []string{"Short=yes"}, "", `"yes" is not a bool`},
		{"bool start > stop", []string{"Short=true:false"}, "", "start true > stop false"},
		{"bool with step", []string{"Short=false:true:1"}, "", "a bool range has no step"},
		{"duplicate", []string{"Fast=5:50:5", "Fast=10"}, "", `Fast is already set by "Fast=5:50:5"`},
		{"empty value", []string{"Fast="}, "", "missing value"},
		{"empty range bound", []string{"Fast=5::5"}, "", "empty range"},
		{"too many fields", []string{"Fast=5:50:5:1"}, "", "too many fields"},
		{"no equals", []string{"Fast"}, "", "want Name=value"},
		{"bad constraint", []string{"Fast=5:50:5"}, "Fast <", `constraint "Fast <"`},
		{"unknown name in constraint", []string{"Fast=5:50:5"}, "Fast < Slw", "unknown name Slw at column 8 (parameters: Fast, Slow, Short)"},
		{"non-bool constraint", []string{"Fast=5:50:5"}, "Fast + Slow", "expected bool"},
		{"unsatisfiable", []string{"Fast=5:50:5", "Slow=10:200:10"}, "Fast > Slow + 100", "no grid point satisfies it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewSpace(smaCross, tc.specs, "", tc.constraint)
			if err == nil {
				t.Fatalf("no error, want one containing %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q spans several lines", err)
			}
		})
	}
	if _, err := NewSpace(movingAverage, []string{"MaximumRisk=0.01:0.05"}, "", ""); err == nil ||
		!strings.Contains(err.Error(), "a double range needs a step") {
		t.Errorf("double range without step: error %v", err)
	}
}

func TestDeclErrors(t *testing.T) {
	for _, tc := range []struct {
		decls []Decl
		want  string
	}{
		{[]Decl{{"A", 1, Int}, {"A", 2, Int}}, "declared twice"},
		{[]Decl{{"", 1, Int}}, "empty name"},
		{[]Decl{{"A=B", 1, Int}}, "invalid name"},
		{[]Decl{{"A", 1.5, Int}}, "default 1.5 is not an integer"},
		{[]Decl{{"A", 2, Bool}}, "not a bool"},
		{[]Decl{{"A", 1, Type(7)}}, "invalid type"},
	} {
		if _, err := NewSpace(tc.decls, nil, "", ""); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("decls %+v: error %v, want %q", tc.decls, err, tc.want)
		}
	}
}

func TestSizeOverflowAndCountLimit(t *testing.T) {
	decls := []Decl{{"A", 0, Int}, {"B", 0, Int}, {"C", 0, Int}}
	// 10⁷ × 10⁷ × 10⁷ = 10²¹ points: beyond int64.
	s := mustSpace(t, decls, []string{"A=1:10000000", "B=1:10000000", "C=1:10000000"}, "")
	if _, err := s.Size(); err == nil {
		t.Error("Size of a 1e21-point grid: no error")
	}
	if _, err := s.Count(); err == nil {
		t.Error("Count of a 1e21-point grid: no error")
	}
	if _, err := NewGrid(s.Problem(0, 0)); err == nil {
		t.Error("NewGrid of a 1e21-point grid: no error")
	}
	// 10⁴ × 10⁴ = 10⁸ points with a constraint: above the counting limit.
	c := mustSpace(t, decls, []string{"A=1:10000", "B=1:10000"}, "A < B")
	if _, err := c.Count(); err == nil || !strings.Contains(err.Error(), "limited to") {
		t.Errorf("Count above the limit: error %v", err)
	}
}

func TestNoOptimizedParams(t *testing.T) {
	s := mustSpace(t, smaCross, nil, "Fast < Slow")
	if n, err := s.Size(); n != 1 || err != nil {
		t.Errorf("Size = %d, %v; want 1", n, err)
	}
	g, err := NewGrid(s.Problem(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if pts := drain(g, 4); len(pts) != 1 || len(pts[0]) != 0 {
		t.Errorf("grid of no dims proposed %v, want one empty point", pts)
	}
	if got, want := s.Values(nil), []float64{10, 20, 0}; !reflect.DeepEqual(got, want) {
		t.Errorf("Values = %v, want %v", got, want)
	}
	if _, err := NewSpace(smaCross, nil, "", "Fast > Slow"); err == nil {
		t.Error("fixed values violating the constraint: no error")
	}
}

func TestSpaceJSON(t *testing.T) {
	s := fastSlow(t, "Fast < Slow")
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"params":[{"name":"Fast","type":"int","value":10,"start":5,"step":5,"stop":50,"optimize":true},` +
		`{"name":"Slow","type":"int","value":20,"start":10,"step":10,"stop":200,"optimize":true},` +
		`{"name":"Short","type":"bool","value":0,"start":0,"step":1,"stop":0,"optimize":false}],"constraint":"Fast \u003c Slow"}` // json.Marshal escapes <
	if string(b) != want {
		t.Errorf("JSON\n got %s\nwant %s", b, want)
	}
	var back Space
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.String() != s.String() {
		t.Errorf("round trip %q, want %q", back.String(), s.String())
	}
	if n, err := back.Count(); n != 175 || err != nil {
		t.Errorf("Count after round trip = %d, %v; want 175", n, err)
	}
	if err := json.Unmarshal([]byte(`{"params":[{"name":"A","type":"int","value":1.5}]}`), &back); err == nil {
		t.Error("unmarshal of a non-integer Int value: no error")
	}
}

func TestNewSpaceWithSetFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ma.set")
	text := "; saved by MT5\r\nMaximumRisk=0.02||0.01||0.01||0.05||Y\r\nMovingPeriod=12||5||5||50||N\r\nMovingShift=6||1||1||10||Y\r\n"
	if err := os.WriteFile(path, utf16LE(text), 0o644); err != nil {
		t.Fatal(err)
	}
	// The flag overrides the file's MovingShift range.
	s, err := NewSpace(movingAverage, []string{"MovingShift=3"}, path, "")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.String(), "MaximumRisk=0.01:0.05:0.01 DecreaseFactor=3 MovingPeriod=12 MovingShift=3"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
	// 0.01..0.05 step 0.01: 5 values.
	if n, err := s.Size(); n != 5 || err != nil {
		t.Errorf("Size = %d, %v; want 5", n, err)
	}

	for _, tc := range []struct{ text, want string }{
		{"MovingPeriod=12\nFoo=1\n", `ma.set: line 2: unknown parameter "Foo" (known: MaximumRisk, DecreaseFactor, MovingPeriod, MovingShift)`},
		{"\n; c\nMovingPeriod=12.5\n", `ma.set: line 3: MovingPeriod: value: "12.5" is not an integer`},
		{"MovingPeriod=12||5||0||50||Y\n", "ma.set: line 1: MovingPeriod: step 0 must be > 0"},
		{"MovingPeriod=12||50||5||5||Y\n", "ma.set: line 1: MovingPeriod: start 50 > stop 5"},
		{"MaximumRisk=abc\n", `ma.set: line 1: MaximumRisk: value: "abc" is not a number`},
		{"MovingPeriod=12||5||2.5||50||Y\n", "ma.set: line 1: MovingPeriod: step 2.5 is not an integer"},
		{"Short=true\n", `ma.set: line 1: unknown parameter "Short"`},
	} {
		if err := os.WriteFile(path, []byte(tc.text), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := NewSpace(movingAverage, nil, path, "")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("set file %q: error %v, want %q", tc.text, err, tc.want)
		}
	}
	if _, err := NewSpace(movingAverage, nil, filepath.Join(dir, "missing.set"), ""); err == nil ||
		!strings.Contains(err.Error(), "missing.set") {
		t.Errorf("missing set file: error %v", err)
	}
}

// tenth is a variable so that tenth + 2*tenth is float64 arithmetic, not an
// exact constant.
var tenth = 0.1

func TestSnap(t *testing.T) {
	for _, tc := range []struct {
		d    Dim
		v    float64
		want float64
	}{
		{Dim{Start: 5, Step: 5, Stop: 50, Integer: true}, math.NaN(), 5},
		{Dim{Start: 5, Step: 5, Stop: 50, Integer: true}, -100, 5},
		{Dim{Start: 5, Step: 5, Stop: 50, Integer: true}, 1e9, 50},
		{Dim{Start: 5, Step: 5, Stop: 50, Integer: true}, 12.4, 10},
		{Dim{Start: 5, Step: 5, Stop: 50, Integer: true}, 12.6, 15},
		{Dim{Start: 5, Step: 5, Stop: 50, Integer: true}, 12.5, 15}, // half rounds away from zero
		// Stop off the grid: 5..52 step 5 ends at 50, and 52 snaps down to it.
		{Dim{Start: 5, Step: 5, Stop: 52, Integer: true}, 52, 50},
		{Dim{Start: 5, Step: 5, Stop: 52, Integer: true}, 51, 50},
		{Dim{Start: tenth, Step: tenth, Stop: 0.5}, 0.3, tenth + 2*tenth}, // the grid value, bit for bit (0.30000000000000004)
		{Dim{Start: -1, Step: 0.5, Stop: 1}, -0.8, -1},
		{Dim{Start: -1, Step: 0.5, Stop: 1}, -0.7, -0.5},
		{Dim{Start: 0, Step: 0, Stop: 1}, 0.123, 0.123}, // continuous: kept
		{Dim{Start: 0, Step: 0, Stop: 1}, 2, 1},         // continuous: clamped
		{Dim{Start: 0, Step: 0, Stop: 10, Integer: true}, 3.4, 3},
		{Dim{Start: 7, Step: 1, Stop: 7, Integer: true}, 100, 7}, // one level
	} {
		if got := tc.d.Snap(tc.v); math.Float64bits(got) != math.Float64bits(tc.want) {
			t.Errorf("%+v.Snap(%v) = %v, want %v", tc.d, tc.v, got, tc.want)
		}
	}
	for _, tc := range []struct {
		d    Dim
		want int
	}{
		{Dim{Start: 5, Step: 5, Stop: 50}, 10},
		{Dim{Start: 5, Step: 5, Stop: 52}, 10},
		{Dim{Start: 0.1, Step: 0.1, Stop: 0.9}, 9}, // (0.9-0.1)/0.1 is 7.999…, tolerated
		{Dim{Start: 0, Step: 0, Stop: 1}, 0},
	} {
		if got := tc.d.Levels(); got != tc.want {
			t.Errorf("%+v.Levels() = %d, want %d", tc.d, got, tc.want)
		}
	}
}

func BenchmarkFeasible(b *testing.B) {
	s := fastSlow(b, "Fast < Slow && Fast * 2 >= 10")
	x := []float64{20, 60}
	b.ReportAllocs()
	for b.Loop() {
		if !s.Feasible(x) {
			b.Fatal("infeasible")
		}
	}
}

func BenchmarkFeasibleParallel(b *testing.B) {
	s := fastSlow(b, "Fast < Slow && Fast * 2 >= 10")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		x := []float64{20, 60}
		for pb.Next() {
			if !s.Feasible(x) {
				b.Error("infeasible")
				return
			}
		}
	})
}

func BenchmarkCount(b *testing.B) {
	s := fastSlow(b, "Fast < Slow")
	for b.Loop() {
		if n, _ := s.Count(); n != 175 {
			b.Fatal(n)
		}
	}
}
