package collect

import (
	"sync"

	"github.com/passframes/passframes/frames"
)

// writerLoop writes passes on its own goroutine, in the order they are sent,
// so that Parquet encoding overlaps with the next batch's tester runs.
type writerLoop struct {
	w    *frames.Writer
	ch   chan [2]*frames.Frame
	done chan struct{}
	mu   sync.Mutex
	fail error
}

func newWriterLoop(w *frames.Writer) *writerLoop {
	l := &writerLoop{w: w, ch: make(chan [2]*frames.Frame, 256), done: make(chan struct{})}
	go func() {
		defer close(l.done)
		for pair := range l.ch {
			if l.err() != nil {
				continue
			}
			rows := []*frames.Frame{pair[0]}
			if pair[1] != nil {
				rows = append(rows, pair[1])
			}
			if err := w.WritePass(rows...); err != nil {
				l.setErr(err)
			}
		}
	}()
	return l
}

func (l *writerLoop) send(back, fwd *frames.Frame) { l.ch <- [2]*frames.Frame{back, fwd} }

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
