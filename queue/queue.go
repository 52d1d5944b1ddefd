// Package queue runs a collect on many machines through a NATS JetStream
// work queue, the server/worker model of PyAlgoTrade's parallel optimizer on
// a production-grade engine instead of a protocol of our own.
//
// A coordinator keeps the optimizer and the dataset. It stores the run's
// specification in a key-value bucket and its input files (the bars, and any
// other file the run reads) in an object store keyed by SHA-256, then
// publishes one message per pass to a work-queue stream. Workers anywhere
// fetch passes in batches, evaluate them, publish each result to a results
// stream and acknowledge the pass only after the result is stored. A worker
// that dies leaves its passes unacknowledged, and JetStream delivers them
// again after the ack wait; the coordinator keeps one result per pass.
//
// Only features that nats-server 2.9 has are used: work-queue and limits
// streams, durable pull consumers, message de-duplication by id, key-value
// and object stores.
package queue

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Names of the JetStream assets a run uses. They are shared by every run on
// the server; a run's messages are told apart by its id in the subject.
const (
	WorkStream    = "PASSFRAMES_WORK"
	ResultStream  = "PASSFRAMES_RESULTS"
	WorkConsumer  = "passframes-workers"
	SpecBucket    = "passframes-runs"
	FileBucket    = "passframes-files"
	workPrefix    = "passframes.work."
	resultPrefix  = "passframes.result."
	noticePrefix  = "passframes.notice."
	headerVersion = "Passframes-Version"
)

// DefaultAckWait is how long a worker may hold a pass without acknowledging
// it or saying it is still working before JetStream hands it to another.
const DefaultAckWait = 30 * time.Second

// apiTimeout bounds one request to the server, so a request lost while
// the server restarts is tried again instead of waited for forever.
const apiTimeout = 10 * time.Second

// ErrRefused is returned by a worker that cannot take part in a run: another
// program version, or input files it cannot load.
var ErrRefused = errors.New("worker refused the run")

// Options are the connection settings shared by coordinator and workers.
type Options struct {
	// URL of the NATS server; it may carry user:password@ or token@.
	URL string
	// Creds is a credentials (.creds) or nkey seed file; empty for none.
	Creds string
	// Name identifies the connection in the server's monitoring.
	Name string
}

// Conn is a connection to a NATS server with JetStream.
type Conn struct {
	nc *nats.Conn
	js jetstream.JetStream
}

// Connect connects to the server of opts. The connection reconnects on its
// own, without limit, so a restarted server does not end the run.
func Connect(ctx context.Context, opts Options) (*Conn, error) {
	no := []nats.Option{nats.Name(opts.Name), nats.MaxReconnects(-1), nats.ReconnectWait(500 * time.Millisecond)}
	if opts.Creds != "" {
		o, err := credsOption(opts.Creds)
		if err != nil {
			return nil, err
		}
		no = append(no, o)
	}
	nc, err := nats.Connect(opts.URL, no...)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", redact(opts.URL), err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, err
	}
	if _, err := js.AccountInfo(ctx); err != nil {
		nc.Close()
		return nil, fmt.Errorf("%s: JetStream is not available (start nats-server with -js): %w", redact(opts.URL), err)
	}
	return &Conn{nc: nc, js: js}, nil
}

// Close drains and closes the connection.
func (c *Conn) Close() {
	if c != nil && c.nc != nil {
		_ = c.nc.Drain()
	}
}

// credsOption reads a credentials file (a user JWT and its nkey seed, as
// nsc writes it) or a bare nkey seed file.
func credsOption(path string) (nats.Option, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	text := string(b)
	switch {
	case strings.Contains(text, "BEGIN NATS USER JWT"):
		return nats.UserCredentials(path), nil
	case strings.HasPrefix(strings.TrimSpace(text), "SU"):
		return nats.NkeyOptionFromSeed(path)
	default:
		return nil, fmt.Errorf("%s: neither a NATS credentials file nor an nkey seed (SU…)", path)
	}
}

// redact hides a password or token in a URL for messages.
func redact(url string) string {
	scheme, rest, ok := strings.Cut(url, "://")
	if !ok {
		return url
	}
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		return scheme + "://***@" + rest[at+1:]
	}
	return url
}

// ensureStreams creates (or updates) the work and result streams with
// ackWait for the workers' consumer.
func (c *Conn) ensureStreams(ctx context.Context, ackWait time.Duration) error {
	for _, sc := range []jetstream.StreamConfig{
		{Name: WorkStream, Subjects: []string{workPrefix + ">"}, Retention: jetstream.WorkQueuePolicy,
			Storage: jetstream.FileStorage, Duplicates: 2 * time.Minute},
		{Name: ResultStream, Subjects: []string{resultPrefix + ">"}, Retention: jetstream.WorkQueuePolicy,
			Storage: jetstream.FileStorage, Duplicates: 2 * time.Minute},
	} {
		if _, err := c.js.CreateOrUpdateStream(ctx, sc); err != nil {
			return fmt.Errorf("stream %s: %w", sc.Name, err)
		}
	}
	_, err := c.js.CreateOrUpdateConsumer(ctx, WorkStream, workConsumerConfig(ackWait))
	return err
}

func workConsumerConfig(ackWait time.Duration) jetstream.ConsumerConfig {
	if ackWait <= 0 {
		ackWait = DefaultAckWait
	}
	return jetstream.ConsumerConfig{
		Durable:       WorkConsumer,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       ackWait,
		FilterSubject: workPrefix + ">",
		MaxAckPending: -1,
	}
}
