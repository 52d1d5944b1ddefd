package mt5

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/stats"
)

// timeframeOf names an MQL5 ENUM_TIMEFRAMES value (M1 = 1 ... M30 = 30,
// H1 = 0x4001 ... H12 = 0x400C, D1 = 0x4018, W1 = 0x8001, MN1 = 0xC001).
func timeframeOf(period int) string {
	switch {
	case period >= 1 && period <= 30:
		return "M" + strconv.Itoa(period)
	case period > 0x4000 && period <= 0x400C:
		return "H" + strconv.Itoa(period-0x4000)
	case period == 0x4018:
		return "D1"
	case period == 0x8001:
		return "W1"
	case period == 0xC001:
		return "MN1"
	}
	return "period" + strconv.Itoa(period)
}

// optParamType is the parameter type of a cache input.
func optParamType(in optInput) optimize.Type {
	switch {
	case in.Type == typeBool:
		return optimize.Bool
	case in.float():
		return optimize.Double
	}
	return optimize.Int
}

// optRun turns a parsed cache into a run.
func optRun(c *optCache, file string, data []byte) (*Run, error) {
	m := newManifest(OptCache, []string{file}, [][]byte{data})
	m.Expert, m.Symbol, m.Timeframe = c.Expert, c.Symbol, timeframeOf(c.Period)
	if m.Expert == "" {
		m.Expert = expertFromPath(c.ExpertPath)
	}
	setPeriods(m, c.From, c.To, c.Forward)
	m.Optimizer = frames.OptimizerInfo{Name: optModeName(c.OptMode), Options: map[string]string{
		"opt_mode": strconv.Itoa(c.OptMode), "ticks_mode": strconv.Itoa(c.TicksMode), "criterion": strconv.Itoa(c.Criterion)}}
	r := &Run{Kind: OptCache, Manifest: m, Info: ImportInfo{Kind: m.Source, Files: []string{file},
		Account: Account{Server: c.Server, Currency: c.Currency, Deposit: c.Deposit, Leverage: c.Leverage}}}
	r.Info.Notes = append(r.Info.Notes, c.Notes...)
	r.Info.Notes = append(r.Info.Notes, "an optimization cache holds no balance/equity points: criteria that need them are unavailable")

	// The columns are the numeric inputs; optSlot maps a column to the
	// optimized input whose per-pass value it takes (-1 for a fixed one).
	var params []optimize.Param
	var optSlot []int
	var skipped []string
	k := 0
	for _, in := range c.Inputs {
		slot := -1
		if in.Optimized {
			slot = k
			k++
		}
		if !in.numeric() {
			skipped = append(skipped, in.Name)
			continue
		}
		p := optimize.Param{Name: in.Name, Type: optParamType(in), Value: in.Value,
			Start: in.Start, Step: in.Step, Stop: in.Stop, Optimize: in.Optimized}
		if p.Type == optimize.Bool && p.Step == 0 {
			p.Step = 1
		}
		params = append(params, p)
		optSlot = append(optSlot, slot)
	}
	if len(skipped) > 0 {
		r.Info.Notes = append(r.Info.Notes, "string inputs are not stored as columns: "+strings.Join(skipped, ", "))
	}
	if err := setSpace(m, params, &r.Info.Notes); err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	if c.Math {
		r.Info.Statistics = statNames(stats.CustomOnTester)
		r.Info.Notes = append(r.Info.Notes, "a math optimization: each pass has its fitness (custom_ontester) only")
	} else {
		r.Info.Statistics = statNames(allStats()...)
	}
	for _, p := range c.Passes {
		f := &frames.Frame{Pass: p.Pass, Period: frames.Back, Stats: p.Stats, EquityMode: m.EquityMode,
			Params: make([]float64, len(params))}
		for i, prm := range params {
			f.Params[i] = prm.Value
			if optSlot[i] >= 0 {
				f.Params[i] = p.Values[optSlot[i]]
			}
		}
		r.Passes = append(r.Passes, Pass{Back: f})
	}
	return r, nil
}

func optModeName(mode int) string {
	switch mode {
	case 0:
		return "mt5-complete"
	case 1:
		return "mt5-genetic"
	}
	return "mt5-mode-" + strconv.Itoa(mode)
}

// expertFromPath takes an expert's name from its path (Advisors\X.ex5 → X).
func expertFromPath(p string) string {
	if i := strings.LastIndexAny(p, `\/`); i >= 0 {
		p = p[i+1:]
	}
	return strings.TrimSuffix(strings.TrimSuffix(p, ".ex5"), ".mq5")
}
