package main

import (
	"encoding/json"

	"github.com/urfave/cli/v2"

	"github.com/passframes/passframes/experts"
	"github.com/passframes/passframes/internal/cliutil"
)

// expertsCommand lists the built-in experts, as text or as one JSON array.
func expertsCommand() *cli.Command {
	return &cli.Command{
		Name:  "experts",
		Usage: "list the built-in experts and their inputs",
		Flags: []cli.Flag{&cli.StringFlag{Name: "format", Value: "table", Usage: "table or json"}},
		Action: func(c *cli.Context) error {
			switch c.String("format") {
			case "table":
				return listExperts(c)
			case "json":
				return writeExpertsJSON(c)
			}
			return cliutil.Usagef("--format %q: want table or json", c.String("format"))
		},
	}
}

// expertJSON is one expert in `collect experts --format json`.
type expertJSON struct {
	Name           string      `json:"name"`
	Description    string      `json:"description"`
	Inputs         []inputJSON `json:"inputs"`
	Demo           []string    `json:"demo_grid"`
	DemoConstraint string      `json:"demo_constraint,omitempty"`
}

type inputJSON struct {
	Name    string  `json:"name"`
	Type    string  `json:"type"`
	Default float64 `json:"default"`
}

func writeExpertsJSON(c *cli.Context) error {
	out := []expertJSON{}
	for _, d := range experts.All() {
		e := expertJSON{Name: d.Name, Description: d.Description, Inputs: []inputJSON{}, Demo: d.Demo, DemoConstraint: d.DemoConstraint}
		for _, p := range d.Params {
			e.Inputs = append(e.Inputs, inputJSON{Name: p.Name, Type: p.Type.String(), Default: p.Default})
		}
		out = append(out, e)
	}
	enc := json.NewEncoder(c.App.Writer)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
