package frames

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/passframes/passframes/internal/atomicfile"
	"github.com/passframes/passframes/stats"
)

// ManifestName is the manifest's file name inside a run directory.
const ManifestName = "run.json"

// FormatVersion is the version of the dataset layout this package writes.
const FormatVersion = 2

// Manifest describes a run: enough to reproduce it, and what a reader needs
// to interpret the frames (the parameter columns).
type Manifest struct {
	Format    int       `json:"format"`
	Program   string    `json:"program"`
	Created   time.Time `json:"created"`
	Source    string    `json:"source"` // "collect", or the kind of file a run was imported from
	Expert    string    `json:"expert"`
	Symbol    string    `json:"symbol"`
	Timeframe string    `json:"timeframe"`
	Data      DataInfo  `json:"data"`
	Periods   Periods   `json:"periods"`
	Columns   []Column  `json:"columns"` // parameter columns, in Frame.Params order

	Space      []Param       `json:"space,omitempty"` // the inputs as the optimizer saw them
	Constraint string        `json:"constraint,omitempty"`
	Optimizer  OptimizerInfo `json:"optimizer"`
	Criterion  string        `json:"criterion"`
	// By and Ratio are the criteria options the objective was computed with
	// (balance or equity; the weight of the weighted criteria).
	By         string  `json:"by,omitempty"`
	Ratio      float64 `json:"ratio,omitempty"`
	EquityMode string  `json:"equity_mode"` // min_max or min
	Filters    Filters `json:"filters"`
	// Shards is the number of shards the run is split into (collect
	// --shard i/n); 0 when it is not split.
	Shards int `json:"shards,omitempty"`

	// Format version 2 (shared by the open work; see v2.go).
	Statistics  map[string]string `json:"statistics,omitempty"` // statistic name → provenance
	Warnings    []Warning         `json:"warnings,omitempty"`
	Account     *AccountInfo      `json:"account,omitempty"`
	SymbolSpec  *SymbolSpec       `json:"symbol_spec,omitempty"`
	Rates       []RateInfo        `json:"rates,omitempty"`
	Strategy    *StrategyInfo     `json:"strategy,omitempty"`
	WalkForward *WalkForward      `json:"walkforward,omitempty"`
	Formulas    map[string]string `json:"formulas,omitempty"` // formula criterion name → expression
	Deals       bool              `json:"deals,omitempty"`    // deals/ holds every pass's deals
}

// Param is one input of the expert as the run used it: fixed at Value, or
// optimized over Start, Start+Step, … up to Stop (the fields of a
// MetaTrader .set line).
type Param struct {
	Name     string  `json:"name"`
	Type     string  `json:"type"` // int, double or bool
	Value    float64 `json:"value"`
	Start    float64 `json:"start"`
	Step     float64 `json:"step"`
	Stop     float64 `json:"stop"`
	Optimize bool    `json:"optimize"`
}

// The input types of Param.Type.
const (
	TypeInt    = "int"
	TypeDouble = "double"
	TypeBool   = "bool"
)

// DataInfo identifies the bars a run was made from.
type DataInfo struct {
	Source string    `json:"source"` // file path, or "sample"
	SHA256 string    `json:"sha256"`
	Bars   int       `json:"bars"`
	First  time.Time `json:"first"`
	Last   time.Time `json:"last"`
}

// Periods are the back and forward test periods, [from, to).
type Periods struct {
	BackFrom    time.Time  `json:"back_from"`
	BackTo      time.Time  `json:"back_to"`
	ForwardFrom *time.Time `json:"forward_from,omitempty"`
	ForwardTo   *time.Time `json:"forward_to,omitempty"`
	Forward     string     `json:"forward"` // how the range was split: none, 1/2, 1/3, 1/4 or a date
}

// OptimizerInfo is the optimizer that proposed the passes.
type OptimizerInfo struct {
	Name    string            `json:"name"`
	Options map[string]string `json:"options,omitempty"`
	Seed    int64             `json:"seed"`
	Budget  int               `json:"budget,omitempty"`
	Batch   int               `json:"batch"`
}

// Filters are the conditions a back pass had to meet to be stored (collect)
// or analysed (analyze).
type Filters struct {
	MinTrades    float64  `json:"min_trades"`
	MinProfitPct *float64 `json:"min_profit_pct,omitempty"` // nil: no condition on the profit
}

// Keep reports whether a back pass with statistics s passes the filters:
// at least MinTrades trades and, when set, a profit of at least
// MinProfitPct % of the deposit.
func (f Filters) Keep(s *stats.Stats) bool {
	if s[stats.Trades] < f.MinTrades {
		return false
	}
	if f.MinProfitPct != nil && s[stats.InitialDeposit] > 0 &&
		s[stats.Profit]/s[stats.InitialDeposit]*100 < *f.MinProfitPct {
		return false
	}
	return true
}

// WriteManifest writes m as dir/run.json, atomically.
func WriteManifest(dir string, m *Manifest) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // keep constraints such as "Fast < Slow" readable
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return fmt.Errorf("encode manifest: %w", err)
	}
	return atomicfile.WriteBytes(filepath.Join(dir, ManifestName), b.Bytes())
}

// ReadManifest reads dir/run.json, of format 1 or 2. A format-1 manifest's
// "settings" (account and symbol under Go field names) are read into Account
// and SymbolSpec.
func ReadManifest(dir string) (*Manifest, error) {
	path := filepath.Join(dir, ManifestName)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if m.Format < 1 || m.Format > FormatVersion {
		return nil, fmt.Errorf("read %s: dataset format %d, this program reads formats 1 to %d", path, m.Format, FormatVersion)
	}
	if m.Format == 1 {
		if err := readSettings1(b, &m); err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
	}
	for _, p := range m.Space {
		if p.Type != TypeInt && p.Type != TypeDouble && p.Type != TypeBool {
			return nil, fmt.Errorf("read %s: input %s has type %q, want int, double or bool", path, p.Name, p.Type)
		}
	}
	return &m, nil
}

// settings1 is the "settings" object of a format-1 manifest.
type settings1 struct {
	Account struct{ Deposit, Leverage float64 }
	Symbol  struct {
		ContractSize, Point                      float64
		Digits                                   int
		VolumeMin, VolumeStep, VolumeMax, Spread float64
		FixedSpread                              bool
		Commission, SwapLong, SwapShort          float64
	}
}

func readSettings1(b []byte, m *Manifest) error {
	var v1 struct {
		Settings *settings1 `json:"settings"`
	}
	if err := json.Unmarshal(b, &v1); err != nil || v1.Settings == nil {
		return err
	}
	s := v1.Settings
	if m.Account == nil {
		m.Account = &AccountInfo{Deposit: s.Account.Deposit, Leverage: s.Account.Leverage}
	}
	if m.SymbolSpec == nil {
		y := s.Symbol
		m.SymbolSpec = &SymbolSpec{Name: m.Symbol, Digits: y.Digits, Point: y.Point, ContractSize: y.ContractSize,
			VolumeMin: y.VolumeMin, VolumeStep: y.VolumeStep, VolumeMax: y.VolumeMax, Spread: y.Spread,
			FixedSpread: y.FixedSpread, Commission: y.Commission, SwapLong: y.SwapLong, SwapShort: y.SwapShort}
	}
	return nil
}
