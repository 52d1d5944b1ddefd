package collect

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/stats"
	"github.com/passframes/passframes/walkforward"
)

// WalkForward is a walk-forward run, ready to start: for every window, the
// optimizer searches the train part, and every pass it evaluates is also
// tested on the window's test part. Frames of window i carry Window = i;
// train rows have period back, test rows period forward.
type WalkForward struct {
	p       *Prepared
	spec    walkforward.Spec
	windows []walkforward.Bounds
	// OnWindow, if set, is called after each window is finished.
	OnWindow func(WindowSummary)

	done, stored int // passes so far, for Config.Progress
}

// WindowSummary is what one finished window reports.
type WindowSummary struct {
	Bounds    walkforward.Bounds
	Evaluated int
	Reused    int
	Stored    int
	HaveBest  bool
	BestPass  int64
	Best      float64   // the objective of the best train pass
	BestValue []float64 // every input of the best train pass
	Skipped   bool      // finished in an earlier run (resume)
}

// WalkForwardSummary is what a finished (or interrupted) walk-forward run
// reports.
type WalkForwardSummary struct {
	RunDir      string
	Windows     []WindowSummary // the windows finished now or before
	Evaluated   int
	Reused      int
	Stored      int
	Elapsed     time.Duration
	Interrupted bool
}

// PrepareWalkForward checks a walk-forward run: cfg as for Prepare (its
// Periods give the range the windows cover: from the back period's start
// to the end of the forward period, if any), spec the windows. It writes
// nothing.
func PrepareWalkForward(cfg Config, spec walkforward.Spec) (*WalkForward, error) {
	if cfg.Shards > 1 {
		return nil, fmt.Errorf("a walk-forward run cannot be split into shards")
	}
	p, err := Prepare(cfg)
	if err != nil {
		return nil, err
	}
	lo, hi := cfg.Periods.BackLo, max(cfg.Periods.BackHi, cfg.Periods.ForwardHi)
	bs, err := walkforward.Windows(cfg.Bars.Time[lo:hi], cfg.Bars.Timeframe.Duration, spec)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Data.Source, err)
	}
	for i := range bs {
		bs[i].TrainLo += lo
		bs[i].TrainHi += lo
		bs[i].TestLo += lo
		bs[i].TestHi += lo
	}
	return &WalkForward{p: p, spec: spec, windows: bs}, nil
}

// Windows are the run's windows.
func (r *WalkForward) Windows() []walkforward.Bounds { return r.windows }

// SetProgress sets the function called after every batch; its counts run
// over all windows.
func (r *WalkForward) SetProgress(fn func(Progress)) { r.p.cfg.Progress = fn }

// PassesPerWindow is the number of passes each window evaluates (0 when the
// optimizer decides as it goes).
func (r *WalkForward) PassesPerWindow() int { return r.p.total }

// Manifest is the run's manifest: collect's, with the walk-forward setting
// and its windows, and the back period spanning every window.
func (r *WalkForward) Manifest(created time.Time) *frames.Manifest {
	m := r.p.Manifest(created)
	first, last := r.windows[0], r.windows[len(r.windows)-1]
	bars := r.p.cfg.Bars
	m.Periods = frames.Periods{BackFrom: bars.BarTime(first.TrainLo), BackTo: bars.BarTime(last.TestHi - 1), Forward: "none"}
	wf := &frames.WalkForward{Train: r.spec.Train.Text, Test: r.spec.Test.Text, Step: r.spec.Step.Text,
		Anchored: r.spec.Anchored, Partial: r.spec.Partial}
	if wf.Step == "" {
		wf.Step = wf.Test
	}
	for _, b := range r.windows {
		wf.Windows = append(wf.Windows, b.Window())
	}
	m.WalkForward = wf
	return m
}

// WindowStepsPath is the file recording the optimizer's steps in window w.
// It is written when the window is finished, after its frames are, so its
// presence marks the window done for a resumed run.
func WindowStepsPath(runDir string, w int) string {
	return filepath.Join(runDir, fmt.Sprintf("optimizer-w%04d.parquet", w))
}

// Run runs the windows in order into the run directory. A cancelled ctx
// stops it after the batch under way; the finished passes stay stored, and
// a resumed run starts at the first unfinished window, reusing that
// window's stored passes.
func (r *WalkForward) Run(ctx context.Context) (*WalkForwardSummary, error) {
	start := time.Now()
	c := r.p.cfg
	m := r.Manifest(start)
	if err := r.prepareDir(m); err != nil {
		return nil, err
	}
	w, _, err := frames.Create(c.RunDir, m, c.Mode)
	if err != nil {
		return nil, err
	}
	s, err := r.runWindows(ctx, w)
	if err != nil {
		w.Abort()
		return s, err
	}
	if err := w.Close(); err != nil {
		return s, err
	}
	s.Elapsed = time.Since(start)
	return s, nil
}

// runWindows runs the windows not yet finished through one writer, which
// keeps the run's lock from the first window to the last; the caller closes
// it, or aborts it after an error.
func (r *WalkForward) runWindows(ctx context.Context, w *frames.Writer) (*WalkForwardSummary, error) {
	c := r.p.cfg
	s := &WalkForwardSummary{RunDir: c.RunDir}
	first := r.firstUnfinished()
	for k := 0; k < first; k++ {
		s.Windows = append(s.Windows, WindowSummary{Bounds: r.windows[k], Skipped: true})
	}
	var reuse map[int64]float64
	if first < len(r.windows) && c.Mode == frames.Resume {
		var err error
		if reuse, err = storedWindowObjectives(c.RunDir, int32(first)); err != nil {
			return nil, err
		}
	}
	for k := first; k < len(r.windows); k++ {
		if ctx.Err() != nil {
			s.Interrupted = true
			break
		}
		out := newWriterLoop(w, c.Workers)
		ws, steps, done, err := r.runWindow(ctx, k, reuse, out)
		reuse = nil
		// flush writes the window's last part file, so its frames are on
		// disk before the step file marks the window done.
		if werr := out.flush(); err == nil {
			err = werr
		}
		if err == nil && done {
			err = writeSteps(WindowStepsPath(c.RunDir, k), steps, r.p.objective.Direction == criteria.Min)
		}
		s.Evaluated += ws.Evaluated
		s.Reused += ws.Reused
		s.Stored += ws.Stored
		if err != nil {
			return s, err
		}
		if !done {
			s.Interrupted = true
			break
		}
		s.Windows = append(s.Windows, ws)
		if r.OnWindow != nil {
			r.OnWindow(ws)
		}
	}
	return s, nil
}

// prepareDir checks that a resumed run has the same windows, and removes
// the window step files of a run being overwritten.
func (r *WalkForward) prepareDir(m *frames.Manifest) error {
	dir := r.p.cfg.RunDir
	switch r.p.cfg.Mode {
	case frames.Resume:
		old, err := frames.ReadManifest(dir)
		if err != nil {
			return nil // nothing to resume: frames.Create starts the run
		}
		if old.WalkForward == nil || !sameWalkForward(old.WalkForward, m.WalkForward) {
			return fmt.Errorf("cannot resume %s: its walk-forward windows differ", dir)
		}
	case frames.Overwrite:
		steps, _ := filepath.Glob(filepath.Join(dir, "optimizer-w*.parquet"))
		for _, p := range steps {
			if err := os.Remove(p); err != nil {
				return err
			}
		}
	}
	return nil
}

func sameWalkForward(a, b *frames.WalkForward) bool {
	if a.Train != b.Train || a.Test != b.Test || a.Step != b.Step || a.Anchored != b.Anchored ||
		a.Partial != b.Partial || len(a.Windows) != len(b.Windows) {
		return false
	}
	for i := range a.Windows {
		x, y := a.Windows[i], b.Windows[i]
		if x.Index != y.Index || !x.TrainFrom.Equal(y.TrainFrom) || !x.TrainTo.Equal(y.TrainTo) ||
			!x.TestFrom.Equal(y.TestFrom) || !x.TestTo.Equal(y.TestTo) {
			return false
		}
	}
	return true
}

// firstUnfinished is the first window without its steps file.
func (r *WalkForward) firstUnfinished() int {
	for k := range r.windows {
		if _, err := os.Stat(WindowStepsPath(r.p.cfg.RunDir, k)); err != nil {
			return k
		}
	}
	return len(r.windows)
}

// runWindow optimizes on window k's train part with a fresh optimizer (the
// run's seed, so every window searches alike) and tests every pass on the
// test part. It mirrors Prepared.loop, with the window's bars, frames that
// carry the window and a step file per window. done is false when ctx
// stopped it.
func (r *WalkForward) runWindow(ctx context.Context, k int, reuse map[int64]float64, out *writerLoop) (WindowSummary, []optimize.State, bool, error) {
	b := r.windows[k]
	ws := WindowSummary{Bounds: b}
	wp := *r.p
	wp.cfg.Periods = Periods{BackLo: b.TrainLo, BackHi: b.TrainHi, ForwardLo: b.TestLo, ForwardHi: b.TestHi,
		BackFrom: b.TrainFrom, BackTo: b.TrainTo, ForwardFrom: b.TestFrom, ForwardTo: b.TestTo}
	c := wp.cfg
	opt, err := wp.method.New(c.Space.Problem(c.Budget, c.Seed), c.MethodOptions)
	if err != nil {
		return ws, nil, false, fmt.Errorf("optimizer %s: %w", wp.method.Name, err)
	}
	wp.opt = opt
	pool := newPool(&wp, c.Workers)
	var nextID int64
	var steps []optimize.State
	storedBefore := 0
	for {
		if ctx.Err() != nil {
			return ws, nil, false, nil
		}
		points := opt.Ask(c.Batch)
		if len(points) == 0 {
			break
		}
		jobs := make([]job, len(points))
		for i, x := range points {
			id := nextID
			if wp.grid {
				id = c.Space.GridIndex(x)
			}
			nextID++
			jobs[i] = job{pass: id, x: x}
			if v, ok := reuse[id]; ok {
				jobs[i].value, jobs[i].reused = v, true
			}
		}
		if err := pool.run(ctx, jobs); err != nil {
			return ws, nil, false, fmt.Errorf("window %d: %w", k, err)
		}
		values := make([]float64, len(jobs))
		for i := range jobs {
			j := &jobs[i]
			values[i] = wp.toMaximize(j.value)
			if j.reused {
				ws.Reused++
			} else {
				ws.Evaluated++
				if wp.keep(j.back) {
					j.back.Window, j.fwd.Window = int32(k), int32(k)
					for d := range j.deals {
						j.deals[d].Window = int32(k)
					}
					ws.Stored++
					out.send(j.back, j.fwd, j.deals)
				}
			}
			if !ws.HaveBest || values[i] > wp.toMaximize(ws.Best) {
				ws.HaveBest, ws.Best, ws.BestPass, ws.BestValue = true, j.value, j.pass, c.Space.Values(j.x)
			}
		}
		opt.Tell(values)
		steps = append(steps, opt.State())
		if err := out.err(); err != nil {
			return ws, nil, false, err
		}
		r.done += len(jobs)
		r.stored += ws.Stored - storedBefore
		storedBefore = ws.Stored
		if c.Progress != nil {
			c.Progress(Progress{Done: r.done, Total: r.p.total * len(r.windows), Stored: r.stored})
		}
	}
	return ws, steps, true, nil
}

// storedWindowObjectives reads the objective of every stored train pass of
// window w, so a resumed window hands the optimizer the same values without
// testing again.
func storedWindowObjectives(runDir string, w int32) (map[int64]float64, error) {
	ds, err := frames.Open(runDir)
	if err != nil {
		return nil, err
	}
	out := map[int64]float64{}
	err = ds.Scan(func(f *frames.Frame) error {
		if f.Window == w && f.Period == frames.Back {
			out[f.Pass] = f.Stats[stats.CustomOnTester]
		}
		return nil
	})
	return out, err
}
