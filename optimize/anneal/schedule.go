package anneal

import (
	"fmt"
	"math"
	"strings"
)

// Schedule is the annealing variant: how a new point is drawn around the
// current state and how the temperature falls.
type Schedule int

const (
	// Boltzmann draws δ = T·N(0,1) and cools T = T0 / ln(1 + k).
	Boltzmann Schedule = iota
	// Cauchy ("fast" annealing) draws δ = T·N1/N2 and cools T = T0 / k^(1/D).
	Cauchy
	// Ultrafast draws δ from a power law scaled by the range and cools
	// T = T0·exp(−c·k^(1/D)) with c = P1·exp(−P2/D).
	Ultrafast
)

var scheduleNames = [...]string{"boltzmann", "cauchy", "ultrafast"}

func (s Schedule) String() string {
	if s < 0 || int(s) >= len(scheduleNames) {
		return fmt.Sprintf("Schedule(%d)", int(s))
	}
	return scheduleNames[s]
}

// ParseSchedule reads "boltzmann", "cauchy" (or "fast") and "ultrafast".
func ParseSchedule(s string) (Schedule, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "boltzmann":
		return Boltzmann, nil
	case "cauchy", "fast":
		return Cauchy, nil
	case "ultrafast":
		return Ultrafast, nil
	}
	return 0, fmt.Errorf("unknown annealing method %q (want boltzmann, cauchy or ultrafast)", s)
}

// Modification says when the temperature falls.
type Modification int

const (
	// CoolOnMove (the annealing article's modification a) cools only after a move to a new state.
	CoolOnMove Modification = iota
	// CoolEveryIteration (modification b) cools after every iteration.
	CoolEveryIteration
)

func (m Modification) String() string {
	switch m {
	case CoolOnMove:
		return "a"
	case CoolEveryIteration:
		return "b"
	}
	return fmt.Sprintf("Modification(%d)", int(m))
}

// ParseModification reads "a" and "b".
func ParseModification(s string) (Modification, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "a":
		return CoolOnMove, nil
	case "b":
		return CoolEveryIteration, nil
	}
	return 0, fmt.Errorf("unknown modification %q (want a or b)", s)
}

// BoltzmannTemp is the Boltzmann temperature after k ≥ 1 cooling steps:
// T0 / ln(1 + k). Note that the first step (k = 1) gives T0/ln 2 ≈ 1.44·T0,
// above T0, exactly as in the annealing article.
func BoltzmannTemp(t0 float64, k int) float64 {
	if k < 1 {
		return t0
	}
	return t0 / math.Log1p(float64(k))
}

// CauchyTemp is the Cauchy ("fast") temperature after k ≥ 1 cooling steps in
// d dimensions: T0 / k^(1/d).
func CauchyTemp(t0 float64, k, d int) float64 {
	if k < 1 || d < 1 {
		return t0
	}
	return t0 / math.Pow(float64(k), 1/float64(d))
}

// UltrafastTemp is the ultrafast temperature after k ≥ 1 cooling steps in d
// dimensions: T0·exp(−c·k^(1/d)) with c = p1·exp(−p2/d).
func UltrafastTemp(t0 float64, k, d int, p1, p2 float64) float64 {
	if k < 1 || d < 1 {
		return t0
	}
	c := p1 * math.Exp(-p2/float64(d))
	return t0 * math.Exp(-c*math.Pow(float64(k), 1/float64(d)))
}

// Temp is the temperature of the schedule after k cooling steps.
func (s Schedule) Temp(t0 float64, k, d int, p1, p2 float64) float64 {
	switch s {
	case Cauchy:
		return CauchyTemp(t0, k, d)
	case Ultrafast:
		return UltrafastTemp(t0, k, d, p1, p2)
	}
	return BoltzmannTemp(t0, k)
}

// BoltzmannStep is the Boltzmann move T·z for a standard normal draw z.
func BoltzmannStep(t, z float64) float64 { return t * z }

// CauchyStep is the Cauchy move T·n1/n2 for two standard normal draws (their
// ratio is a standard Cauchy variable). n2 must not be zero.
func CauchyStep(t, n1, n2 float64) float64 { return t * n1 / n2 }

// UltrafastStep is the ultrafast move for a uniform draw a in [0, 1):
// sign(a − 0.5)·T·((1 + 1/T)^|2a−1| − 1)·span, where span = |stop − start|.
// Its magnitude never exceeds span; a temperature ≤ 0 gives no move.
func UltrafastStep(t, a, span float64) float64 {
	if t <= 0 || a == 0.5 {
		return 0
	}
	z := t * (math.Pow(1+1/t, math.Abs(2*a-1)) - 1) * span
	if a < 0.5 {
		return -z
	}
	return z
}

// AcceptProbability is the chance exp(−ΔF/T) of moving to a state that is
// worse by ΔF ≥ 0 at acceptance temperature T; 1 for ΔF ≤ 0, 0 for T ≤ 0.
func AcceptProbability(dF, t float64) float64 {
	if dF <= 0 {
		return 1
	}
	if t <= 0 || math.IsNaN(dF) {
		return 0
	}
	return math.Exp(-dF / t)
}
