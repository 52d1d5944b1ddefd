package gallery

import (
	"testing"

	"github.com/passframes/passframes/frames"
)

func TestTitles(t *testing.T) {
	res := fakeResult()
	jobs := planJobs(res, Config{AllCriteria: true}, 0)
	best := newTitler(res, Config{AllCriteria: true}, 0, jobs)
	if got := best.title(jobs[0]); got != "E · S H1 · rank 1 by profit" {
		t.Errorf("best-mode title %q", got)
	}
	if got := best.inputs(4); got != "A=2  B=30  C=0" {
		t.Errorf("inputs %q", got)
	}
	jobs = planJobs(res, Config{All: true}, 0)
	all := newTitler(res, Config{All: true}, 0, jobs)
	if got := all.title(jobs[1]); got != "E · S H1 · profit rank 2 of 6" || jobs[1].pass != 1 {
		t.Errorf("all-mode title %q", got)
	}
	twice := job{pass: 4, crit: "r2"}
	best.wins[4] = append(best.wins[4], "r2")
	if got := best.title(twice); got != "E · S H1 · rank 1 by r2 (and by 1 other criterion)" {
		t.Errorf("title of a pass best for two criteria %q", got)
	}
	res.Manifest.Strategy = &frames.StrategyInfo{Name: "Breakout"}
	if got := newTitler(res, Config{}, 0, nil).head; got != "Breakout · S H1" {
		t.Errorf("strategy run head %q", got)
	}
}

func TestCurrency(t *testing.T) {
	m := &frames.Manifest{}
	if currency(m) != "USD" {
		t.Errorf("no account: %q", currency(m))
	}
	m.Account = &frames.AccountInfo{Currency: "EUR"}
	if currency(m) != "EUR" {
		t.Errorf("EUR account: %q", currency(m))
	}
}

func TestClaim(t *testing.T) {
	dir := t.TempDir()
	if err := claim(dir, "a1"); err != nil {
		t.Errorf("an empty folder: %v", err)
	}
	res := fakeResult()
	ds := &frames.Dataset{Dir: dir, Manifest: res.Manifest}
	if err := writePage(ds, res, Config{}, 0, nil, &Output{Dir: dir}, "a1"); err != nil {
		t.Fatal(err)
	}
	if err := claim(dir, "a1"); err != nil {
		t.Errorf("the same run: %v", err)
	}
	if err := claim(dir, "b2"); err == nil {
		t.Error("another run's folder was taken")
	}
}
