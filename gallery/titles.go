package gallery

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/passframes/passframes/analysis"
	"github.com/passframes/passframes/frames"
)

// titler writes the two title lines of each pass chart.
type titler struct {
	res     *analysis.Result
	cfg     Config
	sortIdx int
	head    string           // "MovingAverage · EURUSD H1"
	wins    map[int][]string // best mode: the criteria each pass is drawn for
	rank    map[int]int      // all mode: each pass's rank
	total   int
	shown   []int // the inputs the subtitle names
}

func newTitler(res *analysis.Result, cfg Config, sortIdx int, jobs []job) *titler {
	m := res.Manifest
	t := &titler{res: res, cfg: cfg, sortIdx: sortIdx, wins: map[int][]string{}, rank: map[int]int{},
		head: fmt.Sprintf("%s · %s %s", runName(m), m.Symbol, m.Timeframe), total: len(jobs), shown: shownInputs(m)}
	for k, j := range jobs {
		if cfg.All {
			t.rank[j.pass] = k + 1
		} else {
			t.wins[j.pass] = append(t.wins[j.pass], j.crit)
		}
	}
	return t
}

// title is the first line: who, where, and why this chart is drawn.
func (t *titler) title(j job) string {
	if t.cfg.All {
		return fmt.Sprintf("%s · %s rank %d of %d", t.head, t.res.Criteria[t.sortIdx].Name, t.rank[j.pass], t.total)
	}
	s := fmt.Sprintf("%s · rank 1 by %s", t.head, j.crit)
	switch n := len(t.wins[j.pass]) - 1; {
	case n == 1:
		s += " (and by 1 other criterion)"
	case n > 1:
		s += fmt.Sprintf(" (and by %d other criteria)", n)
	}
	return s
}

// inputs is the second line: the values of the pass's inputs.
func (t *titler) inputs(i int) string { return inputText(t.res, t.shown, &t.res.Passes[i], "  ") }

// runName is the strategy's name for a rule-strategy run, else the expert's.
func runName(m *frames.Manifest) string {
	if m.Strategy != nil && m.Strategy.Name != "" {
		return m.Strategy.Name
	}
	return m.Expert
}

// shownInputs are the columns the charts and the page name: the optimized
// inputs (every input when none is optimized; the others are in the run's
// details).
func shownInputs(m *frames.Manifest) []int {
	var idx []int
	opt := map[string]bool{}
	for _, p := range m.Space {
		if p.Optimize {
			opt[p.Name] = true
		}
	}
	for i, c := range m.Columns {
		if opt[c.Name] || len(opt) == 0 {
			idx = append(idx, i)
		}
	}
	return idx
}

// inputText is "Name=value" for each shown input of p, joined by sep.
func inputText(res *analysis.Result, shown []int, p *analysis.Pass, sep string) string {
	parts := make([]string, 0, len(shown))
	for _, i := range shown {
		if i < len(p.Params) {
			parts = append(parts, res.Manifest.Columns[i].Name+"="+inputValue(res.Manifest.Columns[i], p.Params[i]))
		}
	}
	return strings.Join(parts, sep)
}

// inputValue prints an input's value: an integer as one, a double with the
// digits it has.
func inputValue(c frames.Column, v float64) string {
	if c.Integer {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', 10, 64)
}
