package charts

import (
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/passframes/passframes/stats"
)

func TestBestName(t *testing.T) {
	for _, tc := range []struct {
		criterion string
		profit    float64
		want      string
	}{
		{"r2", 1234.5, "r2+1234.50.png"},
		{"tssf", -12, "tssf+-12.00.png"},
		{"profit_R_equity_r2", 0, "profit_R_equity_r2+0.00.png"},
		{"x", -0.004, "x+0.00.png"},
		{"a/b:c", 1, "a_b_c+1.00.png"},
		{"r2", stats.MaxFloat, "r2+inf.png"},
		{"r2", -3e14, "r2+-3.000e14.png"},
	} {
		if got := BestName(tc.criterion, tc.profit); got != tc.want {
			t.Errorf("BestName(%q, %v) = %q, want %q", tc.criterion, tc.profit, got, tc.want)
		}
	}
}

func TestAllName(t *testing.T) {
	for _, tc := range []struct {
		rank, total   int
		value, profit float64
		pass          int64
		want          string
	}{
		{7, 1000, 0.9876, 1234.5, 42, "0007_0.9876+1234.50+42.png"},
		{1, 9, -1.5, -12, 3, "1_-1.5000+-12.00+3.png"},
		{10, 10, stats.MaxFloat, 1e15, 7, "10_inf+1.000e15+7.png"},
		{3, 100, -2.5e13, 0, 9, "003_-2.500e13+0.00+9.png"},
		{5, 100, -stats.MaxFloat, -0.001, 11, "005_-inf+0.00+11.png"},
		{1, 0, 0, 0, 1, "1_0.0000+0.00+1.png"},
		{2, 5, math.NaN(), 1, 2, "2_0.0000+1.00+2.png"},
	} {
		got := AllName(tc.rank, tc.total, tc.value, tc.profit, tc.pass)
		if got != tc.want {
			t.Errorf("AllName(%d, %d, %v, %v, %d) = %q, want %q", tc.rank, tc.total, tc.value, tc.profit, tc.pass, got, tc.want)
		}
		if strings.ContainsAny(got, `/\:*?"<>| `) || len(got) > 80 {
			t.Errorf("AllName = %q: not a short, safe file name", got)
		}
	}
}

// TestAllNameSortsByRank: whatever the values (negative, huge, saturated,
// tied), sorting the names as strings lists them in rank order.
func TestAllNameSortsByRank(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	special := []float64{stats.MaxFloat, -stats.MaxFloat, 1e300, -1e300, 0, -0.00001, 5e12}
	for _, total := range []int{1, 9, 10, 11, 99, 100, 101, 1000, 2500} {
		type pass struct {
			rank int
			name string
		}
		passes := make([]pass, total)
		values := make([]float64, total)
		for i := range values {
			switch r.IntN(4) {
			case 0:
				values[i] = special[r.IntN(len(special))]
			case 1:
				values[i] = math.Round(r.NormFloat64()*3) / 2 // many ties
			default:
				values[i] = r.NormFloat64() * math.Pow(10, float64(r.IntN(16)))
			}
		}
		sort.Sort(sort.Reverse(sort.Float64Slice(values)))
		rank := 0
		for i, v := range values {
			if i == 0 || v != values[i-1] {
				rank = i + 1 // competition ranking: ties share a rank
			}
			profit := r.NormFloat64() * 1e4
			passes[i] = pass{rank, AllName(rank, total, v, profit, int64(r.IntN(1e6)))}
		}
		r.Shuffle(len(passes), func(i, j int) { passes[i], passes[j] = passes[j], passes[i] })
		sort.Slice(passes, func(i, j int) bool { return passes[i].name < passes[j].name })
		for i := 1; i < len(passes); i++ {
			if passes[i].rank < passes[i-1].rank {
				t.Fatalf("total %d: %q (rank %d) sorts after %q (rank %d)", total,
					passes[i].name, passes[i].rank, passes[i-1].name, passes[i-1].rank)
			}
		}
		if want := len(strconv.Itoa(total)); strings.Index(passes[0].name, "_") != want {
			t.Errorf("total %d: rank prefix of %q is not %d digits", total, passes[0].name, want)
		}
	}
}

func TestFolderName(t *testing.T) {
	for _, tc := range []struct {
		expert, symbol, timeframe, want string
	}{
		{"Moving Average", "EURUSD", "H1", "Moving Average.EURUSD.H1"},
		{`a/b\c`, "EUR:USD", "M1?", "a_b_c.EUR_USD.M1_"},
		{`x*y"z<w>|`, "S", "D1", "x_y_z_w__.S.D1"},
		{"", "", "", "_._._"},
		{"..", "EURUSD", "H1", "__.EURUSD.H1"},
		{".hidden", "X", "H1", "_hidden.X.H1"},
		{"CON", "X", "H1", "CON_.X.H1"},
		{"com1", "X", "H1", "com1_.X.H1"},
		{"COM10", "X", "H1", "COM10.X.H1"},
		{"EA", "EURUSD", "H1. ", "EA.EURUSD.H1__"},
		{"EA\t1\n", "\xff", "H1", "EA_1_._.H1"},
		{"日本語", "EURUSD", "H4", "日本語.EURUSD.H4"},
	} {
		if got := FolderName(tc.expert, tc.symbol, tc.timeframe); got != tc.want {
			t.Errorf("FolderName(%q, %q, %q) = %q, want %q", tc.expert, tc.symbol, tc.timeframe, got, tc.want)
		}
	}
	long := FolderName(strings.Repeat("a", 100), strings.Repeat("é", 40), "H1")
	if want := strings.Repeat("a", 64) + "." + strings.Repeat("é", 32) + ".H1"; long != want {
		t.Errorf("long FolderName = %q, want %q (components cut to 64 bytes at a character boundary)", long, want)
	}
}
