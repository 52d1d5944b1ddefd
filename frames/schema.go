package frames

import (
	"fmt"
	"math"
	"reflect"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/encoding"
	"github.com/parquet-go/parquet-go/format"

	"github.com/passframes/passframes/stats"
)

// layout is the column layout of a run's part files, built at run time
// because the parameter columns depend on the expert. Column order: pass,
// window (format 2 on), period, the parameters, the 41 statistics,
// equity_mode, point_time, balance, equity. Every top-level column has
// exactly one leaf, so a column's position is also its leaf index.
type layout struct {
	version int
	params  []Column
	schema  *parquet.Schema
	// leaf column indexes; window is −1 in a format-1 layout
	pass, window, period, firstParam, firstStat, equityMode, pointTime, balance, equity int
}

// countStat marks the statistics that count something (deals, trades, runs
// of trades and their average length): stored as int64 from format 2 on.
var countStat = func() (c [stats.Count]bool) {
	for _, i := range []int{stats.ConProfitMaxTrades, stats.MaxConProfitTrades, stats.ConLossMaxTrades,
		stats.MaxConLossTrades, stats.Deals, stats.Trades, stats.ProfitTrades, stats.LossTrades,
		stats.ShortTrades, stats.LongTrades, stats.ProfitShortTrades, stats.ProfitLongTrades,
		stats.ProfitTradesAvgCon, stats.LossTradesAvgCon} {
		c[i] = true
	}
	return c
}()

// centStat marks the money statistics that are sums of booked results (or
// differences of booked balances): stored rounded to whole cents from
// format 2 on, so that a sum of trades reads 1620.79 and not
// 1620.7899999999954. Equity figures are marked to market and stay as
// computed.
var centStat = func() (c [stats.Count]bool) {
	for _, i := range []int{stats.InitialDeposit, stats.Withdrawal, stats.Profit, stats.GrossProfit,
		stats.GrossLoss, stats.MaxProfitTrade, stats.MaxLossTrade, stats.ConProfitMax, stats.MaxConWins,
		stats.ConLossMax, stats.MaxConLosses, stats.BalanceMin, stats.BalanceDD, stats.BalanceDDRelative} {
		c[i] = true
	}
	return c
}()

// IsCount reports whether statistic i is a count, stored as an integer.
func IsCount(i int) bool { return countStat[i] }

// IsCents reports whether statistic i is money rounded to whole cents.
func IsCents(i int) bool { return centStat[i] }

// StoredStats returns s as format 2 stores it: counts whole, sums of booked
// money rounded to cents. Reading a frame back gives exactly these values.
func StoredStats(s stats.Stats) stats.Stats {
	for i, x := range s {
		switch {
		case countStat[i]:
			s[i] = float64(count(x))
		case centStat[i]:
			s[i] = cents(x)
		}
	}
	return s
}

// maxCount bounds a stored count: every integer up to it is exact as a
// float64 too, so a count reads back as it was written.
const maxCount = 1 << 53

// count rounds a count to a whole number within ±maxCount (a count computed
// by the tester is far smaller; this only keeps a bad value from
// overflowing int64).
func count(x float64) int64 {
	if math.IsNaN(x) {
		return 0
	}
	return int64(max(-maxCount, min(maxCount, math.Round(x))))
}

// cents rounds money to whole cents. Values too large for cents to mean
// anything (stats.MaxFloat stands for "infinite") stay as they are.
func cents(x float64) float64 {
	if math.Abs(x) >= 1e13 {
		return x
	}
	return math.Round(x*100) / 100
}

// reserved is the set of column names a parameter may not take.
func reserved() map[string]bool {
	r := map[string]bool{"pass": true, "window": true, "period": true, "equity_mode": true,
		"point_time": true, "balance": true, "equity": true}
	for _, n := range stats.Names {
		r[n] = true
	}
	return r
}

// newLayout builds the layout of format version (1 or 2) for the parameter
// columns params.
func newLayout(version int, params []Column) (*layout, error) {
	seen := reserved()
	var g group
	add := func(name string, n parquet.Node) int {
		g = append(g, &field{Node: n, name: name})
		return len(g) - 1
	}
	int64Node := parquet.Int(64)
	double := parquet.Leaf(parquet.DoubleType)
	dictString := parquet.Encoded(parquet.String(), &parquet.RLEDictionary)

	l := &layout{version: version, params: params, window: -1}
	l.pass = add("pass", int64Node)
	if version >= 2 {
		l.window = add("window", parquet.Int(32))
	}
	l.period = add("period", dictString)
	l.firstParam = len(g)
	for _, p := range params {
		if p.Name == "" || seen[p.Name] {
			return nil, fmt.Errorf("parameter name %q is empty or clashes with a dataset column", p.Name)
		}
		seen[p.Name] = true
		switch {
		case len(p.Labels) > 0:
			add(p.Name, dictString)
		case p.Integer:
			add(p.Name, int64Node)
		default:
			add(p.Name, double)
		}
	}
	l.firstStat = len(g)
	for i, n := range stats.Names {
		if version >= 2 && countStat[i] {
			add(n, int64Node)
		} else {
			add(n, double)
		}
	}
	l.equityMode = add("equity_mode", dictString)
	l.pointTime = add("point_time", parquet.List(parquet.Timestamp(parquet.Millisecond)))
	l.balance = add("balance", parquet.List(double))
	l.equity = add("equity", parquet.List(double))
	l.schema = parquet.NewSchema("frames", g)
	return l, nil
}

// The string columns' usual values as bytes, so that writing a row does not
// convert (and allocate) them.
var (
	backBytes, forwardBytes = []byte(Back), []byte(Forward)
	minMaxBytes, minBytes   = []byte("min_max"), []byte("min")
)

func periodBytes(s string) []byte {
	switch s {
	case Back:
		return backBytes
	case Forward:
		return forwardBytes
	}
	return []byte(s)
}

func modeBytes(s string) []byte {
	switch s {
	case "min_max":
		return minMaxBytes
	case "min":
		return minBytes
	}
	return []byte(s)
}

// group is a Parquet group whose fields keep the order they were added in
// (parquet.Group sorts its fields by name, which would scatter the
// statistics among the parameters).
type group []parquet.Field

func (g group) ID() int                            { return 0 }
func (g group) String() string                     { return fmt.Sprintf("group of %d fields", len(g)) }
func (g group) Type() parquet.Type                 { return parquet.Group{}.Type() }
func (g group) Optional() bool                     { return false }
func (g group) Repeated() bool                     { return false }
func (g group) Required() bool                     { return true }
func (g group) Leaf() bool                         { return false }
func (g group) Fields() []parquet.Field            { return g }
func (g group) Encoding() encoding.Encoding        { return nil }
func (g group) Compression() compress.Codec        { return nil }
func (g group) GoType() reflect.Type               { return reflect.TypeOf(map[string]any{}) }
func (f *field) Name() string                      { return f.name }
func (f *field) Value(reflect.Value) reflect.Value { return reflect.Value{} }

// field is a named node of a group.
type field struct {
	parquet.Node
	name string
}

// leafColumn is the one leaf column under a top-level field of schema s
// (the field itself for a scalar, its element for a list), and false when
// there is no such field or it holds more than one leaf.
func leafColumn(s *parquet.Schema, name string) (parquet.LeafColumn, bool) {
	var path []string
	for _, p := range s.Columns() {
		if p[0] == name {
			if path != nil {
				return parquet.LeafColumn{}, false
			}
			path = p
		}
	}
	if path == nil {
		return parquet.LeafColumn{}, false
	}
	return s.Lookup(path...)
}

// checkLeaf reports why got, a part file's leaf column for the dataset column
// name, cannot be read as want, the leaf this package writes: a different
// physical type, a scalar where a list belongs or the other way round, or
// times in another unit. Nullability may differ: a file rewritten by another
// tool often marks every column optional, and a null reads as zero. A count
// may be stored as a double (format 1, or a tool that turned integers with
// nulls into doubles).
func checkLeaf(name string, got, want parquet.LeafColumn) error {
	kindOK := got.Node.Type().Kind() == want.Node.Type().Kind() ||
		isCountName(name) && got.Node.Type().Kind() == parquet.Double
	switch {
	case got.MaxRepetitionLevel != want.MaxRepetitionLevel && want.MaxRepetitionLevel == 0:
		return fmt.Errorf("column %q is a list, want %v", name, want.Node.Type())
	case got.MaxRepetitionLevel != want.MaxRepetitionLevel:
		return fmt.Errorf("column %q is not a list of %v", name, want.Node.Type())
	case !kindOK || timeUnit(got.Node) != timeUnit(want.Node) && timeUnit(got.Node) != "":
		if want.MaxRepetitionLevel > 0 {
			return fmt.Errorf("column %q has elements of type %v, want %v", name, got.Node.Type(), want.Node.Type())
		}
		return fmt.Errorf("column %q has type %v, want %v", name, got.Node.Type(), want.Node.Type())
	}
	return nil
}

// isCountName reports whether name is the column of a count statistic.
func isCountName(name string) bool {
	i, ok := stats.Index(name)
	return ok && countStat[i]
}

// timeUnit is the unit of a timestamp column, or "" for other columns.
func timeUnit(n parquet.Node) string {
	if lt := n.Type().LogicalType(); lt != nil {
		if ts, ok := lt.Value.(*format.TimestampType); ok {
			return ts.Unit.String()
		}
	}
	return ""
}
