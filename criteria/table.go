package criteria

import (
	"fmt"
	"io"
	"strings"
)

// MarkdownTable writes the registry as a Markdown table: name, kind,
// direction, whether the criterion needs points, and its formula in words.
func MarkdownTable(w io.Writer) error {
	var b strings.Builder
	b.WriteString("| name | kind | direction | needs points | formula |\n")
	b.WriteString("|---|---|---|---|---|\n")
	for _, c := range All() {
		points := "no"
		switch {
		case c.f == fEquityRel || c.f == fCRecoveryFactor:
			points = "in equity mode min"
		case c.NeedsPoints:
			points = "yes"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n",
			c.Name, c.Kind, c.Direction, points, strings.ReplaceAll(c.Description, "|", `\|`))
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("criteria: write table: %w", err)
	}
	return nil
}
