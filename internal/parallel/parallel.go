// Package parallel runs independent pieces of work on a bounded number of
// goroutines with cancellation and first-error semantics: the one worker
// pool of the project.
package parallel

import (
	"context"
	"runtime"

	"golang.org/x/sync/errgroup"
)

// Workers is n when n ≥ 1, and the number of usable CPUs otherwise.
func Workers(n int) int {
	if n >= 1 {
		return n
	}
	return runtime.GOMAXPROCS(0)
}

// For calls fn(ctx, i) for every i in [0, n) on at most workers goroutines
// (Workers decides for workers < 1). The first error cancels the context the
// others see and is returned; no new call starts after it, or after ctx is
// done (ctx's error is then returned).
func For(ctx context.Context, n, workers int, fn func(ctx context.Context, i int) error) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(Workers(workers))
	for i := 0; i < n; i++ {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error { return fn(gctx, i) })
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return ctx.Err()
}
