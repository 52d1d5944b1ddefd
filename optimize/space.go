package optimize

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/passframes/passframes/frames"
)

// countLimit bounds the grid points Count, NewSpace and the random optimizer
// will enumerate to check a constraint: about ten seconds of constraint
// evaluations, far more than any tester run can evaluate.
const countLimit = 50_000_000

// Space is the parameter space of a run: every input of the expert, fixed or
// optimized, and an optional constraint the optimized values must satisfy.
// Build it with NewSpace or FromParams and treat Params as read-only
// afterwards. A Space is safe for concurrent use.
//
// A point of the space is a vector with one value per optimized parameter, in
// declaration order (the order of Dims); Values expands it to every input.
type Space struct {
	// Params holds every input of the expert, in declaration order.
	Params []Param `json:"params"`
	// Constraint is an expression over parameter names that a point must
	// satisfy, e.g. "Fast < Slow"; empty means every point does.
	Constraint string `json:"constraint,omitempty"`

	opt     []int // index in Params of each optimized parameter
	dims    []Dim
	scale   []float64 // per dim: 10^decimals of its start and step, 0 for none (see Values)
	size    int64     // grid size, valid when sizeErr is nil
	sizeErr error
	cons    *constraint // nil without a constraint
}

// NewSpace builds the space of an expert from its declared inputs: every input
// starts fixed at its default, then the MT5 .set file (if setFile is not empty)
// and then each --param spec override it. A spec is one of
//
//	Name=value             fixed value
//	Name=start:stop:step   optimized over start, start+step, ... up to stop
//	Name=start:stop        optimized with step 1 (Int and Bool inputs only)
//
// Bool inputs take true, false, 1 or 0, and the range false:true. The
// constraint is an expression over parameter names (see Feasible).
func NewSpace(decls []Decl, specs []string, setFile string, constraint string) (*Space, error) {
	params, index, err := declParams(decls)
	if err != nil {
		return nil, err
	}
	if setFile != "" {
		if err := applySetFile(params, index, setFile); err != nil {
			return nil, err
		}
	}
	seen := make(map[string]string, len(specs))
	for _, spec := range specs {
		name, _, _ := strings.Cut(spec, "=")
		name = strings.TrimSpace(name)
		if prev, dup := seen[name]; dup {
			return nil, fmt.Errorf("param %q: %s is already set by %q", spec, name, prev)
		}
		seen[name] = spec
		if err := applySpec(params, index, spec); err != nil {
			return nil, fmt.Errorf("param %q: %w", spec, err)
		}
	}
	return FromParams(params, constraint)
}

// FromParams builds a space from parameters as they are stored, e.g. in a run
// manifest, checking them as NewSpace does.
func FromParams(params []Param, constraint string) (*Space, error) {
	s := &Space{Params: slices.Clone(params), Constraint: strings.TrimSpace(constraint)}
	names := make(map[string]bool, len(params))
	for i := range s.Params {
		p := &s.Params[i]
		if err := checkName(p.Name); err != nil {
			return nil, fmt.Errorf("parameter %d: %w", i+1, err)
		}
		if names[p.Name] {
			return nil, fmt.Errorf("parameter %s is declared twice", p.Name)
		}
		names[p.Name] = true
		if !p.Type.valid() {
			return nil, fmt.Errorf("parameter %s: invalid type %d", p.Name, int(p.Type))
		}
		if err := p.check(); err != nil {
			return nil, fmt.Errorf("parameter %s: %w", p.Name, err)
		}
		if p.Optimize {
			s.opt = append(s.opt, i)
			s.dims = append(s.dims, p.Dim())
			s.scale = append(s.scale, decimalScale(p.Start, p.Step))
		}
	}
	s.size, s.sizeErr = gridSize(s.dims)
	if s.Constraint == "" {
		return s, nil
	}
	cons, err := compileConstraint(s.Constraint, s.Params, s.opt)
	if err != nil {
		return nil, err
	}
	s.cons = cons
	if err := s.checkSatisfiable(); err != nil {
		return nil, err
	}
	return s, nil
}

// UnmarshalJSON reads a space written by json.Marshal and checks it as
// FromParams does, so a manifest's space is ready to use.
func (s *Space) UnmarshalJSON(b []byte) error {
	var raw struct {
		Params     []Param `json:"params"`
		Constraint string  `json:"constraint"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	built, err := FromParams(raw.Params, raw.Constraint)
	if err != nil {
		return err
	}
	*s = *built
	return nil
}

// declParams turns declarations into fixed parameters and a name index.
func declParams(decls []Decl) ([]Param, map[string]int, error) {
	params := make([]Param, len(decls))
	index := make(map[string]int, len(decls))
	for i, d := range decls {
		if err := checkName(d.Name); err != nil {
			return nil, nil, fmt.Errorf("input %d: %w", i+1, err)
		}
		if _, dup := index[d.Name]; dup {
			return nil, nil, fmt.Errorf("input %s is declared twice", d.Name)
		}
		if !d.Type.valid() {
			return nil, nil, fmt.Errorf("input %s: invalid type %d", d.Name, int(d.Type))
		}
		if err := d.Type.checkValue("default", d.Default); err != nil {
			return nil, nil, fmt.Errorf("input %s: %w", d.Name, err)
		}
		index[d.Name] = i
		params[i] = defaultParam(d)
	}
	return params, index, nil
}

// checkName rejects names that could not be written to a .set line.
func checkName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("empty name")
	case strings.ContainsAny(name, "=|\r\n") || strings.HasPrefix(name, ";") || strings.TrimSpace(name) != name:
		return fmt.Errorf("invalid name %q", name)
	}
	return nil
}

// unknownParam is the error for a name the expert does not declare.
func unknownParam(name string, params []Param) error {
	known := make([]string, len(params))
	for i, p := range params {
		known[i] = p.Name
	}
	return fmt.Errorf("unknown parameter %q (known: %s)", name, strings.Join(known, ", "))
}

// applySetFile applies every line of an MT5 .set file to params.
func applySetFile(params []Param, index map[string]int, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("read set file: %w", err)
	}
	defer f.Close()
	lines, err := readSetLines(f, path)
	if err != nil {
		return err
	}
	for _, l := range lines {
		i, ok := index[l.name]
		if !ok {
			return fmt.Errorf("read %s: line %d: %w", path, l.line, unknownParam(l.name, params))
		}
		p, err := l.param(params[i].Type)
		if err != nil {
			return fmt.Errorf("read %s: line %d: %s: %w", path, l.line, l.name, err)
		}
		params[i] = p
	}
	return nil
}

// applySpec applies one --param spec to params.
func applySpec(params []Param, index map[string]int, spec string) error {
	name, val, ok := strings.Cut(spec, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		return fmt.Errorf("want Name=value, Name=start:stop:step or Name=start:stop")
	}
	i, ok := index[name]
	if !ok {
		return unknownParam(name, params)
	}
	p := params[i]
	if strings.TrimSpace(val) == "" {
		return fmt.Errorf("missing value after %s=", name)
	}
	parts := strings.Split(val, ":")
	for _, part := range parts {
		if strings.TrimSpace(part) == "" {
			return fmt.Errorf("empty range: want Name=value, Name=start:stop:step or Name=start:stop")
		}
	}
	var err error
	switch {
	case len(parts) == 1:
		p.Optimize = false
		if p.Value, err = parseValue(p.Type, parts[0]); err != nil {
			return err
		}
	case len(parts) == 3 && p.Type == Bool:
		return fmt.Errorf("a bool range has no step: write %s=false:true", name)
	case len(parts) == 2 && p.Type == Double:
		return fmt.Errorf("a double range needs a step: write %s=start:stop:step", name)
	case len(parts) == 2 || len(parts) == 3:
		p.Optimize, p.Step = true, 1
		if p.Start, err = parseValue(p.Type, parts[0]); err != nil {
			return fmt.Errorf("start: %w", err)
		}
		if p.Stop, err = parseValue(p.Type, parts[1]); err != nil {
			return fmt.Errorf("stop: %w", err)
		}
		if len(parts) == 3 {
			if p.Step, err = parseValue(p.Type, parts[2]); err != nil {
				return fmt.Errorf("step: %w", err)
			}
		}
	default:
		return fmt.Errorf("too many fields: want Name=start:stop:step")
	}
	if err := p.check(); err != nil {
		return err
	}
	params[i] = p
	return nil
}

// checkSatisfiable reports an error when no grid point meets the constraint,
// which would leave every optimizer with nothing to propose.
func (s *Space) checkSatisfiable() error {
	limit, whole := int64(countLimit), false
	if s.sizeErr == nil && s.size <= limit {
		limit, whole = s.size, true
	}
	x := make([]float64, len(s.dims))
	for idx := int64(0); idx < limit; idx++ {
		gridPoint(s.dims, idx, x)
		if s.cons.feasible(x) {
			return nil
		}
	}
	if whole {
		return fmt.Errorf("constraint %q: no grid point satisfies it", s.Constraint)
	}
	return fmt.Errorf("constraint %q: none of the first %d grid points satisfies it", s.Constraint, limit)
}

// Dims returns the optimized parameters as dimensions, in declaration order.
// Int and Bool parameters are Integer dimensions.
func (s *Space) Dims() []Dim { return slices.Clone(s.dims) }

// Values expands a point (one value per dim) to the full input vector of the
// expert, in declaration order, with the fixed parameters' values filled in.
func (s *Space) Values(x []float64) []float64 {
	if len(x) != len(s.opt) {
		panic(fmt.Sprintf("optimize: Space.Values got %d values for %d dims", len(x), len(s.opt)))
	}
	v := make([]float64, len(s.Params))
	for i, p := range s.Params {
		v[i] = p.Value
	}
	for j, i := range s.opt {
		v[i] = exact(x[j], s.scale[j])
	}
	return v
}

// exact rounds a grid value to the decimals of its dimension's start and
// step: start + k·step in binary floating point is 0.30000000000000004 for
// 0.1 + 2·0.1; the input the expert gets (and the dataset stores) is 0.3.
func exact(v, scale float64) float64 {
	if scale == 0 {
		return v
	}
	return math.Round(v*scale) / scale
}

// decimalScale is 10^d for the larger number of decimals d that start and
// step are written with (as the shortest decimal that reads back exactly),
// or 0 when that is more than 9 decimals or the step is 0 (a continuous
// dimension: no rounding).
func decimalScale(start, step float64) float64 {
	if step <= 0 {
		return 0
	}
	d := max(decimals(start), decimals(step))
	if d > 9 {
		return 0
	}
	return math.Pow10(d)
}

func decimals(x float64) int {
	s := strconv.FormatFloat(math.Abs(x), 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

// Feasible reports whether a point (one value per dim) satisfies the
// constraint. The constraint sees every parameter by name: Int parameters as
// integers, Double ones as floats and Bool ones as booleans, so "Fast < Slow",
// "MovingPeriod * 2 >= MovingShift" and "!Short || Slow > 50" all work. A
// constraint that fails at run time (e.g. an integer modulo by zero) makes
// the point infeasible.
func (s *Space) Feasible(x []float64) bool {
	if s.cons == nil {
		return true
	}
	return s.cons.feasible(x)
}

// Size returns the number of grid points, or an error when the grid is too
// large to count in an int64.
func (s *Space) Size() (int64, error) { return s.size, s.sizeErr }

// GridPoint returns the point with the given grid index, counting in mixed
// radix with the first dimension fastest. It panics unless 0 ≤ idx < Size.
func (s *Space) GridPoint(idx int64) []float64 {
	if idx < 0 || (s.sizeErr == nil && idx >= s.size) {
		panic(fmt.Sprintf("optimize: grid index %d out of range [0, %d)", idx, s.size))
	}
	x := make([]float64, len(s.dims))
	gridPoint(s.dims, idx, x)
	return x
}

// GridIndex returns the grid index of the grid point nearest to x, the
// inverse of GridPoint.
func (s *Space) GridIndex(x []float64) int64 {
	if len(x) != len(s.dims) {
		panic(fmt.Sprintf("optimize: Space.GridIndex got %d values for %d dims", len(x), len(s.dims)))
	}
	return gridIndex(s.dims, x)
}

// Count returns the number of grid points that satisfy the constraint. With a
// constraint it evaluates every grid point, so it refuses grids larger than
// 50 million points.
func (s *Space) Count() (int64, error) {
	if s.sizeErr != nil {
		return 0, s.sizeErr
	}
	if s.cons == nil {
		return s.size, nil
	}
	if s.size > countLimit {
		return 0, fmt.Errorf("the grid has %d points; counting those that satisfy the constraint is limited to %d", s.size, countLimit)
	}
	x := make([]float64, len(s.dims))
	var n int64
	for idx := int64(0); idx < s.size; idx++ {
		gridPoint(s.dims, idx, x)
		if s.cons.feasible(x) {
			n++
		}
	}
	return n, nil
}

// Problem returns the optimizer problem over the space: its dims, its
// constraint (nil when there is none), the budget and the seed.
func (s *Space) Problem(budget int, seed int64) Problem {
	p := Problem{Dims: s.Dims(), Budget: budget, Seed: seed}
	if s.cons != nil {
		p.Feasible = s.Feasible
	}
	return p
}

// String writes the space in the --param syntax, one parameter after another,
// then the constraint, e.g. "Fast=5:50:5 Slow=10:200:10 Short=false where Fast < Slow".
func (s *Space) String() string {
	var b strings.Builder
	for i, p := range s.Params {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p.String())
	}
	if s.Constraint != "" {
		b.WriteString(" where ")
		b.WriteString(s.Constraint)
	}
	return b.String()
}

// ManifestParams converts parameters into the form a run's manifest
// records them in.
func ManifestParams(ps []Param) []frames.Param {
	out := make([]frames.Param, len(ps))
	for i, p := range ps {
		out[i] = frames.Param{Name: p.Name, Type: p.Type.String(), Value: p.Value, Start: p.Start,
			Step: p.Step, Stop: p.Stop, Optimize: p.Optimize}
	}
	return out
}

// FromManifest converts the parameters a manifest records (their types
// checked by frames.ReadManifest; an unknown one reads as double).
func FromManifest(ps []frames.Param) []Param {
	out := make([]Param, len(ps))
	for i, p := range ps {
		t := Double
		_ = t.UnmarshalText([]byte(p.Type)) // an unknown type leaves t double
		out[i] = Param{Name: p.Name, Type: t, Value: p.Value, Start: p.Start, Step: p.Step, Stop: p.Stop,
			Optimize: p.Optimize}
	}
	return out
}
