package tester

import (
	"container/list"
	"fmt"
	"math"
	"strconv"
	"sync"

	"github.com/passframes/passframes/internal/hugepages"
	"github.com/passframes/passframes/market"
)

// Env is one data set prepared for many passes: the bars and the indicator
// buffers computed from them. Each distinct indicator is computed once, over
// the whole series, and shared by every pass that asks for it while it stays
// in the Env's array cache, which the built-in experts' buffers and the
// strategies' arrays share and which is bounded by memory (SetArrayLimit);
// Env is safe for concurrent use.
type Env struct {
	Bars *market.Series

	mu      sync.Mutex
	longest int // the longest indicator period asked for

	arrayOnce  sync.Once
	arrayCache *arrayCache
}

// LongestPeriod is the longest period of the indicators passes have asked
// for so far, in bars (0 when none): a test period shorter than it leaves
// those indicators undefined for much of the period.
func (e *Env) LongestPeriod() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.longest
}

// NewEnv prepares bars for testing.
func NewEnv(bars *market.Series) *Env {
	return &Env{Bars: bars}
}

// Buffer is an indicator series aligned with the bars. OnBar reads it
// through Context.Value, which refuses values an expert could not know yet;
// a Waker's look ahead, which only decides when OnBar runs, reads the whole
// series (Values).
type Buffer struct {
	v []float64
	// current is true when the value at a bar is known at that bar's open
	// (an indicator of opens); otherwise it is known only once the bar closes.
	current bool
	// first is the index of the first bar with a defined value.
	first int
}

// SMA returns the simple moving average of closes over period bars: its value
// at bar i is the mean of closes i-period+1 .. i, defined from bar period-1.
func (e *Env) SMA(period int) (*Buffer, error) {
	if period < 1 {
		return nil, fmt.Errorf("SMA period must be >= 1, got %d", period)
	}
	return e.buffer("expert sma_close ", period, func() *Buffer {
		return &Buffer{v: sma(e.Bars.Close, period), first: period - 1}
	}), nil
}

// EMAOpen returns the exponential moving average of opens with smoothing
// 2/(period+1), seeded by the first open. Its value at bar i uses opens up
// to and including bar i's, which is known at that bar's open.
func (e *Env) EMAOpen(period int) (*Buffer, error) {
	if period < 1 {
		return nil, fmt.Errorf("EMA period must be >= 1, got %d", period)
	}
	return e.buffer("expert ema_open ", period, func() *Buffer {
		return &Buffer{v: ema(e.Bars.Open, period), current: true}
	}), nil
}

// buffer returns the indicator named kind+period from the array cache,
// computing it on first use (or after it left the cache). Its key has a
// space, which no strategy's array key has, so the two never mix. The key is
// built on the stack and looked up without a string allocation: a pass that
// finds its indicators in the cache allocates nothing here.
func (e *Env) buffer(kind string, period int, compute func() *Buffer) *Buffer {
	e.mu.Lock()
	e.longest = max(e.longest, period)
	e.mu.Unlock()
	var k [48]byte
	key := strconv.AppendInt(append(k[:0], kind...), int64(period), 10)
	entry := e.arrays().lookup(key, func(entry *arrayEntry) {
		entry.buf = compute()
		entry.v = entry.buf.v
	})
	return entry.buf
}

// smaScale turns prices into whole units of 1e-8, in which window sums are
// exact (int64): the SMA of prices with up to 8 decimals is then the correctly
// rounded mean, so an SMA equal to a price (a flat window, or period 1) is
// that price exactly, and a close that touches the SMA is a tie, not a
// signal decided by rounding drift.
const smaScale = 1e8

// sma computes the moving average of x over period; values before the first
// full window are NaN and never reach an expert (Context.Value checks first).
func sma(x []float64, period int) []float64 {
	out := hugepages.Make[float64](len(x))
	var sum int64
	for i := range x {
		sum += int64(math.Round(x[i] * smaScale))
		if i >= period {
			sum -= int64(math.Round(x[i-period] * smaScale))
		}
		if i >= period-1 {
			out[i] = float64(sum) / (float64(period) * smaScale)
		} else {
			out[i] = math.NaN()
		}
	}
	return out
}

func ema(x []float64, period int) []float64 {
	out := hugepages.Make[float64](len(x))
	if len(x) == 0 {
		return out
	}
	alpha := 2 / float64(period+1)
	out[0] = x[0]
	for i := 1; i < len(x); i++ {
		out[i] = out[i-1] + alpha*(x[i]-out[i-1])
	}
	return out
}

// DefaultArrayLimit is the largest default memory bound, in bytes, of the
// array cache (see SetArrayLimit and defaultArrayLimit).
const DefaultArrayLimit = 256 << 20

// minArrayLimit is the smallest default bound: 330 arrays of the bundled
// sample's 12,456 bars.
const minArrayLimit = 32 << 20

// defaultArrayLimit is the cache's bound for series of the given length:
// room for 64 whole-series arrays (more distinct periods than a typical grid
// has), within [minArrayLimit, DefaultArrayLimit], and from 128 MiB on no
// more than half the memory the bars themselves take (barBytes each), so
// that at millions of bars a run's memory stays proportional to its bars. A
// bound much larger than the arrays a run reuses holds memory for nothing:
// the Go heap grows to about twice what is live, so on the sample a 256 MiB
// cache filled by a 5,000-period grid took the process to 500 MB, while
// recomputing an SMA there costs a few microseconds per pass. At 5,000,000
// bars, where an array is 40 MB and computing it takes about 20 ms against
// 150 ms or more for the pass that asks for it, 256 MiB took a 100-pass grid
// to 1.4 GB.
func defaultArrayLimit(bars int) int64 {
	n := int64(bars)
	return min(max(n*8*64, minArrayLimit), DefaultArrayLimit, max(n*barBytes/2, scaledArrayLimit))
}

// scaledArrayLimit is where the bound starts to follow the bars' memory: up
// to it, 64 arrays' worth; beyond it (about 1.3 million bars and more), the
// cache holds fewer arrays as they grow.
const scaledArrayLimit = 128 << 20

// barBytes is the memory of one bar in a market.Series: time, open, high,
// low, close, volume and spread.
const barBytes = 6*8 + 4

// MemoryNeed estimates the memory, in bytes, that testing bars with workers
// concurrent testers holds at most: the bars, the array cache filled to its
// default bound, and two whole-series arrays per tester beside it (the ones
// a pass holds after they left the cache, or that are being computed). It is
// what the program may ask the Go runtime to keep its heap near.
func MemoryNeed(bars *market.Series, workers int) int64 {
	n := int64(bars.Len())
	return n*barBytes + defaultArrayLimit(bars.Len()) + int64(max(workers, 1))*2*n*8
}

// arrayCache holds whole-series arrays keyed by a canonical description of
// the function and its arguments (e.g. "sma(close,10)"). It is bounded by
// the bytes its arrays take: when a new array would pass the limit, the least
// recently used ones leave the cache. An array in use by a pass stays valid
// after it leaves (the pass holds a reference); a later pass recomputes it.
type arrayCache struct {
	mu      sync.Mutex
	limit   int64
	bytes   int64
	entries map[string]*list.Element // of *arrayEntry
	lru     list.List                // front: most recently used
	hits    int64
	misses  int64
}

type arrayEntry struct {
	key  string
	once sync.Once
	v    []float64
	buf  *Buffer // a built-in indicator's buffer (over v); nil for Array's arrays
	err  error
	size int64
}

// SetArrayLimit bounds the memory of the arrays Array caches, and of the
// built-in experts' indicator buffers, to limit bytes (<= 0: the default,
// room for 64 arrays of the Env's bars, at least 32 MiB and at most
// DefaultArrayLimit, and above 128 MiB at most half the bars' memory). Call it before the passes start.
func (e *Env) SetArrayLimit(limit int64) {
	if limit <= 0 {
		limit = e.defaultArrayLimit()
	}
	c := e.arrays()
	c.mu.Lock()
	c.limit = limit
	c.mu.Unlock()
}

// Array returns the whole-series array named key, computing it with compute
// on first use. Every pass that asks for the same key shares one array, which
// it must not change; concurrent callers of one key wait for one computation.
// An error is returned to every waiting caller and not cached.
func (e *Env) Array(key string, compute func() ([]float64, error)) ([]float64, error) {
	entry := e.arrays().lookup([]byte(key), func(entry *arrayEntry) {
		entry.v, entry.err = compute()
	})
	return entry.v, entry.err
}

// lookup returns the entry of key, marked most recently used, after fill has
// run on it once (the first caller fills; the others wait). The map lookup
// with string(key) does not allocate; only a new entry copies the key.
func (c *arrayCache) lookup(key []byte, fill func(*arrayEntry)) *arrayEntry {
	c.mu.Lock()
	el, ok := c.entries[string(key)]
	if ok {
		c.lru.MoveToFront(el)
		c.hits++
	} else {
		k := string(key)
		el = c.lru.PushFront(&arrayEntry{key: k})
		c.entries[k] = el
		c.misses++
	}
	c.mu.Unlock()
	entry := el.Value.(*arrayEntry)
	entry.once.Do(func() {
		fill(entry)
		c.admit(el, entry)
	})
	return entry
}

// ArrayStats reports the array cache's use: arrays held, their bytes, and
// how many requests were served from it (hits) or computed (misses).
func (e *Env) ArrayStats() (arrays int, bytes, hits, misses int64) {
	c := e.arrays()
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries), c.bytes, c.hits, c.misses
}

// arrays returns the Env's array cache, creating it on first use so that an
// Env built as a literal works too.
func (e *Env) arrays() *arrayCache {
	e.arrayOnce.Do(func() {
		e.arrayCache = &arrayCache{limit: e.defaultArrayLimit(), entries: make(map[string]*list.Element)}
	})
	return e.arrayCache
}

func (e *Env) defaultArrayLimit() int64 {
	if e.Bars == nil {
		return minArrayLimit
	}
	return defaultArrayLimit(e.Bars.Len())
}

// admit counts a computed array against the limit, drops it again if it
// failed, and evicts the least recently used arrays beyond the limit.
func (c *arrayCache) admit(el *list.Element, entry *arrayEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries[entry.key] != el {
		return // evicted while it was computed
	}
	if entry.err != nil {
		delete(c.entries, entry.key)
		c.lru.Remove(el)
		return
	}
	entry.size = int64(cap(entry.v)) * 8
	c.bytes += entry.size
	for c.bytes > c.limit && c.lru.Len() > 1 {
		last := c.lru.Back()
		if last == el {
			break
		}
		old := last.Value.(*arrayEntry)
		c.lru.Remove(last)
		delete(c.entries, old.key)
		c.bytes -= old.size
	}
}
