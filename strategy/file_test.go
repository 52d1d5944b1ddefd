package strategy

import (
	"errors"
	"strings"
	"testing"
)

const goodFile = `name = "T"

[[input]]
name = "P"
type = "int"
default = 3
start = 2
step = 1
stop = 5

[rules]
buy = "close > sma(close, P)"
sell = "close < sma(close, P)"

[lots]
fixed = 0.1
`

func TestParseGoodFile(t *testing.T) {
	s, err := Parse("t.toml", []byte(goodFile))
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "T" || len(s.Inputs) != 1 || s.Inputs[0].Default != 3 {
		t.Errorf("parsed %+v", s)
	}
	if len(s.Demo) != 1 || s.Demo[0] != "P=2:5:1" {
		t.Errorf("demo grid %v, want [P=2:5:1]", s.Demo)
	}
	info := s.Info()
	if info.Name != "T" || len(info.SHA256) != 64 || info.Text != goodFile {
		t.Errorf("info %+v", info)
	}
}

// TestBadFiles: each broken file gives one error naming the file, the line
// and column of the problem, and what is wrong.
func TestBadFiles(t *testing.T) {
	cases := []struct {
		name, from, to string
		line, col      int
		msg            string
	}{
		{"toml syntax", `name = "T"`, `name = "T`, 1, 10, "new lines"},
		{"expression syntax", `buy = "close > sma(close, P)"`, `buy = "close > "`, 12, 15, "syntax error"},
		{"unknown function", `buy = "close > sma(close, P)"`, `buy = "close > smaa(close, P)"`, 12, 16, "unknown function smaa"},
		{"unknown input", `buy = "close > sma(close, P)"`, `buy = "close > sma(close, Q)"`, 12, 27, `unknown name "Q"`},
		{"wrong arity", `buy = "close > sma(close, P)"`, `buy = "close > sma(close)"`, 12, 16, "sma takes 2 argument(s), got 1"},
		{"not boolean", `buy = "close > sma(close, P)"`, `buy = "close - sma(close, P)"`, 12, 8, "must be a boolean expression"},
		{"series period", `buy = "close > sma(close, P)"`, `buy = "close > sma(close, close)"`, 12, 27, "must depend only on inputs"},
		{"range off type", "step = 1\n", "step = 0.5\n", 8, 8, "not a whole number"},
		{"default off type", "default = 3\n", "default = 3.5\n", 6, 11, "not a whole number"},
		{"unknown key", "[lots]", "[lots]\nfixd = 1", 16, 1, "fixd"},
		{"unknown type", `type = "int"`, `type = "long"`, 5, 8, "type must be int, double or bool"},
		{"multi-line rule", `sell = "close < sma(close, P)"`, "sell = '''\nclose <\n  sma(close, X)'''", 15, 14, `unknown name "X"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := strings.Replace(goodFile, c.from, c.to, 1)
			if text == goodFile {
				t.Fatalf("the case did not change the file")
			}
			_, err := Parse("bad.toml", []byte(text))
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v (%T), want a located *Error", err, err)
			}
			if e.File != "bad.toml" || e.Line != c.line || e.Column != c.col || !strings.Contains(e.Msg, c.msg) {
				t.Errorf("error %q, want bad.toml:%d:%d: …%s…", err, c.line, c.col, c.msg)
			}
			if !strings.HasPrefix(err.Error(), "bad.toml:") {
				t.Errorf("error %q does not start with the file name", err)
			}
		})
	}
}

func TestFileRules(t *testing.T) {
	edit := func(from, to string) string { return strings.Replace(goodFile, from, to, 1) }
	cases := []struct{ name, text, msg string }{
		{"no rules", edit("buy = \"close > sma(close, P)\"\nsell = \"close < sma(close, P)\"\n", ""), "needs a buy or a sell rule"},
		{"no lots", edit("[lots]\nfixed = 0.1\n", ""), "needs a [lots] table"},
		{"risk without stop", edit("fixed = 0.1", "risk_percent = 1"), "needs a stop loss"},
		{"lots from a series", edit("fixed = 0.1", `fixed = "close"`), "depend only on inputs"},
		{"both stops", edit("[lots]", "[stops]\nsl = 1\nbuy_sl = \"low\"\n[lots]"), "both set the same stop"},
		{"bad hours", edit("[lots]", "[hours]\nfrom = 25\n[lots]"), "hours.from"},
		{"bad day", edit("[lots]", "[hours]\ndays = [\"funday\"]\n[lots]"), "unknown day"},
		{"input named like a series", edit(`name = "P"`, `name = "close"`), "name of a series"},
		{"no name", edit(`name = "T"`, `name = ""`), "needs a name"},
	}
	for _, c := range cases {
		_, err := Parse("f.toml", []byte(c.text))
		if err == nil || !strings.Contains(err.Error(), c.msg) || !strings.HasPrefix(err.Error(), "f.toml:") {
			t.Errorf("%s: error %v, want f.toml:…%s", c.name, err, c.msg)
		}
	}
}

func TestFromInfo(t *testing.T) {
	s, err := Parse("t.toml", []byte(goodFile))
	if err != nil {
		t.Fatal(err)
	}
	again, err := FromInfo(s.Info())
	if err != nil || again.Name != "T" || again.Text != goodFile {
		t.Fatalf("FromInfo: %v, %+v", err, again)
	}
	info := s.Info()
	info.Text += "# changed\n"
	if _, err := FromInfo(info); err == nil || !strings.Contains(err.Error(), "SHA-256") {
		t.Errorf("a changed text: error %v", err)
	}
}
