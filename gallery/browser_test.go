package gallery

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/passframes/passframes/analysis"
	"github.com/passframes/passframes/frames"
	"github.com/passframes/passframes/internal/testrun"
)

// browser finds a Chromium to test the run page in: $PASSFRAMES_CHROMIUM, or
// chromium (Debian's package) on the PATH.
func browser(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("PASSFRAMES_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium found (install Debian's chromium package, or set PASSFRAMES_CHROMIUM): the run page is not tested in a browser")
	return ""
}

// headless runs the browser on a page with the given extra flags and
// returns its standard output.
func headless(t *testing.T, bin, page string, flags ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--virtual-time-budget=10000"}, flags...)
	cmd := exec.CommandContext(ctx, bin, append(args, "file://"+page)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", bin, err, stderr.String())
	}
	return out
}

// probe runs in the page after its own script: it records errors from the
// start (the hook goes first in <head>), counts the table's rows, sorts by
// profit twice and filters, and writes what it saw into <pre id="probe">.
const (
	probeHead = `<script>window.__errors = [];
window.addEventListener('error', function (e) { window.__errors.push(String(e.message)); });
(function () { var ce = console.error; console.error = function () { window.__errors.push([].join.call(arguments, ' ')); ce.apply(console, arguments); }; })();
</script>`
	probeTail = `<script>
(function () {
  var r = {};
  var body = document.querySelector('#pass-table tbody');
  function column(name) {
    var ths = Array.prototype.slice.call(document.querySelectorAll('#pass-table th'));
    var k = ths.findIndex(function (th) { return th.textContent.replace(/[ ▲▼]/g, '') === name; });
    return Array.prototype.map.call(body.rows, function (tr) { return tr.cells[k].textContent; });
  }
  function header(name) {
    return Array.prototype.find.call(document.querySelectorAll('#pass-table th'), function (th) { return th.textContent.replace(/[ ▲▼]/g, '') === name; });
  }
  r.rows = body.rows.length;
  r.first = column('pass');
  header('profit').click();
  r.byProfit = column('pass');
  r.profitDesc = column('profit');
  header('profit').click();
  r.profitAsc = column('profit');
  var box = document.getElementById('filter');
  box.value = 'profit>0';
  box.dispatchEvent(new Event('input'));
  setTimeout(function () {
    r.filtered = column('profit');
    r.errors = window.__errors;
    var pre = document.createElement('pre');
    pre.id = 'probe';
    pre.textContent = JSON.stringify(r);
    document.body.appendChild(pre);
  }, 500);
})();
</script>`
)

// TestRunPageInABrowser opens a real run's page in headless Chromium: no
// console errors, one table row per pass, sorting by a header reorders the
// rows, the filter keeps the matching ones, and a screenshot is not blank.
func TestRunPageInABrowser(t *testing.T) {
	bin := browser(t)
	root := t.TempDir()
	dir := testrun.Collect(t, root)
	ds, err := frames.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	res, err := analysis.Run(context.Background(), ds, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := Build(context.Background(), ds, res, Config{Out: ChartsDir(dir, ""), Sort: "r2", Lines: "balance",
		Forward: "separate", Width: 480, Height: 300})
	if err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(out.Dir, "index.html")
	text, _ := os.ReadFile(page)
	probe := strings.Replace(strings.Replace(string(text), "<head>", "<head>"+probeHead, 1), "</body>", probeTail+"</body>", 1)
	probed := filepath.Join(out.Dir, "probe.html")
	if err := os.WriteFile(probed, []byte(probe), 0o644); err != nil {
		t.Fatal(err)
	}
	dom := headless(t, bin, probed, "--dump-dom")
	m := regexp.MustCompile(`(?s)<pre id="probe">(.*?)</pre>`).FindSubmatch(dom)
	if m == nil {
		t.Fatalf("the probe did not finish; the page as the browser left it:\n%.2000s", dom)
	}
	var r struct {
		Rows                                    int
		First, ByProfit                         []string
		ProfitDesc, ProfitAsc, Filtered, Errors []string
	}
	if err := json.Unmarshal([]byte(html.UnescapeString(string(m[1]))), &r); err != nil {
		t.Fatalf("probe: %v: %s", err, m[1])
	}
	if len(r.Errors) > 0 {
		t.Errorf("console errors: %q", r.Errors)
	}
	if r.Rows != len(res.Passes) {
		t.Errorf("%d table rows for %d passes", r.Rows, len(res.Passes))
	}
	if strings.Join(r.First, ",") == strings.Join(r.ByProfit, ",") {
		t.Errorf("sorting by profit left the order %v as it was", r.First)
	}
	nums := func(ss []string) []float64 {
		var out []float64
		for _, s := range ss {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatalf("cell %q: %v", s, err)
			}
			out = append(out, v)
		}
		return out
	}
	desc, asc := nums(r.ProfitDesc), nums(r.ProfitAsc)
	wantPositive := 0
	for i := 1; i < len(desc); i++ {
		if desc[i] > desc[i-1] || asc[i] < asc[i-1] {
			t.Fatalf("profit not sorted: down %v, up %v", desc, asc)
		}
	}
	for _, p := range res.Passes {
		if p.Profit > 0 {
			wantPositive++
		}
	}
	if len(r.Filtered) != wantPositive {
		t.Errorf("filter profit>0 kept %d rows, want %d", len(r.Filtered), wantPositive)
	}
	for _, v := range nums(r.Filtered) {
		if v <= 0 {
			t.Errorf("filter profit>0 kept %v", v)
		}
	}

	shot := filepath.Join(t.TempDir(), "page.png")
	headless(t, bin, page, "--window-size=1280,1600", "--screenshot="+shot)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	colours, inked := map[[3]uint32]bool{}, 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			colours[[3]uint32{cr >> 8, cg >> 8, cb >> 8}] = true
			if cr>>8 < 200 || cg>>8 < 200 || cb>>8 < 200 {
				inked++
			}
		}
	}
	if total := b.Dx() * b.Dy() / 4; len(colours) < 20 || inked < total/100 {
		t.Errorf("the screenshot looks blank: %d colours, %d of %d sampled pixels inked", len(colours), inked, total)
	}
}
