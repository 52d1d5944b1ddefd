package mt5

import (
	"path/filepath"
	"testing"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/stats"
)

// realReports is where the shared MT5 reports live; the test skips when
// they are absent.
const realReports = "/work/shared/data/mt5-reports"

// TestRealReports imports the real MT5 reports and checks our statistics
// against the printed ones: every statistic defined the same way must
// agree to the printed precision; the others are listed.
func TestRealReports(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(realReports, "*.html"))
	if len(paths) == 0 {
		t.Skip("no real reports in " + realReports)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			out := t.TempDir()
			dirs, err := Import([]string{path}, out, frames.New)
			if err != nil {
				t.Fatal(err)
			}
			diffs, err := CompareReported(dirs[0])
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range diffs {
				t.Logf("%-22s ours %-12.6g printed %-12.6g %s", d.Name, d.Ours, d.Printed, d.Note)
				if d.Note == "" {
					t.Errorf("%s: ours %v, printed %v, and they are defined the same", d.Name, d.Ours, d.Printed)
				}
			}
			info, err := ReadImportInfo(dirs[0])
			if err != nil || info.Kind != "mt5-report" {
				t.Fatalf("import info %+v, %v", info, err)
			}
			ds, err := frames.Open(dirs[0])
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			ds.Scan(func(f *frames.Frame) error {
				n++
				last := f.Balance[len(f.Balance)-1]
				if d := last - f.Stats[stats.InitialDeposit] - f.Stats[stats.Profit]; d > 1e-6 || d < -1e-6 {
					t.Errorf("last balance point %v − deposit ≠ profit %v", last, f.Stats[stats.Profit])
				}
				return nil
			})
			if n != 1 {
				t.Errorf("%d frames, want 1", n)
			}
		})
	}
}
