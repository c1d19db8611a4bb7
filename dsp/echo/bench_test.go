package echo

import (
	"testing"
	"time"

	"github.com/analogpbx/pbx/dsp/internal/testsig"
)

func BenchmarkCancel(b *testing.B) {
	for _, tail := range []time.Duration{32 * time.Millisecond, 64 * time.Millisecond, 128 * time.Millisecond} {
		b.Run(tail.String(), func(b *testing.B) {
			c, _ := New(Opts{Tail: tail, NLP: true, ComfortNoise: true})
			far := testsig.Speech(2, -20, 1)
			echo := testsig.Convolve(far, testsig.EchoPath(40, 10, 2))
			rx := make([]int16, len(far))
			for i := range rx {
				rx[i] = int16(echo[i])
			}
			tx, in := testsig.Frames(far), testsig.Frames(rx)
			out := make([]int16, 80)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				k := i % len(tx)
				c.Cancel(out, in[k], tx[k])
			}
			testsig.ReportFrames(b)
		})
	}
}
