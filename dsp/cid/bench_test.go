package cid

import (
	"testing"

	"github.com/analogpbx/pbx/dsp/internal/testsig"
	"github.com/analogpbx/pbx/dsp/tone"
)

func BenchmarkDemodulator(b *testing.B) {
	msg := EncodeMDMF(Message{Number: "13800138000", Name: "ZHANG SAN", MWI: -1})
	m := NewModulator(tone.Bell202, msg)
	var pcm []int16
	buf := make([]int16, 80)
	for !m.Read(buf) {
		pcm = append(pcm, buf...)
	}
	frames := testsig.Frames(pcm)
	d := NewDemodulator(tone.Bell202)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%len(frames) == 0 {
			d.Reset()
		}
		d.Feed(frames[i%len(frames)])
	}
	testsig.ReportFrames(b)
}
