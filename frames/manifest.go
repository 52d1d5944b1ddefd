package frames

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/passframes/passframes/internal/atomicfile"
	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/tester"
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

	Space      []optimize.Param `json:"space,omitempty"`
	Constraint string           `json:"constraint,omitempty"`
	Optimizer  OptimizerInfo    `json:"optimizer"`
	Criterion  string           `json:"criterion"`
	// By and Ratio are the criteria options the objective was computed with
	// (--by balance|equity, --ratio).
	By         string         `json:"by,omitempty"`
	Ratio      float64        `json:"ratio,omitempty"`
	Settings   *tester.Config `json:"settings,omitempty"`
	EquityMode string         `json:"equity_mode"`
	Filters    Filters        `json:"filters"`
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
	Forward     string     `json:"forward"` // the --forward setting: none, 1/2, 1/3, 1/4 or a date
}

// OptimizerInfo is the optimizer that proposed the passes.
type OptimizerInfo struct {
	Name    string            `json:"name"`
	Options map[string]string `json:"options,omitempty"`
	Seed    int64             `json:"seed"`
	Budget  int               `json:"budget,omitempty"`
	Batch   int               `json:"batch"`
}

// Filters are the conditions a back pass had to meet to be stored.
type Filters struct {
	MinTrades    float64  `json:"min_trades"`
	MinProfitPct *float64 `json:"min_profit_pct,omitempty"`
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

// ReadManifest reads dir/run.json.
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
	return &m, nil
}
