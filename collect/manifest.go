package collect

import (
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/tester"
)

// accountInfo records the tester's account in the manifest's terms.
func accountInfo(c tester.Config) *frames.AccountInfo {
	return &frames.AccountInfo{Deposit: c.Account.Deposit, Leverage: c.Account.Leverage}
}

// symbolSpec records the tester's symbol settings in the manifest's terms.
func symbolSpec(name string, c tester.Config) *frames.SymbolSpec {
	s := c.Symbol
	return &frames.SymbolSpec{Name: name, Digits: s.Digits, Point: s.Point, ContractSize: s.ContractSize,
		VolumeMin: s.VolumeMin, VolumeStep: s.VolumeStep, VolumeMax: s.VolumeMax, Spread: s.Spread,
		FixedSpread: s.FixedSpread, Commission: s.Commission, SwapLong: s.SwapLong, SwapShort: s.SwapShort}
}

// TesterConfig is the tester configuration a manifest records: the
// account, the symbol and the equity mode. It is how a run is continued
// from its run.json alone.
func TesterConfig(m *frames.Manifest) tester.Config {
	c := tester.DefaultConfig()
	if a := m.Account; a != nil {
		c.Account = tester.Account{Deposit: a.Deposit, Leverage: a.Leverage}
	}
	if s := m.SymbolSpec; s != nil {
		c.Symbol = tester.Symbol{ContractSize: s.ContractSize, Point: s.Point, Digits: s.Digits,
			VolumeMin: s.VolumeMin, VolumeStep: s.VolumeStep, VolumeMax: s.VolumeMax, Spread: s.Spread,
			FixedSpread: s.FixedSpread, Commission: s.Commission, SwapLong: s.SwapLong, SwapShort: s.SwapShort}
	}
	if m.EquityMode != "" {
		c.EquityMode = tester.EquityMode(m.EquityMode)
	}
	return c
}
