package hugepages

import (
	"os"
	"runtime"
	"strings"
	"testing"
)

// Make returns a zeroed slice of the length asked for, small or large, that
// can be written throughout.
func TestMake(t *testing.T) {
	for _, n := range []int{0, 1, 1000, 3 << 20} {
		s := Make[float64](n)
		if len(s) != n {
			t.Fatalf("len %d, want %d", len(s), n)
		}
		for i := range s {
			if s[i] != 0 {
				t.Fatalf("s[%d] = %v, want 0", i, s[i])
			}
			s[i] = float64(i)
		}
		if n > 0 && s[n-1] != float64(n-1) {
			t.Fatal("last element not written")
		}
	}
	if s := Make[int32](5 << 20); len(s) != 5<<20 {
		t.Fatal("int32 length")
	}
}

// On Linux with transparent huge pages in "madvise" or "always" mode, a large
// array written throughout is backed by huge pages.
func TestMakeUsesHugePages(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("transparent huge pages are a Linux feature")
	}
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || strings.Contains(string(mode), "[never]") {
		t.Skip("transparent huge pages are off")
	}
	before := anonHuge(t)
	s := Make[float64](8 << 20) // 64 MiB
	for i := range s {
		s[i] = 1
	}
	if after := anonHuge(t); after <= before {
		t.Skipf("no huge pages were given (AnonHugePages %d kB before, %d kB after): memory may be too fragmented", before, after)
	}
	runtime.KeepAlive(s)
}

func anonHuge(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/smaps_rollup")
	if err != nil {
		t.Skip(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "AnonHugePages:"); ok {
			var kb int
			for _, c := range strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")) {
				kb = kb*10 + int(c-'0')
			}
			return kb
		}
	}
	t.Skip("no AnonHugePages in smaps_rollup")
	return 0
}
