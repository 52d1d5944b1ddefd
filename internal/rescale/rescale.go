// Package rescale makes bars of another instrument's price level from the
// bundled EURUSD-like sample: USDJPY-like, index-like or share-like bars with
// the same texture (trends, volatility clusters, sessions, gaps), for tests
// and demonstrations of symbol specifications and currency conversion.
// Relative moves are kept: the prices are multiplied by one factor and
// rounded to the instrument's digits; the spread column (points) is kept,
// which at the new digits is a spread of the same order for each kind.
package rescale

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/passframes/passframes/data"
	"github.com/passframes/passframes/market"
)

// Like is an instrument to imitate.
type Like struct {
	Symbol string
	Level  float64 // the price the sample's first open becomes
	Digits int
}

// Common instruments, at price levels of recent years.
var (
	USDJPY = Like{"USDJPY", 140, 3}
	EURGBP = Like{"EURGBP", 0.86, 5}
	US30   = Like{"US30", 37000, 1}
	GOOG   = Like{"GOOG", 140, 2}
)

// Sample returns the bundled sample rescaled to like.
func Sample(like Like) (*market.Series, error) {
	s, err := data.Sample()
	if err != nil {
		return nil, err
	}
	return Scale(s, like), nil
}

// Scale returns a copy of s at like's price level and digits.
func Scale(s *market.Series, like Like) *market.Series {
	out := s.Clone()
	out.Symbol, out.Source = like.Symbol, "rescaled sample"
	k := like.Level / s.Open[0]
	p := math.Pow(10, float64(like.Digits))
	scale := func(v float64) float64 { return math.Round(v*k*p) / p }
	for i := range out.Time {
		out.Open[i], out.High[i], out.Low[i], out.Close[i] =
			scale(s.Open[i]), scale(s.High[i]), scale(s.Low[i]), scale(s.Close[i])
	}
	return out
}

// WriteMT5 writes s as a MetaTrader 5 "Export Bars" file.
func WriteMT5(w io.Writer, s *market.Series, digits int) error {
	bw := bufio.NewWriter(w)
	fmt.Fprint(bw, "<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>\r\n")
	var line []byte
	for i := range s.Time {
		line = s.BarTime(i).AppendFormat(line[:0], "2006.01.02\t15:04:05")
		for _, v := range [...]float64{s.Open[i], s.High[i], s.Low[i], s.Close[i]} {
			line = append(line, '\t')
			line = strconv.AppendFloat(line, v, 'f', digits, 64)
		}
		line = append(line, '\t')
		line = strconv.AppendInt(line, int64(s.Volume[i]), 10)
		line = append(line, "\t0\t"...)
		var spread int64
		if s.Spread != nil {
			spread = int64(s.Spread[i])
		}
		line = strconv.AppendInt(line, spread, 10)
		line = append(line, '\r', '\n')
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}
