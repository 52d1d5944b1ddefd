package main

import (
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/experts"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/strategy"
)

func strategyFlag() cli.Flag {
	return &cli.StringFlag{Name: "strategy", Usage: "a strategy file (TOML, see docs/strategies.md) to run instead of --expert; run.json keeps its text and SHA-256", Category: catRun}
}

// chooseExpert returns the expert of --strategy FILE, or of --expert NAME
// (built-in or registered), and what run.json records about a strategy file.
func chooseExpert(c *cli.Context) (experts.Def, *frames.StrategyInfo, error) {
	path := c.String("strategy")
	if path == "" {
		def, err := experts.Lookup(c.String("expert"))
		return def, nil, err
	}
	if c.IsSet("expert") {
		return experts.Def{}, nil, errors.New("--strategy and --expert exclude each other: the strategy file is the expert")
	}
	s, err := strategy.Load(path)
	if err != nil {
		return experts.Def{}, nil, fmt.Errorf("--strategy: %w", err)
	}
	return s.Def(), s.Info(), nil
}

// objectiveFormulas reads --criterion: a criterion name, or a formula over
// the statistics and criteria, which becomes a formula criterion named by
// its own text and is recorded in run.json's formulas.
func objectiveFormulas(c *cli.Context) (map[string]string, error) {
	name := c.String("criterion")
	if _, err := criteria.ByName(name); err == nil || !criteria.IsFormula(name) {
		return nil, nil // a name (an unknown one is reported by collect)
	}
	if _, err := criteria.DefineFormula(name, name); err != nil {
		return nil, fmt.Errorf("--criterion: %w", err)
	}
	nonFiniteBefore = criteria.FormulaNonFinite()
	return map[string]string{name: name}, nil
}

// nonFiniteBefore is the count of non-finite formula values when the run's
// formula was defined.
var nonFiniteBefore int64

// warnFormulaValues tells, after the run, how many passes had a formula
// objective that was a division by zero or not finite (ranked as 0).
func warnFormulaValues(c *cli.Context) {
	if n := criteria.FormulaNonFinite() - nonFiniteBefore; n > 0 {
		fmt.Fprintf(c.App.ErrWriter, "warning: the --criterion formula was a division by zero or not finite in %d pass(es); they count as 0\n", n)
	}
}

// manifestExpert returns the expert a stored run used: its strategy rebuilt
// from the text run.json keeps, or the built-in or registered expert of its
// name. It also defines the run's formula criteria (its objective may be one).
func manifestExpert(m *frames.Manifest) (experts.Def, error) {
	if err := criteria.DefineFormulas(m.Formulas); err != nil {
		return experts.Def{}, fmt.Errorf("run.json formulas: %w", err)
	}
	if m.Strategy != nil {
		s, err := strategy.FromInfo(m.Strategy)
		if err != nil {
			return experts.Def{}, err
		}
		return s.Def(), nil
	}
	return experts.Lookup(m.Expert)
}
