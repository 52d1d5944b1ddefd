package charts

import (
	"fmt"
	"html/template"
	"io"
	"net/url"
)

// IndexEntry is one picture on the index page.
type IndexEntry struct {
	// File is the PNG's file name, relative to the index page.
	File string
	// Caption is an optional line under the name, e.g. "pass 42".
	Caption string
	// Values are shown in a small table under the picture (formatted by their
	// Format, as in the charts' text block).
	Values []NamedValue
	// Overview marks an overview chart (scatter panels, heatmap): shown at
	// full width at the top of the page, before the per-pass grid.
	Overview bool
}

// WriteIndex writes a static, self-contained index.html: the title, the
// overview charts, then a grid of thumbnails (the charts themselves, scaled
// by the browser and loaded lazily) that reflows with the window's width.
// Each thumbnail links to its PNG and shows the file name and the entry's
// values. Entries keep their order: pass them in rank order. Every name is
// HTML-escaped, and links are path-escaped, so any file name is safe.
func WriteIndex(w io.Writer, title string, entries []IndexEntry) error {
	type row struct{ Name, Value string }
	type item struct {
		Href, File, Caption string
		Rows                []row
	}
	var page struct {
		Title           string
		Overviews, Grid []item
	}
	page.Title = title
	for _, e := range entries {
		it := item{Href: "./" + url.PathEscape(e.File), File: e.File, Caption: e.Caption}
		for _, v := range e.Values {
			it.Rows = append(it.Rows, row{v.Name, FormatValue(v.Value, v.Format)})
		}
		if e.Overview {
			page.Overviews = append(page.Overviews, it)
		} else {
			page.Grid = append(page.Grid, it)
		}
	}
	if err := indexPage.Execute(w, page); err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	return nil
}

var indexPage = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1rem; color: #222; }
h1 { font-size: 1.4rem; }
.overview img { max-width: 100%; height: auto; border: 1px solid #ddd; margin-bottom: 1rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 1rem; }
.card { border: 1px solid #ddd; padding: .5rem; }
.card img { width: 100%; height: auto; }
.name { font-family: ui-monospace, monospace; font-size: .8rem; word-break: break-all; }
.caption { font-size: .8rem; color: #555; }
table { font-size: .75rem; border-collapse: collapse; margin-top: .3rem; }
td { padding: 0 .6rem 0 0; }
td.v { text-align: right; font-family: ui-monospace, monospace; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
{{- if .Overviews}}
<section class="overview">
{{- range .Overviews}}
<figure><a href="{{.Href}}"><img src="{{.Href}}" alt="{{.File}}"></a>
<figcaption class="name">{{.File}}{{if .Caption}} — {{.Caption}}{{end}}</figcaption></figure>
{{- end}}
</section>
{{- end}}
<section class="grid">
{{- range .Grid}}
<div class="card">
<a href="{{.Href}}"><img src="{{.Href}}" alt="{{.File}}" loading="lazy"></a>
<div class="name"><a href="{{.Href}}">{{.File}}</a></div>
{{- if .Caption}}<div class="caption">{{.Caption}}</div>{{end}}
{{- if .Rows}}
<table>
{{- range .Rows}}<tr><td>{{.Name}}</td><td class="v">{{.Value}}</td></tr>{{end}}
</table>
{{- end}}
</div>
{{- end}}
</section>
</body>
</html>
`))
