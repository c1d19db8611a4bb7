package sim

import (
	"testing"
	"time"

	"github.com/analogpbx/pbx/dsp/tone"
	"github.com/analogpbx/pbx/hal"
)

// BenchmarkOpen measures opening the default card (4 FXS + 4 FXO bring-ups).
func BenchmarkOpen(b *testing.B) {
	z, _ := tone.Lookup("us")
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Open("", z); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFrame measures one frame of the default card: PCM transfer (every chip model,
// phone and line) and every driver's Tick, with one phone talking.
func BenchmarkFrame(b *testing.B) {
	c := open(b, "", "us")
	c.s.Phone(1).OffHook()
	c.s.Phone(1).SetTone(1004)
	c.run(time.Second)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		c.run(hal.FrameDuration)
		for i := range c.ev {
			c.ev[i] = c.ev[i][:0]
		}
	}
	perFrame := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(hal.FrameDuration)/float64(perFrame), "x-realtime")
}
