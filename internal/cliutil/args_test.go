package cliutil

import (
	"reflect"
	"testing"

	"github.com/urfave/cli/v2"
)

func TestIntersperse(t *testing.T) {
	app := &cli.App{
		Flags:    []cli.Flag{&cli.StringFlag{Name: "format"}, &cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}}},
		Commands: []*cli.Command{{Name: "replay", Flags: []cli.Flag{&cli.IntFlag{Name: "runs"}, &cli.BoolFlag{Name: "x"}}}},
	}
	cases := []struct{ in, want []string }{
		{[]string{"analyze", "run", "--format", "json", "-q"}, []string{"analyze", "--format", "json", "-q", "run"}},
		{[]string{"analyze", "--format=json", "a", "b"}, []string{"analyze", "--format=json", "a", "b"}},
		{[]string{"analyze", "replay", "run", "--runs", "5", "--x"}, []string{"analyze", "replay", "--runs", "5", "--x", "run"}},
		{[]string{"analyze", "a", "--", "-odd"}, []string{"analyze", "a", "--", "-odd"}},
		{[]string{"analyze"}, []string{"analyze"}},
		{[]string{"analyze", "run", "--top", "3", "--generate-bash-completion"}, []string{"analyze", "--top", "3", "run", "--generate-bash-completion"}},
	}
	for _, c := range cases {
		if got := Intersperse(app, c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Intersperse(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
