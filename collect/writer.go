package collect

import (
	"github.com/passframes/passframes/frames"
)

// writerLoop stores the passes of a run in the order they are evaluated. The
// frames writer encodes them on goroutines of its own, as many at once as
// the run has workers, so encoding overlaps with the next batch's tester
// runs; the part files depend only on that order, not on the workers.
type writerLoop struct {
	w    *frames.Writer
	fail error
}

func newWriterLoop(w *frames.Writer, workers int) *writerLoop {
	w.Encoders = workers
	return &writerLoop{w: w}
}

// send hands a pass's frames to the writer, which keeps them: they are
// never changed after.
func (l *writerLoop) send(back, fwd *frames.Frame, deals []frames.Deal) {
	if l.fail != nil {
		return
	}
	if fwd != nil {
		l.fail = l.w.SendPass(deals, back, fwd)
	} else {
		l.fail = l.w.SendPass(deals, back)
	}
}

func (l *writerLoop) err() error { return l.fail }

// flush waits for the passes sent and finishes the part being filled,
// keeping the writer (and the run's lock) for the passes to come. After a
// failed send it returns that error; the caller aborts the writer.
func (l *writerLoop) flush() error {
	if l.fail != nil {
		return l.fail
	}
	return l.w.Flush()
}

// close waits for the passes sent and finishes the last part file.
func (l *writerLoop) close() error {
	if l.fail != nil {
		l.w.Abort()
		return l.fail
	}
	return l.w.Close()
}
