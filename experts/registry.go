package experts

import (
	"fmt"
	"strings"
	"sync"
)

// registered holds the experts added with Register, in registration order.
var (
	regMu      sync.RWMutex
	registered []Def
)

// Register adds an expert written in Go by another module, so that Lookup
// finds it and All lists it after the built-in ones: a program that imports
// passframes can register its experts in main (or an init function) and then
// run the collect command (see cmd/collect.Main and the examples folder).
// The name must be new (case-insensitively), Params must have unique names
// and New must be set.
func Register(d Def) error {
	if strings.TrimSpace(d.Name) == "" {
		return fmt.Errorf("experts: Register: the expert needs a name")
	}
	if d.New == nil {
		return fmt.Errorf("experts: Register %s: New is nil", d.Name)
	}
	seen := map[string]bool{}
	for _, p := range d.Params {
		if p.Name == "" || seen[p.Name] {
			return fmt.Errorf("experts: Register %s: input names must be non-empty and unique (%q)", d.Name, p.Name)
		}
		seen[p.Name] = true
	}
	regMu.Lock()
	defer regMu.Unlock()
	for _, old := range append(builtins(), registered...) {
		if strings.EqualFold(old.Name, d.Name) {
			return fmt.Errorf("experts: Register: an expert named %s exists already", old.Name)
		}
	}
	d.New = checkCount(d)
	registered = append(registered, d)
	return nil
}

// MustRegister is Register for package initialisation: it panics on error.
func MustRegister(d Def) {
	if err := Register(d); err != nil {
		panic(err)
	}
}

// registeredDefs returns a copy of the registered experts.
func registeredDefs() []Def {
	regMu.RLock()
	defer regMu.RUnlock()
	return append([]Def(nil), registered...)
}
