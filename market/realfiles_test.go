package market

import (
	"bufio"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/passframes/passframes/internal/shareddata"
)

// readmeRows reads the row counts from the table in the folder's README:
// | file | format | instrument / timeframe | rows | range |. A count written
// "~3900" is approximate.
func readmeRows(t *testing.T, dir string) map[string]string {
	f, err := os.Open(filepath.Join(dir, "..", "README.md"))
	if err != nil {
		t.Skipf("no README for %s: %v", dir, err)
	}
	defer f.Close()
	rows := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cells := strings.Split(sc.Text(), "|")
		if len(cells) < 6 {
			continue
		}
		name := strings.TrimSpace(cells[1])
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			rows[name] = strings.TrimSpace(cells[4])
		}
	}
	return rows
}

func TestLoadRealFiles(t *testing.T) {
	// Bar files from public repositories, kept outside the module.
	realBars := shareddata.File(t, "bars")
	rows := readmeRows(t, realBars)
	// What each file is, as its README row says.
	want := map[string]struct{ symbol, tf string }{
		"mt5-EURUSD_H1.csv":                          {"EURUSD", "H1"},
		"mt5-GBPUSD_H1.csv":                          {"GBPUSD", "H1"},
		"mt5-US30m_H1_202401012300_202509082200.csv": {"US30m", "H1"},
		"kernc-EURUSD.csv":                           {"EURUSD", "H1"},
		"kernc-GOOG.csv":                             {"GOOG", "D1"},
		"dukascopy-EURUSD_Candlestick_1_Hour_BID_01.07.2020-15.07.2023.csv": {"EURUSD", "H1"},
		"mt-semicolon-EURUSD_M30.csv":                                       {"EURUSD", "M30"},
		"pyalgotrade-orcl-2000-yahoofinance.csv":                            {"ORCL", "D1"},
		"backtrader-nvda-1999-2014.txt":                                     {"NVDA", "D1"},
	}
	files, err := os.ReadDir(realBars)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range files {
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			s, err := Load(filepath.Join(realBars, name), LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			checkRowCount(t, s.Len(), rows[name])
			if w, ok := want[name]; ok && (s.Symbol != w.symbol || s.Timeframe.Name != w.tf) {
				t.Errorf("got %s %s, want %s %s", s.Symbol, s.Timeframe, w.symbol, w.tf)
			}
			for i := 1; i < s.Len(); i++ {
				if s.Time[i] <= s.Time[i-1] {
					t.Fatalf("bar %d is not after bar %d", i, i-1)
				}
			}
			if strings.HasPrefix(name, "mt5-") && s.Spread == nil {
				t.Error("MT5 export loaded without its spread column")
			}
		})
	}
}

// checkRowCount compares n with a README count: exact, or within 5% when
// written "~N".
func checkRowCount(t *testing.T, n int, readme string) {
	t.Helper()
	approx := strings.HasPrefix(readme, "~")
	want, err := strconv.Atoi(strings.TrimPrefix(readme, "~"))
	if err != nil {
		t.Errorf("README has no row count (%q); loaded %d bars", readme, n)
		return
	}
	if approx && math.Abs(float64(n-want)) > 0.05*float64(want) || !approx && n != want {
		t.Errorf("loaded %d bars, README says %s", n, readme)
	}
}
