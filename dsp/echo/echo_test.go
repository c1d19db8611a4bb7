package echo

import (
	"math"
	"testing"
	"time"

	"github.com/analogpbx/pbx/dsp"
	"github.com/analogpbx/pbx/dsp/codec"
	"github.com/analogpbx/pbx/dsp/internal/testsig"
)

// run passes far-end audio through echo path h (plus near-end audio), through G.711,
// and the canceller. It returns the received and cancelled signals.
func run(t testing.TB, c *Canceller, far, near []int16, h []float64) (rx, out []int16) {
	echo := testsig.Convolve(far, h)
	rx = make([]int16, len(far))
	for i := range rx {
		v := echo[i]
		if near != nil {
			v += float64(near[i])
		}
		rx[i] = dsp.Clamp16(v)
	}
	codec.RoundTrip(codec.ULaw, rx)
	out = make([]int16, len(rx))
	for i := 0; i+80 <= len(rx); i += 80 {
		c.Cancel(out[i:i+80], rx[i:i+80], far[i:i+80])
	}
	return rx, out
}

// erle is the echo return loss enhancement over samples [from, to).
func erle(rx, out []int16, from, to int) float64 {
	var a, b float64
	for i := from; i < to; i++ {
		a += float64(rx[i]) * float64(rx[i])
		b += float64(out[i]) * float64(out[i])
	}
	return 10 * math.Log10(a/math.Max(b, 1))
}

func TestERLE(t *testing.T) {
	tests := []struct {
		name   string
		tail   time.Duration
		delay  int // samples
		erl    float64
		speech bool
		min    float64 // dB required from 2 s (noise) or 4 s (speech) on
	}{
		{"64ms white noise", 64 * time.Millisecond, 40, 10, false, 30},
		{"64ms speech", 64 * time.Millisecond, 40, 10, true, 22},
		{"128ms far delay noise", 128 * time.Millisecond, 900, 6, false, 30},
		{"128ms speech", 128 * time.Millisecond, 300, 15, true, 22},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(Opts{Tail: tt.tail})
			if err != nil {
				t.Fatal(err)
			}
			n, from := 4*dsp.SampleRate, 2*dsp.SampleRate
			far := testsig.Noise(n, -20, 1)
			if tt.speech {
				n, from = 8*dsp.SampleRate, 4*dsp.SampleRate
				far = testsig.Speech(8, -20, 1)
			}
			rx, out := run(t, c, far, nil, testsig.EchoPath(tt.delay, tt.erl, 2))
			got := erle(rx, out, from, n)
			t.Logf("ERLE %.1f dB (from %v on, without NLP)", got, time.Duration(from)*time.Second/dsp.SampleRate)
			if got < tt.min {
				t.Errorf("ERLE %.1f dB, want ≥ %.0f", got, tt.min)
			}
		})
	}
}

func TestDoubleTalkKeepsNearEnd(t *testing.T) {
	c, _ := New(DefaultOpts)
	n := 6 * dsp.SampleRate
	far := testsig.Speech(6, -15, 3)
	near := make([]int16, n)
	copy(near[3*dsp.SampleRate:], testsig.Speech(3, -15, 4))
	h := testsig.EchoPath(40, 10, 5)
	_, out := run(t, c, far, near, h)
	// During double talk the output must still carry the near-end speech, and the
	// filter must not have diverged: the echo stays cancelled.
	var nearPow, diffPow float64
	echo := testsig.Convolve(far, h)
	for i := 4 * dsp.SampleRate; i < n; i++ {
		nearPow += float64(near[i]) * float64(near[i])
		d := float64(out[i]) - float64(near[i])
		diffPow += d * d
		_ = echo
	}
	if ratio := 10 * math.Log10(nearPow/diffPow); ratio < 10 {
		t.Errorf("near speech to distortion during double talk %.1f dB, want ≥ 10", ratio)
	}
}

func TestNLPComfortNoise(t *testing.T) {
	c, _ := New(DefaultOpts)
	n := 4 * dsp.SampleRate
	far := testsig.Noise(n, -20, 6)
	bg := testsig.Noise(n, -60, 7)
	_, out := run(t, c, far, bg, testsig.EchoPath(40, 10, 8))
	lvl := dsp.Level(out[3*dsp.SampleRate:])
	if lvl > -50 || lvl < -75 {
		t.Errorf("output level with far end only %.1f dBm0, want comfort noise near -60", lvl)
	}
}

func TestOptsErrors(t *testing.T) {
	for _, o := range []Opts{{Tail: 0}, {Tail: time.Second}, {Tail: 64 * time.Millisecond, Mu: 2}} {
		if _, err := New(o); err == nil {
			t.Errorf("New(%+v): no error", o)
		}
	}
}

func TestZeroAllocs(t *testing.T) {
	c, _ := New(DefaultOpts)
	f := testsig.Noise(80, -20, 1)
	out := make([]int16, 80)
	if n := testing.AllocsPerRun(100, func() { c.Cancel(out, f, f) }); n != 0 {
		t.Errorf("%v allocs per frame", n)
	}
}
