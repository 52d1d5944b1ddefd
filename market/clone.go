package market

import "slices"

// Clone returns a deep copy of s: changing one leaves the other as it was.
func (s *Series) Clone() *Series {
	out := *s
	out.Time = slices.Clone(s.Time)
	out.Open = slices.Clone(s.Open)
	out.High = slices.Clone(s.High)
	out.Low = slices.Clone(s.Low)
	out.Close = slices.Clone(s.Close)
	out.Volume = slices.Clone(s.Volume)
	out.Spread = slices.Clone(s.Spread) // stays nil when nil
	return &out
}
