package queue

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/passframes/passframes/collect"
	"github.com/passframes/passframes/internal/parallel"
)

// Runner evaluates single passes of a run; each goroutine has its own.
type Runner interface {
	Run(id int64, x []float64) (collect.RemotePass, error)
}

// Job is a run rebuilt on a worker from its specification.
type Job interface {
	NewRunner() Runner
}

// Build rebuilds a run from its specification; files maps each file
// reference of spec.Args to the local copy the worker downloaded.
type Build func(ctx context.Context, spec *Spec, files map[string]string) (Job, error)

// WorkerConfig are a worker process's settings.
type WorkerConfig struct {
	Name     string    // shown in results and notices; default host:pid
	Version  string    // this program's version; a run of another version is refused
	Workers  int       // passes evaluated at once; 0: every core
	Batch    int       // passes fetched at a time; 0: 4 × Workers
	CacheDir string    // where downloaded files are kept
	Log      io.Writer // progress and refusals
	// Passes, if > 0, makes the worker exit after that many passes (tests
	// and draining a machine).
	Passes int
}

// Worker fetches passes from the work queue and evaluates them.
type Worker struct {
	conn    *Conn
	cfg     WorkerConfig
	build   Build
	ackWait time.Duration

	jobs map[string]*workerJob // by run id
	done int
}

type workerJob struct {
	runners []Runner
}

// NewWorker binds to the workers' consumer (creating the streams with the
// default ack wait when no coordinator has yet).
func NewWorker(ctx context.Context, conn *Conn, cfg WorkerConfig, build Build) (*Worker, error) {
	cfg.Workers = parallel.Workers(cfg.Workers)
	if cfg.Batch <= 0 {
		cfg.Batch = 4 * cfg.Workers
	}
	if cfg.Name == "" {
		host, _ := os.Hostname()
		cfg.Name = host + ":" + strconv.Itoa(os.Getpid())
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.CacheDir == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			dir = os.TempDir()
		}
		cfg.CacheDir = dir + "/passframes/queue"
	}
	w := &Worker{conn: conn, cfg: cfg, build: build, jobs: map[string]*workerJob{}}
	return w, nil
}

// Run works until ctx ends, the pass limit is reached, or the worker refuses
// a run (ErrRefused).
func (w *Worker) Run(ctx context.Context) error {
	cons, err := w.consumer(ctx)
	if err != nil {
		return err
	}
	for ctx.Err() == nil {
		n := w.cfg.Batch
		if w.cfg.Passes > 0 {
			n = min(n, w.cfg.Passes-w.done)
			if n <= 0 {
				return nil
			}
		}
		msgs, err := w.fetch(cons, n)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			if errors.Is(err, nats.ErrTimeout) || errors.Is(err, context.DeadlineExceeded) {
				continue // nothing to do yet
			}
			time.Sleep(500 * time.Millisecond) // the server may be restarting
			if c, err := w.consumer(ctx); err == nil {
				cons = c
			}
			continue
		}
		if err := w.process(ctx, msgs); err != nil {
			return err
		}
	}
	return nil
}

// fetch waits up to two seconds for one pass, then takes up to n−1 more of
// those already waiting: a worker starts as soon as there is work and never
// waits for a batch to fill.
func (w *Worker) fetch(cons jetstream.Consumer, n int) ([]jetstream.Msg, error) {
	first, err := cons.Next(jetstream.FetchMaxWait(2 * time.Second))
	if err != nil {
		return nil, err
	}
	msgs := []jetstream.Msg{first}
	if n > 1 {
		rest, err := cons.FetchNoWait(n - 1)
		if err == nil {
			for m := range rest.Messages() {
				msgs = append(msgs, m)
			}
		}
	}
	return msgs, nil
}

// consumer binds to the workers' durable consumer, creating the streams and
// the consumer if no coordinator has done it yet.
func (w *Worker) consumer(ctx context.Context) (jetstream.Consumer, error) {
	cons, err := w.conn.js.Consumer(ctx, WorkStream, WorkConsumer)
	if errors.Is(err, jetstream.ErrStreamNotFound) || errors.Is(err, jetstream.ErrConsumerNotFound) {
		if err := w.conn.ensureStreams(ctx, 0); err != nil {
			return nil, err
		}
		cons, err = w.conn.js.Consumer(ctx, WorkStream, WorkConsumer)
	}
	if err != nil {
		return nil, err
	}
	w.ackWait = cons.CachedInfo().Config.AckWait
	return cons, nil
}

// process evaluates a fetched batch, run by run.
func (w *Worker) process(ctx context.Context, msgs []jetstream.Msg) error {
	byRun := map[string][]jetstream.Msg{}
	var order []string
	for _, m := range msgs {
		run := strings.TrimPrefix(m.Subject(), workPrefix)
		if _, ok := byRun[run]; !ok {
			order = append(order, run)
		}
		byRun[run] = append(byRun[run], m)
	}
	for _, run := range order {
		job, err := w.job(ctx, run, byRun[run][0])
		var refusal *refusalError
		if errors.As(err, &refusal) {
			w.refuse(run, byRun[run], err)
			return fmt.Errorf("%w %s: %v", ErrRefused, run, err)
		}
		if err != nil { // the server is away: hand the passes back and try again
			fmt.Fprintf(w.cfg.Log, "worker %s: run %s: %v\n", w.cfg.Name, run, err)
			for _, m := range byRun[run] {
				_ = m.NakWithDelay(time.Second)
			}
			continue
		}
		if err := w.evaluate(ctx, run, job, byRun[run]); err != nil {
			return err
		}
	}
	return nil
}

// refusalError is why a worker cannot take part in a run, as opposed to a
// passing fault of the connection.
type refusalError struct{ err error }

func (e *refusalError) Error() string { return e.err.Error() }
func (e *refusalError) Unwrap() error { return e.err }

func refusal(format string, args ...any) error {
	return &refusalError{fmt.Errorf(format, args...)}
}

// job returns the rebuilt run of id, building it on first sight: the
// specification is read, the program version compared, the files
// downloaded. A *refusalError says the worker cannot take part; any other
// error is a passing fault of the connection.
func (w *Worker) job(ctx context.Context, run string, first jetstream.Msg) (*workerJob, error) {
	if j, ok := w.jobs[run]; ok {
		return j, nil
	}
	if v := first.Headers().Get(headerVersion); v != "" && v != w.cfg.Version {
		return nil, refusal("the coordinator runs version %s and this worker version %s", v, w.cfg.Version)
	}
	spec, err := w.conn.getSpec(ctx, run)
	if err != nil {
		return nil, err
	}
	if spec.Version != w.cfg.Version {
		return nil, refusal("the coordinator runs version %s and this worker version %s", spec.Version, w.cfg.Version)
	}
	files := map[string]string{}
	for ref, base := range spec.Files {
		path, err := w.conn.fetchFile(ctx, ref, base, w.cfg.CacheDir)
		var bad *badFileError
		if errors.As(err, &bad) {
			return nil, &refusalError{err}
		}
		if err != nil {
			return nil, err
		}
		files[ref] = path
	}
	built, err := w.build(ctx, spec, files)
	if err != nil {
		return nil, refusal("cannot load the run: %w", err)
	}
	j := &workerJob{}
	for i := 0; i < w.cfg.Workers; i++ {
		j.runners = append(j.runners, built.NewRunner())
	}
	clear(w.jobs) // one run at a time is the common case; keep memory bounded
	w.jobs[run] = j
	fmt.Fprintf(w.cfg.Log, "worker %s: joined run %s\n", w.cfg.Name, run)
	return j, nil
}

// refuse tells the coordinator why this worker leaves the run and hands its
// passes back at once, for the other workers.
func (w *Worker) refuse(run string, msgs []jetstream.Msg, why error) {
	text := fmt.Sprintf("worker %s refuses run %s: %v", w.cfg.Name, run, why)
	fmt.Fprintln(w.cfg.Log, text)
	_ = w.conn.nc.Publish(noticePrefix+run, []byte(text))
	_ = w.conn.nc.Flush()
	for _, m := range msgs {
		_ = m.NakWithDelay(time.Second)
	}
}

// evaluate runs the passes of msgs on the job's runners. Each pass's result
// is published and stored before the pass is acknowledged; passes still
// running say so to the server, so a long batch is not handed to another.
func (w *Worker) evaluate(ctx context.Context, run string, j *workerJob, msgs []jetstream.Msg) error {
	var mu sync.Mutex
	open := map[int]jetstream.Msg{}
	for i, m := range msgs {
		open[i] = m
	}
	stop := w.heartbeat(&mu, open)
	defer stop()
	next := make(chan int, len(msgs))
	for i := range msgs {
		next <- i
	}
	close(next)
	return parallel.For(ctx, len(j.runners), len(j.runners), func(ctx context.Context, k int) error {
		for i := range next {
			if err := w.one(ctx, run, j.runners[k], msgs[i]); err != nil {
				return err
			}
			mu.Lock()
			delete(open, i)
			w.done++
			mu.Unlock()
		}
		return nil
	})
}

// one evaluates one pass, publishes its result and acknowledges it.
func (w *Worker) one(ctx context.Context, run string, r Runner, m jetstream.Msg) error {
	var t task
	res := result{Worker: w.cfg.Name}
	if err := decode(m.Data(), &t); err != nil {
		_ = m.Term() // a message nobody can read would come back forever
		return nil
	}
	res.Pass = t.Pass
	p, err := r.Run(t.Pass, t.X)
	if err != nil {
		res.Err = err.Error()
	}
	res.Back, res.Forward, res.Deals, res.Value = p.Back, p.Forward, p.Deals, p.Value
	data, err := encode(&res)
	if err != nil {
		return err
	}
	id := run + "/" + strconv.FormatInt(t.Pass, 10) + "/result"
	for {
		pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		_, err = w.conn.js.PublishMsg(pctx, &nats.Msg{Subject: resultPrefix + run, Data: data}, jetstream.WithMsgID(id))
		cancel()
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		time.Sleep(250 * time.Millisecond)
	}
	actx, cancel := context.WithTimeout(ctx, apiTimeout)
	defer cancel()
	if err := m.DoubleAck(actx); err != nil && ctx.Err() == nil {
		// Not acknowledged: the pass comes back after the ack wait and its
		// result, published again, is dropped as a duplicate.
		fmt.Fprintf(w.cfg.Log, "worker %s: pass %d: ack: %v\n", w.cfg.Name, t.Pass, err)
	}
	return nil
}

// heartbeat tells the server every third of the ack wait that the passes
// still open are being worked on. The returned func stops it.
func (w *Worker) heartbeat(mu *sync.Mutex, open map[int]jetstream.Msg) func() {
	every := w.ackWait / 3
	if every <= 0 {
		every = DefaultAckWait / 3
	}
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				mu.Lock()
				for _, m := range open {
					_ = m.InProgress()
				}
				mu.Unlock()
			}
		}
	}()
	return func() { close(done) }
}
