package collect

import (
	"io"
	"sort"

	"github.com/parquet-go/parquet-go"

	"github.com/passframes/passframes/internal/atomicfile"
	"github.com/passframes/passframes/optimize"
)

// StepsName is the file, in the run directory, that records the optimizer's
// state after every batch, so its convergence can be drawn.
const StepsName = "optimizer.parquet"

type stepRow struct {
	Step        int64              `parquet:"step"`
	Evaluations int64              `parquet:"evaluations"`
	Best        float64            `parquet:"best"` // best objective so far
	Extra       map[string]float64 `parquet:"extra"`
}

// writeSteps records the optimizer's states; minimize says the objective is
// minimized, so the optimizer saw it negated and "best" is turned back.
func writeSteps(path string, steps []optimize.State, minimize bool) error {
	rows := make([]stepRow, len(steps))
	for i, s := range steps {
		best := s.Best
		if len(s.BestPoint) == 0 {
			best = 0 // nothing evaluated yet: no -MaxFloat in a file
		} else if minimize {
			best = -best
		}
		rows[i] = stepRow{Step: int64(i + 1), Evaluations: int64(s.Evaluations), Best: best, Extra: map[string]float64{}}
		keys := make([]string, 0, len(s.Extra))
		for k := range s.Extra {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			rows[i].Extra[k] = s.Extra[k]
		}
	}
	return atomicfile.Write(path, func(w io.Writer) error {
		pw := parquet.NewGenericWriter[stepRow](w)
		if _, err := pw.Write(rows); err != nil {
			return err
		}
		return pw.Close()
	})
}
