package frames

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// testDeals are the deals of pass p: an entry and an exit on the back
// period, a reversal (an out and an in) and an exit at the end on the
// forward period; odd passes have a converted profit.
func testDeals(p int64) []Deal {
	ds := []Deal{
		{Pass: p, Period: Back, Time: 1_700_000_000_000, Type: Buy, Entry: In, Volume: 0.1, Price: 1.1, Commission: -0.35, BalanceAfter: 9999.65, Reason: "signal"},
		{Pass: p, Period: Back, Time: 1_700_003_600_000, Type: Sell, Entry: Out, Volume: 0.1, Price: 1.2, Commission: -0.35, Swap: -1.2, Profit: 100, BalanceAfter: 10098.1, Reason: "tp"},
		{Pass: p, Period: Forward, Time: 1_700_007_200_000, Type: Sell, Entry: In, Volume: 0.2, Price: 1.3, BalanceAfter: 10000, Reason: "signal"},
		{Pass: p, Period: Forward, Time: 1_700_010_800_000, Type: Buy, Entry: Out, Volume: 0.2, Price: 1.25, Profit: 10, BalanceAfter: 10010, Reason: "signal"},
		{Pass: p, Period: Forward, Time: 1_700_010_800_000, Type: Buy, Entry: In, Volume: 0.2, Price: 1.25, BalanceAfter: 10010, Reason: "signal"},
		{Pass: p, Period: Forward, Time: 1_700_014_400_000, Type: Sell, Entry: Out, Volume: 0.2, Price: 1.2, Profit: -10, BalanceAfter: 10000, Reason: "end"},
	}
	if p%2 == 1 {
		for i := range ds {
			ds[i].Window = 2
			if ds[i].Profit != 0 {
				ds[i].ProfitRaw, ds[i].Rate = ds[i].Profit/1.25, 1.25
			}
		}
	}
	return ds
}

func writeDealRun(t *testing.T, dir string, passes int, rowsPerPart int) *Writer {
	t.Helper()
	m := testManifest()
	m.Deals = true
	w, _, err := Create(dir, m, New)
	if err != nil {
		t.Fatal(err)
	}
	w.RowsPerPart = rowsPerPart
	for p := int64(0); p < int64(passes); p++ {
		back, fwd := testFrame(p, Back), testFrame(p, Forward)
		back.Window, fwd.Window = int32(p%2)*2, int32(p%2)*2
		if err := w.WritePassDeals(testDeals(p), back, fwd); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

func TestDealsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	w := writeDealRun(t, dir, 5, 4)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	parts, _ := DealParts(dir)
	frameParts, _ := Parts(dir)
	if len(parts) != 3 || len(frameParts) != 3 {
		t.Fatalf("%d deals parts and %d frames parts, want 3 of each", len(parts), len(frameParts))
	}
	for p := int64(0); p < 5; p++ {
		got, err := ReadDeals(dir, int32(p%2)*2, p)
		if err != nil {
			t.Fatal(err)
		}
		if want := testDeals(p); !reflect.DeepEqual(got, want) {
			t.Errorf("pass %d:\n got %+v\nwant %+v", p, got, want)
		}
	}
	if got, _ := ReadDeals(dir, 0, 1); len(got) != 0 {
		t.Errorf("pass 1 of window 0 (it is in window 2): %d deals", len(got))
	}
}

func TestDealsOfARunWithout(t *testing.T) {
	dir := t.TempDir()
	writeRun(t, dir, 1, New)
	if _, err := ReadDeals(dir, 0, 0); !errors.Is(err, ErrNoDealsStored) {
		t.Errorf("ReadDeals of a run without deals: %v, want ErrNoDealsStored", err)
	}
	w, _, err := Create(dir, testManifest(), Resume)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WritePassDeals(testDeals(1), testFrame(1, Back)); !errors.Is(err, ErrNoDeals) {
		t.Errorf("deals written into a run without: %v, want ErrNoDeals", err)
	}
	w.Abort()
}

// TestKilledDealRun stops a run between finished parts and leaves a deals
// part whose frames part never made it (a crash between the renames): the
// resumed run drops it with the temporary files, and its passes' deals are
// written again once, not twice.
func TestKilledDealRun(t *testing.T) {
	dir := t.TempDir()
	w := writeDealRun(t, dir, 3, 2) // parts 0 (passes 0), 1 (pass 1) finished; pass 2 in progress
	die(t, w)
	orphan := filepath.Join(dir, DealsDirName, "part-00009.parquet")
	b, _ := os.ReadFile(filepath.Join(dir, DealsDirName, "part-00000.parquet"))
	if err := os.WriteFile(orphan, b, 0o644); err != nil {
		t.Fatal(err)
	}
	m := testManifest()
	m.Deals = true
	w2, stored, err := Create(dir, m, Resume)
	if err != nil {
		t.Fatal(err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*", ".*.tmp"))
	if len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if _, err := os.Stat(orphan); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the deals part without frames is still there (%v)", err)
	}
	for p := int64(0); p < 3; p++ {
		if stored[PassKey{Window: int32(p%2) * 2, Pass: p}] {
			continue
		}
		back := testFrame(p, Back)
		back.Window = int32(p%2) * 2
		if err := w2.WritePassDeals(testDeals(p), back); err != nil {
			t.Fatal(err)
		}
	}
	if err := w2.Close(); err != nil {
		t.Fatal(err)
	}
	for p := int64(0); p < 3; p++ {
		got, err := ReadDeals(dir, int32(p%2)*2, p)
		if err != nil {
			t.Fatal(err)
		}
		if want := testDeals(p); !reflect.DeepEqual(got, want) {
			t.Errorf("pass %d after resume: %d deals, want %d", p, len(got), len(want))
		}
	}
}
