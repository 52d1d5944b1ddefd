package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/passframes/passframes/collect"
	"github.com/passframes/passframes/internal/cliutil"
	"github.com/passframes/passframes/queue"
)

const catQueue = "many machines (NATS JetStream)"

func queueFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "queue", Usage: "run the passes on 'collect worker' processes through the NATS server at this URL (nats://[user:password@|token@]host:port); this process keeps the optimizer and writes the dataset", Category: catQueue},
		&cli.StringFlag{Name: "nats-creds", Usage: "NATS credentials (.creds) or nkey seed file", Category: catQueue},
		&cli.DurationFlag{Name: "ack-wait", Value: queue.DefaultAckWait, Usage: "how long a worker may hold a pass without a sign of life before it goes to another worker", Category: catQueue},
	}
}

// coordinatorOnly are the flags that concern the coordinating process alone
// and are not passed on to the workers.
var coordinatorOnly = map[string]bool{
	"queue": true, "nats-creds": true, "ack-wait": true, "out": true, "resume": true, "overwrite": true,
	"quiet": true, "export-set": true, "workers": true, "yes": true, "help": true,
}

// fileFlags are the flags whose values are files a worker needs: they travel
// through the server's object store. A value NAME=FILE (--rate) sends FILE.
var fileFlags = map[string]bool{"data": true, "set": true, "strategy": true, "symbol-spec": true, "rate": true}

// attachQueue makes cfg a queued run when --queue is given: it uploads the
// run's files, publishes its specification and sets the coordinator as the
// run's Remote. The returned func closes the connection.
func attachQueue(c *cli.Context, cfg *collect.Config) (func(), error) {
	url := c.String("queue")
	if url == "" {
		return func() {}, nil
	}
	ctx, cancel := context.WithTimeout(c.Context, 2*time.Minute)
	defer cancel()
	conn, err := queue.Connect(ctx, queue.Options{URL: url, Creds: c.String("nats-creds"), Name: "passframes collect"})
	if err != nil {
		return nil, fmt.Errorf("--queue: %w", err)
	}
	args, files, err := workerArgs(ctx, c, conn)
	if err != nil {
		conn.Close()
		return nil, err
	}
	key, _ := filepath.Abs(cfg.RunDir)
	coord, err := queue.NewCoordinator(ctx, conn, queue.CoordinatorConfig{
		Key: fmt.Sprintf("%s#%d/%d", key, cfg.Shard, cfg.Shards), Version: cliutil.Build(), Args: args, Files: files,
		AckWait: c.Duration("ack-wait"), Log: c.App.ErrWriter,
	})
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("--queue: %w", err)
	}
	cfg.Remote = coord
	if !c.Bool("quiet") {
		fmt.Fprintf(c.App.ErrWriter, "queue: run %s published on %s; start workers with: collect worker %s\n", coord.Run(), redactURL(url), redactURL(url))
	}
	return func() { coord.Close(); conn.Close() }, nil
}

// workerArgs rebuilds the command line of this run for the workers: every
// flag the user set, but those of the coordinator alone, with file values
// replaced by references into the object store.
func workerArgs(ctx context.Context, c *cli.Context, conn *queue.Conn) ([]string, map[string]string, error) {
	files := map[string]string{}
	upload := func(name, path string) (string, error) {
		ref, base, err := conn.Upload(ctx, path)
		if err != nil {
			return "", fmt.Errorf("--%s %s: %w", name, path, err)
		}
		files[ref] = base
		return ref, nil
	}
	var args []string
	for _, f := range runFlags() {
		name := f.Names()[0]
		if coordinatorOnly[name] || !c.IsSet(name) {
			continue
		}
		values, err := flagValues(c, f)
		if err != nil {
			return nil, nil, err
		}
		for _, v := range values {
			if fileFlags[name] {
				prefix, path := "", v
				if k, p, ok := strings.Cut(v, "="); ok && name == "rate" {
					prefix, path = k+"=", p
				}
				if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
					ref, err := upload(name, path)
					if err != nil {
						return nil, nil, err
					}
					v = prefix + ref
				}
			}
			args = append(args, "--"+name+"="+v)
		}
	}
	return args, files, nil
}

// flagValues is the value of a set flag as command-line text (one per
// repetition for a list), exact for numbers.
func flagValues(c *cli.Context, f cli.Flag) ([]string, error) {
	name := f.Names()[0]
	switch f.(type) {
	case *cli.StringSliceFlag:
		return c.StringSlice(name), nil
	case *cli.Float64Flag:
		return []string{strconv.FormatFloat(c.Float64(name), 'g', -1, 64)}, nil
	case *cli.IntFlag:
		return []string{strconv.Itoa(c.Int(name))}, nil
	case *cli.Int64Flag:
		return []string{strconv.FormatInt(c.Int64(name), 10)}, nil
	case *cli.BoolFlag:
		return []string{strconv.FormatBool(c.Bool(name))}, nil
	case *cli.DurationFlag:
		return []string{c.Duration(name).String()}, nil
	case *cli.StringFlag:
		return []string{c.String(name)}, nil
	default:
		return nil, fmt.Errorf("--%s: this flag cannot be passed to queue workers yet", name)
	}
}

func redactURL(url string) string {
	scheme, rest, ok := strings.Cut(url, "://")
	if at := strings.LastIndex(rest, "@"); ok && at >= 0 {
		return scheme + "://***@" + rest[at+1:]
	}
	return url
}

func workerCommand() *cli.Command {
	return &cli.Command{
		Name:      "worker",
		Usage:     "evaluate passes of queued runs ('collect --queue') from a NATS JetStream server",
		ArgsUsage: "nats://HOST:PORT",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "workers", Usage: "passes evaluated at once", DefaultText: "every core"},
			&cli.IntFlag{Name: "batch", Usage: "passes fetched at a time", DefaultText: "4 × workers"},
			&cli.StringFlag{Name: "nats-creds", Usage: "NATS credentials (.creds) or nkey seed file"},
			&cli.StringFlag{Name: "cache", Usage: "folder for the run files downloaded from the server", DefaultText: "the user's cache folder"},
			&cli.StringFlag{Name: "name", Usage: "name shown in the coordinator's messages", DefaultText: "host:pid"},
			&cli.IntFlag{Name: "passes", Usage: "exit after this many passes (0: run until stopped)"},
		},
		Action: runWorker,
	}
}

func runWorker(c *cli.Context) error {
	if c.NArg() != 1 {
		return fmt.Errorf("collect worker takes the server's URL, e.g. collect worker nats://127.0.0.1:4222")
	}
	if c.Int("workers") < 0 {
		return fmt.Errorf("--workers %d: want 0 (every core) or more", c.Int("workers"))
	}
	url := c.Args().First()
	conn, err := queue.Connect(c.Context, queue.Options{URL: url, Creds: c.String("nats-creds"), Name: "passframes worker"})
	if err != nil {
		return err
	}
	defer conn.Close()
	w, err := queue.NewWorker(c.Context, conn, queue.WorkerConfig{
		Name: c.String("name"), Version: cliutil.Build(), Workers: c.Int("workers"), Batch: c.Int("batch"),
		CacheDir: c.String("cache"), Log: c.App.ErrWriter, Passes: c.Int("passes"),
	}, buildQueued)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.App.ErrWriter, "worker: waiting for passes on %s\n", redactURL(url))
	err = w.Run(c.Context)
	if c.Context.Err() != nil {
		return &cliutil.ExitError{Code: 130, Err: errors.New("worker stopped")}
	}
	return err
}

// buildQueued rebuilds a queued run from its specification, through the
// same flags and the same code as a local collect.
func buildQueued(ctx context.Context, spec *queue.Spec, files map[string]string) (queue.Job, error) {
	args := make([]string, len(spec.Args))
	for i, a := range spec.Args {
		for ref, path := range files {
			a = strings.Replace(a, ref, path, 1)
		}
		args[i] = a
	}
	var prep *collect.Prepared
	app := &cli.App{
		Name: "collect", Flags: runFlags(), Writer: io.Discard, ErrWriter: io.Discard, HideHelp: true,
		Action: func(c *cli.Context) error {
			cfg, err := buildConfig(c)
			if err != nil {
				return err
			}
			prep, err = collect.Prepare(cfg)
			return err
		},
	}
	if err := app.RunContext(ctx, append([]string{"collect"}, args...)); err != nil {
		return nil, err
	}
	return queuedJob{prep}, nil
}

type queuedJob struct{ p *collect.Prepared }

func (j queuedJob) NewRunner() queue.Runner { return j.p.NewPassRunner() }
