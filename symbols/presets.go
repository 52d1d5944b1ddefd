package symbols

import (
	"fmt"
	"slices"
	"strings"
)

// Preset is a named set of typical values for a kind of symbol.
type Preset struct {
	Name   string
	About  string
	Values Partial
}

func f(v float64) *float64 { return &v }
func i(v int) *int         { return &v }
func str(v string) *string { return &v }

// presets are typical retail broker values. Digits and point are left to
// the data (inference) except for the two FX presets, whose quotes have a
// fixed precision; leverage is left to the account for FX.
var presets = []Preset{
	{"fx", "a currency pair quoted to 5 digits: 100,000 units a lot", Partial{
		Digits: i(5), Point: f(0.00001), ContractSize: f(100000),
		VolumeMin: f(0.01), VolumeStep: f(0.01), VolumeMax: f(100)}},
	{"fx-jpy", "a yen pair quoted to 3 digits, profit in JPY: 100,000 units a lot", Partial{
		Digits: i(3), Point: f(0.001), ContractSize: f(100000), ProfitCurrency: str("JPY"),
		VolumeMin: f(0.01), VolumeStep: f(0.01), VolumeMax: f(100)}},
	{"metal", "gold-like: 100 ounces a lot, leverage 1:20", Partial{
		ContractSize: f(100), VolumeMin: f(0.01), VolumeStep: f(0.01), VolumeMax: f(100), Leverage: f(20)}},
	{"index", "an index CFD: 1 unit a lot (one point of the index per lot), leverage 1:20", Partial{
		ContractSize: f(1), VolumeMin: f(0.1), VolumeStep: f(0.1), VolumeMax: f(500), Leverage: f(20)}},
	{"stock", "a share CFD: 1 share a lot, whole shares, leverage 1:5", Partial{
		ContractSize: f(1), VolumeMin: f(1), VolumeStep: f(1), VolumeMax: f(100000), Leverage: f(5)}},
	{"crypto", "a coin CFD: 1 coin a lot, leverage 1:2", Partial{
		ContractSize: f(1), VolumeMin: f(0.01), VolumeStep: f(0.01), VolumeMax: f(100), Leverage: f(2)}},
}

// Presets returns the presets, in the order they are documented.
func Presets() []Preset { return slices.Clone(presets) }

// PresetNames returns the presets' names.
func PresetNames() []string {
	names := make([]string, len(presets))
	for k, p := range presets {
		names[k] = p.Name
	}
	return names
}

// LookupPreset returns the preset with the given name as a layer.
func LookupPreset(name string) (Layer, error) {
	for _, p := range presets {
		if strings.EqualFold(p.Name, name) {
			return Layer{Source: "preset:" + p.Name, Values: p.Values}, nil
		}
	}
	return Layer{}, fmt.Errorf("unknown symbol preset %q (want one of %s)", name, strings.Join(PresetNames(), ", "))
}
