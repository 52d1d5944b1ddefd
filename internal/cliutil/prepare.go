package cliutil

import (
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"
)

// Prepare gives an app what the three commands share: flag errors become
// usage errors (exit status 2, one line on stderr, no help dumped on
// stdout), and shell completion (the hidden --generate-bash-completion flag
// urfave/cli answers, and a "completion" subcommand that prints the script
// for bash, zsh or fish). It is idempotent.
func Prepare(app *cli.App) {
	app.OnUsageError = usageError
	app.EnableBashCompletion = true
	has := false
	for _, c := range app.Commands {
		prepareCommand(c)
		has = has || c.Name == "completion"
	}
	if !has {
		app.Commands = append(app.Commands, completionCommand())
	}
}

func prepareCommand(c *cli.Command) {
	c.OnUsageError = usageError
	for _, sub := range c.Subcommands {
		prepareCommand(sub)
	}
}

// usageError turns urfave/cli's flag parsing errors ("flag provided but not
// defined: -x", "invalid value "abc" for flag -top") into usage errors.
func usageError(_ *cli.Context, err error, _ bool) error {
	return &ExitError{Code: ExitUsage, Err: err}
}

// Shells that the completion subcommand writes scripts for.
var Shells = []string{"bash", "zsh", "fish"}

func completionCommand() *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print the shell completion script for bash, zsh or fish",
		ArgsUsage: "bash|zsh|fish",
		UsageText: "source <(PROGRAM completion bash)             # bash, in ~/.bashrc\n" +
			"PROGRAM completion zsh > \"${fpath[1]}/_PROGRAM\"   # zsh\n" +
			"PROGRAM completion fish > ~/.config/fish/completions/PROGRAM.fish",
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return Usagef("completion takes one shell: %s", strings.Join(Shells, ", "))
			}
			return WriteCompletion(c.App.Writer, c.App, c.Args().First())
		},
	}
}

// WriteCompletion writes app's completion script for shell. The bash and
// zsh scripts ask the program itself for candidates through urfave/cli's
// --generate-bash-completion flag, so they follow the program's flags and
// subcommands as they change; fish gets urfave/cli's static script.
func WriteCompletion(w io.Writer, app *cli.App, shell string) error {
	prog := app.Name
	switch shell {
	case "bash":
		_, err := fmt.Fprintf(w, bashScript, prog, prog, prog)
		return err
	case "zsh":
		_, err := fmt.Fprintf(w, zshScript, prog, prog, prog)
		return err
	case "fish":
		s, err := app.ToFishCompletion()
		if err != nil {
			return fmt.Errorf("fish completion: %w", err)
		}
		_, err = io.WriteString(w, s)
		return err
	}
	return Usagef("completion: unknown shell %q (want %s)", shell, strings.Join(Shells, ", "))
}

// bashScript completes the word under the cursor from the candidates the
// program prints for the words before it.
const bashScript = `# bash completion for %s
_%s_complete() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  local args=("${COMP_WORDS[@]:1:COMP_CWORD-1}")
  if [[ $cur == -* ]]; then args+=("$cur"); fi
  local IFS=$'\n'
  COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" "${args[@]}" --generate-bash-completion 2>/dev/null | cut -d: -f1)" -- "$cur"))
}
complete -o bashdefault -o default -F _%[2]s_complete %[3]s
`

// zshScript does the same for zsh, offering file names when the program
// has no candidate (run directories).
const zshScript = `#compdef %s
_%s_complete() {
  local -a opts
  local cur=${words[CURRENT]}
  local -a args=("${(@)words[2,CURRENT-1]}")
  [[ $cur == -* ]] && args+=("$cur")
  opts=("${(@f)$(${words[1]} "${(@)args}" --generate-bash-completion 2>/dev/null)}")
  if [[ -n ${opts[1]} ]]; then
    _describe 'values' opts
  else
    _files
  fi
}
compdef _%[2]s_complete %[3]s
`
