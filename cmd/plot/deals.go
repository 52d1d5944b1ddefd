package main

import (
	"context"
	"errors"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/gallery"
)

// readDeals reads the stored deals of the given passes (of one window, both
// periods) for the marks on their charts. A run without stored deals has
// no marks.
var readDeals gallery.DealReader = func(ctx context.Context, dir string, window int32, passes []int64) (map[int64][]frames.Deal, error) {
	want := make(map[int64]bool, len(passes))
	for _, p := range passes {
		want[p] = true
	}
	out := map[int64][]frames.Deal{}
	err := frames.ScanDeals(dir, func(d *frames.Deal) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.Window == window && want[d.Pass] {
			out[d.Pass] = append(out[d.Pass], *d)
		}
		return nil
	})
	if errors.Is(err, frames.ErrNoDealsStored) {
		return nil, nil
	}
	return out, err
}
