package gallery

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/passframes/passframes/charts"
)

// extraSection is the page's section for what another stage wrote into the
// run's charts folder: the PNGs of runCharts/folder, and a table built from
// its JSON list of objects (one row per object, one column per key, in the
// order the keys first appear), looked for in that folder and then in the run
// directory. ok is false when neither exists.
func extraSection(pageDir, runCharts, runDir, id, title, folder, jsonName string) (charts.Section, bool) {
	sec := charts.Section{ID: id, Title: title}
	dir := filepath.Join(runCharts, folder)
	pngs, _ := filepath.Glob(filepath.Join(dir, "*.png"))
	for _, p := range pngs {
		if rel, err := relative(pageDir, p); err == nil {
			sec.Images = append(sec.Images, filepath.ToSlash(rel))
		}
	}
	for _, path := range []string{filepath.Join(dir, jsonName), filepath.Join(runDir, jsonName)} {
		b, err := os.ReadFile(path)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err == nil {
			sec.Header, sec.Rows, err = jsonTable(b)
		}
		if err != nil {
			sec.Note = fmt.Sprintf("%s could not be shown: %v", path, err)
		}
		break
	}
	return sec, len(sec.Images) > 0 || sec.Header != nil || sec.Note != ""
}

// relative is the path of target seen from dir, either of them relative to
// the working directory or absolute.
func relative(dir, target string) (string, error) {
	d, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	t, err := filepath.Abs(target)
	if err != nil {
		return "", err
	}
	return filepath.Rel(d, t)
}

// jsonTable reads a JSON list of objects into a header (every key, in the
// order keys first appear) and rows of printed values.
func jsonTable(b []byte) (header []string, rows [][]string, err error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return nil, nil, errors.New("not a JSON list of objects")
	}
	col := map[string]int{}
	var objs []map[string]json.RawMessage
	for dec.More() {
		if t, err := dec.Token(); err != nil || t != json.Delim('{') {
			return nil, nil, fmt.Errorf("item %d is not an object", len(objs)+1)
		}
		obj := map[string]json.RawMessage{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil, nil, fmt.Errorf("item %d: %w", len(objs)+1, err)
			}
			k := kt.(string)
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				return nil, nil, fmt.Errorf("item %d, key %q: %w", len(objs)+1, k, err)
			}
			if _, ok := col[k]; !ok {
				col[k] = len(header)
				header = append(header, k)
			}
			obj[k] = v
		}
		if _, err := dec.Token(); err != nil {
			return nil, nil, err
		}
		objs = append(objs, obj)
	}
	if t, err := dec.Token(); err != nil || t != json.Delim(']') {
		return nil, nil, errors.New("the list is not closed")
	}
	for _, o := range objs {
		row := make([]string, len(header))
		for k, v := range o {
			row[col[k]] = cell(v)
		}
		rows = append(rows, row)
	}
	if header == nil {
		header = []string{}
	}
	return header, rows, nil
}

// cell prints a JSON value: a string as it is, a number with at most 4
// decimals, null as nothing, anything else as compact JSON.
func cell(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(v, &n) == nil {
		if _, err := strconv.ParseInt(n.String(), 10, 64); err == nil {
			return n.String()
		}
		if f, err := n.Float64(); err == nil {
			return charts.FormatValue(f, charts.Ratio)
		}
		return n.String()
	}
	if string(v) == "null" {
		return ""
	}
	var buf bytes.Buffer
	if json.Compact(&buf, v) != nil {
		return string(v)
	}
	return buf.String()
}
