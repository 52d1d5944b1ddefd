package charts

import (
	"bytes"
	"strings"
	"testing"
)

func TestWriteIndex(t *testing.T) {
	entries := []IndexEntry{
		{File: "scatter.png", Overview: true, Caption: "criteria vs forward profit"},
		{File: "0001_0.9876+1234.50+42.png", Caption: "pass 42", Values: []NamedValue{
			{"r2", 0.98765, Ratio}, {"profit", 1234.5, Money}, {"trades", 17, Count},
		}},
		{File: "0002_0.5000+-12.00+7.png"},
		{File: `<script>alert(1)</script>#?.png`, Caption: `"quoted" & <b>`},
	}
	var buf bytes.Buffer
	if err := WriteIndex(&buf, "EA <1> & co", entries); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	for _, want := range []string{
		"<!DOCTYPE html>",
		"<title>EA &lt;1&gt; &amp; co</title>",
		`href="./0001_0.9876&#43;1234.50&#43;42.png"`, // html/template writes '+' as &#43; in attributes
		">0001_0.9876&#43;1234.50&#43;42.png</a>",     // and in text: the browser shows '+'

		"<td>r2</td><td class=\"v\">0.9877</td>",
		"<td>profit</td><td class=\"v\">1234.50</td>",
		"<td>trades</td><td class=\"v\">17</td>",
		">0002_0.5000&#43;-12.00&#43;7.png</a>",
		"&lt;script&gt;alert(1)&lt;/script&gt;#?.png",
		"%3Cscript%3Ealert%281%29%3C%2Fscript%3E%23%3F.png", // the link is path-escaped
		"&#34;quoted&#34; &amp; &lt;b&gt;",
		`<img src="./scatter.png"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("index lacks %q", want)
		}
	}
	if strings.Contains(html, "<script>") {
		t.Error("index contains an unescaped <script>")
	}
	// The overview comes before the grid whatever the entries' order.
	if o, g := strings.Index(html, "scatter.png"), strings.Index(html, "0001_"); o > g {
		t.Error("overview chart is not at the top")
	}
	if strings.Count(html, `class="card"`) != 3 {
		t.Errorf("%d cards, want 3", strings.Count(html, `class="card"`))
	}
}
