package market

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"time"
)

// DetectTimeframe finds the timeframe of bars opening at times (Unix ms,
// strictly increasing): the most common spacing between consecutive bars,
// mapped to the nearest of Timeframes on a log scale. Gaps such as weekends
// and holidays are rarer than the regular spacing, so daily bars with weekend
// gaps are D1. When two spacings are equally common the shorter one wins.
func DetectTimeframe(times []int64) (Timeframe, error) {
	if len(times) < 2 {
		return Timeframe{}, fmt.Errorf("cannot detect the timeframe from %d bar(s)", len(times))
	}
	counts := make(map[int64]int)
	for i := 1; i < len(times); i++ {
		d := times[i] - times[i-1]
		if d <= 0 {
			return Timeframe{}, errors.New("cannot detect the timeframe: bar times are not strictly increasing")
		}
		counts[d]++
	}
	var mode int64
	best := 0
	for d, n := range counts {
		if n > best || n == best && d < mode {
			mode, best = d, n
		}
	}
	return nearestTimeframe(time.Duration(mode) * time.Millisecond), nil
}

// nearestTimeframe is the timeframe whose duration is closest to d by ratio.
func nearestTimeframe(d time.Duration) Timeframe {
	best := Timeframes[0]
	bestDist := math.Inf(1)
	for _, tf := range Timeframes {
		dist := math.Abs(math.Log(float64(d) / float64(tf.Duration)))
		if dist < bestDist {
			best, bestDist = tf, dist
		}
	}
	return best
}

// SymbolFromFileName guesses the instrument from a bar file's name:
//
//  1. take the base name and drop the extensions .gz, .csv, .txt, .tsv, .parquet;
//  2. drop everything from the first '_' (MT5 names its exports
//     SYMBOL_TIMEFRAME_FROM_TO; other tools add descriptions the same way);
//  3. split the rest on '-' and take the last part before the first part that
//     begins with a digit (a year, a date), or the last part when none does
//     (prefixes name the source: "kernc-GOOG", "mt5-EURUSD");
//  4. upper-case it when it is all lower case ("orcl" is ORCL); mixed case is a
//     broker's spelling and is kept ("US30m").
//
// Examples: EURUSD_H1_202401012300_202509082200.csv → EURUSD, mt5-EURUSD_H1.csv
// → EURUSD, kernc-GOOG.csv → GOOG, pyalgotrade-orcl-2000-yahoofinance.csv → ORCL,
// SAMPLE_H1.csv.gz → SAMPLE.
func SymbolFromFileName(name string) string {
	base := filepath.Base(name)
	for {
		ext := strings.ToLower(filepath.Ext(base))
		if ext != ".gz" && ext != ".csv" && ext != ".txt" && ext != ".tsv" && ext != ".parquet" {
			break
		}
		base = base[:len(base)-len(ext)]
	}
	if i := strings.IndexByte(base, '_'); i >= 0 {
		base = base[:i]
	}
	parts := strings.Split(base, "-")
	for i, p := range parts {
		if i > 0 && startsWithDigit(p) {
			parts = parts[:i]
			break
		}
	}
	symbol := ""
	for i := len(parts) - 1; i >= 0 && symbol == ""; i-- {
		if !startsWithDigit(parts[i]) {
			symbol = parts[i]
		}
	}
	if symbol == "" {
		symbol = base
	}
	if symbol == strings.ToLower(symbol) {
		symbol = strings.ToUpper(symbol)
	}
	return symbol
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }
