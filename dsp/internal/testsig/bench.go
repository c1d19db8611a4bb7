package testsig

import (
	"testing"
	"time"
)

// ReportFrames adds the per-channel figures of a benchmark whose every iteration
// processed one 10 ms frame: ns/frame and channels/core (how many channels one core
// keeps up with in real time).
func ReportFrames(b *testing.B) {
	if b.N == 0 {
		return
	}
	per := float64(b.Elapsed()) / float64(b.N)
	b.ReportMetric(per, "ns/frame")
	b.ReportMetric(float64(10*time.Millisecond)/per, "channels/core")
}

// Frames cuts pcm into whole 80-sample frames.
func Frames(pcm []int16) [][]int16 {
	var out [][]int16
	for i := 0; i+80 <= len(pcm); i += 80 {
		out = append(out, pcm[i:i+80])
	}
	return out
}
