package queue

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/passframes/passframes/collect"
	"github.com/passframes/passframes/data"
	"github.com/passframes/passframes/experts"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/testrun"
	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/tester"
)

// natsServer is an embedded NATS server with JetStream on a file store.
type natsServer struct {
	s     *server.Server
	port  int
	store string
}

func startServer(t testing.TB, port int, store string) *natsServer {
	t.Helper()
	if port == 0 {
		port = freePort(t)
	}
	if store == "" {
		store = t.TempDir()
	}
	s, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: port, JetStream: true, StoreDir: store, NoLog: true, NoSigs: true})
	if err != nil {
		t.Fatal(err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats server did not start")
	}
	ns := &natsServer{s: s, port: port, store: store}
	t.Cleanup(func() { ns.s.Shutdown(); ns.s.WaitForShutdown() })
	return ns
}

func (n *natsServer) url() string { return fmt.Sprintf("nats://127.0.0.1:%d", n.port) }

func freePort(t testing.TB) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func connect(t testing.TB, url string) *Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := Connect(ctx, Options{URL: url, Name: t.Name()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// testConfig is a MovingAverage run on four months of the bundled sample
// with a forward quarter: a 40 × 5 = 200-pass grid, or another optimizer.
func testConfig(t *testing.T, dir, method string, budget int) collect.Config {
	t.Helper()
	bars, err := data.Sample()
	if err != nil {
		t.Fatal(err)
	}
	def, _ := experts.Lookup("MovingAverage")
	space, err := optimize.NewSpace(def.Params, []string{"MovingPeriod=5:44:1", "MovingShift=1:5:1"}, "", "")
	if err != nil {
		t.Fatal(err)
	}
	per, err := collect.SplitPeriods(bars, time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 6, 30, 0, 0, 0, 0, time.UTC), "1/4")
	if err != nil {
		t.Fatal(err)
	}
	return collect.Config{Expert: def, Bars: bars, Data: frames.DataInfo{Source: "sample"}, Space: space, Periods: per,
		Tester: tester.DefaultConfig(), Objective: "profit", Method: method, Budget: budget, Seed: 7, Workers: 2, Batch: 16,
		RunDir: dir, Program: "test"}
}

// job adapts a prepared run to the queue's Job.
type job struct{ p *collect.Prepared }

func (j job) NewRunner() Runner { return j.p.NewPassRunner() }

// buildFrom rebuilds every run from cfg, as a worker would from the
// specification's arguments.
func buildFrom(cfg collect.Config) Build {
	return func(_ context.Context, _ *Spec, _ map[string]string) (Job, error) {
		p, err := collect.Prepare(cfg)
		if err != nil {
			return nil, err
		}
		return job{p}, nil
	}
}

func runLocal(t *testing.T, cfg collect.Config) {
	t.Helper()
	p, err := collect.Prepare(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// runQueued runs cfg through a coordinator on url while the given workers
// work; it returns the coordinator's log.
func runQueued(t *testing.T, url string, cfg collect.Config, ackWait time.Duration) (*collect.Summary, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var log syncBuffer
	coord, err := NewCoordinator(ctx, connect(t, url), CoordinatorConfig{Key: cfg.RunDir, Version: "test", AckWait: ackWait, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	defer coord.Close()
	coord.Quiet = 500 * time.Millisecond
	cfg.Remote = coord
	p, err := collect.Prepare(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s, err := p.Run(ctx)
	if err != nil {
		t.Fatalf("queued run: %v\ncoordinator log:\n%s", err, log.String())
	}
	if s.Interrupted {
		t.Fatalf("queued run interrupted (timed out?)\ncoordinator log:\n%s", log.String())
	}
	return s, log.String()
}

// startWorkers starts n workers that build runs from cfg; they stop when the
// test ends.
func startWorkers(t *testing.T, url string, n int, cfg collect.Config, version string) (errs chan error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	errs = make(chan error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		conn := connect(t, url)
		w, err := NewWorker(ctx, conn, WorkerConfig{Name: fmt.Sprintf("w%d", i), Version: version, Workers: 1, Batch: 8, CacheDir: t.TempDir()}, buildFrom(cfg))
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- w.Run(ctx)
		}()
	}
	t.Cleanup(func() { cancel(); wg.Wait() })
	return errs
}

func TestGridThroughThreeWorkersEqualsLocalRun(t *testing.T) {
	ns := startServer(t, 0, "")
	local, queued := t.TempDir(), t.TempDir()
	runLocal(t, testConfig(t, local, "grid", 0))
	cfg := testConfig(t, queued, "grid", 0)
	startWorkers(t, ns.url(), 3, cfg, "test")
	s, _ := runQueued(t, ns.url(), cfg, 0)
	if s.Evaluated != 200 || s.Stored != 200 {
		t.Fatalf("evaluated %d, stored %d; want 200 and 200", s.Evaluated, s.Stored)
	}
	testrun.SameParts(t, local, queued)
}

func TestGeneticThroughQueueEqualsLocalGenetic(t *testing.T) {
	ns := startServer(t, 0, "")
	local, queued := t.TempDir(), t.TempDir()
	runLocal(t, testConfig(t, local, "genetic", 96))
	cfg := testConfig(t, queued, "genetic", 96)
	startWorkers(t, ns.url(), 2, cfg, "test")
	runQueued(t, ns.url(), cfg, 0)
	testrun.SameParts(t, local, queued)
}

// A worker that fetches passes and dies without acknowledging them: its
// passes come back after the ack wait and are evaluated once more by the
// others, and the dataset holds each pass once.
func TestUnackedPassesAreRedeliveredWithoutDuplicates(t *testing.T) {
	ns := startServer(t, 0, "")
	local, queued := t.TempDir(), t.TempDir()
	runLocal(t, testConfig(t, local, "grid", 0))
	cfg := testConfig(t, queued, "grid", 0)

	grabbed := make(chan int, 1)
	go func() {
		// The rogue worker takes what it can of the first batch and vanishes.
		conn := connect(t, ns.url())
		ctx := context.Background()
		var cons jetstream.Consumer
		for {
			c, err := conn.js.Consumer(ctx, WorkStream, WorkConsumer)
			if err == nil {
				cons = c
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		got := 0
		for got == 0 {
			b, err := cons.Fetch(8, jetstream.FetchMaxWait(time.Second))
			if err != nil {
				continue
			}
			for range b.Messages() {
				got++
			}
		}
		conn.nc.Close() // no ack, no goodbye
		grabbed <- got
	}()
	// The honest worker starts once the rogue one holds passes.
	var errs chan error
	go func() {
		<-time.After(0)
	}()
	done := make(chan struct{})
	go func() {
		defer close(done)
		runQueued(t, ns.url(), cfg, time.Second)
	}()
	n := <-grabbed
	if n == 0 {
		t.Fatal("the rogue worker got no pass")
	}
	errs = startWorkers(t, ns.url(), 2, cfg, "test")
	<-done
	select {
	case err := <-errs:
		if err != nil {
			t.Fatalf("worker: %v", err)
		}
	default:
	}
	testrun.Frames(t, queued) // fails on a frame stored twice
	testrun.SameParts(t, local, queued)
}

func TestWorkerOfAnotherVersionRefusesAndTheRunGoesOn(t *testing.T) {
	ns := startServer(t, 0, "")
	local, queued := t.TempDir(), t.TempDir()
	runLocal(t, testConfig(t, local, "grid", 0))
	cfg := testConfig(t, queued, "grid", 0)
	bad := startWorkers(t, ns.url(), 1, cfg, "other")
	done := make(chan string)
	go func() {
		_, log := runQueued(t, ns.url(), cfg, 0)
		done <- log
	}()
	select {
	case err := <-bad:
		if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "version test") {
			t.Fatalf("worker of another version: %v, want a refusal naming both versions", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("the worker of another version did not refuse")
	}
	startWorkers(t, ns.url(), 1, cfg, "test")
	log := <-done
	if !strings.Contains(log, "refuses run") || !strings.Contains(log, "this worker version other") {
		t.Fatalf("the coordinator did not log the refusal:\n%s", log)
	}
	testrun.SameParts(t, local, queued)
}

// The server restarts on its file store in the middle of a run; the run
// finishes with every pass once.
func TestRunSurvivesServerRestart(t *testing.T) {
	store := t.TempDir()
	ns := startServer(t, 0, store)
	local, queued := t.TempDir(), t.TempDir()
	runLocal(t, testConfig(t, local, "grid", 0))
	cfg := testConfig(t, queued, "grid", 0)
	cfg.Batch = 8
	startWorkers(t, ns.url(), 2, cfg, "test")
	go func() {
		time.Sleep(300 * time.Millisecond)
		ns.s.Shutdown()
		ns.s.WaitForShutdown()
		time.Sleep(300 * time.Millisecond)
		startServer(t, ns.port, store)
	}()
	runQueued(t, ns.url(), cfg, 2*time.Second)
	testrun.SameParts(t, local, queued)
}

// syncBuffer is a bytes.Buffer safe for the coordinator's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
