package testrun

import (
	"bytes"
	"context"
	"testing"

	"github.com/urfave/cli/v2"

	"github.com/passframes/passframes/internal/cliutil"
)

// RunApp runs a command's app in-process, as `program args...` in the
// working directory dir (changed for the rest of the test), so that the
// coverage of cmd/ is measured. It returns what the command wrote to stdout
// and stderr and its exit status.
func RunApp(t *testing.T, dir, program string, app *cli.App, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return RunAppContext(t.Context(), t, dir, program, app, args...)
}

// RunAppContext is RunApp with the context the command runs under (cancel
// it to act as Ctrl-C).
func RunAppContext(ctx context.Context, t *testing.T, dir, program string, app *cli.App, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	t.Chdir(dir)
	var out, errb bytes.Buffer
	code = cliutil.Run(ctx, program, app, append([]string{program}, args...), &out, &errb)
	return out.String(), errb.String(), code
}
