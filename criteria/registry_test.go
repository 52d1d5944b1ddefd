package criteria

import (
	"bytes"
	"strings"
	"testing"

	"github.com/passframes/passframes/stats"
)

func TestRegistryOrder(t *testing.T) {
	all := All()
	custom := []string{"r2", "profit_stability", "tssf", "linear_factor", "equity_rel",
		"c_recovery_factor", "c_recovery_factor_r2", "profit_r2", "profit_r2_err",
		"profit_R_equity_r2", "profit_equity_R_r2", "profit_equity_r2_R"}
	if want := len(custom) + 7 + 6 + stats.Count; len(all) != want {
		t.Fatalf("All() has %d criteria, want %d", len(all), want)
	}
	for i, name := range custom {
		if c := all[i]; c.Name != name || c.Kind != KindCustom || c.Direction != Max {
			t.Errorf("All()[%d] = %s (%s, %s), want custom max %s", i, c.Name, c.Kind, c.Direction, name)
		}
	}
	if c := all[len(custom)]; c.Name != "profit_x_profit_factor" || c.Kind != KindComposite {
		t.Errorf("first composite = %s (%s)", c.Name, c.Kind)
	}
	if c := all[len(custom)+7]; c.Name != "balance" || c.Kind != KindMT5 {
		t.Errorf("first MT5 criterion = %s (%s)", c.Name, c.Kind)
	}
	statsStart := len(all) - stats.Count
	for i, name := range stats.Names {
		c := all[statsStart+i]
		wantDir := Max
		if stats.Minimized(i) {
			wantDir = Min
		}
		if c.Name != name || c.Kind != KindStatistic || c.Direction != wantDir || c.NeedsPoints {
			t.Errorf("statistic %d = %+v, want %s %s", i, c, name, wantDir)
		}
	}
	for _, c := range all {
		if c.Description == "" {
			t.Errorf("%s has no description", c.Name)
		}
		if c.Kind != KindStatistic && c.Kind != KindCustom && c.NeedsPoints {
			t.Errorf("%s (%s) needs points", c.Name, c.Kind)
		}
	}
	if mustByName(t, "balance_dd").Direction != Min || mustByName(t, "profit").Direction != Max {
		t.Error("balance_dd must be minimized and profit maximized")
	}
}

func TestNamesUniqueIgnoringCase(t *testing.T) {
	seen := map[string]string{}
	for _, c := range All() {
		k := strings.ToLower(c.Name)
		if prev, dup := seen[k]; dup {
			t.Errorf("%s and %s differ only in case", prev, c.Name)
		}
		seen[k] = c.Name
	}
}

func TestAllReturnsACopy(t *testing.T) {
	a := All()
	a[0].Name = "changed"
	if All()[0].Name != "r2" {
		t.Error("changing All()'s result changed the registry")
	}
}

func TestByName(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"r2", "r2"},
		{"profit_R_equity_r2", "profit_R_equity_r2"},
		{"profit_r_equity_r2", "profit_R_equity_r2"},
		{"PROFIT_EQUITY_R2_R", "profit_equity_r2_R"},
		{"equity_dd", "equity_dd"},
		{"balance_min_dd", "balance_min_dd"},
	} {
		if c := mustByName(t, tt.in); c.Name != tt.want {
			t.Errorf("ByName(%q) = %s, want %s", tt.in, c.Name, tt.want)
		}
	}
	_, err := ByName("sharpe")
	if err == nil {
		t.Fatal("ByName(sharpe) found something")
	}
	for _, part := range []string{`"sharpe"`, "sharpe_ratio", "profit_equity_R_r2", "trades_x_profit"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q does not mention %s", err, part)
		}
	}
}

func TestMarkdownTable(t *testing.T) {
	var buf bytes.Buffer
	if err := MarkdownTable(&buf); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 2+len(All()) {
		t.Fatalf("table has %d lines, want %d", len(lines), 2+len(All()))
	}
	if lines[0] != "| name | kind | direction | needs points | formula |" {
		t.Errorf("header = %q", lines[0])
	}
	for i, c := range All() {
		row := lines[2+i]
		if !strings.HasPrefix(row, "| `"+c.Name+"` | "+c.Kind+" | "+c.Direction.String()+" | ") {
			t.Errorf("row %d = %q, want %s first", i, row, c.Name)
		}
		// Five cells: six unescaped bars.
		if n := strings.Count(row, "|") - strings.Count(row, `\|`); n != 6 {
			t.Errorf("row %q has %d cell separators, want 6", row, n)
		}
	}
	if !strings.Contains(buf.String(), "| `equity_rel` | custom | max | in equity mode min |") {
		t.Error("equity_rel row does not say it needs points only in mode min")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, bytes.ErrTooLarge }

func TestMarkdownTableWriteError(t *testing.T) {
	if err := MarkdownTable(failWriter{}); err == nil {
		t.Error("MarkdownTable ignored a write error")
	}
}

func mustByName(t *testing.T, name string) Criterion {
	t.Helper()
	c, err := ByName(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
