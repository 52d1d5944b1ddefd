package market

import "testing"

func TestClone(t *testing.T) {
	for _, withSpread := range []bool{true, false} {
		s := sampleSeries(withSpread)
		c := s.Clone()
		checkSameBars(t, c, s)
		if c.Symbol != s.Symbol || c.Timeframe != s.Timeframe {
			t.Errorf("clone lost symbol or timeframe: %s %v", c.Symbol, c.Timeframe)
		}
		c.Time[0], c.Open[0], c.High[0], c.Low[0], c.Close[0], c.Volume[0] = -1, -1, -1, -1, -1, -1
		if c.Spread != nil {
			c.Spread[0] = -1
		}
		if s.Time[0] == -1 || s.Open[0] == -1 || s.High[0] == -1 || s.Low[0] == -1 || s.Close[0] == -1 ||
			s.Volume[0] == -1 || withSpread && s.Spread[0] == -1 {
			t.Error("changing the clone changed the original")
		}
	}
}
