package market

import (
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/passframes/passframes/internal/hugepages"
)

// A text bar file is parsed in chunks of whole lines, on every core: the
// reader (streamText, or readText for text already in memory) cuts the text
// at line ends and hands each chunk to a parse job, which writes its rows
// straight into the Series' columns at slots reserved for it (one per line of
// the chunk, so a chunk's place is known before the chunks before it are
// parsed). Each job checks its rows on their own (fields, numbers, prices);
// what spans chunks (time order, duplicates) is checked once all are in, over
// the Time column. Errors are those of a reader going line by line: the
// earliest bad line of the file wins, with its own line number.

// chunkBytes is about how much text one parse job takes. A variable so that
// tests can cut files into many tiny chunks.
var chunkBytes = 4 << 20

// textLoad collects the rows of one file's parse jobs.
type textLoad struct {
	name string
	lay  layout
	s    Series // columns with len == cap; slots [0, slots) are handed out
	jobs []*textJob

	slots  int          // slots reserved so far
	guess  bool         // the capacity is a guess without the file's size: grow it by doubling
	failed atomic.Int64 // the earliest bad line any job has met (MaxInt64: none)
	sem    chan struct{}
	wg     sync.WaitGroup
}

// textJob is one chunk of lines and what parsing it gave.
type textJob struct {
	text      string
	firstLine int    // number of the chunk's first line
	slot      int    // the column index of the chunk's first row
	release   func() // gives the chunk's buffer back once parsed; may be nil

	rows   int         // rows parsed, in slots [slot, slot+rows)
	shifts []lineShift // where blank lines push rows further down the file
	err    *RowError   // the chunk's first bad line, if any
	start  int         // index of its first row in the finished series
}

// lineShift says that from row on, a chunk's rows sit extra lines below
// firstLine+row because of blank lines before them.
type lineShift struct{ row, extra int }

func newTextLoad(name string, lay layout, capacity int) *textLoad {
	workers := runtime.GOMAXPROCS(0)
	p := &textLoad{name: name, lay: lay, sem: make(chan struct{}, workers)}
	p.failed.Store(math.MaxInt64)
	p.resize(capacity)
	return p
}

// resize gives the columns room for capacity rows, keeping the slots handed
// out so far. No job may be running.
func (p *textLoad) resize(capacity int) {
	old := p.s
	p.s.Time = hugepages.Make[int64](capacity)
	p.s.Open = hugepages.Make[float64](capacity)
	p.s.High = hugepages.Make[float64](capacity)
	p.s.Low = hugepages.Make[float64](capacity)
	p.s.Close = hugepages.Make[float64](capacity)
	p.s.Volume = hugepages.Make[float64](capacity)
	if p.lay.spread >= 0 {
		p.s.Spread = hugepages.Make[int32](capacity)
	}
	if p.slots > 0 {
		copy(p.s.Time, old.Time[:p.slots])
		copy(p.s.Open, old.Open[:p.slots])
		copy(p.s.High, old.High[:p.slots])
		copy(p.s.Low, old.Low[:p.slots])
		copy(p.s.Close, old.Close[:p.slots])
		copy(p.s.Volume, old.Volume[:p.slots])
		copy(p.s.Spread, old.Spread[:min(p.slots, len(old.Spread))])
	}
}

// parseChunk starts a job parsing text, whole lines numbered from firstLine
// on. It waits while every core is busy, so a reader never runs far ahead.
func (p *textLoad) parseChunk(text string, firstLine int, release func()) {
	lines := strings.Count(text, "\n")
	if !strings.HasSuffix(text, "\n") {
		lines++
	}
	if p.slots+lines > len(p.s.Time) { // the estimate was short: grow by a quarter, or double a mere guess
		p.wg.Wait()
		grown := len(p.s.Time) + len(p.s.Time)/4
		if p.guess {
			grown = 2 * len(p.s.Time)
		}
		p.resize(max(p.slots+lines, grown))
	}
	j := &textJob{text: text, firstLine: firstLine, slot: p.slots, release: release}
	p.slots += lines
	p.jobs = append(p.jobs, j)
	p.sem <- struct{}{}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		p.parse(j)
		if j.release != nil {
			j.release()
		}
		<-p.sem
	}()
}

// stopped reports whether a job has met a bad line above line: the rows
// from line on can no longer matter.
func (p *textLoad) stopped(line int) bool { return p.failed.Load() < int64(line) }

// fail records a bad line, keeping the earliest.
func (p *textLoad) fail(line int) {
	for {
		cur := p.failed.Load()
		if int64(line) >= cur || p.failed.CompareAndSwap(cur, int64(line)) {
			return
		}
	}
}

// parse reads the job's lines into its slots, stopping at the first bad one.
func (p *textLoad) parse(j *textJob) {
	if p.stopped(j.firstLine) {
		return
	}
	s := &p.s
	lines := lineReader{text: j.text, line: j.firstLine - 1}
	fields := make([]string, 0, p.lay.fields)
	extra := 0
	k := 0
	for ; ; k++ {
		line, ok := lines.nextNonBlank()
		if !ok {
			break
		}
		if e := lines.line - j.firstLine - k; e != extra {
			extra = e
			j.shifts = append(j.shifts, lineShift{k, e})
		}
		fields = splitFields(line, p.lay.delim, fields[:0])
		r, problem := p.lay.parse(fields)
		if problem == "" {
			problem = priceProblem(r)
		}
		if problem != "" {
			j.err = &RowError{File: p.name, Line: lines.line, Problem: problem}
			p.fail(lines.line)
			break
		}
		i := j.slot + k
		s.Time[i], s.Open[i], s.High[i], s.Low[i], s.Close[i], s.Volume[i] = r.time, r.open, r.high, r.low, r.close, r.volume
		if s.Spread != nil {
			s.Spread[i] = r.spread
		}
	}
	j.rows = k
}

// lineOf is the line of the job's row k.
func (j *textJob) lineOf(k int) int {
	extra := 0
	for _, sh := range j.shifts {
		if sh.row > k {
			break
		}
		extra = sh.extra
	}
	return j.firstLine + k + extra
}

// wait lets every job finish and gives their buffers back.
func (p *textLoad) wait() { p.wg.Wait() }

// finish waits for the jobs, closes the gaps blank lines left between the
// chunks' rows, checks the time order and returns the series oldest first,
// or the error of the file's first bad line (endLine when it has no rows).
func (p *textLoad) finish(endLine int) (*Series, error) {
	p.wg.Wait()
	n := 0
	var rowErr *RowError
	used := p.jobs
	for i, j := range p.jobs {
		if j.slot != n {
			p.move(j.slot, n, j.rows)
		}
		j.start = n
		n += j.rows
		if j.err != nil {
			rowErr, used = j.err, p.jobs[:i+1]
			break
		}
	}
	s := p.s
	s.Time, s.Open, s.High, s.Low, s.Close, s.Volume = s.Time[:n], s.Open[:n], s.High[:n], s.Low[:n], s.Close[:n], s.Volume[:n]
	if s.Spread != nil {
		s.Spread = s.Spread[:n]
	}
	// Every row before the first bad line is in: an order break among them
	// comes first in the file.
	if order, bad := firstDisorder(s.Time); bad >= 0 {
		line, prevLine := lineOfRow(used, bad), lineOfRow(used, bad-1)
		return nil, &RowError{File: p.name, Line: line, Problem: orderProblem(order, s.Time[bad], s.Time[bad-1], prevLine)}
	} else if order < 0 {
		s.reverse()
	}
	if rowErr != nil {
		return nil, rowErr
	}
	if n == 0 {
		return nil, &RowError{File: p.name, Line: endLine, Problem: "no data rows"}
	}
	return &s, nil
}

// move shifts rows [from, from+n) of the columns down to to (to < from).
func (p *textLoad) move(from, to, n int) {
	s := &p.s
	copy(s.Time[to:], s.Time[from:from+n])
	copy(s.Open[to:], s.Open[from:from+n])
	copy(s.High[to:], s.High[from:from+n])
	copy(s.Low[to:], s.Low[from:from+n])
	copy(s.Close[to:], s.Close[from:from+n])
	copy(s.Volume[to:], s.Volume[from:from+n])
	if s.Spread != nil {
		copy(s.Spread[to:], s.Spread[from:from+n])
	}
}

// lineOfRow is the file line of row i of the finished series.
func lineOfRow(jobs []*textJob, i int) int {
	k := sort.Search(len(jobs), func(k int) bool { return jobs[k].start+jobs[k].rows > i })
	j := jobs[k]
	return j.lineOf(i - j.start)
}
