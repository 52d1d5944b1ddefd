package analysis

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/stats"
)

// imported says which statistics an imported run really has: those its
// files give (import.json "statistics", for every pass) less those a file
// left empty for single passes (import.json "unavailable": statistic →
// passes; an optimization export leaves the profit factor of a pass
// without trades empty). nil: every statistic is known.
type imported struct {
	run     *[stats.Count]bool
	perPass map[int64]*[stats.Count]bool
}

// passStatistics reads what the run in dir (manifest m) really has, run-wide
// and per pass.
func passStatistics(dir string, m *frames.Manifest) (*imported, error) {
	run, err := givenStatistics(dir, m)
	if err != nil || run == nil {
		return nil, err
	}
	path := frames.Layout{Dir: dir}.Import()
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return &imported{run: run}, nil // a collected run with unavailable statistics
	}
	if err != nil {
		return nil, err
	}
	var rec struct {
		Unavailable map[string][]int64 `json:"unavailable"`
	}
	if err := json.Unmarshal(b, &rec); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	im := &imported{run: run, perPass: map[int64]*[stats.Count]bool{}}
	for name, passes := range rec.Unavailable {
		i, ok := stats.Index(name)
		if !ok {
			continue
		}
		for _, p := range passes {
			g := im.perPass[p]
			if g == nil {
				c := *run
				g = &c
				im.perPass[p] = g
			}
			g[i] = false
		}
	}
	return im, nil
}

// forPass returns the statistics pass has (nil: every one).
func (im *imported) forPass(pass int64) *[stats.Count]bool {
	if im == nil {
		return nil
	}
	if g, ok := im.perPass[pass]; ok {
		return g
	}
	return im.run
}
