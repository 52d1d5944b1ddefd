package queue

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/passframes/passframes/frames"
)

// Spec tells a worker how to rebuild a run: collect's own arguments, with
// every file value replaced by a reference into the object store, so a
// worker needs nothing but the server's URL.
type Spec struct {
	Run     string            `json:"run"`     // the run id: its subjects and message ids
	Version string            `json:"version"` // the coordinator's program version
	Args    []string          `json:"args"`
	Files   map[string]string `json:"files"` // reference → the file's base name
}

// FileRef is the prefix of an argument value that stands for a file of the
// object store: "sha256:<hex>".
const FileRef = "sha256:"

// task is one pass on the work stream.
type task struct {
	Pass int64
	X    []float64
}

// result is one evaluated pass on the result stream. Frames travel with gob,
// which keeps every float64 bit for bit.
type result struct {
	Pass    int64
	Back    *frames.Frame
	Forward *frames.Frame
	Deals   []frames.Deal
	Value   float64
	Err     string
	Worker  string
}

func encode(v any) ([]byte, error) {
	var b bytes.Buffer
	err := gob.NewEncoder(&b).Encode(v)
	return b.Bytes(), err
}

func decode(data []byte, v any) error { return gob.NewDecoder(bytes.NewReader(data)).Decode(v) }

// putSpec stores the spec of a run.
func (c *Conn) putSpec(ctx context.Context, s *Spec) error {
	kv, err := c.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: SpecBucket, Storage: jetstream.FileStorage})
	if err != nil {
		return fmt.Errorf("bucket %s: %w", SpecBucket, err)
	}
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	_, err = kv.Put(ctx, s.Run, b)
	return err
}

// getSpec reads the spec of run.
func (c *Conn) getSpec(ctx context.Context, run string) (*Spec, error) {
	ctx, cancel := context.WithTimeout(ctx, apiTimeout)
	defer cancel()
	kv, err := c.js.KeyValue(ctx, SpecBucket)
	if err != nil {
		return nil, fmt.Errorf("bucket %s: %w", SpecBucket, err)
	}
	e, err := kv.Get(ctx, run)
	if err != nil {
		return nil, fmt.Errorf("run %s: no specification on the server: %w", run, err)
	}
	var s Spec
	if err := json.Unmarshal(e.Value(), &s); err != nil {
		return nil, fmt.Errorf("run %s: specification: %w", run, err)
	}
	return &s, nil
}

func (c *Conn) files(ctx context.Context) (jetstream.ObjectStore, error) {
	obs, err := c.js.CreateOrUpdateObjectStore(ctx, jetstream.ObjectStoreConfig{Bucket: FileBucket, Storage: jetstream.FileStorage})
	if err != nil {
		return nil, fmt.Errorf("object store %s: %w", FileBucket, err)
	}
	return obs, nil
}

// Upload puts the file at path into the object store, once per content, and
// returns its reference ("sha256:<hex>") and base name.
func (c *Conn) Upload(ctx context.Context, path string) (ref, base string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return "", "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", "", fmt.Errorf("read %s: %w", path, err)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	obs, err := c.files(ctx)
	if err != nil {
		return "", "", err
	}
	if _, err := obs.GetInfo(ctx, sum); err == nil {
		return FileRef + sum, filepath.Base(path), nil // already there
	} else if !errors.Is(err, jetstream.ErrObjectNotFound) {
		return "", "", err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", "", err
	}
	if _, err := obs.Put(ctx, jetstream.ObjectMeta{Name: sum}, f); err != nil {
		return "", "", fmt.Errorf("upload %s: %w", path, err)
	}
	return FileRef + sum, filepath.Base(path), nil
}

// fetchFile makes the file of ref available under cacheDir, keeping its base
// name (a loader may read the symbol from it), and returns its path. A cached
// copy is used when its content still has the right hash.
func (c *Conn) fetchFile(ctx context.Context, ref, base, cacheDir string) (string, error) {
	sum, ok := strings.CutPrefix(ref, FileRef)
	if !ok || len(sum) != 64 || strings.ContainsAny(base, `/\`) || base == "" || base == "." || base == ".." {
		return "", &badFileError{fmt.Errorf("bad file reference %q (%q)", ref, base)}
	}
	dir := filepath.Join(cacheDir, sum)
	path := filepath.Join(dir, base)
	if hashOf(path) == sum {
		return path, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 10*apiTimeout)
	defer cancel()
	obs, err := c.js.ObjectStore(ctx, FileBucket)
	if err != nil {
		return "", fmt.Errorf("object store %s: %w", FileBucket, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", &badFileError{err}
	}
	tmp := path + ".part"
	if err := obs.GetFile(ctx, sum, tmp); err != nil {
		return "", fmt.Errorf("download %s: %w", base, err)
	}
	if got := hashOf(tmp); got != sum {
		os.Remove(tmp)
		return "", &badFileError{fmt.Errorf("download %s: content hash %s, want %s", base, got, sum)}
	}
	return path, os.Rename(tmp, path)
}

// badFileError is a file a worker cannot have: a broken reference, a
// download whose content is not what the coordinator uploaded, a cache it
// cannot write.
type badFileError struct{ err error }

func (e *badFileError) Error() string { return e.err.Error() }
func (e *badFileError) Unwrap() error { return e.err }

// hashOf is the SHA-256 of a file's content in hex, or "" when it cannot be read.
func hashOf(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}
