package charts

import (
	"io"
	"testing"
)

// BenchmarkRenderPass renders a 400-point pass (300 back, 100 forward) at
// 1280×800, the default size.
func BenchmarkRenderPass(b *testing.B) {
	c := samplePass(ForwardSeparate, 300, 100, 7)
	b.ReportAllocs()
	for b.Loop() {
		if err := RenderPass(c, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
