package cliutil

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"
)

func TestCodeAndMessage(t *testing.T) {
	for _, c := range []struct {
		err  error
		code int
		msg  string
	}{
		{nil, 0, ""},
		{errors.New("read x: line 3: bad"), 1, "p: read x: line 3: bad"},
		{Usagef("--top %d: want 0 or more", -1), 2, "p: --top -1: want 0 or more (see p --help)"},
		{fmt.Errorf("scan: %w", context.Canceled), 130, "p: interrupted"},
		{Interrupted(errors.New("interrupted: 5 passes stored")), 130, "p: interrupted: 5 passes stored"},
	} {
		if got := Code(c.err); got != c.code {
			t.Errorf("Code(%v) = %d, want %d", c.err, got, c.code)
		}
		if c.err != nil {
			if got := Message("p", c.err); got != c.msg {
				t.Errorf("Message(%v) = %q, want %q", c.err, got, c.msg)
			}
		}
	}
}

func TestRunSendsUsageErrorsToStderr(t *testing.T) {
	newApp := func() *cli.App {
		return &cli.App{Name: "p", Flags: []cli.Flag{&cli.IntFlag{Name: "n"}},
			Commands: []*cli.Command{{Name: "sub", Flags: []cli.Flag{&cli.IntFlag{Name: "m"}}, Action: func(*cli.Context) error { return nil }}},
			Action:   func(c *cli.Context) error { return errors.New("failed") }}
	}
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"p", "--x"}, 2},
		{[]string{"p", "--n", "two"}, 2},
		{[]string{"p", "sub", "--m", "two"}, 2},
		{[]string{"p", "--n", "2"}, 1},
		{[]string{"p", "sub"}, 0},
	} {
		var out, errOut bytes.Buffer
		code := Run(context.Background(), "p", newApp(), c.args, &out, &errOut)
		if code != c.code || out.Len() != 0 || (code != 0) != (strings.Count(errOut.String(), "\n") == 1) {
			t.Errorf("%v: exit %d (want %d), stdout %q, stderr %q", c.args, code, c.code, out.String(), errOut.String())
		}
	}
}
