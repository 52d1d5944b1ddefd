package gallery

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/passframes/passframes/charts"
	"github.com/passframes/passframes/frames"
)

// ErrOtherRun is returned (wrapped, naming the folder) when the folder the
// charts would go to holds the page of another run: plotting there would
// replace that run's charts.
var ErrOtherRun = errors.New("holds the charts of another run")

// ChartsDir is the folder a run's charts go to: <run_dir>/charts when out is
// empty, else out/<name of the run directory>, so that the charts of two runs
// never share a folder.
func ChartsDir(runDir, out string) string {
	if out == "" {
		return frames.Layout{Dir: runDir}.Charts()
	}
	abs, err := filepath.Abs(runDir)
	if err != nil {
		abs = runDir
	}
	return filepath.Join(out, filepath.Base(abs))
}

// RunID identifies a run for its page: a digest of when and from what it was
// made, which survives moving the run directory.
func RunID(m *frames.Manifest) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00%s", m.Created.UTC().Format(time.RFC3339Nano),
		m.Expert, m.Symbol, m.Timeframe, m.Data.SHA256, m.Source)
	return hex.EncodeToString(h.Sum(nil))[:24]
}

// claim checks that dir may receive the charts of the run id: it holds no
// page, or the page of that run. A page of another run, or a folder with
// charts but a page plot cannot place, is refused.
func claim(dir, id string) error {
	page, err := os.ReadFile(filepath.Join(dir, frames.PageFileName))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if got := charts.PageRunID(page); got != id {
		return fmt.Errorf("%s %w (its %s was not made for this run)", dir, ErrOtherRun, frames.PageFileName)
	}
	return nil
}

// removeTemps deletes the temporary files a killed plot left in dir: the
// hidden ".<name>.<random>.tmp" files that atomic writes rename into place.
func removeTemps(dir string) error {
	old, err := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	if err != nil {
		return err
	}
	for _, f := range old {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

// removeStale deletes charts a previous plot of the same run left in the
// folder that this one did not write (their names carry profits and ranks
// that changed). Subfolders (walk-forward, overfitting) belong to other
// stages and are left alone.
func removeStale(out *Output) error {
	keep := map[string]bool{}
	for _, f := range append(append([]string(nil), out.Charts...), out.Overview...) {
		keep[f] = true
	}
	old, _ := filepath.Glob(filepath.Join(out.Dir, "*.png"))
	for _, f := range old {
		if !keep[filepath.Base(f)] {
			if err := os.Remove(f); err != nil {
				return err
			}
		}
	}
	return nil
}
