package market

import (
	"crypto/sha256"
)

// LoadHashed is Load that also returns the SHA-256 of the file's bytes as
// stored (before any gunzip), the fingerprint a run records of its bars. The
// file is read once: its bytes are hashed as they are read, while the chunks
// before them are parsed.
func LoadHashed(path string, opt LoadOptions) (*Series, [sha256.Size]byte, error) {
	h := sha256.New()
	s, err := loadFile(path, opt, h)
	if err != nil {
		return nil, [sha256.Size]byte{}, err
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return s, sum, nil
}
