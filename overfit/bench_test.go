package overfit

import (
	"context"
	"testing"
)

// BenchmarkPBO10k is the README's figure: CSCV with S = 16 (12,870 splits)
// over 10,000 passes × 500 daily returns, profit and the Sharpe ratio as the
// selection rules.
func BenchmarkPBO10k(b *testing.B) {
	m := noise(1, 10000, 500, 0)
	opt := Options{Blocks: 16, Criteria: []string{"profit", "sharpe_ratio"}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Analyze(context.Background(), m, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSampleSize is a run the size of the bundled sample's (288 passes
// × 431 returns) with every curve criterion.
func BenchmarkSampleSize(b *testing.B) {
	m := noise(1, 288, 431, 0)
	var names []string
	for name := range curveCriteria {
		names = append(names, name)
	}
	names = append(names, "linear_factor")
	opt := Options{Blocks: 16, Criteria: names}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Analyze(context.Background(), m, opt); err != nil {
			b.Fatal(err)
		}
	}
}
