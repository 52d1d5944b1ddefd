package teststand

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/passframes/passframes/internal/atomicfile"
)

// Report is the rating of every method on one stand.
type Report struct {
	Stand   Stand
	Repeats int
	Methods []MethodResult
}

// MethodResult is one optimizer's row of the rating table.
type MethodResult struct {
	Optimizer string       `json:"optimizer"`
	Tests     []TestResult `json:"tests"`
	// Final is the sum of the test results (current stand) or their mean
	// (seed stand); Percent is Final as a percentage of its maximum.
	Final   float64 `json:"final"`
	Percent float64 `json:"percent"`
	Curves  []Curve `json:"-"`
}

// TestResult is one scaled result: the best value after Evaluations
// evaluations, averaged over the runs and scaled to [0, 1].
type TestResult struct {
	Function    string  `json:"function"`
	Parameters  int     `json:"parameters"`
	Evaluations int     `json:"evaluations"`
	Result      float64 `json:"result"`
}

// Curve is the convergence of one optimizer on one test: the scaled best,
// averaged over the runs, after every Every evaluations.
type Curve struct {
	Function   string
	Parameters int
	Every      int
	Best       []float64
}

func newReport(stand Stand, names []string, repeats int, jobs []job, results []result) *Report {
	r := &Report{Stand: stand, Repeats: repeats}
	every := max(stand.Budget()/CurvePoints, 1)
	for m, name := range names {
		mr := MethodResult{Optimizer: name}
		for fi, f := range stand.Functions {
			for si, n := range stand.Params {
				cps := make([]float64, len(stand.Checkpoints))
				curve := make([]float64, CurvePoints)
				for i, j := range jobs {
					if j.method != m || j.fn != fi || j.size != si {
						continue
					}
					for c, v := range results[i].atCheckpoint {
						cps[c] += v / float64(repeats)
					}
					for c, v := range results[i].curve {
						curve[c] += v / float64(repeats)
					}
				}
				for c, v := range cps {
					mr.Tests = append(mr.Tests, TestResult{
						Function: f.Name, Parameters: n, Evaluations: stand.Checkpoints[c],
						Result: stand.Score(f, v),
					})
				}
				for c, v := range curve {
					curve[c] = stand.Score(f, v)
				}
				mr.Curves = append(mr.Curves, Curve{Function: f.Name, Parameters: n, Every: every, Best: curve})
			}
		}
		for _, t := range mr.Tests {
			mr.Final += t.Result
		}
		if !stand.PairScaling {
			mr.Final /= float64(len(mr.Tests))
		}
		mr.Percent = 100 * mr.Final / stand.MaxFinal()
		r.Methods = append(r.Methods, mr)
	}
	return r
}

// result returns the scaled result of a test.
func (m MethodResult) result(fn string, params, evals int) float64 {
	for _, t := range m.Tests {
		if t.Function == fn && t.Parameters == params && t.Evaluations == evals {
			return t.Result
		}
	}
	return 0
}

// WriteTable prints the rating in the layout of the published tables: per
// function and size the scaled result, then the final score. On the seed
// stand every optimizer has one row per checkpoint (1,000 and 10,000
// evaluations) and the final score on its first row; on the current stand
// one row with a total per function, the final sum and its percentage of 9.
func (r *Report) WriteTable(w io.Writer) error {
	s := r.Stand
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "test stand %q: %d runs per test, %d evaluations per run\n\n", s.Name, r.Repeats, s.Budget())
	head := []string{"optimizer"}
	if !s.PairScaling {
		head = append(head, "evaluations")
	}
	for _, f := range s.Functions {
		for _, n := range s.Params {
			head = append(head, fmt.Sprintf("%s %d", f.Name, n))
		}
		if s.PairScaling {
			head = append(head, f.Name+" total")
		}
	}
	head = append(head, "final", "% of max")
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for _, m := range r.Methods {
		for c, evals := range s.Checkpoints {
			row := []string{""}
			if c == 0 {
				row[0] = m.Optimizer
			}
			if !s.PairScaling {
				row = append(row, fmt.Sprint(evals))
			}
			for _, f := range s.Functions {
				total := 0.0
				for _, n := range s.Params {
					v := m.result(f.Name, n, evals)
					total += v
					row = append(row, fmt.Sprintf("%.5f", v))
				}
				if s.PairScaling {
					row = append(row, fmt.Sprintf("%.5f", total))
				}
			}
			if c == 0 {
				row = append(row, fmt.Sprintf("%.5f", m.Final), fmt.Sprintf("%.2f", m.Percent))
			} else {
				row = append(row, "", "")
			}
			fmt.Fprintln(tw, strings.Join(row, "\t"))
		}
	}
	return tw.Flush()
}

// WriteJSON writes the rating as a JSON list, one object per optimizer.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r.Methods)
}

// WriteConvergencePNGs draws one PNG per function into dir (created if
// missing), named <stand>-<function>.png: a panel per number of parameters,
// the scaled best against evaluations, one line per optimizer.
func (r *Report) WriteConvergencePNGs(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("convergence charts: %w", err)
	}
	for _, f := range r.Stand.Functions {
		path := filepath.Join(dir, fmt.Sprintf("%s-%s.png", r.Stand.Name, strings.ToLower(f.Name)))
		if err := r.drawFunction(f, path); err != nil {
			return fmt.Errorf("convergence chart %s: %w", path, err)
		}
	}
	return nil
}

func (r *Report) drawFunction(f Function, path string) error {
	panels := make([][]*plot.Plot, 1)
	for _, n := range r.Stand.Params {
		p := plot.New()
		p.Title.Text = fmt.Sprintf("%s, %d parameters", f.Name, n)
		p.X.Label.Text = "evaluations"
		p.Y.Label.Text = fmt.Sprintf("best, scaled (mean of %d runs)", r.Repeats)
		p.Y.Min, p.Y.Max = 0, 1
		p.Legend.Top = false
		p.Legend.Left = false
		p.Add(plotter.NewGrid())
		for i, m := range r.Methods {
			c := m.curve(f.Name, n)
			if c == nil {
				continue
			}
			pts := make(plotter.XYs, len(c.Best))
			for k, v := range c.Best {
				pts[k].X = float64((k + 1) * c.Every)
				pts[k].Y = v
			}
			line, err := plotter.NewLine(pts)
			if err != nil {
				return err
			}
			line.Color = plotutil.Color(i)
			line.Dashes = plotutil.Dashes(i / len(plotutil.DefaultColors))
			line.Width = vg.Points(1.5)
			p.Add(line)
			p.Legend.Add(m.Optimizer, line)
		}
		panels[0] = append(panels[0], p)
	}
	img := vgimg.New(vg.Points(400*float64(len(panels[0]))), vg.Points(360))
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: 1, Cols: len(panels[0]), PadX: vg.Points(10), PadY: vg.Points(10),
		PadTop: vg.Points(5), PadBottom: vg.Points(5), PadLeft: vg.Points(5), PadRight: vg.Points(10)}
	canvases := plot.Align(panels, tiles, dc)
	for j, p := range panels[0] {
		p.Draw(canvases[0][j])
	}
	return atomicfile.Write(path, func(w io.Writer) error {
		_, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(w)
		return err
	})
}

func (m MethodResult) curve(fn string, params int) *Curve {
	for i := range m.Curves {
		if m.Curves[i].Function == fn && m.Curves[i].Parameters == params {
			return &m.Curves[i]
		}
	}
	return nil
}
