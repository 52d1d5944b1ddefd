package market

import (
	"crypto/sha256"
	"fmt"
	"os"
)

// LoadHashed is Load that also returns the SHA-256 of the file's bytes as
// stored (before any gunzip), the fingerprint a run records of its bars. It
// reads the file once and hashes it on another goroutine while the bars are
// decoded, instead of reading it a second time to hash it.
func LoadHashed(path string, opt LoadOptions) (*Series, [sha256.Size]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, [sha256.Size]byte{}, fmt.Errorf("load bars: %w", err)
	}
	sum := make(chan [sha256.Size]byte, 1)
	go func() { sum <- sha256.Sum256(data) }() // decode only reads data
	s, err := decode(data, path, opt)
	h := <-sum
	if err != nil {
		return nil, [sha256.Size]byte{}, err
	}
	return s, h, nil
}
