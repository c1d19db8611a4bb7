package mix

import (
	"fmt"
	"testing"
	"time"

	"github.com/analogpbx/pbx/dsp/internal/testsig"
)

// BenchmarkMix mixes one frame for every party of a conference; ns/frame and
// channels/core are per party.
func BenchmarkMix(b *testing.B) {
	for _, n := range []int{3, 8, 30} {
		b.Run(fmt.Sprintf("%d-parties", n), func(b *testing.B) {
			m := New(n)
			m.SetAGC(true)
			in := frames(n, func(i int) []int16 { return testsig.Noise(80, -20, uint64(i)) })
			out := frames(n, func(int) []int16 { return make([]int16, 80) })
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				m.Mix(out, in)
			}
			per := float64(b.Elapsed()) / float64(b.N) / float64(n)
			b.ReportMetric(per, "ns/frame")
			b.ReportMetric(float64(10*time.Millisecond)/per, "channels/core")
		})
	}
}
