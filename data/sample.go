// Package data bundles sample market data, used when no bar file is given.
//
// The sample is synthetic: two years (2023-2024) of EURUSD-like H1 bars for
// the symbol SAMPLE, made by Generate from a fixed seed. It is not real
// quotes; it only has their texture (trends and ranges, volatility
// clustering, quiet and busy hours, weekend gaps, tick volume and spread).
// `go run ./data/gen` rewrites it.
package data

import (
	"bytes"
	_ "embed"
	"fmt"
	"sync"

	"github.com/passframes/passframes/market"
)

// SampleName is the Series.Source of the bundled sample.
const SampleName = "sample"

// SampleFile is the name of the embedded file, in MT5 export format, gzipped.
const SampleFile = "SAMPLE_H1.csv.gz"

//go:embed SAMPLE_H1.csv.gz
var sampleGz []byte

var decodeSample = sync.OnceValues(func() (*market.Series, error) {
	s, err := market.Read(bytes.NewReader(sampleGz), SampleFile, market.LoadOptions{Symbol: "SAMPLE", Timeframe: "H1"})
	if err != nil {
		return nil, fmt.Errorf("bundled sample: %w", err)
	}
	s.Source = SampleName
	return s, nil
})

// Sample returns the bundled series. The file is decoded once; each call
// returns a fresh copy, which the caller may change freely.
func Sample() (*market.Series, error) {
	s, err := decodeSample()
	if err != nil {
		return nil, err
	}
	return s.Clone(), nil
}
