package mt5

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/stats"
)

// Program is written as the manifest's program of imported runs.
const Program = "passframes mt5 import"

// Run is one imported run, parsed and validated, ready to be written: its
// manifest, its passes, and for a report the values MT5 printed.
type Run struct {
	Kind     Kind
	Manifest *frames.Manifest
	Passes   []Pass
	Reported *Reported  // the printed results of a report; nil for other kinds
	Info     ImportInfo // written as import.json beside run.json
}

// Pass is the back frame of a pass and, when the file has one, its forward
// frame (either may be nil, not both).
type Pass struct {
	Back, Forward *frames.Frame
}

// ImportInfo records where a run came from and what it lacks. It is written
// as import.json in the run directory.
type ImportInfo struct {
	Kind  string   `json:"kind"` // the manifest's Source: mt5-opt, mt5-report, mt5-xml, mt5-mqd
	Files []string `json:"files"`
	// Points tells whether the frames carry balance/equity points; without
	// them the criteria that need points are unavailable.
	Points bool `json:"points"`
	// Statistics lists the statistics the file gives or that were computed
	// from it; the others are stored as 0 and mean "not available".
	Statistics []string `json:"statistics"`
	// Approximate lists statistics computed without what MT5 computes them
	// from (see Notes); compare them with MT5's with care.
	Approximate []string `json:"approximate,omitempty"`
	Account     Account  `json:"account"`
	Notes       []string `json:"notes,omitempty"`
}

// Account is the account of the test as the file gives it.
type Account struct {
	Server   string  `json:"server,omitempty"`
	Currency string  `json:"currency,omitempty"`
	Deposit  float64 `json:"deposit"`
	Leverage float64 `json:"leverage,omitempty"` // 100 means 1:100
}

// ImportInfoName and ReportedName are the files Import writes beside run.json.
const (
	ImportInfoName = "import.json"
	ReportedName   = "reported.json"
)

// Dir is the run directory of r under outRoot: <expert>.<symbol>.<timeframe>.
func (r *Run) Dir(outRoot string) string {
	m := r.Manifest
	return filepath.Join(outRoot, safeName(m.Expert)+"."+safeName(m.Symbol)+"."+safeName(m.Timeframe))
}

// safeName makes a name usable as a path element: path separators and
// characters Windows refuses become '_', and an empty name "unknown".
func safeName(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '_'
		}
		return r
	}, strings.TrimSpace(s))
	if s == "" || s == "." || s == ".." {
		return "unknown"
	}
	return s
}

// newManifest fills the fields every imported run shares.
func newManifest(kind Kind, files []string, data [][]byte) *frames.Manifest {
	h := sha256.New()
	for _, d := range data {
		h.Write(d)
	}
	return &frames.Manifest{
		Format: frames.FormatVersion, Program: Program, Created: time.Now().UTC(), Source: kind.Source(),
		Data:       frames.DataInfo{Source: strings.Join(files, ", "), SHA256: hex.EncodeToString(h.Sum(nil))},
		Periods:    frames.Periods{Forward: "none"},
		Optimizer:  frames.OptimizerInfo{Name: "mt5"},
		EquityMode: "min_max",
	}
}

// setPeriods fills the manifest's periods from MT5's dates: from, the last
// day of the test (MT5's "to" is inclusive, so the period ends a day later)
// and, when not zero, the first day of the forward period.
func setPeriods(m *frames.Manifest, from, to, forward time.Time) {
	end := to
	if !to.IsZero() {
		end = dayAfter(to)
	}
	m.Periods.BackFrom, m.Periods.BackTo = from, end
	m.Data.First, m.Data.Last = from, end
	if !forward.IsZero() && forward.After(from) && (end.IsZero() || forward.Before(end)) {
		f, e := forward, end
		m.Periods.BackTo = forward
		m.Periods.ForwardFrom, m.Periods.ForwardTo = &f, &e
		m.Periods.Forward = forward.Format("2006-01-02")
	}
}

// dayAfter returns the start of the day after t's day (t is a date or the
// last moment of a test).
func dayAfter(t time.Time) time.Time {
	y, mo, d := t.Date()
	return time.Date(y, mo, d+1, 0, 0, 0, 0, time.UTC)
}

// reservedColumns are the dataset's own columns, which an input cannot be
// named after.
var reservedColumns = func() map[string]bool {
	m := map[string]bool{"pass": true, "period": true, "equity_mode": true, "point_time": true, "balance": true, "equity": true}
	for _, n := range stats.Names {
		m[n] = true
	}
	return m
}()

// setSpace makes the parameter columns from the inputs, in order. An input
// named like a dataset column is stored as "input_<name>" (noted in notes).
func setSpace(m *frames.Manifest, params []optimize.Param, notes *[]string) error {
	seen := map[string]bool{}
	for i := range params {
		p := &params[i]
		if reservedColumns[p.Name] {
			*notes = append(*notes, fmt.Sprintf("input %s is stored as column input_%s: %s is a dataset column", p.Name, p.Name, p.Name))
			p.Name = "input_" + p.Name
		}
		if seen[p.Name] {
			return fmt.Errorf("input %s appears twice", p.Name)
		}
		seen[p.Name] = true
		m.Columns = append(m.Columns, frames.Column{Name: p.Name, Integer: p.Type != optimize.Double})
	}
	m.Space = optimize.ManifestParams(params)
	return nil
}

// statNames returns the names of the statistics with the given indexes.
func statNames(idx ...int) []string {
	out := make([]string, len(idx))
	for i, k := range idx {
		out[i] = stats.Names[k]
	}
	return out
}

// allStats is every statistic index, in order.
func allStats() []int {
	idx := make([]int, stats.Count)
	for i := range idx {
		idx[i] = i
	}
	return idx
}
