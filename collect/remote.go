package collect

import (
	"context"
	"fmt"

	"github.com/passframes/passframes/frames"
)

// Remote evaluates passes somewhere else than this process, for example on
// workers behind a work queue. A run with Config.Remote set keeps its
// optimizer, its filters and its dataset here and hands every batch of new
// passes to Evaluate instead of the local worker pool, so the dataset comes
// out exactly as a local run writes it.
type Remote interface {
	// Evaluate fills Back, Forward (nil without a forward period) and Value
	// of every pass of batch, or returns the first error.
	Evaluate(ctx context.Context, batch []RemotePass) error
}

// RemotePass is one pass handed to a Remote: its id and grid point, and
// after Evaluate its frames and objective value.
type RemotePass struct {
	ID      int64
	X       []float64
	Back    *frames.Frame
	Forward *frames.Frame
	Deals   []frames.Deal // with Config.Deals: the deals of both periods
	Value   float64
}

// PassRunner evaluates single passes of a prepared run: what a remote worker
// does with each pass it receives. It is for one goroutine; make one per
// goroutine.
type PassRunner struct {
	p *Prepared
	w *worker
}

// NewPassRunner returns a runner with its own tester and buffers (the
// indicator arrays are shared through the prepared run).
func (p *Prepared) NewPassRunner() *PassRunner {
	return &PassRunner{p: p, w: newPool(p, 1).workers[0]}
}

// Run evaluates the pass id at grid point x on the back period (and the
// forward one, when the run has it) and returns its frames, deals (with
// Config.Deals) and objective, exactly as a local run computes them.
func (r *PassRunner) Run(id int64, x []float64) (RemotePass, error) {
	if got, want := len(x), len(r.p.cfg.Space.Dims()); got != want {
		return RemotePass{}, fmt.Errorf("pass %d: %d coordinates for a %d-dimensional space", id, got, want)
	}
	j := job{pass: id, x: x}
	r.p.evaluate(r.w, &j)
	return RemotePass{ID: id, X: x, Back: j.back, Forward: j.fwd, Deals: j.deals, Value: j.value}, j.err
}

// remoteRun hands the jobs of a batch that are not reused to the Remote.
func (p *Prepared) remoteRun(ctx context.Context, jobs []job) error {
	var batch []RemotePass
	var index []int
	for i := range jobs {
		if !jobs[i].reused {
			batch = append(batch, RemotePass{ID: jobs[i].pass, X: jobs[i].x})
			index = append(index, i)
		}
	}
	if len(batch) == 0 {
		return nil
	}
	if err := p.cfg.Remote.Evaluate(ctx, batch); err != nil {
		return err
	}
	for k, i := range index {
		r := &batch[k]
		if r.Back == nil {
			return fmt.Errorf("pass %d: the remote evaluation returned no frame", r.ID)
		}
		jobs[i].back, jobs[i].fwd, jobs[i].deals, jobs[i].value = r.Back, r.Forward, r.Deals, r.Value
	}
	return nil
}
