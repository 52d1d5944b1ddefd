// Package cliutil holds what the three commands share: progress reporting
// (a bar on a terminal, plain lines otherwise, nothing with --quiet), finding
// the most recent run, and errors that carry an exit status.
package cliutil

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/passframes/passframes/frames"
)

// Progress reports how far a long job has come.
type Progress struct {
	mu      sync.Mutex
	bar     *progressbar.ProgressBar
	w       io.Writer
	plain   bool
	label   string
	last    time.Time
	start   time.Time
	total   int
	current int
}

// NewProgress returns a reporter writing to stderr: a progress bar with rate
// and ETA when stderr is a terminal, a plain line every few seconds when it is
// not, nothing when quiet. total 0 means unknown.
func NewProgress(label, unit string, total int, quiet bool) *Progress {
	now := time.Now()
	p := &Progress{w: os.Stderr, label: label, start: now, last: now, total: total}
	switch {
	case quiet:
		p.w = io.Discard
	case term.IsTerminal(int(os.Stderr.Fd())):
		max := int64(total)
		if total <= 0 {
			max = -1
		}
		p.bar = progressbar.NewOptions64(max,
			progressbar.OptionSetWriter(os.Stderr),
			progressbar.OptionSetDescription(label),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString(unit),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionFullWidth(),
			progressbar.OptionClearOnFinish(),
		)
	default:
		p.plain = true
	}
	return p
}

// Set reports that done units are finished.
func (p *Progress) Set(done int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.current = done
	if p.bar != nil {
		_ = p.bar.Set(done)
		return
	}
	if p.plain && time.Since(p.last) >= 2*time.Second {
		p.last = time.Now()
		p.line()
	}
}

func (p *Progress) line() {
	el := time.Since(p.start).Seconds()
	rate := 0.0
	if el > 0 {
		rate = float64(p.current) / el
	}
	if p.total > 0 {
		fmt.Fprintf(p.w, "%s: %d/%d (%.0f/s)\n", p.label, p.current, p.total, rate)
	} else {
		fmt.Fprintf(p.w, "%s: %d (%.0f/s)\n", p.label, p.current, rate)
	}
}

// Finish closes the bar.
func (p *Progress) Finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Finish()
		_ = p.bar.Clear()
	}
}

// LatestRun returns the run directory under root whose manifest or frames
// were written last.
func LatestRun(root string) (string, error) {
	manifests, _ := filepath.Glob(filepath.Join(root, "*", frames.ManifestName))
	var best string
	var bestTime time.Time
	for _, m := range manifests {
		dir := filepath.Dir(m)
		t := modTime(m)
		parts, _ := frames.Parts(dir)
		for _, p := range parts {
			if pt := modTime(p); pt.After(t) {
				t = pt
			}
		}
		if best == "" || t.After(bestTime) {
			best, bestTime = dir, t
		}
	}
	if best == "" {
		return "", fmt.Errorf("no run under %s/ (run collect first, or name a run directory)", root)
	}
	return best, nil
}

func modTime(path string) time.Time {
	st, err := os.Stat(path)
	if err != nil {
		return time.Time{}
	}
	return st.ModTime()
}

// Exit statuses of the three commands.
const (
	ExitFailure     = 1   // the work failed: bad input data, a write error, …
	ExitUsage       = 2   // the command was called wrongly: unknown flag, missing argument, bad value
	ExitInterrupted = 130 // Ctrl-C or SIGTERM stopped the work (128 + SIGINT)
)

// ExitError is an error with the exit status the command should end with.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string { return e.Err.Error() }
func (e *ExitError) Unwrap() error { return e.Err }

// Usagef returns a usage error (exit status 2): the message should name the
// flag or argument that is wrong.
func Usagef(format string, args ...any) error {
	return &ExitError{Code: ExitUsage, Err: fmt.Errorf(format, args...)}
}

// Interrupted returns err as ending the process with status 130.
func Interrupted(err error) error {
	return &ExitError{Code: ExitInterrupted, Err: err}
}

// Code is the exit status for err: 0 for nil, the ExitError's code, 130 for
// a cancelled context, and 1 otherwise.
func Code(err error) int {
	var ee *ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.Code
	case errors.Is(err, context.Canceled):
		return ExitInterrupted
	}
	return ExitFailure
}

// Message is the one line printed for err: prefixed by the program's name,
// with a pointer to --help after a usage error.
func Message(program string, err error) string {
	msg := fmt.Sprintf("%s: %v", program, err)
	if errors.Is(err, context.Canceled) && Code(err) == ExitInterrupted {
		msg = program + ": interrupted"
	}
	if Code(err) == ExitUsage {
		msg += fmt.Sprintf(" (see %s --help)", program)
	}
	return msg
}

// Version is the program version written into every run's manifest.
const Version = "0.1.0"

// Main runs app as the program name: Ctrl-C and SIGTERM cancel its context,
// flags may follow positional arguments, and the process ends with Run's
// status.
func Main(program string, app *cli.App) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Run(ctx, program, app, os.Args, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Run runs app with args (args[0] is the program) writing its output to
// stdout, its one error line to stderr, and returns the exit status: 0, 1
// for a failure, 2 for a usage error, 130 when ctx was cancelled. Tests call
// it in-process.
func Run(ctx context.Context, program string, app *cli.App, args []string, stdout, stderr io.Writer) int {
	app.Writer, app.ErrWriter = stdout, stderr
	Prepare(app)
	err := app.RunContext(ctx, Intersperse(app, args))
	if err == nil && ctx.Err() != nil {
		err = ctx.Err() // a command that stopped early without saying so
	}
	if err != nil {
		fmt.Fprintln(stderr, Message(program, err))
	}
	return Code(err)
}
