package experts

import (
	"strings"
	"testing"

	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/tester"
)

type idle struct{}

func (idle) OnBar(*tester.Context) {}

func TestRegister(t *testing.T) {
	def := Def{Name: "RegisteredForTest", Params: []optimize.Decl{{Name: "N", Default: 3, Type: optimize.Int}},
		New: func(*tester.Env, []float64) (tester.Expert, error) { return idle{}, nil }}
	if err := Register(def); err != nil {
		t.Fatal(err)
	}
	got, err := Lookup("registeredfortest")
	if err != nil || got.Name != "RegisteredForTest" {
		t.Fatalf("Lookup after Register: %v, %v", got.Name, err)
	}
	// The registered constructor checks the number of inputs like a built-in's.
	if _, err := got.New(nil, []float64{1, 2}); err == nil {
		t.Error("two values for one input must be refused")
	}
	all := All()
	if all[len(all)-1].Name != "RegisteredForTest" || all[0].Name != "MovingAverage" {
		t.Errorf("All lists %v: want the built-ins first, then the registered expert", names(all))
	}
	for _, bad := range []Def{
		def, // the same name again
		{Name: "smacross", New: def.New},
		{Name: "", New: def.New},
		{Name: "NoNew"},
		{Name: "TwoInputs", New: def.New, Params: []optimize.Decl{{Name: "A"}, {Name: "A"}}},
	} {
		if err := Register(bad); err == nil || !strings.HasPrefix(err.Error(), "experts: Register") {
			t.Errorf("Register(%q): error %v, want a refusal", bad.Name, err)
		}
	}
}

func names(defs []Def) []string {
	var out []string
	for _, d := range defs {
		out = append(out, d.Name)
	}
	return out
}
