package teststand

import (
	"context"
	"fmt"
	"math"
	"sync"

	"github.com/passframes/passframes/internal/parallel"
	"github.com/passframes/passframes/optimize/methods"
)

// Config says what to rate and how.
type Config struct {
	Stand   string   // "seed" or "current" ("" means current)
	Methods []string // method names of package methods
	// Options holds option values per method name, as methods.Method.New
	// takes them.
	Options map[string]map[string]string
	Repeats int   // runs per test; 0 means the stand's
	Seed    int64 // base seed; run r of a test uses the same seed for every method
	Workers int   // runs in parallel; 0 means one per CPU
	// Batch is the number of points asked for at once; 0 means 1. Annealing
	// runs one agent per point of a batch and the genetic algorithm breeds at
	// least a batch per generation; swarm and rnd queue their populations and
	// do not depend on it.
	Batch int
}

// CurvePoints is the number of samples of a convergence curve.
const CurvePoints = 100

// job is one run: one method on one test with one seed.
type job struct {
	method, fn, size, rep int
}

// result is what a run leaves: the best at each checkpoint and the curve of
// the best, sampled every budget/CurvePoints evaluations.
type result struct {
	atCheckpoint []float64
	curve        []float64
	err          error
}

// Run rates every method of cfg on the stand, running the runs in parallel,
// and calls progress (if not nil) after each run from a single goroutine. It
// stops early with ctx's error when ctx is done.
func Run(ctx context.Context, cfg Config, progress func(done, total int)) (*Report, error) {
	stand, err := Lookup(cfg.Stand)
	if err != nil {
		return nil, err
	}
	return run(ctx, stand, cfg, progress)
}

// run rates the methods of cfg on stand (cfg.Stand is not read).
func run(ctx context.Context, stand Stand, cfg Config, progress func(done, total int)) (*Report, error) {
	var err error
	if len(cfg.Methods) == 0 {
		return nil, fmt.Errorf("test stand: no methods to rate")
	}
	ms := make([]methods.Method, len(cfg.Methods))
	for i, name := range cfg.Methods {
		if ms[i], err = methods.Lookup(name); err != nil {
			return nil, err
		}
		// Build once up front so that bad options fail before any work.
		p := stand.Problem(stand.Functions[0], stand.Params[0], stand.Budget(), cfg.Seed)
		if _, err := ms[i].New(p, cfg.Options[name]); err != nil {
			return nil, err
		}
	}
	if cfg.Repeats < 0 || cfg.Workers < 0 || cfg.Batch < 0 {
		return nil, fmt.Errorf("test stand: repeats %d, workers %d and batch %d must not be negative", cfg.Repeats, cfg.Workers, cfg.Batch)
	}
	repeats := cfg.Repeats
	if repeats == 0 {
		repeats = stand.Repeats
	}
	workers := cfg.Workers
	batch := max(cfg.Batch, 1)

	var jobs []job
	for m := range ms {
		for f := range stand.Functions {
			for s := range stand.Params {
				for r := range repeats {
					jobs = append(jobs, job{m, f, s, r})
				}
			}
		}
	}
	results := make([]result, len(jobs))

	var mu sync.Mutex // serializes progress calls
	done := 0
	err = parallel.For(ctx, len(jobs), workers, func(ctx context.Context, i int) error {
		j := jobs[i]
		results[i] = runOne(ctx, stand, ms[j.method], cfg.Options[cfg.Methods[j.method]], j, cfg.Seed, batch)
		if results[i].err != nil {
			return results[i].err
		}
		if progress != nil {
			mu.Lock()
			done++
			progress(done, len(jobs))
			mu.Unlock()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return newReport(stand, cfg.Methods, repeats, jobs, results), nil
}

// runSeed is the seed of run rep of a test: the same for every method, so
// methods meet the same random streams where they draw alike.
func runSeed(base int64, fn, size, rep int) int64 {
	h := uint64(base)*0x9e3779b97f4a7c15 + uint64(fn)<<40 + uint64(size)<<20 + uint64(rep)
	h ^= h >> 31
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 29
	return int64(h)
}

// runOne drives one optimizer through one run of a test, asking no further
// than the next checkpoint or curve sample so that both are exact.
func runOne(ctx context.Context, stand Stand, m methods.Method, opts map[string]string, j job, base int64, batch int) result {
	f := stand.Functions[j.fn]
	n := stand.Params[j.size]
	budget := stand.Budget()
	p := stand.Problem(f, n, budget, runSeed(base, j.fn, j.size, j.rep))
	opt, err := m.New(p, opts)
	if err != nil {
		return result{err: fmt.Errorf("%s on %s %d: %w", m.Name, f.Name, n, err)}
	}
	res := result{
		atCheckpoint: make([]float64, len(stand.Checkpoints)),
		curve:        make([]float64, CurvePoints),
	}
	every := max(budget/CurvePoints, 1)
	best := math.Inf(-1)
	evals, cp, cv := 0, 0, 0
	values := make([]float64, 0, batch)
	for evals < budget {
		if err := ctx.Err(); err != nil {
			return result{err: err}
		}
		next := min(stand.Checkpoints[cp], (cv+1)*every, budget)
		ask := min(batch, next-evals)
		points := opt.Ask(ask)
		if len(points) == 0 {
			break
		}
		if len(points) > ask {
			return result{err: fmt.Errorf("%s on %s %d: Ask(%d) returned %d points", m.Name, f.Name, n, ask, len(points))}
		}
		values = values[:0]
		for _, x := range points {
			v := stand.Objective(f, x)
			values = append(values, v)
			best = max(best, v)
		}
		opt.Tell(values)
		evals += len(points)
		for cp < len(stand.Checkpoints) && evals >= stand.Checkpoints[cp] {
			res.atCheckpoint[cp] = best
			cp++
		}
		for cv < CurvePoints && evals >= (cv+1)*every {
			res.curve[cv] = best
			cv++
		}
	}
	// A run that ended early keeps its best for the checkpoints not reached.
	for ; cp < len(stand.Checkpoints); cp++ {
		res.atCheckpoint[cp] = best
	}
	for ; cv < CurvePoints; cv++ {
		res.curve[cv] = best
	}
	if math.IsInf(best, -1) {
		return result{err: fmt.Errorf("%s on %s %d: no point was proposed", m.Name, f.Name, n)}
	}
	return res
}
