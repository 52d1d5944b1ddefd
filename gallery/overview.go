package gallery

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/passframes/passframes/analysis"
	"github.com/passframes/passframes/charts"
	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/frames"
)

// pair is two inputs (column indexes) a heatmap is drawn over. fixed says
// the other inputs are held at the best pass's values; otherwise each cell is
// the best over them.
type pair struct {
	x, y  int
	fixed bool
}

// maxHeatInputs caps the inputs paired for heatmaps: four give six maps.
const maxHeatInputs = 4

// heatmapPairs picks the heatmaps: the two named inputs (best over the
// others); else, with two optimized inputs, those; with more, every pair of
// the first four, the others fixed at the best pass's values on a grid run
// (other optimizers rarely hit the same values twice, so there the best over
// the others is drawn).
func heatmapPairs(m *frames.Manifest, names []string) ([]pair, error) {
	idx, err := heatmapParams(m, names)
	if err != nil || idx == nil {
		return nil, err
	}
	if len(names) != 0 {
		return []pair{{x: idx[0], y: idx[1]}}, nil
	}
	var opt []int
	for i, p := range m.Space {
		if p.Optimize && len(opt) < maxHeatInputs {
			opt = append(opt, i)
		}
	}
	if len(opt) <= 2 {
		return []pair{{x: idx[0], y: idx[1]}}, nil
	}
	grid := m.Optimizer.Name == "" || m.Optimizer.Name == "grid"
	var pairs []pair
	for a := 0; a < len(opt); a++ {
		for b := a + 1; b < len(opt); b++ {
			pairs = append(pairs, pair{x: opt[a], y: opt[b], fixed: grid})
		}
	}
	return pairs, nil
}

// heatmapParams returns the indexes of the heatmap's two parameters, or nil
// when the run has fewer than two optimized parameters.
func heatmapParams(m *frames.Manifest, names []string) ([]int, error) {
	if len(names) == 0 {
		var idx []int
		for i, p := range m.Space {
			if p.Optimize && len(idx) < 2 {
				idx = append(idx, i)
			}
		}
		if len(idx) < 2 {
			return nil, nil
		}
		return idx, nil
	}
	var idx []int
	for _, n := range names {
		found := -1
		for i, c := range m.Columns {
			if c.Name == strings.TrimSpace(n) {
				found = i
			}
		}
		if found < 0 {
			var known []string
			for _, c := range m.Columns {
				known = append(known, c.Name)
			}
			return nil, optionErr("heatmap", "unknown parameter %q (parameters: %s)", n, strings.Join(known, ", "))
		}
		idx = append(idx, found)
	}
	if idx[0] == idx[1] {
		return nil, &OptionError{Option: "heatmap", Err: errNoPair}
	}
	return idx, nil
}

// planOverviews lists the overview charts: each custom criterion against
// forward profit, the heatmaps, the optimizer's convergence and the inputs'
// sensitivity, each with its data gathered and ready to render.
func planOverviews(ds *frames.Dataset, res *analysis.Result, cfg Config, sortIdx int, pairs []pair) ([]overview, error) {
	w, h := size(cfg)
	var todo []overview
	if panels := scatterPanels(res, sortIdx); len(panels) > 0 {
		todo = append(todo, overview{"overview-forward-scatter.png", func(wr io.Writer) error {
			return charts.RenderScatter(panels, wr, w*3/2, h*3/2)
		}})
	}
	best := res.Best(sortIdx)
	for _, pr := range pairs {
		hm := heatmap(res, sortIdx, []int{pr.x, pr.y})
		if pr.fixed && best >= 0 {
			hm = heatmapFixed(res, sortIdx, pr, best)
		}
		todo = append(todo, overview{fmt.Sprintf("overview-heatmap-%s-%s.png", charts.SafeName(hm.XName), charts.SafeName(hm.YName)),
			func(wr io.Writer) error { return charts.RenderHeatmap(hm, wr, w, h) }})
	}
	conv, err := convergence(ds, res)
	if err != nil {
		return nil, err
	}
	if conv != nil {
		todo = append(todo, overview{"overview-convergence.png", func(wr io.Writer) error {
			return charts.RenderLines(conv, wr, w, h)
		}})
	}
	if s := sensitivity(res, sortIdx); s != nil {
		todo = append(todo, overview{"overview-sensitivity.png", func(wr io.Writer) error {
			return charts.RenderSensitivity(s, wr, max(w, 320*len(s.Inputs)), h*len(s.Measures)*3/4)
		}})
	}
	return todo, nil
}

type overview struct {
	file   string
	render func(io.Writer) error
}

// scatterPanels are the custom criteria (and the sort criterion) against
// forward profit.
func scatterPanels(res *analysis.Result, sortIdx int) []charts.ScatterPanel {
	var panels []charts.ScatterPanel
	for c, crit := range res.Criteria {
		if crit.Kind != criteria.KindCustom && c != sortIdx {
			continue
		}
		sp := charts.ScatterPanel{Criterion: crit.Name, Spearman: res.Spearman[c]}
		for i := range res.Passes {
			p := &res.Passes[i]
			if p.HasForward && p.Available[c] {
				sp.Back, sp.Forward = append(sp.Back, p.Values[c]), append(sp.Forward, p.ForwardProfit)
			}
		}
		if len(sp.Back) > 0 {
			panels = append(panels, sp)
		}
	}
	return panels
}

func size(cfg Config) (int, int) {
	w, h := cfg.Width, cfg.Height
	if w == 0 {
		w = charts.DefaultWidth
	}
	if h == 0 {
		h = charts.DefaultHeight
	}
	return w, h
}

// heatmap is the best value of the sort criterion for each pair of values
// of the two parameters, over every other parameter.
func heatmap(res *analysis.Result, c int, heat []int) *charts.Heatmap {
	hm := emptyHeatmap(res, c, heat[0], heat[1])
	hm.Objective = fmt.Sprintf("%s over %s × %s (each cell: the best over the other inputs)", hm.Objective, hm.XName, hm.YName)
	if len(shownInputs(res.Manifest)) <= 2 {
		hm.Objective = fmt.Sprintf("%s over %s × %s", res.Criteria[c].Name, hm.XName, hm.YName)
	}
	fill(res, c, heat[0], heat[1], hm, func(*analysis.Pass) bool { return true })
	return hm
}

// heatmapFixed is the sort criterion over two inputs with every other input
// at the best pass's value.
func heatmapFixed(res *analysis.Result, c int, pr pair, best int) *charts.Heatmap {
	hm := emptyHeatmap(res, c, pr.x, pr.y)
	b := &res.Passes[best]
	var others []string
	for _, i := range shownInputs(res.Manifest) {
		if i != pr.x && i != pr.y {
			others = append(others, res.Manifest.Columns[i].Name+"="+inputValue(res.Manifest.Columns[i], b.Params[i]))
		}
	}
	hm.Objective = fmt.Sprintf("%s over %s × %s at %s", hm.Objective, hm.XName, hm.YName, strings.Join(others, " "))
	fill(res, c, pr.x, pr.y, hm, func(p *analysis.Pass) bool {
		for k, v := range p.Params {
			if k != pr.x && k != pr.y && v != b.Params[k] {
				return false
			}
		}
		return true
	})
	return hm
}

func emptyHeatmap(res *analysis.Result, c, x, y int) *charts.Heatmap {
	crit := res.Criteria[c]
	xs, ys := distinct(res, x), distinct(res, y)
	hm := &charts.Heatmap{Objective: crit.Name, XName: res.Manifest.Columns[x].Name,
		YName: res.Manifest.Columns[y].Name, X: xs, Y: ys, LowerIsBetter: crit.Direction == criteria.Min}
	hm.Values = make([][]float64, len(ys))
	for r := range hm.Values {
		hm.Values[r] = make([]float64, len(xs))
		for k := range hm.Values[r] {
			hm.Values[r][k] = math.NaN()
		}
	}
	return hm
}

// fill puts into each cell the best value of criterion c among the passes
// keep accepts.
func fill(res *analysis.Result, c, x, y int, hm *charts.Heatmap, keep func(*analysis.Pass) bool) {
	dir := res.Criteria[c].Direction
	for i := range res.Passes {
		p := &res.Passes[i]
		if !p.Available[c] || !keep(p) {
			continue
		}
		cx := sort.SearchFloat64s(hm.X, p.Params[x])
		cy := sort.SearchFloat64s(hm.Y, p.Params[y])
		cur := &hm.Values[cy][cx]
		if math.IsNaN(*cur) || dir.Better(p.Values[c], *cur) {
			*cur = p.Values[c]
		}
	}
}

func distinct(res *analysis.Result, k int) []float64 {
	seen := map[float64]bool{}
	var out []float64
	for i := range res.Passes {
		v := res.Passes[i].Params[k]
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	sort.Float64s(out)
	return out
}

// stepRow is a row of the optimizer's step record (optimizer.parquet), the
// columns the convergence chart reads.
type stepRow struct {
	Evaluations int64   `parquet:"evaluations"`
	Best        float64 `parquet:"best"`
}

// convergence is the best objective so far against evaluations, one line per
// step record (one per shard), for runs of an optimizer other than the grid
// (a grid's order is not a search); nil when there is none.
func convergence(ds *frames.Dataset, res *analysis.Result) (*charts.LineChart, error) {
	m := res.Manifest
	if m.Optimizer.Name == "" || m.Optimizer.Name == "grid" {
		return nil, nil
	}
	lay := frames.Layout{Dir: ds.Dir}
	files := []string{lay.Steps(-1)}
	for s := 0; s < m.Shards; s++ {
		files = append(files, lay.Steps(s))
	}
	c := &charts.LineChart{Title: fmt.Sprintf("%s optimizer: best %s so far", m.Optimizer.Name, m.Criterion),
		XLabel: "evaluations", YLabel: m.Criterion}
	for k, f := range files {
		rows, err := readSteps(f)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		s := charts.Series{Name: "run"}
		if k > 0 {
			s.Name = fmt.Sprintf("shard %d", k-1)
		}
		for _, r := range rows {
			s.X, s.Y = append(s.X, float64(r.Evaluations)), append(s.Y, r.Best)
		}
		if len(s.X) > 0 {
			c.Series = append(c.Series, s)
		}
	}
	if len(c.Series) == 0 {
		return nil, nil
	}
	return c, nil
}

// readSteps reads a step record, naming the file in any error.
func readSteps(path string) ([]stepRow, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("%s: not a readable step record: %w", path, err)
	}
	r := parquet.NewGenericReader[stepRow](pf)
	defer r.Close()
	rows := make([]stepRow, pf.NumRows())
	n, err := r.Read(rows)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rows[:n], nil
}

// maxSensitivityInputs caps the columns of the sensitivity chart.
const maxSensitivityInputs = 6

// sensitivity is profit and the sort criterion against each shown input;
// nil when no input varies.
func sensitivity(res *analysis.Result, sortIdx int) *charts.Sensitivity {
	var inputs []charts.Column
	for _, i := range shownInputs(res.Manifest) {
		if len(inputs) == maxSensitivityInputs || len(distinct(res, i)) < 2 {
			continue
		}
		col := charts.Column{Name: res.Manifest.Columns[i].Name, Values: make([]float64, len(res.Passes))}
		for k := range res.Passes {
			col.Values[k] = res.Passes[k].Params[i]
		}
		inputs = append(inputs, col)
	}
	if len(inputs) == 0 {
		return nil
	}
	profit := charts.Column{Name: "profit", Values: make([]float64, len(res.Passes))}
	for k := range res.Passes {
		profit.Values[k] = res.Passes[k].Profit
	}
	s := &charts.Sensitivity{Title: "Sensitivity: each pass a dot, the line through the best at each value",
		Inputs: inputs, Measures: []charts.Column{profit}, LowerIsBetter: []bool{false}}
	if crit := res.Criteria[sortIdx]; crit.Name != "profit" {
		col := charts.Column{Name: crit.Name, Values: make([]float64, len(res.Passes))}
		for k := range res.Passes {
			col.Values[k] = math.NaN()
			if res.Passes[k].Available[sortIdx] {
				col.Values[k] = res.Passes[k].Values[sortIdx]
			}
		}
		s.Measures = append(s.Measures, col)
		s.LowerIsBetter = append(s.LowerIsBetter, crit.Direction == criteria.Min)
	}
	return s
}
