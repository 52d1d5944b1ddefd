package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/passframes/passframes/analysis"
	"github.com/passframes/passframes/charts"
	"github.com/passframes/passframes/criteria"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/overfit"
)

// overfitFlags are analyze's options of the overfitting statistics.
func overfitFlags() []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "overfit", Usage: "add the overfitting statistics: PBO by CSCV, Deflated and Probabilistic Sharpe Ratio, minimum track record (docs/overfit.md); writes charts/overfit/ in the run directory"},
		&cli.StringFlag{Name: "overfit-step", Value: "1d", Usage: "grid step of the returns matrix: 1d, 1w, 4h, 30m, ...",
			Action: func(_ *cli.Context, s string) error {
				if _, err := overfit.ParseStep(s); err != nil {
					return fmt.Errorf("--overfit-step: %w", err)
				}
				return nil
			}},
		&cli.IntFlag{Name: "overfit-blocks", Value: overfit.DefaultBlocks, Usage: fmt.Sprintf("CSCV blocks S, even, %d to %d; the splits are C(S, S/2): 12,870 for 16", overfit.MinBlocks, overfit.MaxBlocks),
			Action: func(_ *cli.Context, s int) error {
				if s%2 != 0 || s < overfit.MinBlocks || s > overfit.MaxBlocks {
					return fmt.Errorf("--overfit-blocks %d: want an even number from %d to %d", s, overfit.MinBlocks, overfit.MaxBlocks)
				}
				return nil
			}},
		&cli.StringFlag{Name: "overfit-period", Value: overfit.PeriodBack, Usage: "returns of the back period, or of both periods back to back: back or both",
			Action: func(_ *cli.Context, s string) error {
				if s != overfit.PeriodBack && s != overfit.PeriodBoth {
					return fmt.Errorf("--overfit-period %q: want back or both", s)
				}
				return nil
			}},
	}
}

// runOverfit computes the overfitting report of a run (nil without
// --overfit) and writes charts/overfit/: overfit.json and the two charts of
// every criterion CSCV could rank.
func runOverfit(c *cli.Context, dir string, ds *frames.Dataset, res *analysis.Result) (*overfit.Report, error) {
	if !c.Bool("overfit") {
		return nil, nil
	}
	step, err := overfit.ParseStep(c.String("overfit-step"))
	if err != nil {
		return nil, fmt.Errorf("--overfit-step: %w", err)
	}
	names := []string{"profit", "sharpe_ratio"}
	best := map[string]int64{}
	for k, crit := range res.Criteria {
		if b := res.Best(k); b >= 0 {
			best[crit.Name] = res.Passes[b].Pass
		}
		if crit.Kind != criteria.KindStatistic || (c.Bool("all") && crit.Name != "profit" && crit.Name != "sharpe_ratio") {
			names = append(names, crit.Name)
		}
	}
	rep, err := overfit.Run(c.Context, ds, overfit.BuildOptions{Step: step, Period: c.String("overfit-period"), Workers: c.Int("workers")},
		overfit.Options{Blocks: c.Int("overfit-blocks"), Criteria: names, Best: best, Workers: c.Int("workers")})
	switch {
	case errors.Is(err, overfit.ErrGridTooFine):
		return nil, fmt.Errorf("%s: --overfit-step: %w", dir, err)
	case errors.Is(err, overfit.ErrNoForward):
		return nil, fmt.Errorf("%s: --overfit-period: %w", dir, err)
	case err != nil:
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	if !c.Bool("no-table") {
		if err := writeOverfitFiles(filepath.Join(frames.Layout{Dir: dir}.Charts(), "overfit"), rep); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// Size of the overfitting charts.
const overfitWidth, overfitHeight = 1000, 600

// writeOverfitFiles writes overfit.json and the charts into folder, and
// removes charts an earlier analysis left there that this one did not draw.
func writeOverfitFiles(folder string, rep *overfit.Report) error {
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return err
	}
	written := map[string]bool{}
	write := func(name string, fn func(io.Writer) error) error {
		written[name] = true
		return charts.WriteFileAtomic(filepath.Join(folder, name), fn)
	}
	if err := write("overfit.json", func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}); err != nil {
		return err
	}
	for i := range rep.Criteria {
		row := &rep.Criteria[i]
		if row.PBO == nil {
			continue
		}
		h := &charts.LogitHistogram{Criterion: row.Criterion, PBO: *row.PBO, Edges: row.Histogram.Edges, Counts: row.Histogram.Counts}
		if err := write(row.Criterion+"-logit.png", func(w io.Writer) error {
			return charts.RenderLogitHistogram(h, w, overfitWidth, overfitHeight)
		}); err != nil {
			return err
		}
		d := &charts.Degradation{Criterion: row.Criterion, IS: row.IS, OOS: row.OOS, HasLine: row.DegradationSlope != nil}
		if d.HasLine {
			d.Slope, d.Intercept = *row.DegradationSlope, *row.DegradationIntercept
		}
		if err := write(row.Criterion+"-degradation.png", func(w io.Writer) error {
			return charts.RenderDegradation(d, w, overfitWidth, overfitHeight)
		}); err != nil {
			return err
		}
	}
	old, _ := filepath.Glob(filepath.Join(folder, "*.png"))
	for _, p := range old {
		if !written[filepath.Base(p)] {
			os.Remove(p)
		}
	}
	return nil
}

// writeReport prints the analysis report and, with --overfit, the
// overfitting section in the same format; in JSON each best row gains the
// criterion's figures and the whole report comes as "overfit".
func writeOverfitSection(w io.Writer, format string, ov *overfit.Report) error {
	if ov == nil {
		return nil
	}
	fmt.Fprintln(w)
	switch format {
	case "markdown", "md":
		fmt.Fprintf(w, "**%s**\n\n| %s |\n|%s\n", overfitTitle(ov), strings.Join(overfitHeader, " | "), strings.Repeat("---|", len(overfitHeader)))
		for i := range ov.Criteria {
			fmt.Fprintf(w, "| %s |\n", strings.Join(overfitCells(&ov.Criteria[i]), " | "))
		}
		return nil
	}
	fmt.Fprintln(w, overfitTitle(ov))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, strings.Join(overfitHeader[:len(overfitHeader)-1], "\t")+"\t")
	var notes []string
	for i := range ov.Criteria {
		cells := overfitCells(&ov.Criteria[i])
		fmt.Fprintln(tw, strings.Join(cells[:len(cells)-1], "\t")+"\t")
		if note := cells[len(cells)-1]; note != "" {
			notes = append(notes, ov.Criteria[i].Criterion+": "+note)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(notes) > 0 {
		fmt.Fprintln(w, "\n"+strings.Join(notes, "\n"))
	}
	return nil
}

// attachOverfit puts the overfitting report into rep: whole, and each
// criterion's figures beside its best pass, so json and csv carry them.
func attachOverfit(rep *analysis.Report, ov *overfit.Report) {
	if ov == nil {
		return
	}
	rep.Overfit = ov
	for i := range rep.Best {
		if r := ov.Row(rep.Best[i].Criterion); r != nil {
			rep.Best[i].OverfitFigures = &analysis.OverfitFigures{PBO: r.PBO, DSR: r.DSR, PSR: r.PSR,
				MinTrackRecord: r.MinTrackRecord, OOSLossProbability: r.OOSLossProbability, DegradationSlope: r.DegradationSlope}
		}
	}
}

// addMetadata leaves the overfitting report and the run's formula criteria
// in the analysis table's metadata, for notebooks and later stages.
func addMetadata(res *analysis.Result, ov *overfit.Report) error {
	meta := map[string]string{}
	for k, v := range res.Options.Metadata {
		meta[k] = v
	}
	if ov != nil {
		v, err := overfit.MetadataValue(ov)
		if err != nil {
			return err
		}
		meta[overfit.MetadataKey] = v
	}
	if len(res.Manifest.Formulas) > 0 {
		b, err := json.Marshal(res.Manifest.Formulas)
		if err != nil {
			return err
		}
		meta["passframes.formulas"] = string(b)
	}
	if len(meta) > 0 {
		res.Options.Metadata = meta
	}
	return nil
}

func overfitTitle(ov *overfit.Report) string {
	period := "the back period"
	if ov.Period == overfit.PeriodBoth {
		period = "the back and forward periods"
	}
	t := fmt.Sprintf("Overfitting: CSCV over %d passes × %d returns (%s grid over %s; %d of %d steps had a move), %d blocks, %d splits",
		ov.Passes, ov.Steps, ov.Step, period, ov.Steps, ov.GridSteps, ov.Blocks, ov.Splits)
	t += fmt.Sprintf("\nDSR: %d trials, %.1f effective (mean correlation %.2f); Sharpe ratios' variance %.3g; E[max SR] %.4f (effective %.4f) per step",
		ov.Passes, ov.EffectiveTrials, ov.MeanCorrelation, ov.SharpeVariance, ov.ExpectedMaxSharpe, ov.ExpectedMaxSharpeEffective)
	if ov.NoPoints > 0 || ov.NoForward > 0 {
		t += fmt.Sprintf("\nleft out: %d passes without balance points, %d without a forward pass", ov.NoPoints, ov.NoForward)
	}
	return t
}

var overfitHeader = []string{"criterion", "pbo", "logit_mean", "degradation_slope", "oos_loss_probability",
	"pass", "sharpe", "psr", "dsr", "dsr_effective", "min_track_record", "note"}

func overfitCells(r *overfit.Row) []string {
	f := func(v *float64, decimals int) string {
		if v == nil {
			return "-"
		}
		return strconv.FormatFloat(*v, 'f', decimals, 64)
	}
	pass := "-"
	if r.Pass != nil {
		pass = strconv.FormatInt(*r.Pass, 10)
	}
	var notes []string
	if r.PBOUnavailable != "" {
		notes = append(notes, "no PBO: "+r.PBOUnavailable)
	}
	if r.DSRUnavailable != "" {
		notes = append(notes, "no DSR: "+r.DSRUnavailable)
	}
	return []string{r.Criterion, f(r.PBO, 2), f(r.LogitMean, 2), f(r.DegradationSlope, 3), f(r.OOSLossProbability, 2),
		pass, f(r.Sharpe, 4), f(r.PSR, 3), f(r.DSR, 3), f(r.DSREffective, 3), f(r.MinTrackRecord, 0), strings.Join(notes, "; ")}
}
