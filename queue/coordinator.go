package queue

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/passframes/passframes/collect"
)

// Coordinator hands a run's passes to the workers and gathers their results:
// it is the collect.Remote of a run started with a queue.
type Coordinator struct {
	conn    *Conn
	spec    Spec
	results jetstream.Consumer
	stream  jetstream.MessagesContext // results as they arrive
	durable string
	notices *nats.Subscription
	log     io.Writer
	// Quiet is how long the coordinator waits without any result before it
	// says again that it is waiting for workers.
	Quiet time.Duration
}

// CoordinatorConfig describes a run to publish.
type CoordinatorConfig struct {
	// Key identifies the run across coordinator restarts (the run directory
	// and shard, for example); the run id is derived from it and the start.
	Key     string
	Version string
	Args    []string          // collect's arguments, file values already replaced by references
	Files   map[string]string // reference → base name of every uploaded file
	AckWait time.Duration     // redelivery time of an unacknowledged pass
	Log     io.Writer         // where waiting and refusal messages go
}

// NewCoordinator publishes the run's specification, sets up the streams and
// clears what an earlier coordinator of the same run left in them.
func NewCoordinator(ctx context.Context, conn *Conn, cfg CoordinatorConfig) (*Coordinator, error) {
	if err := conn.ensureStreams(ctx, cfg.AckWait); err != nil {
		return nil, err
	}
	key := sha256.Sum256([]byte(cfg.Key))
	base := hex.EncodeToString(key[:6])
	run := base + "." + strconv.FormatInt(time.Now().UnixNano(), 36)
	// Passes and results of an earlier coordinator of this run are of no
	// use to this one (its resume reads the stored frames instead).
	for stream, subject := range map[string]string{WorkStream: workPrefix + base + ".>", ResultStream: resultPrefix + base + ".>"} {
		s, err := conn.js.Stream(ctx, stream)
		if err != nil {
			return nil, err
		}
		if err := s.Purge(ctx, jetstream.WithPurgeSubject(subject)); err != nil {
			return nil, fmt.Errorf("clear %s: %w", subject, err)
		}
	}
	spec := Spec{Run: run, Version: cfg.Version, Args: cfg.Args, Files: cfg.Files}
	if err := conn.putSpec(ctx, &spec); err != nil {
		return nil, err
	}
	if err := removeConsumers(ctx, conn, "coordinator-"+base+"-"); err != nil {
		return nil, err
	}
	durable := "coordinator-" + strings.ReplaceAll(run, ".", "-")
	results, err := conn.js.CreateOrUpdateConsumer(ctx, ResultStream, jetstream.ConsumerConfig{
		Durable: durable, AckPolicy: jetstream.AckExplicitPolicy,
		FilterSubject: resultPrefix + run, AckWait: 5 * time.Second, MaxAckPending: -1,
	})
	if err != nil {
		return nil, fmt.Errorf("results consumer: %w", err)
	}
	c := &Coordinator{conn: conn, spec: spec, results: results, durable: durable, log: cfg.Log, Quiet: 10 * time.Second}
	if c.log == nil {
		c.log = io.Discard
	}
	c.notices, err = conn.nc.Subscribe(noticePrefix+run, func(m *nats.Msg) {
		fmt.Fprintf(c.log, "queue: %s\n", m.Data)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Run is the run id workers see.
func (c *Coordinator) Run() string { return c.spec.Run }

// Close stops listening for notices and removes the run's result consumer.
func (c *Coordinator) Close() {
	if c.stream != nil {
		c.stream.Stop()
	}
	if c.notices != nil {
		_ = c.notices.Unsubscribe()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = c.conn.js.DeleteConsumer(ctx, ResultStream, c.durable)
}

// removeConsumers deletes the result consumers whose names start with
// prefix: those of earlier coordinators of the same run, killed before they
// could remove their own.
func removeConsumers(ctx context.Context, conn *Conn, prefix string) error {
	stream, err := conn.js.Stream(ctx, ResultStream)
	if err != nil {
		return err
	}
	names := stream.ConsumerNames(ctx)
	var stale []string
	for n := range names.Name() {
		if strings.HasPrefix(n, prefix) {
			stale = append(stale, n)
		}
	}
	if err := names.Err(); err != nil && !errors.Is(err, jetstream.ErrEndOfData) {
		return err
	}
	for _, n := range stale {
		if err := conn.js.DeleteConsumer(ctx, ResultStream, n); err != nil && !errors.Is(err, jetstream.ErrConsumerNotFound) {
			return err
		}
	}
	return nil
}

// Evaluate publishes every pass of batch and waits until a worker has
// returned each one's result. A pass that failed on a worker fails the run,
// as it would locally.
func (c *Coordinator) Evaluate(ctx context.Context, batch []collect.RemotePass) error {
	pending := make(map[int64]*collect.RemotePass, len(batch))
	for i := range batch {
		p := &batch[i]
		pending[p.ID] = p
		data, err := encode(task{Pass: p.ID, X: p.X})
		if err != nil {
			return err
		}
		msg := &nats.Msg{Subject: workPrefix + c.spec.Run, Data: data, Header: nats.Header{}}
		msg.Header.Set(headerVersion, c.spec.Version)
		if err := c.publish(ctx, msg, c.spec.Run+"/"+strconv.FormatInt(p.ID, 10)); err != nil {
			return fmt.Errorf("publish pass %d: %w", p.ID, err)
		}
	}
	return c.gather(ctx, pending, len(batch))
}

// publish sends msg with a de-duplication id, retrying while the server is
// away (a restart) until ctx ends.
func (c *Coordinator) publish(ctx context.Context, msg *nats.Msg, id string) error {
	for {
		pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		_, err := c.conn.js.PublishMsg(pctx, msg, jetstream.WithMsgID(id))
		cancel()
		if err == nil || ctx.Err() != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// gather reads results until every pass of pending has one.
func (c *Coordinator) gather(ctx context.Context, pending map[int64]*collect.RemotePass, total int) error {
	var failed error
	last := time.Now()
	for len(pending) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		m, err := c.next()
		if err == nil {
			last = time.Now()
			if err := c.take(m, pending); err != nil && failed == nil {
				failed = err
			}
			continue
		}
		if time.Since(last) > c.Quiet {
			fmt.Fprintf(c.log, "queue: waiting for workers: %d of %d passes of this batch pending (run %s)\n", len(pending), total, c.spec.Run)
			last = time.Now()
		}
	}
	return failed
}

// next waits up to a second for the next result.
func (c *Coordinator) next() (jetstream.Msg, error) {
	if c.stream == nil {
		it, err := c.results.Messages(jetstream.PullMaxMessages(512), jetstream.PullExpiry(5*time.Second))
		if err != nil {
			time.Sleep(250 * time.Millisecond) // the server may be restarting
			return nil, err
		}
		c.stream = it
	}
	m, err := c.stream.Next(jetstream.NextMaxWait(time.Second))
	if errors.Is(err, jetstream.ErrMsgIteratorClosed) {
		c.stream = nil
	}
	return m, err
}

// take stores one result message into its pass; duplicates (a redelivered
// pass evaluated twice) are acknowledged and dropped.
func (c *Coordinator) take(m jetstream.Msg, pending map[int64]*collect.RemotePass) error {
	defer m.Ack()
	var r result
	if err := decode(m.Data(), &r); err != nil {
		return fmt.Errorf("a result of run %s cannot be read: %w", c.spec.Run, err)
	}
	p, ok := pending[r.Pass]
	if !ok {
		return nil
	}
	delete(pending, r.Pass)
	if r.Err != "" {
		return fmt.Errorf("%s (on worker %s)", r.Err, r.Worker)
	}
	if r.Back == nil {
		return fmt.Errorf("pass %d: worker %s returned no frame", r.Pass, r.Worker)
	}
	p.Back, p.Forward, p.Deals, p.Value = r.Back, r.Forward, r.Deals, r.Value
	return nil
}
