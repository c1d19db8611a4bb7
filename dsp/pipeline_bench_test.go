package dsp_test

import (
	"testing"
	"time"

	"github.com/analogpbx/pbx/dsp"
	"github.com/analogpbx/pbx/dsp/codec"
	"github.com/analogpbx/pbx/dsp/dtmf"
	"github.com/analogpbx/pbx/dsp/echo"
	"github.com/analogpbx/pbx/dsp/internal/testsig"
	"github.com/analogpbx/pbx/dsp/tone"
)

// BenchmarkReceivePipeline is what the media loop does for one channel every frame:
// G.711 decode of the received and sent frames, echo cancellation (64 and 128 ms),
// DTMF detection and busy-tone detection.
func BenchmarkReceivePipeline(b *testing.B) {
	for _, tail := range []time.Duration{64 * time.Millisecond, 128 * time.Millisecond} {
		b.Run("echo"+tail.String(), func(b *testing.B) {
			z, _ := tone.Lookup("us")
			far := testsig.Speech(2, -20, 1)
			path := testsig.Convolve(far, testsig.EchoPath(40, 10, 2))
			near := testsig.Speech(2, -25, 2)
			n := len(far) / dsp.FrameSize
			rxBytes := make([][]byte, n)
			txBytes := make([][]byte, n)
			for k := range n {
				rx := make([]int16, dsp.FrameSize)
				for i := range rx {
					rx[i] = dsp.Clamp16(path[k*80+i] + float64(near[k*80+i]))
				}
				rxBytes[k] = make([]byte, dsp.FrameSize)
				txBytes[k] = make([]byte, dsp.FrameSize)
				codec.Encode(z.Law, rxBytes[k], rx)
				codec.Encode(z.Law, txBytes[k], far[k*80:(k+1)*80])
			}
			ec, _ := echo.New(echo.Opts{Tail: tail, NLP: true, ComfortNoise: true})
			det := dtmf.NewDetector()
			busy := tone.NewBusyDetector(z)
			rx := make([]int16, dsp.FrameSize)
			tx := make([]int16, dsp.FrameSize)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				k := i % n
				codec.Decode(z.Law, rx, rxBytes[k])
				codec.Decode(z.Law, tx, txBytes[k])
				ec.Cancel(rx, rx, tx)
				det.Process(rx)
				busy.Feed(rx)
			}
			testsig.ReportFrames(b)
		})
	}
}

func BenchmarkCodec(b *testing.B) {
	pcm := testsig.Speech(1, -20, 1)[:80]
	enc := make([]byte, 80)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		codec.Encode(codec.ALaw, enc, pcm)
		codec.Decode(codec.ALaw, pcm, enc)
	}
	testsig.ReportFrames(b)
}
