package main

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/mt5"
)

// printImported shows, for a run imported from MetaTrader files, what the
// manifest records beyond the 41 statistics: where each statistic came from
// (printed by MetaTrader, rebuilt from the deals, unavailable), the
// statistics MetaTrader printed beyond the 41 (Z-score, AHPR, LR
// correlation, holding times, ...) and the import's warnings. A run of our
// own tester prints nothing. For an optimization over the symbol it names
// the symbol each index of the "symbol" column stands for.
func printImported(w io.Writer, dir string, m *frames.Manifest) error {
	if len(m.Statistics) == 0 && len(m.Extra) == 0 && len(m.Warnings) == 0 {
		return nil
	}
	if info, err := mt5.ReadImportInfo(dir); err == nil && len(info.Symbols) > 0 {
		// The frames' symbol column holds an index into import.json's list.
		names := make([]string, len(info.Symbols))
		for i, s := range info.Symbols {
			names[i] = fmt.Sprintf("%d = %s", i, s)
		}
		fmt.Fprintf(w, "\nsymbol: %s\n", strings.Join(names, ", "))
	}
	by := map[string][]string{}
	for name, prov := range m.Statistics {
		if _, extra := m.Extra[name]; !extra && prov != frames.ProvComputed {
			by[prov] = append(by[prov], name)
		}
	}
	if len(by) > 0 {
		fmt.Fprintln(w, "\nWhere the statistics come from")
		for _, prov := range []string{frames.ProvPrinted, frames.ProvDeals, frames.ProvUnavailable} {
			if names := by[prov]; len(names) > 0 {
				sort.Strings(names)
				fmt.Fprintf(w, "  %-12s %s\n", prov+":", strings.Join(names, ", "))
			}
		}
	}
	if len(m.Extra) > 0 {
		fmt.Fprintln(w, "\nStatistics MetaTrader printed beyond the 41")
		names := make([]string, 0, len(m.Extra))
		for name := range m.Extra {
			names = append(names, name)
		}
		sort.Strings(names)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, name := range names {
			fmt.Fprintf(tw, "  %s\t%s\n", name, strconv.FormatFloat(m.Extra[name], 'f', -1, 64))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	for _, warn := range m.Warnings {
		fmt.Fprintf(w, "\nwarning (%s): %s\n", warn.Kind, warn.Message)
	}
	return nil
}
