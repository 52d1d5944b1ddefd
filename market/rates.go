package market

import "math"

// OpensAt returns, for each time of times (Unix ms, increasing), the open of
// the bar of s that opens at that time, or else of the latest bar of s that
// opened before it (s has a gap there): the last price s knows at that
// moment without looking into a bar that has not closed. Times before s's
// first bar get NaN. stale counts the times that fell in a gap of more than
// a week, where the price used is old.
func (s *Series) OpensAt(times []int64) (opens []float64, stale int) {
	const week = 7 * 24 * 60 * 60 * 1000
	opens = make([]float64, len(times))
	j := -1 // the latest bar of s at or before the time
	for k, t := range times {
		for j+1 < s.Len() && s.Time[j+1] <= t {
			j++
		}
		if j < 0 {
			opens[k] = math.NaN()
			continue
		}
		opens[k] = s.Open[j]
		if t-s.Time[j] > week {
			stale++
		}
	}
	return opens, stale
}
