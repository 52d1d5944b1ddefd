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

// ExitError is an error with the exit status the command should end with.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string { return e.Err.Error() }
func (e *ExitError) Unwrap() error { return e.Err }

// Exit prints err (if any) as one line prefixed by the program's name and
// exits: 0 on success, the ExitError's code, or 1.
func Exit(program string, err error) {
	if err == nil {
		os.Exit(0)
	}
	fmt.Fprintf(os.Stderr, "%s: %v\n", program, err)
	var ee *ExitError
	if errors.As(err, &ee) {
		os.Exit(ee.Code)
	}
	os.Exit(1)
}

// Version is the program version written into every run's manifest.
const Version = "0.1.0"

// Main runs app as the program name: Ctrl-C and SIGTERM cancel its context,
// flags may follow positional arguments, and errors end the process through
// Exit.
func Main(program string, app *cli.App) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := app.RunContext(ctx, Intersperse(app, os.Args))
	stop()
	Exit(program, err)
}
