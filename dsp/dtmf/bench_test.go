package dtmf

import (
	"testing"
	"time"

	"github.com/analogpbx/pbx/dsp/internal/testsig"
)

func BenchmarkDetector(b *testing.B) {
	g := NewGenerator(-10)
	g.Dial("0123456789*#ABCD", 50*time.Millisecond, 50*time.Millisecond)
	var pcm []int16
	buf := make([]int16, 80)
	for g.Busy() {
		g.Read(buf)
		pcm = append(pcm, buf...)
	}
	pcm = append(pcm, testsig.Speech(2, -20, 1)...)
	frames := testsig.Frames(pcm)
	d := NewDetector()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d.Process(frames[i%len(frames)])
	}
	testsig.ReportFrames(b)
}

func BenchmarkGenerator(b *testing.B) {
	g := NewGenerator(-10)
	buf := make([]int16, 80)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if !g.Busy() {
			g.Dial("0123456789", 80*time.Millisecond, 80*time.Millisecond)
		}
		g.Read(buf)
	}
	testsig.ReportFrames(b)
}
