package sim_test

import (
	"testing"
	"time"

	"github.com/analogpbx/pbx/hal"
)

// BenchmarkDAAFrame measures one frame of a connected call on a DAA port: PCM transfer (the DAA
// model and its exchange line) plus the driver's Tick.
func BenchmarkDAAFrame(b *testing.B) {
	x := newExch(&testing.T{}, "us")
	x.dev.Seize()
	x.runFor(time.Second)
	x.line.SetTone(1004)
	b.ReportAllocs()
	for b.Loop() {
		x.run(1)
	}
	perFrame := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(hal.FrameDuration)/float64(perFrame), "x-realtime")
}
