package frames

import (
	"errors"
	"sync"

	"github.com/parquet-go/parquet-go"
)

// How the writer encodes part files in parallel.
//
// The passes it is given are gathered, in the order they come, into groups:
// a group closes at RowsPerGroup rows (fewer for a part's first groups, see
// groupRows), groupPoints points or groupDeals deals, a part at
// RowsPerPart rows, and a pass never straddles two groups or two parts. Each
// group becomes one row group of its part file. Groups are encoded and
// compressed at the same time, each on its own goroutine (Encoders of them
// queued for the committer, one more being committed), and committed to
// their part file strictly in order, by one goroutine that also finishes a
// part after its last group. The boundaries
// depend only on the rows and their order, never on which goroutine was
// free first, so the files are byte-identical whatever the number of
// encoders or of the tester's workers.

// DefaultRowsPerGroup is how many rows a row group of a part holds at most:
// the unit encoded in parallel. Smaller groups leave less to encode after
// the last pass; larger ones make a smaller footer and fewer column chunks
// for a reader to open (512 rows: 16 row groups in a part of 8,192 rows).
const DefaultRowsPerGroup = 512

// firstGroupRows is the size of the first group of a part; each next group
// doubles up to RowsPerGroup. A short run, or the start of a long one, thus
// has groups to encode while its passes are still being tested, instead of
// one group encoded after the last pass.
const firstGroupRows = 32

// groupRows is the number of rows that closes group n (from 0) of a part
// whose first group closes at first rows and whose largest at most.
func groupRows(first, most, n int) int {
	if n >= 16 || first<<n >= most {
		return most
	}
	return first << n
}

// groupPoints closes a group early once its frames hold this many points,
// so that the frames waiting to be encoded stay a few megabytes each
// whatever the length of a pass.
const groupPoints = 1 << 19

// groupDeals likewise bounds the deals of a group (about 8 MB of them).
const groupDeals = 1 << 16

// passGroup is a run of consecutive passes of one part, encoded as one row group.
type passGroup struct {
	part   *partFiles
	rows   []*Frame
	deals  []Deal
	points int
	last   bool // committing the group finishes its part

	frames, dealRG *parquet.ConcurrentRowGroupWriter
	err            error
	done           chan struct{} // closed once encoded
}

// partFiles are the files of one part: frames and, if the run stores them,
// deals of the same number.
type partFiles struct {
	frames *partWriter
	deals  *partWriter
}

// finish renames the deals part first: a deals part without its frames
// part is a crash's leftover, which Create removes.
func (p *partFiles) finish() error {
	if p.deals != nil {
		if err := p.deals.finish(); err != nil {
			p.frames.abort()
			return err
		}
	}
	return p.frames.finish()
}

func (p *partFiles) abort() {
	p.frames.abort()
	if p.deals != nil {
		p.deals.abort()
	}
}

// encodeChunk is how many deals are shredded into columns at a time: the
// row buffers of an encoder stay small whatever the group's size.
const encodeChunk = 16

// columnWriters are reusable value buffers of the encoders.
var columnWriters = sync.Pool{New: func() any { return new(columnWriter) }}

// rowBufs are reusable row buffers of the deals' encoders.
var rowBufs = sync.Pool{New: func() any { return new([]parquet.Row) }}

// encode fills the group's row groups and compresses their pages.
func (g *passGroup) encode(l *layout) {
	defer close(g.done)
	if len(g.rows) > 0 {
		g.frames = g.part.frames.begin()
		w := columnWriters.Get().(*columnWriter)
		w.l, w.cols = l, g.frames.ColumnWriters()
		g.err = w.write(g.rows)
		if g.err == nil {
			g.err = g.frames.Flush()
		}
		w.l, w.cols = nil, nil
		columnWriters.Put(w)
	}
	if g.err == nil && len(g.deals) > 0 {
		g.dealRG = g.part.deals.begin()
		g.err = writeChunked(g.dealRG, len(g.deals), func(row parquet.Row, i int) parquet.Row {
			return appendDeal(row, &g.deals[i])
		})
	}
}

// writeChunked writes n rows, built by fill, into rg and flushes its pages.
func writeChunked(rg *parquet.ConcurrentRowGroupWriter, n int, fill func(parquet.Row, int) parquet.Row) error {
	buf := rowBufs.Get().(*[]parquet.Row)
	defer rowBufs.Put(buf)
	rows := *buf
	for lo := 0; lo < n; lo += encodeChunk {
		hi := min(lo+encodeChunk, n)
		rows = rows[:0]
		for i := lo; i < hi; i++ {
			k := len(rows)
			if k < cap(rows) {
				rows = rows[:k+1]
			} else {
				rows = append(rows, nil)
			}
			rows[k] = fill(rows[k][:0], i)
		}
		if _, err := rg.WriteRows(rows); err != nil {
			return err
		}
	}
	*buf = rows
	return rg.Flush()
}

// commit appends the group's row groups to its part files, and finishes
// the part after its last group.
func (g *passGroup) commit() error {
	if g.frames != nil {
		if err := g.part.frames.commit(g.frames); err != nil {
			return err
		}
	}
	if g.dealRG != nil {
		if err := g.part.deals.commit(g.dealRG); err != nil {
			return err
		}
	}
	if g.last {
		return g.part.finish()
	}
	return nil
}

// pipeline runs the encoding goroutines and the committer of a Writer.
type pipeline struct {
	order chan *passGroup // groups in order, to the committer; its capacity bounds the groups in flight
	done  chan struct{}   // closed when the committer has returned
	mu    sync.Mutex
	fail  error
}

func newPipeline(inFlight int) *pipeline {
	p := &pipeline{order: make(chan *passGroup, max(inFlight, 1)), done: make(chan struct{})}
	go p.commitLoop()
	return p
}

// errAborted makes the committer drop every part not yet finished.
var errAborted = errors.New("writer aborted")

// commitLoop commits the groups in order. After the first error (or an
// abort) it only drops the parts still open: nothing more is renamed.
func (p *pipeline) commitLoop() {
	defer close(p.done)
	for g := range p.order {
		<-g.done
		err := p.err()
		if err == nil {
			err = g.err
		}
		if err == nil {
			err = g.commit()
		}
		if err != nil {
			p.setErr(err)
			g.part.abort()
		}
		g.rows, g.deals = nil, nil
	}
}

// send encodes g on a goroutine of its own and queues it for the committer.
// It blocks while the committer's queue is full.
func (p *pipeline) send(g *passGroup, l *layout) {
	p.order <- g
	go g.encode(l)
}

// stop waits for every group sent and returns the first error.
func (p *pipeline) stop() error {
	close(p.order)
	<-p.done
	return p.err()
}

func (p *pipeline) err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.fail
}

func (p *pipeline) setErr(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.fail == nil {
		p.fail = err
	}
}
