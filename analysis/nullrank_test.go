package analysis

import (
	"testing"

	"github.com/apache/arrow/go/v16/arrow/array"
	"github.com/apache/arrow/go/v16/arrow/memory"
)

// TestNullRank: an unavailable criterion's rank is null in the table and
// reads back after every ranked pass.
func TestNullRank(t *testing.T) {
	b := array.NewInt32Builder(memory.DefaultAllocator)
	defer b.Release()
	appendRank(b, &Pass{Ranks: []int{3}, Available: []bool{true}}, 0)
	appendRank(b, &Pass{Ranks: []int{1}, Available: []bool{false}}, 0)
	a := b.NewInt32Array()
	defer a.Release()
	if a.IsNull(0) || a.Value(0) != 3 || !a.IsNull(1) {
		t.Errorf("ranks %v", a)
	}
	if readRank(3, true, 10) != 3 || readRank(0, false, 10) != 10 {
		t.Error("readRank")
	}
}
