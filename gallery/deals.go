package gallery

import (
	"context"

	"github.com/passframes/passframes/charts"
	"github.com/passframes/passframes/frames"
)

// DealReader reads the deals of the given passes of the run in dir (a run
// whose manifest says it stored deals), keyed by pass. It is how the gallery
// reaches the run's deals files without knowing their format: the command
// plugs in the frames package's deals reader. It returns the back and
// forward deals of the given walk-forward window (0 for other runs).
type DealReader func(ctx context.Context, dir string, window int32, passes []int64) (map[int64][]frames.Deal, error)

// dealMarks turns a pass's deals into the marks its chart draws.
func dealMarks(deals []frames.Deal) []charts.DealMark {
	if len(deals) == 0 {
		return nil
	}
	marks := make([]charts.DealMark, 0, len(deals))
	for _, d := range deals {
		if d.Window != 0 {
			continue
		}
		marks = append(marks, charts.DealMark{Time: d.Time, Buy: d.Type == "buy", Entry: d.Entry == "in"})
	}
	return marks
}
