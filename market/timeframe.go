package market

import (
	"fmt"
	"strings"
	"time"
)

// Timeframe is a bar period, named as in MetaTrader 5 (M1 ... MN1).
type Timeframe struct {
	Name     string
	Duration time.Duration
}

// Timeframes lists the periods MetaTrader 5 offers, shortest first. MN1 is
// taken as 30 days for spacing detection.
var Timeframes = []Timeframe{
	{"M1", time.Minute}, {"M2", 2 * time.Minute}, {"M3", 3 * time.Minute}, {"M4", 4 * time.Minute},
	{"M5", 5 * time.Minute}, {"M6", 6 * time.Minute}, {"M10", 10 * time.Minute}, {"M12", 12 * time.Minute},
	{"M15", 15 * time.Minute}, {"M20", 20 * time.Minute}, {"M30", 30 * time.Minute},
	{"H1", time.Hour}, {"H2", 2 * time.Hour}, {"H3", 3 * time.Hour}, {"H4", 4 * time.Hour},
	{"H6", 6 * time.Hour}, {"H8", 8 * time.Hour}, {"H12", 12 * time.Hour},
	{"D1", 24 * time.Hour}, {"W1", 7 * 24 * time.Hour}, {"MN1", 30 * 24 * time.Hour},
}

// ParseTimeframe returns the timeframe with the given name (case-insensitive).
func ParseTimeframe(name string) (Timeframe, error) {
	for _, tf := range Timeframes {
		if strings.EqualFold(tf.Name, name) {
			return tf, nil
		}
	}
	return Timeframe{}, fmt.Errorf("unknown timeframe %q (want one of M1, M5, M15, M30, H1, H4, D1, W1, MN1, ...)", name)
}

// BarsPerYear is the number of bars in a trading year, used to annualize the
// Sharpe ratio: 252 trading days for intraday and daily bars, 52 weeks, 12 months.
func (tf Timeframe) BarsPerYear() float64 {
	switch {
	case tf.Duration <= 0:
		return 252
	case tf.Duration < 24*time.Hour:
		return 252 * float64(24*time.Hour) / float64(tf.Duration)
	case tf.Duration < 7*24*time.Hour:
		return 252
	case tf.Duration < 30*24*time.Hour:
		return 52
	default:
		return 12
	}
}

func (tf Timeframe) String() string { return tf.Name }
