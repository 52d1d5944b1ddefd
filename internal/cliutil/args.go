package cliutil

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// completionFlag is the hidden flag urfave/cli answers with completion
// candidates.
const completionFlag = "--generate-bash-completion"

// Intersperse lets flags follow positional arguments, as in
// "analyze runs/x --format json": urfave/cli stops reading flags at the first
// argument that is not one, so the arguments are reordered, flags first, for
// the app or for the subcommand named right after the program name.
func Intersperse(app *cli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	// Shell completion asks with this flag last, where urfave/cli looks for it.
	if last := args[len(args)-1]; last == completionFlag {
		return append(Intersperse(app, args[:len(args)-1]), last)
	}
	flags, start := app.Flags, 1
	for _, cmd := range app.Commands {
		if args[1] == cmd.Name {
			flags, start = cmd.Flags, 2
		}
	}
	boolean := map[string]bool{"help": true, "h": true, "version": true, "v": true}
	for _, f := range flags {
		if _, ok := f.(*cli.BoolFlag); ok {
			for _, n := range f.Names() {
				boolean[n] = true
			}
		}
	}
	out := append([]string(nil), args[:start]...)
	var positional []string
	rest := args[start:]
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		switch {
		case a == "--":
			positional = append(positional, rest[i:]...)
			i = len(rest)
		case strings.HasPrefix(a, "-") && len(a) > 1:
			out = append(out, a)
			name := strings.TrimLeft(a, "-")
			if !strings.Contains(name, "=") && !boolean[name] && i+1 < len(rest) {
				out = append(out, rest[i+1])
				i++
			}
		default:
			positional = append(positional, a)
		}
	}
	return append(out, positional...)
}
