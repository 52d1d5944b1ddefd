package main

import (
	"fmt"
	"maps"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/frames"
)

func formulaFlag() cli.Flag {
	return &cli.StringSliceFlag{Name: "formula", Usage: "add a formula criterion NAME=EXPR over the statistics and criteria (repeatable), e.g. 'pf=(gross_profit - 1/(trades+1)) / -(gross_loss - 1/(trades+1))'; it is saved in run.json, so later analyze and plot rank it without the flag"}
}

// flagFormulas parses every --formula NAME=EXPR and defines them, so that
// --sort can name one.
func flagFormulas(c *cli.Context) (map[string]string, error) {
	out := map[string]string{}
	for _, spec := range c.StringSlice("formula") {
		name, text, ok := strings.Cut(spec, "=")
		if !ok || strings.TrimSpace(name) == "" || strings.TrimSpace(text) == "" {
			return nil, fmt.Errorf("--formula %q: want NAME=EXPR", spec)
		}
		name = strings.TrimSpace(name)
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("--formula %s is given twice", name)
		}
		if _, err := criteria.DefineFormula(name, text); err != nil {
			return nil, fmt.Errorf("--formula %s: %w", name, err)
		}
		out[name] = strings.TrimSpace(text)
	}
	return out, nil
}

// useRunFormulas defines the formulas of the run in dir (its run.json)
// together with the --formula ones, saves new --formula ones into run.json,
// and returns a function that reports, after the analysis, how many formula
// values were not finite numbers and were ranked as 0.
func useRunFormulas(c *cli.Context, dir string) (func(), error) {
	given, err := flagFormulas(c)
	if err != nil {
		return nil, err
	}
	m, err := frames.ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	criteria.ResetFormulas()
	if err := criteria.DefineFormulas(m.Formulas); err != nil {
		return nil, fmt.Errorf("%s: run.json: %w", dir, err)
	}
	if err := criteria.DefineFormulas(given); err != nil {
		return nil, fmt.Errorf("--formula: %s: %w (the run's run.json defines it otherwise)", dir, err)
	}
	if len(given) > 0 && !c.Bool("no-table") {
		if m.Formulas == nil {
			m.Formulas = map[string]string{}
		}
		before := len(m.Formulas)
		maps.Copy(m.Formulas, given)
		if len(m.Formulas) != before {
			if err := frames.WriteManifest(dir, m); err != nil {
				return nil, err
			}
		}
	}
	start := criteria.FormulaNonFinite()
	return func() {
		if n := criteria.FormulaNonFinite() - start; n > 0 {
			fmt.Fprintf(c.App.ErrWriter, "warning: %s: %d formula value(s) were a division by zero or not finite and count as 0\n", dir, n)
		}
	}, nil
}

// preloadFormulas defines the formulas of every run to analyze and of
// --formula before the flags are checked, so that --sort may name any of
// them; each run is then analyzed with its own (useRunFormulas).
func preloadFormulas(c *cli.Context, dirs []string) error {
	criteria.ResetFormulas()
	for _, dir := range dirs {
		if m, err := frames.ReadManifest(dir); err == nil {
			for name, text := range m.Formulas {
				_, _ = criteria.DefineFormula(name, text) // a clash between runs is settled per run
			}
		}
	}
	_, err := flagFormulas(c)
	return err
}
