package walkforward

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
)

// The formats WriteScoreboard writes.
const (
	FormatTable    = "table"
	FormatJSON     = "json"
	FormatCSV      = "csv"
	FormatMarkdown = "markdown"
)

// CheckFormat returns an error unless f is a format WriteScoreboard writes
// ("md" is markdown).
func CheckFormat(f string) error {
	switch f {
	case FormatTable, FormatJSON, FormatCSV, FormatMarkdown, "md":
		return nil
	}
	return fmt.Errorf("walkforward: format %q: want table, json, csv or markdown", f)
}

// WriteScoreboard writes the rows as an aligned table, JSON (a list of
// objects, one per criterion, with a "criterion" field; undefined values
// are null), CSV (undefined values empty) or a Markdown table (undefined
// values "—").
func WriteScoreboard(w io.Writer, rows []Row, format string) error {
	switch format {
	case FormatJSON:
		return WriteJSON(w, rows)
	case FormatCSV:
		return writeCSV(w, rows)
	case FormatMarkdown, "md":
		return writeMarkdown(w, rows)
	case FormatTable:
		return writeTable(w, rows)
	}
	return CheckFormat(format)
}

// WriteJSON writes the rows as an indented JSON list.
func WriteJSON(w io.Writer, rows []Row) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if rows == nil {
		rows = []Row{}
	}
	return enc.Encode(rows)
}

// column is one column of the text formats: its header and its cell.
type column struct {
	head string
	cell func(r *Row, undefined string) string
}

func columns() []column {
	f2 := func(v float64) string { return num(v, 2) }
	opt := func(p *float64, digits int, u string) string {
		if p == nil {
			return u
		}
		return num(*p, digits)
	}
	return []column{
		{"rank", func(r *Row, _ string) string { return strconv.Itoa(r.Rank) }},
		{"criterion", func(r *Row, _ string) string { return r.Criterion }},
		{"oos_profit", func(r *Row, _ string) string { return f2(r.NetProfit) }},
		{"max_dd", func(r *Row, _ string) string { return f2(r.MaxDrawdown) }},
		{"max_dd_%", func(r *Row, _ string) string { return num(r.MaxDrawdownPct, 1) }},
		{"recovery", func(r *Row, u string) string { return opt(r.RecoveryFactor, 2, u) }},
		{"profit_factor", func(r *Row, u string) string { return opt(r.ProfitFactor, 2, u) }},
		{"trades", func(r *Row, _ string) string { return num(r.Trades, 0) }},
		{"win_windows_%", func(r *Row, _ string) string { return num(r.ProfitableWindowsPct, 0) }},
		{"top_window_%", func(r *Row, u string) string { return opt(r.LargestWindowPct, 0, u) }},
		{"wfe_%", func(r *Row, u string) string { return opt(r.WFEPct, 0, u) }},
		{"param_stab", func(r *Row, u string) string { return opt(r.ParamStability, 2, u) }},
		{"spearman", func(r *Row, u string) string { return opt(r.SpearmanMean, 2, u) }},
		{"verdict", func(r *Row, _ string) string {
			if len(r.Failed) == 0 {
				return r.Verdict
			}
			return r.Verdict + " (" + strings.Join(r.Failed, ",") + ")"
		}},
	}
}

// num formats v with digits decimals, without a minus sign on a value
// that rounds to zero.
func num(v float64, digits int) string {
	s := strconv.FormatFloat(v, 'f', digits, 64)
	if strings.Trim(s, "-0.") == "" {
		return strings.TrimPrefix(s, "-")
	}
	return s
}

func writeTable(w io.Writer, rows []Row) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	cols := columns()
	var b strings.Builder
	for i, c := range cols {
		if i > 0 {
			b.WriteByte('\t')
		}
		b.WriteString(c.head)
	}
	fmt.Fprintln(tw, b.String()+"\t")
	for i := range rows {
		b.Reset()
		for k, c := range cols {
			if k > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(c.cell(&rows[i], "—"))
		}
		fmt.Fprintln(tw, b.String()+"\t")
	}
	return tw.Flush()
}

func writeMarkdown(w io.Writer, rows []Row) error {
	cols := columns()
	var b strings.Builder
	b.WriteString("|")
	for _, c := range cols {
		b.WriteString(" " + c.head + " |")
	}
	b.WriteString("\n|")
	for range cols {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for i := range rows {
		b.WriteString("|")
		for _, c := range cols {
			b.WriteString(" " + strings.ReplaceAll(c.cell(&rows[i], "—"), "|", `\|`) + " |")
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeCSV writes the table's columns, the per-input stabilities and the
// per-window Spearman correlations; undefined values are empty.
func writeCSV(w io.Writer, rows []Row) error {
	cw := csv.NewWriter(w)
	cols := columns()
	var inputs []string
	nWin := 0
	if len(rows) > 0 {
		for name := range rows[0].ParamStabilityByInput {
			inputs = append(inputs, name)
		}
		sort.Strings(inputs)
		nWin = len(rows[0].SpearmanByWindow)
	}
	head := make([]string, 0, len(cols)+len(inputs)+nWin)
	for _, c := range cols {
		head = append(head, c.head)
	}
	for _, in := range inputs {
		head = append(head, "param_stab_"+in)
	}
	for k := 0; k < nWin; k++ {
		head = append(head, fmt.Sprintf("spearman_w%d", k))
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for i := range rows {
		r := &rows[i]
		rec := make([]string, 0, len(head))
		for _, c := range cols {
			rec = append(rec, c.cell(r, ""))
		}
		for _, in := range inputs {
			rec = append(rec, optCSV(r.ParamStabilityByInput[in]))
		}
		for k := 0; k < nWin && k < len(r.SpearmanByWindow); k++ {
			rec = append(rec, optCSV(r.SpearmanByWindow[k]))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func optCSV(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'g', -1, 64)
}
