package dtmf

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/analogpbx/pbx/dsp"
	"github.com/analogpbx/pbx/dsp/codec"
)

// sig describes one test signal: a key's two tones with deviations and levels.
type sig struct {
	key          byte
	devLo, devHi float64 // fractional frequency deviation
	lvlLo, lvlHi float64 // dBm0
	on, off      time.Duration
	noise        float64 // dBm0 of white noise, or 0 for none
}

// synth renders n repetitions of s with a random start offset and phases.
func synth(s sig, n int, r *rand.Rand) []int16 {
	lo, hi, _ := Freqs(s.key)
	lo *= 1 + s.devLo
	hi *= 1 + s.devHi
	onN := int(s.on.Seconds() * dsp.SampleRate)
	offN := int(s.off.Seconds() * dsp.SampleRate)
	out := make([]int16, r.IntN(80)+100)
	for range n {
		p1, p2 := r.Float64()*2*math.Pi, r.Float64()*2*math.Pi
		a1, a2 := dsp.Amplitude(s.lvlLo), dsp.Amplitude(s.lvlHi)
		for i := range onN {
			t := float64(i) / dsp.SampleRate
			out = append(out, dsp.Clamp16(a1*math.Sin(2*math.Pi*lo*t+p1)+a2*math.Sin(2*math.Pi*hi*t+p2)))
		}
		out = append(out, make([]int16, offN)...)
	}
	out = append(out, make([]int16, 400)...)
	if s.noise != 0 {
		sd := dsp.Amplitude(s.noise) / math.Sqrt2
		for i := range out {
			out[i] = dsp.Clamp16(float64(out[i]) + r.NormFloat64()*sd)
		}
	}
	return out
}

// detect runs a fresh detector over pcm (after a G.711 round trip with law) and
// returns the keys reported.
func detect(pcm []int16, law codec.Law) string {
	buf := make([]int16, len(pcm))
	copy(buf, pcm)
	codec.RoundTrip(law, buf)
	d := NewDetector()
	var got []byte
	for i := 0; i+80 <= len(buf); i += 80 {
		if k, ok := d.Process(buf[i : i+80]); ok {
			got = append(got, k)
		}
	}
	return string(got)
}

func TestFreqs(t *testing.T) {
	tests := []struct {
		d      byte
		lo, hi float64
		ok     bool
	}{
		{'1', 697, 1209, true}, {'0', 941, 1336, true}, {'#', 941, 1477, true},
		{'D', 941, 1633, true}, {'b', 770, 1633, true}, {'x', 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.d), func(t *testing.T) {
			lo, hi, ok := Freqs(tt.d)
			if lo != tt.lo || hi != tt.hi || ok != tt.ok {
				t.Errorf("Freqs(%q) = %v, %v, %v; want %v, %v, %v", tt.d, lo, hi, ok, tt.lo, tt.hi, tt.ok)
			}
		})
	}
}

func TestGeneratorDetectorRoundTrip(t *testing.T) {
	const keys = "123A456B789C*0#D"
	for _, tt := range []struct {
		name    string
		on, off time.Duration
		level   float64
		law     codec.Law
	}{
		{"testbench 80/80 ulaw", 80 * time.Millisecond, 80 * time.Millisecond, -10, codec.ULaw},
		{"spandsp 50/55 alaw", 50 * time.Millisecond, 55 * time.Millisecond, -10, codec.ALaw},
		{"40/40 at -30 dBm0", 40 * time.Millisecond, 40 * time.Millisecond, -30, codec.ULaw},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g := NewGenerator(tt.level)
			g.Dial(keys, tt.on, tt.off)
			var pcm []int16
			buf := make([]int16, 80)
			for g.Busy() {
				g.Read(buf)
				pcm = append(pcm, buf...)
			}
			pcm = append(pcm, make([]int16, 160)...)
			if got := detect(pcm, tt.law); got != keys {
				t.Errorf("detected %q, want %q", got, keys)
			}
		})
	}
}

func TestDetectorBasics(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	base := sig{key: '5', lvlLo: -10, lvlHi: -10, on: 60 * time.Millisecond, off: 60 * time.Millisecond}
	tests := []struct {
		name string
		mod  func(*sig)
		want int // keys out of 10
	}{
		{"nominal", func(*sig) {}, 10},
		{"+1.5% accepted", func(s *sig) { s.devLo, s.devHi = 0.015, 0.015 }, 10},
		{"-1.5% accepted", func(s *sig) { s.devLo, s.devHi = -0.015, -0.015 }, 10},
		{"+3.5% rejected", func(s *sig) { s.devLo, s.devHi = 0.035, 0.035 }, 0},
		{"-3.5% rejected", func(s *sig) { s.devLo, s.devHi = -0.035, -0.035 }, 0},
		{"-36 dBm0 accepted", func(s *sig) { s.lvlLo, s.lvlHi = -36, -36 }, 10},
		{"15 ms rejected", func(s *sig) { s.on = 15 * time.Millisecond }, 0},
		{"40 ms accepted", func(s *sig) { s.on = 40 * time.Millisecond }, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := base
			tt.mod(&s)
			got := detect(synth(s, 10, r), codec.ULaw)
			if len(got) != tt.want {
				t.Errorf("detected %q (%d keys), want %d", got, len(got), tt.want)
			}
		})
	}
}
