package data

import "bytes"

// SampleBytes returns a copy of the embedded sample file as stored (gzip),
// to fingerprint it.
func SampleBytes() []byte { return bytes.Clone(sampleGz) }
