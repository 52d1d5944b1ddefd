package mt5

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/stats"
)

// timeframeNames are MT5's period names, for telling them in file names.
var timeframeNames = map[string]bool{"M1": true, "M2": true, "M3": true, "M4": true, "M5": true, "M6": true,
	"M10": true, "M12": true, "M15": true, "M20": true, "M30": true, "H1": true, "H2": true, "H3": true, "H4": true,
	"H6": true, "H8": true, "H12": true, "D1": true, "W1": true, "MN1": true}

// splitRunName reads expert, symbol and timeframe from a file name the way
// MT5 and that article name them: Expert.Symbol.Timeframe.ext (the symbol may
// hold dots). ok is false when the name has no such shape.
func splitRunName(path string) (expert, symbol, tf string, ok bool) {
	base := filepath.Base(path)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	parts := strings.Split(base, ".")
	if len(parts) < 3 || !timeframeNames[strings.ToUpper(parts[len(parts)-1])] || parts[0] == "" {
		return base, "", "", false
	}
	return parts[0], strings.Join(parts[1:len(parts)-1], "."), strings.ToUpper(parts[len(parts)-1]), true
}

// mqdRun turns a parsed .mqd file into a run: one pass per pass number, its
// back and forward frames joined.
func mqdRun(f *mqdFile, file string, data []byte) (*Run, error) {
	m := newManifest(MQD, []string{file}, [][]byte{data})
	var ok bool
	m.Expert, m.Symbol, m.Timeframe, ok = splitRunName(file)
	r := &Run{Kind: MQD, Manifest: m, Info: ImportInfo{Kind: m.Source, Files: []string{file}, Points: true,
		Statistics: statNames(allStats()...)}}
	if !ok {
		r.Info.Notes = append(r.Info.Notes, "the file name is not Expert.Symbol.Timeframe.mqd: symbol and timeframe are unknown")
	}
	r.Info.Notes = append(r.Info.Notes,
		"the .mqd layout comes from one MQL5 article («Visual evaluation of optimization results») alone and is unconfirmed",
		"the points of an .mqd frame carry no times; back periods and inputs are not in the file",
		"forward frames hold points only: their statistics are initial_deposit and profit (last balance point − first), the rest 0")

	index := map[int64]int{}
	dups, modes := 0, map[string]bool{}
	for _, fr := range f.Frames {
		i, seen := index[fr.Pass]
		if !seen {
			i = len(r.Passes)
			index[fr.Pass] = i
			r.Passes = append(r.Passes, Pass{})
		}
		p := &r.Passes[i]
		if fr.Back && p.Back != nil || !fr.Back && p.Forward != nil {
			dups++
			continue
		}
		frame := &frames.Frame{Pass: fr.Pass, Params: []float64{}, Balance: fr.Balance, Equity: fr.Equity, EquityMode: fr.Mode}
		if fr.Back {
			frame.Period, frame.Stats = frames.Back, fr.Stats
			p.Back = frame
			modes[fr.Mode] = true
			if len(modes) == 1 {
				m.EquityMode = fr.Mode
			}
		} else {
			frame.Period = frames.Forward
			if n := len(fr.Balance); n > 0 {
				frame.Stats[stats.InitialDeposit] = fr.Balance[0]
				frame.Stats[stats.Profit] = stats.Clamp(fr.Balance[n-1] - fr.Balance[0])
			}
			p.Forward = frame
		}
	}
	// A forward frame takes its pass's back mode: the article's code writes both
	// from one setting.
	for _, p := range r.Passes {
		if p.Back != nil && p.Forward != nil {
			p.Forward.EquityMode = p.Back.EquityMode
		}
	}
	if dups > 0 {
		r.Info.Notes = append(r.Info.Notes, fmt.Sprintf("%d frames repeat a (pass, period) already read: the first was kept", dups))
	}
	if len(modes) > 1 {
		r.Info.Notes = append(r.Info.Notes, "back frames use both equity-point modes: each frame's equity_mode says which")
	}
	return r, nil
}
