package frames

import (
	"fmt"
	"path/filepath"
)

// Layout names every file and folder of a run directory. It is the one place
// that knows the run's file names: stages ask it for a path instead of
// joining names of their own.
type Layout struct {
	Dir string // the run directory
}

// File and folder names inside a run directory.
const (
	FramesDirName    = "frames"
	DealsDirName     = "deals"
	ChartsDirName    = "charts"
	ManifestFileName = "run.json"
	AnalysisFileName = "analysis.parquet"
	StepsFileName    = "optimizer.parquet"
	ImportFileName   = "import.json"
	ReportedFileName = "reported.json"
	PageFileName     = "index.html"
)

// Manifest is the path of run.json.
func (l Layout) Manifest() string { return filepath.Join(l.Dir, ManifestFileName) }

// Frames is the folder of the frames' part files.
func (l Layout) Frames() string { return filepath.Join(l.Dir, FramesDirName) }

// Deals is the folder of the deals' part files (written with collect --deals).
func (l Layout) Deals() string { return filepath.Join(l.Dir, DealsDirName) }

// Charts is the folder plot writes the run's charts and page into by default.
func (l Layout) Charts() string { return filepath.Join(l.Dir, ChartsDirName) }

// Analysis is the path of the analysis table.
func (l Layout) Analysis() string { return filepath.Join(l.Dir, AnalysisFileName) }

// Steps is the path of the optimizer's step record of shard (−1: unsplit run).
func (l Layout) Steps(shard int) string {
	if shard < 0 {
		return filepath.Join(l.Dir, StepsFileName)
	}
	return filepath.Join(l.Dir, fmt.Sprintf("optimizer-s%d.parquet", shard))
}

// Import is the path of an imported run's import record.
func (l Layout) Import() string { return filepath.Join(l.Dir, ImportFileName) }

// Reported is the path of the statistics an imported report printed.
func (l Layout) Reported() string { return filepath.Join(l.Dir, ReportedFileName) }

// Lock is the lock file a writer of shard (−1: an unsplit run) holds while
// it writes: two writers of one run and shard never run at once.
func (l Layout) Lock(shard int) string {
	if shard < 0 {
		return filepath.Join(l.Dir, ".lock")
	}
	return filepath.Join(l.Dir, fmt.Sprintf(".lock-s%d", shard))
}
