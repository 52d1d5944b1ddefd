package market

// parseDecimal reads the plain decimals bar files are made of ("1.07312",
// "-0.5", "1250") and returns exactly what strconv.ParseFloat returns for
// them, the same float64 bits. It is written by hand because strconv, which
// accepts every syntax (exponents, hex, underscores, inf) and any length,
// was most of a row's parse time: at five or six numbers a row it bounded
// how fast a multi-million-bar file loads.
//
// It uses the exact fast path of W. D. Clinger's "How to Read Floating Point
// Numbers Accurately": when the digits without the point form an integer
// m <= 2^53 and there are k <= 22 digits after the point, both m and 10^k
// are exact float64 values, so the one division m / 10^k is correctly
// rounded, as ParseFloat's result is. Anything else (more digits, an
// exponent, a comma, a stray character) returns ok == false and the caller
// falls back to strconv.
func parseDecimal(s string) (v float64, ok bool) {
	i := 0
	neg := false
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		neg, i = s[0] == '-', 1
	}
	var m uint64 // wraps past 19 digits, which are refused below
	start := i
	for ; i < len(s); i++ {
		d := s[i] - '0'
		if d > 9 {
			break
		}
		m = m*10 + uint64(d)
	}
	digits, frac := i-start, 0
	if i < len(s) && s[i] == '.' {
		i++
		start = i
		for ; i < len(s); i++ {
			d := s[i] - '0'
			if d > 9 {
				break
			}
			m = m*10 + uint64(d)
		}
		frac = i - start
		digits += frac
	}
	if i != len(s) || digits == 0 || digits > 19 || m > 1<<53 || frac > 22 {
		return 0, false
	}
	v = float64(m) / pow10[frac]
	if neg {
		v = -v
	}
	return v, true
}

// pow10 holds the powers of ten that float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}
