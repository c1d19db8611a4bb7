package testbench

import (
	"strings"
	"testing"
	"time"

	"github.com/analogpbx/pbx/hal"
)

// BenchmarkFrame measures one 10 ms frame of the whole system on the simulated card with
// two calls up (801-802 internal, 803 on line 1): chip models, drivers, call core, DSP.
func BenchmarkFrame(b *testing.B) {
	sc, err := Parse(strings.NewReader(`801 offhook
801 dial 802
expect 802 rings
802 offhook
803 offhook
803 dial 9,5551234#
expect line1 dialed 5551234
line1 answer
wait 1s
`), "bench")
	if err != nil {
		b.Fatal(err)
	}
	r := &runner{sc: sc, dir: b.TempDir(), base: "."}
	defer r.close()
	if err := r.run(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := r.frame(); err != nil {
			b.Fatal(err)
		}
	}
	perFrame := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(perFrame.Nanoseconds()), "ns/frame")
	b.ReportMetric(float64(hal.FrameDuration)/float64(perFrame), "x-realtime")
}
