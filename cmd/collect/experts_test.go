package main

import (
	"encoding/json"
	"testing"

	"github.com/passframes/passframes/experts"
	"github.com/passframes/passframes/internal/testrun"
)

func TestExpertsJSON(t *testing.T) {
	out, errOut, code := testrun.RunApp(t, t.TempDir(), "collect", newApp(), "experts", "--format", "json")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got []expertJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not one JSON array: %v\n%s", err, out)
	}
	all := experts.All()
	if len(got) != len(all) {
		t.Fatalf("%d experts, want %d", len(got), len(all))
	}
	for i, d := range all {
		if got[i].Name != d.Name || len(got[i].Inputs) != len(d.Params) {
			t.Errorf("expert %d: %+v", i, got[i])
		}
		for k, p := range d.Params {
			if in := got[i].Inputs[k]; in.Name != p.Name || in.Default != p.Default || in.Type != p.Type.String() {
				t.Errorf("%s input %d: %+v", d.Name, k, in)
			}
		}
	}
	if _, errOut, code := testrun.RunApp(t, t.TempDir(), "collect", newApp(), "experts", "--format", "xml"); code != 2 || errOut == "" {
		t.Errorf("--format xml: exit %d", code)
	}
	if out, _, code := testrun.RunApp(t, t.TempDir(), "collect", newApp(), "experts"); code != 0 || out == "" {
		t.Errorf("text list: exit %d", code)
	}
}
