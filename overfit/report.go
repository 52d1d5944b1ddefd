package overfit

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/passframes/passframes/frames"
)

// Options are the choices for Analyze.
type Options struct {
	Blocks   int      // S, even, MinBlocks..MaxBlocks; 0 means DefaultBlocks
	Criteria []string // the criteria to report, in order; nil means DefaultCriteria
	// Best names, per criterion, the pass it chose over the whole period
	// (analyze's own ranking over the compact points). A criterion missing
	// from it gets the pass its curve value ranks first over the whole grid.
	Best map[string]int64
	// Confidence of the minimum track record length; 0 means 0.95.
	Confidence float64
	Workers    int // 0: every core
}

func (o *Options) normalize() error {
	if o.Blocks == 0 {
		o.Blocks = DefaultBlocks
	}
	if o.Blocks%2 != 0 || o.Blocks < MinBlocks || o.Blocks > MaxBlocks {
		return fmt.Errorf("overfit: %d blocks: want an even number from %d to %d", o.Blocks, MinBlocks, MaxBlocks)
	}
	if o.Criteria == nil {
		o.Criteria = DefaultCriteria()
	}
	if o.Confidence == 0 {
		o.Confidence = 0.95
	}
	if !(o.Confidence > 0 && o.Confidence < 1) {
		return fmt.Errorf("overfit: confidence %v: want a number between 0 and 1", o.Confidence)
	}
	return nil
}

// Report is the overfitting analysis of a run.
type Report struct {
	Period    string `json:"period"`
	Step      string `json:"step,omitempty"`
	Passes    int    `json:"passes"`     // rows of the matrix: the trials N
	Steps     int    `json:"steps"`      // returns per pass, T
	GridSteps int    `json:"grid_steps"` // steps before idle ones were dropped
	NoPoints  int    `json:"passes_without_points"`
	NoForward int    `json:"passes_without_forward"`
	Blocks    int    `json:"blocks"`
	Splits    int    `json:"splits"`
	// The Deflated Sharpe Ratio's inputs shared by every criterion.
	SharpeVariance             float64 `json:"sharpe_variance"`
	MeanCorrelation            float64 `json:"mean_correlation"`
	EffectiveTrials            float64 `json:"effective_trials"`
	ExpectedMaxSharpe          float64 `json:"expected_max_sharpe"`
	ExpectedMaxSharpeEffective float64 `json:"expected_max_sharpe_effective"`
	// Unavailable says why CSCV could not run at all (every row repeats it).
	Unavailable string `json:"unavailable,omitempty"`
	Criteria    []Row  `json:"criteria"`
}

// Row is one criterion's figures. A nil figure could not be computed; the
// matching *Unavailable field says why.
type Row struct {
	Criterion string `json:"criterion"`
	Direction string `json:"direction"`

	PBO                  *float64   `json:"pbo"`
	LogitMean            *float64   `json:"logit_mean"`
	LogitMedian          *float64   `json:"logit_median"`
	Histogram            *Histogram `json:"logit_histogram,omitempty"`
	DegradationSlope     *float64   `json:"degradation_slope"`
	DegradationIntercept *float64   `json:"degradation_intercept"`
	OOSLossProbability   *float64   `json:"oos_loss_probability"`
	PBOUnavailable       string     `json:"pbo_unavailable,omitempty"`

	Pass           *int64   `json:"pass"`
	Sharpe         *float64 `json:"sharpe"` // per step
	Skewness       *float64 `json:"skewness"`
	Kurtosis       *float64 `json:"kurtosis"`
	PSR            *float64 `json:"psr"`
	DSR            *float64 `json:"dsr"`
	DSREffective   *float64 `json:"dsr_effective"`
	MinTrackRecord *float64 `json:"min_track_record"` // in steps
	DSRUnavailable string   `json:"dsr_unavailable,omitempty"`

	// Per split, for the charts: λ, and the chosen pass's value in and out
	// of sample.
	Logits, IS, OOS []float64 `json:"-"`
}

// Histogram counts the logits in bins of equal width: Counts[i] holds the
// λ with Edges[i] ≤ λ < Edges[i+1].
type Histogram struct {
	Edges  []float64 `json:"edges"`
	Counts []int     `json:"counts"`
}

// Run builds the run's returns matrix and analyzes it.
func Run(ctx context.Context, ds *frames.Dataset, b BuildOptions, opt Options) (*Report, error) {
	if err := opt.normalize(); err != nil {
		return nil, err
	}
	m, err := Build(ctx, ds, b)
	if err != nil {
		return nil, err
	}
	rep, err := Analyze(ctx, m, opt)
	if err != nil {
		return nil, err
	}
	rep.Period = b.Period
	if rep.Period == "" {
		rep.Period = PeriodBack
	}
	step := b.Step
	if step == 0 {
		step = DefaultStep
	}
	rep.Step = FormatStep(step)
	return rep, nil
}

// Analyze runs CSCV and the Sharpe ratio tests on m. It fails only on bad
// options or a cancelled ctx: a matrix too small for a figure gives every
// criterion the reason instead.
func Analyze(ctx context.Context, m *Matrix, opt Options) (*Report, error) {
	if err := opt.normalize(); err != nil {
		return nil, err
	}
	rules := make([]rule, len(opt.Criteria))
	for k, name := range opt.Criteria {
		r, err := ruleFor(name)
		if err != nil {
			return nil, fmt.Errorf("overfit: %w", err)
		}
		rules[k] = r
	}
	rep := &Report{Period: PeriodBack, Passes: len(m.Passes), Steps: m.T(), GridSteps: m.GridSteps,
		NoPoints: m.NoPoints, NoForward: m.NoForward, Blocks: opt.Blocks, Splits: Splits(opt.Blocks)}
	rep.Unavailable = matrixProblem(m, opt.Blocks)
	var runnable []rule
	for _, r := range rules {
		if r.reason == "" {
			runnable = append(runnable, r)
		}
	}
	var c *cscv
	if rep.Unavailable == "" && len(runnable) > 0 {
		c = newCSCV(m, opt.Blocks, runnable)
		if err := c.run(ctx, opt.Workers); err != nil {
			return nil, err
		}
	}
	rep.sharpeInputs(m)
	k := 0
	for _, r := range rules {
		row := Row{Criterion: r.name, Direction: r.dir.String()}
		switch {
		case r.reason != "":
			row.PBOUnavailable = r.reason
		case rep.Unavailable != "":
			row.PBOUnavailable = rep.Unavailable
		default:
			row.fillCSCV(c.picks[k])
		}
		if r.reason == "" {
			k++
		}
		rep.fillSharpe(&row, m, r, c, opt)
		rep.Criteria = append(rep.Criteria, row)
	}
	return rep, nil
}

// matrixProblem says why CSCV cannot run on m with s blocks, or "".
func matrixProblem(m *Matrix, s int) string {
	switch n, t := len(m.Passes), m.T(); {
	case n == 0 && m.NoPoints > 0:
		return fmt.Sprintf("no pass has balance points (%d passes without them): there is no curve to cross-validate", m.NoPoints)
	case n == 0:
		return "the run has no pass to cross-validate"
	case n < 2:
		return "only 1 pass with balance points: CSCV ranks passes against each other and needs at least 2"
	case t == 0:
		return "every pass's balance curve is flat: no step has a return"
	case t < s:
		return fmt.Sprintf("%d returns for %d blocks: each block needs at least one; use a shorter grid step or fewer blocks", t, s)
	}
	return ""
}

// fillCSCV sets the row's PBO figures from its picks.
func (row *Row) fillCSCV(picks []pick) {
	n := float64(len(picks))
	row.Logits, row.IS, row.OOS = make([]float64, len(picks)), make([]float64, len(picks)), make([]float64, len(picks))
	var overfit, loss, mean float64
	for i, p := range picks {
		row.Logits[i], row.IS[i], row.OOS[i] = p.lambda, p.is, p.oos
		if p.lambda <= 0 {
			overfit++
		}
		if p.oosProfit < 0 {
			loss++
		}
		mean += p.lambda
	}
	row.PBO, row.OOSLossProbability, row.LogitMean = ptr(overfit/n), ptr(loss/n), ptr(mean/n)
	sorted := append([]float64(nil), row.Logits...)
	sort.Float64s(sorted)
	row.LogitMedian = ptr((sorted[(len(sorted)-1)/2] + sorted[len(sorted)/2]) / 2)
	row.Histogram = histogram(sorted)
	if slope, icept, ok := leastSquares(row.IS, row.OOS); ok {
		row.DegradationSlope, row.DegradationIntercept = ptr(slope), ptr(icept)
	}
}

// leastSquares fits y = slope·x + intercept; false when x has no spread or
// a figure would not be finite.
func leastSquares(x, y []float64) (slope, intercept float64, ok bool) {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx, my = mx/n, my/n
	var sxx, sxy float64
	for i := range x {
		sxx += (x[i] - mx) * (x[i] - mx)
		sxy += (x[i] - mx) * (y[i] - my)
	}
	if !(sxx > 0) {
		return 0, 0, false
	}
	slope = sxy / sxx
	intercept = my - slope*mx
	if math.IsNaN(slope+intercept) || math.IsInf(slope+intercept, 0) {
		return 0, 0, false
	}
	return slope, intercept, true
}

// histogram bins sorted logits in bins of 0.25 (wider when the range would
// need more than 80).
func histogram(sorted []float64) *Histogram {
	lo, hi := sorted[0], sorted[len(sorted)-1]
	w := 0.25
	for (hi-lo)/w > 80 {
		w *= 2
	}
	first := math.Floor(lo/w) * w
	bins := int(math.Floor((hi-first)/w)) + 1
	h := &Histogram{Edges: make([]float64, bins+1), Counts: make([]int, bins)}
	for i := range h.Edges {
		h.Edges[i] = first + float64(i)*w
	}
	for _, v := range sorted {
		h.Counts[min(int((v-first)/w), bins-1)]++
	}
	return h
}

// sharpeInputs fills the Deflated Sharpe Ratio's shared inputs.
func (rep *Report) sharpeInputs(m *Matrix) {
	if len(m.Passes) < 2 || m.T() < 2 {
		return
	}
	rep.SharpeVariance = SharpeVariance(m)
	rho, _ := MeanCorrelation(m)
	rep.MeanCorrelation = max(-1, min(rho, 1))
	rep.EffectiveTrials = EffectiveTrials(rho, len(m.Passes))
	rep.ExpectedMaxSharpe = ExpectedMaxSharpe(rep.SharpeVariance, float64(len(m.Passes)))
	rep.ExpectedMaxSharpeEffective = ExpectedMaxSharpe(rep.SharpeVariance, rep.EffectiveTrials)
}

// fillSharpe sets the row's PSR, DSR and minimum track record of the
// criterion's best pass.
func (rep *Report) fillSharpe(row *Row, m *Matrix, r rule, c *cscv, opt Options) {
	i, why := bestPass(m, r, c, opt.Best)
	if why != "" {
		row.DSRUnavailable = why
		return
	}
	row.Pass = &m.Passes[i]
	mo, err := MomentsOf(m.Returns[i])
	if err != nil {
		row.DSRUnavailable = fmt.Sprintf("pass %d: %v", m.Passes[i], err)
		return
	}
	row.Sharpe, row.Skewness, row.Kurtosis = ptr(mo.Sharpe), ptr(mo.Skewness), ptr(mo.Kurtosis)
	psr, err := PSR(mo, 0)
	if err != nil {
		row.DSRUnavailable = fmt.Sprintf("pass %d: %v", m.Passes[i], err)
		return
	}
	row.PSR = ptr(psr)
	if trl, err := MinTrackRecord(mo, 0, opt.Confidence); err == nil {
		row.MinTrackRecord = ptr(trl)
	}
	if len(m.Passes) < 2 {
		row.DSRUnavailable = "only 1 pass: the Deflated Sharpe Ratio needs the spread of several trials"
		return
	}
	dsr, _ := DSR(mo, rep.SharpeVariance, float64(len(m.Passes)))
	eff, _ := DSR(mo, rep.SharpeVariance, rep.EffectiveTrials)
	row.DSR, row.DSREffective = ptr(dsr), ptr(eff)
}

// bestPass finds the row of the criterion's chosen pass, or says why none.
func bestPass(m *Matrix, r rule, c *cscv, best map[string]int64) (int, string) {
	if len(m.Passes) == 0 {
		return 0, "no pass has balance points: there is no curve to take returns from"
	}
	if id, ok := best[r.name]; ok {
		i := sort.Search(len(m.Passes), func(i int) bool { return m.Passes[i] >= id })
		if i == len(m.Passes) || m.Passes[i] != id {
			return 0, fmt.Sprintf("its best pass %d has no balance points on the grid", id)
		}
		return i, ""
	}
	if r.reason != "" {
		return 0, "no best pass was given and " + r.reason
	}
	total := make([]summary, len(m.Passes))
	if c != nil {
		total = c.total
	} else {
		for i, row := range m.Returns {
			total[i] = summarize(row)
		}
	}
	bi := 0
	for i := range total {
		if r.dir.Better(wholeValue(m, r, total, i), wholeValue(m, r, total, bi)) {
			bi = i
		}
	}
	return bi, ""
}

func wholeValue(m *Matrix, r rule, total []summary, i int) float64 {
	if r.scan {
		return linearFactor(m.Deposit[i], total[i].sum, m.T()+1, func(visit func(float64)) {
			level := 0.0
			for _, v := range m.Returns[i] {
				level += v
				visit(level)
			}
		})
	}
	return r.value(total[i], m.Deposit[i])
}

func ptr[T any](v T) *T { return &v }

// Row returns the row of the named criterion, or nil.
func (rep *Report) Row(criterion string) *Row {
	for i := range rep.Criteria {
		if rep.Criteria[i].Criterion == criterion {
			return &rep.Criteria[i]
		}
	}
	return nil
}

// MetadataValue is the report as the JSON text stored in the analysis
// table's key-value metadata under the key passframes.overfit.
func MetadataValue(rep *Report) (string, error) {
	b, err := json.Marshal(rep)
	if err != nil {
		return "", fmt.Errorf("overfit: encode report: %w", err)
	}
	return string(b), nil
}

// MetadataKey is the analysis table's key-value metadata key of the report.
const MetadataKey = "passframes.overfit"

// FormatStep writes a grid step the way ParseStep reads it: "1d", "4h",
// "30m".
func FormatStep(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0:
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return d.String()
}

// ParseStep reads a grid step: a whole number of days ("1d", "7d"), weeks
// ("1w") or any Go duration ("4h", "30m") of a minute or more.
func ParseStep(s string) (time.Duration, error) {
	var n int
	var unit string
	if _, err := fmt.Sscanf(s, "%d%s", &n, &unit); err == nil && n > 0 && (unit == "d" || unit == "w") {
		d := time.Duration(n) * 24 * time.Hour
		if unit == "w" {
			d *= 7
		}
		return d, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < time.Minute {
		return 0, fmt.Errorf("overfit: grid step %q: want a duration of a minute or more, such as 1d, 1w, 4h or 30m", s)
	}
	return d, nil
}
