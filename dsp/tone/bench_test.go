package tone

import (
	"testing"
	"time"

	"github.com/analogpbx/pbx/dsp/codec"
	"github.com/analogpbx/pbx/dsp/internal/testsig"
)

func benchFrames(z *Zone) [][]int16 {
	var out [][]int16
	out = append(out, render(&z.Ringback, 0, 6*time.Second, z.Law)...)
	out = append(out, testsig.Frames(testsig.Speech(4, -20, 1))...)
	return append(out, render(&z.Busy, 0, 3*time.Second, z.Law)...)
}

// BenchmarkBusyDetector is the tone detection an FXO channel runs on every frame.
func BenchmarkBusyDetector(b *testing.B) {
	for _, zn := range []string{"us", "cn"} {
		b.Run(zn, func(b *testing.B) {
			z, _ := Lookup(zn)
			frames := benchFrames(z)
			d := NewBusyDetector(z)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if i%len(frames) == 0 {
					d.Reset()
				}
				d.Feed(frames[i%len(frames)])
			}
			testsig.ReportFrames(b)
		})
	}
}

// BenchmarkMatcher is the simulated phone's ear (testbench).
func BenchmarkMatcher(b *testing.B) {
	z, _ := Lookup("uk")
	frames := benchFrames(z)
	m, _ := NewMatcher(z, "busy")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%len(frames) == 0 {
			m, _ = NewMatcher(z, "busy")
		}
		m.Feed(frames[i%len(frames)])
	}
	testsig.ReportFrames(b)
}

func BenchmarkGenerator(b *testing.B) {
	z, _ := Lookup("us")
	var g Generator
	g.Play(&z.Dial)
	buf := make([]int16, 80)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		g.Read(buf)
	}
	testsig.ReportFrames(b)
	_ = codec.ULaw
}
