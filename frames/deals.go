package frames

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/parquet-go/parquet-go"
)

// Deal column names, in file order (deals/part-*.parquet).
var dealColumns = []string{"pass", "window", "period", "time", "type", "entry", "volume", "price",
	"commission", "swap", "profit", "balance_after", "reason", "profit_raw", "rate"}

// dealSchema is the layout of a deals part. profit_raw and rate are
// optional: null for a symbol whose profit currency is the account's.
var dealSchema = func() *parquet.Schema {
	dict := parquet.Encoded(parquet.String(), &parquet.RLEDictionary)
	double := parquet.Leaf(parquet.DoubleType)
	nodes := []parquet.Node{parquet.Int(64), parquet.Int(32), dict, parquet.Timestamp(parquet.Millisecond),
		dict, dict, double, double, double, double, double, double, dict,
		parquet.Optional(double), parquet.Optional(double)}
	var g group
	for i, n := range nodes {
		g = append(g, &field{Node: n, name: dealColumns[i]})
	}
	return parquet.NewSchema("deals", g)
}()

// The values of a deal's type and entry.
const (
	Buy  = "buy"
	Sell = "sell"
	In   = "in"
	Out  = "out"
)

// appendDeal appends the values of one deal to row.
func appendDeal(row parquet.Row, d *Deal) parquet.Row {
	row = append(row,
		parquet.Int64Value(d.Pass).Level(0, 0, 0),
		parquet.Int32Value(d.Window).Level(0, 0, 1),
		parquet.ByteArrayValue(periodBytes(d.Period)).Level(0, 0, 2),
		parquet.Int64Value(d.Time).Level(0, 0, 3),
		parquet.ByteArrayValue(wordBytes(d.Type)).Level(0, 0, 4),
		parquet.ByteArrayValue(wordBytes(d.Entry)).Level(0, 0, 5),
		parquet.DoubleValue(d.Volume).Level(0, 0, 6),
		parquet.DoubleValue(d.Price).Level(0, 0, 7),
		parquet.DoubleValue(d.Commission).Level(0, 0, 8),
		parquet.DoubleValue(d.Swap).Level(0, 0, 9),
		parquet.DoubleValue(d.Profit).Level(0, 0, 10),
		parquet.DoubleValue(d.BalanceAfter).Level(0, 0, 11),
		parquet.ByteArrayValue(wordBytes(d.Reason)).Level(0, 0, 12),
	)
	if d.Rate == 0 { // the profit currency is the account's: nothing was converted
		return append(row, parquet.NullValue().Level(0, 0, 13), parquet.NullValue().Level(0, 0, 14))
	}
	return append(row, parquet.DoubleValue(d.ProfitRaw).Level(0, 1, 13), parquet.DoubleValue(d.Rate).Level(0, 1, 14))
}

// words are the values of the deals' string columns, as bytes, so that
// writing a deal converts (and allocates) nothing.
var words = map[string][]byte{Buy: []byte(Buy), Sell: []byte(Sell), In: []byte(In), Out: []byte(Out),
	"signal": []byte("signal"), "sl": []byte("sl"), "tp": []byte("tp"), "end": []byte("end")}

func wordBytes(s string) []byte {
	if b, ok := words[s]; ok {
		return b
	}
	return []byte(s)
}

// DealParts lists the finished deals part files of a run directory, in
// order; none (and no error) for a run without deals.
func DealParts(runDir string) ([]string, error) {
	dir := Layout{runDir}.Deals()
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var parts []string
	for _, e := range entries {
		if partName.MatchString(e.Name()) {
			parts = append(parts, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(parts)
	return parts, nil
}

// ErrNoDealsStored is returned when the deals of a run that was collected
// without them are asked for.
var ErrNoDealsStored = errors.New("the run was collected without deals")

// ScanDeals calls fn for every deal of the run in dir, in file order (the
// deals of a pass in the order they happened). The Deal is reused between
// calls.
func ScanDeals(dir string, fn func(*Deal) error) error {
	m, err := ReadManifest(dir)
	if err != nil {
		return err
	}
	if !m.Deals {
		return fmt.Errorf("%s: %w", dir, ErrNoDealsStored)
	}
	parts, err := DealParts(dir)
	if err != nil {
		return err
	}
	for _, path := range parts {
		if err := scanDealPart(path, fn); err != nil {
			return err
		}
	}
	return nil
}

// ReadDeals returns the deals of one pass (both periods, back first), in
// the order they happened.
func ReadDeals(dir string, window int32, pass int64) ([]Deal, error) {
	var out []Deal
	err := ScanDeals(dir, func(d *Deal) error {
		if d.Window == window && d.Pass == pass {
			out = append(out, *d)
		}
		return nil
	})
	return out, err
}

// dealReader holds the column cursors of a deals part.
type dealReader struct {
	pass                                    *cursor[int64]
	window                                  *cursor[int32]
	time                                    *cursor[int64]
	period, typ, entry, reason              *cursor[string]
	volume, price, commission, swap, profit *cursor[float64]
	balance, profitRaw, rate                *cursor[float64]
	all                                     []chunkReader
}

func scanDealPart(path string, fn func(*Deal) error) error {
	p, err := openPart(path)
	if err != nil {
		return err
	}
	defer p.close()
	s := p.pf.Schema()
	leaves := map[string]parquet.LeafColumn{}
	for _, name := range dealColumns {
		got, ok := leafColumn(s, name)
		if !ok {
			return fmt.Errorf("read %s: missing column %q", path, name)
		}
		want, _ := leafColumn(dealSchema, name)
		if err := checkLeaf(name, got, want); err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		leaves[name] = got
	}
	r := &dealReader{}
	ints := func(name string) *cursor[int64] {
		c := newCursor(name, leaves[name], plainInt64, valueInt64, &p.err)
		r.all = append(r.all, c)
		return c
	}
	floats := func(name string) *cursor[float64] {
		c := newCursor(name, leaves[name], plainFloat64, valueFloat64, &p.err)
		r.all = append(r.all, c)
		return c
	}
	strs := func(name string) *cursor[string] {
		c := newCursor(name, leaves[name], plainString, valueString, &p.err)
		r.all = append(r.all, c)
		return c
	}
	r.pass, r.time = ints("pass"), ints("time")
	r.window = newCursor("window", leaves["window"], plainInt32, valueInt32, &p.err)
	r.all = append(r.all, r.window)
	r.period, r.typ, r.entry, r.reason = strs("period"), strs("type"), strs("entry"), strs("reason")
	r.volume, r.price, r.commission, r.swap = floats("volume"), floats("price"), floats("commission"), floats("swap")
	r.profit, r.balance, r.profitRaw, r.rate = floats("profit"), floats("balance_after"), floats("profit_raw"), floats("rate")
	defer func() {
		for _, c := range r.all {
			c.close()
		}
	}()
	var d Deal
	open := func(g int, rg parquet.RowGroup) {
		for _, c := range r.all {
			c.open(p, g, rg)
		}
	}
	return p.eachRow(open, func(row int64) error {
		d = Deal{Pass: r.pass.next(), Window: r.window.next(), Period: r.period.next(), Time: r.time.next(),
			Type: r.typ.next(), Entry: r.entry.next(), Volume: r.volume.next(), Price: r.price.next(),
			Commission: r.commission.next(), Swap: r.swap.next(), Profit: r.profit.next(),
			BalanceAfter: r.balance.next(), Reason: r.reason.next(), ProfitRaw: r.profitRaw.next(), Rate: r.rate.next()}
		if p.err != nil {
			return fmt.Errorf("read %s: row %d: %w", path, row, p.err)
		}
		return fn(&d)
	})
}
