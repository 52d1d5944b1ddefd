package frames

import "time"

// Provenance of a statistic in run.json "statistics": where its value came
// from. An imported run fills it; a collected run has every statistic
// "computed".
const (
	ProvComputed    = "computed"    // computed by the tester from the pass's deals and bars
	ProvPrinted     = "printed"     // read as MetaTrader printed it
	ProvDeals       = "deals"       // rebuilt from an imported report's deals
	ProvUnavailable = "unavailable" // not known: null in every table
)

// Warning is one kind of suspicious result in a run (run.json "warnings"):
// passes with no trades, orders refused, a blown account and so on.
type Warning struct {
	Kind    string `json:"kind"`
	Count   int64  `json:"count"`
	Message string `json:"message"`
}

// Deal is one deal of one pass: a row of deals/part-*.parquet. A reversal
// is two deals (an out and an in). Money is in the account currency;
// ProfitRaw (in the symbol's profit currency) and Rate are set only for a
// symbol whose profit currency is not the account currency.
type Deal struct {
	Pass         int64
	Window       int32
	Period       string // Back or Forward
	Time         int64  // Unix ms
	Type         string // "buy" or "sell"
	Entry        string // "in" or "out"
	Volume       float64
	Price        float64
	Commission   float64
	Swap         float64
	Profit       float64
	BalanceAfter float64
	Reason       string // "signal", "sl", "tp" or "end"
	ProfitRaw    float64
	Rate         float64
}

// SymbolSpec is the symbol specification a run used (run.json "symbol_spec"),
// with where each value came from in Source (field name → "default",
// "preset:<name>", "file:<path>", "inferred", "flag").
type SymbolSpec struct {
	Name           string            `json:"name"`
	Digits         int               `json:"digits"`
	Point          float64           `json:"point"`
	TickSize       float64           `json:"tick_size"`
	ContractSize   float64           `json:"contract_size"`
	VolumeMin      float64           `json:"volume_min"`
	VolumeStep     float64           `json:"volume_step"`
	VolumeMax      float64           `json:"volume_max"`
	BaseCurrency   string            `json:"base_currency,omitempty"`
	ProfitCurrency string            `json:"profit_currency,omitempty"`
	MarginCurrency string            `json:"margin_currency,omitempty"`
	Leverage       float64           `json:"leverage,omitempty"`
	Spread         float64           `json:"spread"`
	FixedSpread    bool              `json:"fixed_spread,omitempty"`
	Commission     float64           `json:"commission"`
	SwapLong       float64           `json:"swap_long"`
	SwapShort      float64           `json:"swap_short"`
	Source         map[string]string `json:"source,omitempty"`
}

// AccountInfo is the trading account of a run.
type AccountInfo struct {
	Currency string  `json:"currency"`
	Deposit  float64 `json:"deposit"`
	Leverage float64 `json:"leverage"`
}

// RateInfo is a conversion series used to bring a cross symbol's money into
// the account currency: a bar file, or a fixed rate (approximate).
type RateInfo struct {
	Pair   string  `json:"pair"`             // e.g. GBPUSD
	Source string  `json:"source,omitempty"` // bar file path
	SHA256 string  `json:"sha256,omitempty"`
	Fixed  float64 `json:"fixed,omitempty"` // a fixed rate: the run is approximate
}

// StrategyInfo names the rule strategy a run tested (collect --strategy).
type StrategyInfo struct {
	Name   string `json:"name"`
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
	Text   string `json:"text,omitempty"` // the file's text, so the run can be repeated anywhere
}

// Window is one walk-forward window: optimize on [TrainFrom, TrainTo), test
// on [TestFrom, TestTo). Frames of window i carry window = Index.
type Window struct {
	Index     int32     `json:"index"`
	TrainFrom time.Time `json:"train_from"`
	TrainTo   time.Time `json:"train_to"`
	TestFrom  time.Time `json:"test_from"`
	TestTo    time.Time `json:"test_to"`
}

// WalkForward is the walk-forward setting of a run (run.json "walkforward").
type WalkForward struct {
	Train    string   `json:"train"` // e.g. "3mo" or "2000b"
	Test     string   `json:"test"`
	Step     string   `json:"step"`
	Anchored bool     `json:"anchored"`
	Partial  string   `json:"partial"` // keep or drop
	Windows  []Window `json:"windows"`
}
