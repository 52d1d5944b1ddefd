package mt5

import (
	"fmt"
	"io"
	"slices"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/optimize"
)

// ExportSet writes one pass's inputs as an MT5 .set file (optimize.WriteSet)
// that a trader loads into MT5's tester: space gives each parameter's name,
// type, range and optimize flag, values the pass's value of each, in the
// same order (a frame's Params when space is its run's manifest Space).
// Ranges and flags are kept, so the file also restarts an optimization
// around the pass.
func ExportSet(w io.Writer, space []optimize.Param, values []float64) error {
	if len(values) != len(space) {
		return fmt.Errorf("export set: %d values for %d parameters", len(values), len(space))
	}
	params := slices.Clone(space)
	for i := range params {
		params[i].Value = values[i]
	}
	return optimize.WriteSet(w, params)
}

// ExportPass writes the .set file of the back frame of pass in the run in
// runDir (collected or imported). Parameters are matched to the dataset's
// columns by name; a column the manifest's space does not describe is
// written as a fixed input of the column's type.
func ExportPass(w io.Writer, runDir string, pass int64) error {
	ds, err := frames.Open(runDir)
	if err != nil {
		return err
	}
	var values []float64
	found := false
	err = ds.Scan(func(f *frames.Frame) error {
		if !found && f.Pass == pass && f.Period == frames.Back {
			values, found = slices.Clone(f.Params), true
		}
		return nil
	})
	if err != nil {
		return err
	}
	if !found {
		return fmt.Errorf("%s: no back frame of pass %d", runDir, pass)
	}
	return ExportSet(w, spaceOf(ds.Manifest), values)
}

// spaceOf returns one parameter per column of m, from m.Space where it
// describes the column.
func spaceOf(m *frames.Manifest) []optimize.Param {
	out := make([]optimize.Param, len(m.Columns))
	space := optimize.FromManifest(m.Space)
	for i, c := range m.Columns {
		j := slices.IndexFunc(space, func(p optimize.Param) bool { return p.Name == c.Name })
		if j >= 0 {
			out[i] = space[j]
			continue
		}
		out[i] = optimize.Param{Name: c.Name, Type: optimize.Double}
		if c.Integer {
			out[i].Type, out[i].Step = optimize.Int, 1
		}
	}
	return out
}
