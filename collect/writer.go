package collect

import (
	"sync"

	"github.com/passframes/passframes/frames"
)

// writerLoop writes passes on its own goroutine, in the order they are sent,
// so that Parquet encoding overlaps with the next batch's tester runs.
type writerLoop struct {
	w    *frames.Writer
	ch   chan pass
	done chan struct{}
	mu   sync.Mutex
	fail error
}

func newWriterLoop(w *frames.Writer) *writerLoop {
	l := &writerLoop{w: w, ch: make(chan pass, 256), done: make(chan struct{})}
	go func() {
		defer close(l.done)
		for p := range l.ch {
			if l.err() != nil {
				continue
			}
			rows := []*frames.Frame{p.back}
			if p.fwd != nil {
				rows = append(rows, p.fwd)
			}
			if err := w.WritePassDeals(p.deals, rows...); err != nil {
				l.setErr(err)
			}
		}
	}()
	return l
}

// pass is what the writer stores of one pass.
type pass struct {
	back, fwd *frames.Frame
	deals     []frames.Deal
}

func (l *writerLoop) send(back, fwd *frames.Frame, deals []frames.Deal) {
	l.ch <- pass{back, fwd, deals}
}

func (l *writerLoop) err() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.fail
}

func (l *writerLoop) setErr(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fail = err
}

// close waits for the queued passes and finishes the last part file.
func (l *writerLoop) close() error {
	close(l.ch)
	<-l.done
	if err := l.err(); err != nil {
		l.w.Abort()
		return err
	}
	return l.w.Close()
}
