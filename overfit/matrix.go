package overfit

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"sync"
	"time"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/parallel"
	"github.com/passframes/passframes/stats"
)

// Periods a returns matrix can be built from.
const (
	PeriodBack = "back" // the back period alone (the default)
	PeriodBoth = "both" // the back period followed by the forward period
)

// DefaultStep is the returns matrix's default grid step: one day.
const DefaultStep = 24 * time.Hour

// Errors of Build a caller may want to tell apart.
var (
	ErrGridTooFine = errors.New("overfit: grid too fine")
	ErrNoForward   = errors.New("overfit: the run has no forward period")
)

// MaxGridSteps bounds the grid: a pass's row is 8 bytes per step, and a
// grid finer than the passes trade only adds empty steps.
const MaxGridSteps = 100_000

// Matrix is the returns matrix: one row of T returns per pass. A return is
// the change of the pass's balance (in the account's money) over one step of
// the grid; dividing by the deposit would change no figure this package
// reports, so returns stay in money and Deposit is kept for the criteria that
// read a level (linear_factor, balancemin).
type Matrix struct {
	Passes  []int64     // pass ids, ascending
	Deposit []float64   // each pass's starting balance
	Returns [][]float64 // Returns[i] holds pass i's T returns
	// GridSteps is the number of grid steps before the steps in which no
	// pass's balance moved (weekends, holidays, nights) were dropped.
	GridSteps int
	// NoPoints counts the passes left out because they have no balance
	// points (results imported without them), NoForward the passes left out
	// of a PeriodBoth matrix because they have no forward pass.
	NoPoints, NoForward int
}

// T is the number of returns per pass.
func (m *Matrix) T() int {
	if len(m.Returns) == 0 {
		return 0
	}
	return len(m.Returns[0])
}

// NewMatrix makes a matrix of the given passes (any order; the matrix sorts
// them by id, so results never depend on the order passes were stored in).
// Every row must have the same length and hold finite numbers.
func NewMatrix(passes []int64, deposits []float64, returns [][]float64) (*Matrix, error) {
	if len(passes) != len(returns) || len(passes) != len(deposits) {
		return nil, fmt.Errorf("overfit: %d pass ids, %d deposits and %d rows of returns", len(passes), len(deposits), len(returns))
	}
	idx := make([]int, len(passes))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return passes[idx[a]] < passes[idx[b]] })
	m := &Matrix{}
	for k, i := range idx {
		if k > 0 && passes[i] == m.Passes[k-1] {
			return nil, fmt.Errorf("overfit: pass %d appears twice", passes[i])
		}
		if len(returns[i]) != len(returns[idx[0]]) {
			return nil, fmt.Errorf("overfit: pass %d has %d returns, pass %d has %d", passes[i], len(returns[i]), passes[idx[0]], len(returns[idx[0]]))
		}
		for t, v := range returns[i] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("overfit: pass %d: return %d is %v", passes[i], t, v)
			}
		}
		m.Passes = append(m.Passes, passes[i])
		m.Deposit = append(m.Deposit, deposits[i])
		m.Returns = append(m.Returns, returns[i])
	}
	m.GridSteps = m.T()
	return m, nil
}

// grid is a run of equal time steps, aligned to a multiple of the step since
// the zero time (whole UTC days for a daily step).
type grid struct {
	origin int64 // ms
	step   int64 // ms
	n      int
}

func newGrid(from, to time.Time, step time.Duration) grid {
	origin := from.Truncate(step)
	n := int((to.Sub(origin) + step - 1) / step)
	return grid{origin: origin.UnixMilli(), step: step.Milliseconds(), n: max(n, 1)}
}

// index is the step a point at time t (ms) falls into; points outside the
// period land in its first or last step.
func (g grid) index(t int64) int {
	if t < g.origin {
		return 0
	}
	return min(int((t-g.origin)/g.step), g.n-1)
}

// carry writes into dst the returns of a balance curve on g: the change of
// the last balance seen by the end of each step, the step before starting
// from the first point (the deposit).
func (g grid) carry(times []int64, balance []float64, dst []float64) {
	level, prev := balance[0], balance[0]
	p := 0
	for k := range dst {
		for p < len(balance) && g.index(times[p]) <= k {
			level = balance[p]
			p++
		}
		dst[k] = level - prev
		prev = level
	}
}

// BuildOptions say how Build turns frames into a matrix.
type BuildOptions struct {
	Step    time.Duration // grid step; 0 means DefaultStep
	Period  string        // PeriodBack ("" too) or PeriodBoth
	Workers int           // parallel part readers; 0: every core
}

// Build reads the run's frames and returns its returns matrix: each back
// pass's balance points carried forward onto a grid over the back period
// (and over the forward period after it, for PeriodBoth). Steps in which no
// pass's balance moved are dropped. Passes without points are left out and
// counted.
func Build(ctx context.Context, ds *frames.Dataset, opt BuildOptions) (*Matrix, error) {
	step := opt.Step
	if step == 0 {
		step = DefaultStep
	}
	if step < time.Minute {
		return nil, fmt.Errorf("overfit: grid step %v: want a minute or more", step)
	}
	p := ds.Manifest.Periods
	back := newGrid(p.BackFrom, p.BackTo, step)
	var fwd grid
	switch opt.Period {
	case "", PeriodBack:
	case PeriodBoth:
		if p.ForwardFrom == nil || p.ForwardTo == nil {
			return nil, fmt.Errorf("%w: period %q needs one", ErrNoForward, PeriodBoth)
		}
		fwd = newGrid(*p.ForwardFrom, *p.ForwardTo, step)
	default:
		return nil, fmt.Errorf("overfit: period %q: want %q or %q", opt.Period, PeriodBack, PeriodBoth)
	}
	if n := back.n + fwd.n; n > MaxGridSteps {
		return nil, fmt.Errorf("%w: a step of %s gives %d steps, more than %d: use a longer step", ErrGridTooFine, FormatStep(step), n, MaxGridSteps)
	}
	rows, err := readRows(ctx, ds, back, fwd, opt.Workers)
	if err != nil {
		return nil, err
	}
	return rows.matrix(opt.Period == PeriodBoth)
}

// row is one pass's returns on each period's grid.
type row struct {
	deposit       float64
	back, forward []float64
	points        bool
}

type rowSet struct {
	mu   sync.Mutex
	rows map[int64]*row
}

func readRows(ctx context.Context, ds *frames.Dataset, back, fwd grid, workers int) (*rowSet, error) {
	rs := &rowSet{rows: map[int64]*row{}}
	err := parallel.For(ctx, len(ds.Parts), workers, func(ctx context.Context, i int) error {
		return ds.ScanPart(ds.Parts[i], func(f *frames.Frame) error {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			g := back
			if f.Period == frames.Forward {
				if fwd.n == 0 {
					return nil
				}
				g = fwd
			}
			var ret []float64
			has := len(f.Balance) > 0 && len(f.Time) == len(f.Balance)
			if has {
				ret = make([]float64, g.n)
				g.carry(f.Time, f.Balance, ret)
			}
			return rs.put(f, ret, has)
		})
	})
	return rs, err
}

func (rs *rowSet) put(f *frames.Frame, ret []float64, has bool) error {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	r := rs.rows[f.Pass]
	if r == nil {
		r = &row{}
		rs.rows[f.Pass] = r
	}
	if f.Period == frames.Forward {
		r.forward = ret
		return nil
	}
	if r.back != nil || r.points {
		return fmt.Errorf("overfit: pass %d has two back rows", f.Pass)
	}
	r.back, r.points = ret, has
	r.deposit = f.Stats[stats.InitialDeposit]
	if r.deposit <= 0 && has {
		r.deposit = f.Balance[0]
	}
	return nil
}

func (rs *rowSet) matrix(both bool) (*Matrix, error) {
	var ids []int64
	var deps []float64
	var rets [][]float64
	noPoints, noForward := 0, 0
	for id, r := range rs.rows {
		switch {
		case !r.points:
			noPoints++
			continue
		case both && r.forward == nil:
			noForward++
			continue
		}
		ret := r.back
		if both {
			ret = append(append(make([]float64, 0, len(r.back)+len(r.forward)), r.back...), r.forward...)
		}
		ids, deps, rets = append(ids, id), append(deps, r.deposit), append(rets, ret)
	}
	m, err := NewMatrix(ids, deps, rets)
	if err != nil {
		return nil, err
	}
	m.NoPoints, m.NoForward = noPoints, noForward
	m.dropIdleSteps()
	return m, nil
}

// dropIdleSteps removes the steps in which no pass's balance moved: on a
// calendar grid they are weekends, holidays and nights, which carry no
// information and would only dilute every pass's moments alike.
func (m *Matrix) dropIdleSteps() {
	t := m.T()
	m.GridSteps = t
	busy := make([]bool, t)
	for _, r := range m.Returns {
		for k, v := range r {
			if v != 0 {
				busy[k] = true
			}
		}
	}
	for i, r := range m.Returns {
		out := r[:0]
		for k, v := range r {
			if busy[k] {
				out = append(out, v)
			}
		}
		m.Returns[i] = out
	}
}
