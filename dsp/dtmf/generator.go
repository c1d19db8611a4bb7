package dtmf

import (
	"math"
	"time"

	"github.com/analogpbx/pbx/dsp"
)

// Pause is the length of the ',' pause in a dial string.
const Pause = time.Second

// Generator plays DTMF keys: each key's two tones for the on time, then silence for the
// off time. Read allocates nothing. Not safe for concurrent use.
type Generator struct {
	level   float64
	queue   []byte
	onLen   []int32 // per queued key: tone samples
	offLen  []int32 // per queued key: silence samples
	pos     int     // index of the sounding key
	sample  int32   // samples of it played
	c, s    [2]float64
	cw, sw  [2]float64
	amp     float64
	started bool
}

// NewGenerator returns an idle generator that plays each tone at level dBm0
// (typically -10 to -4).
func NewGenerator(level float64) *Generator {
	return &Generator{level: level, amp: dsp.Amplitude(level)}
}

// Dial queues digits ('0'-'9', '*', '#', 'A'-'D'; ',' is a 1 s pause; other bytes are
// skipped), each sounding for on and followed by off of silence.
func (g *Generator) Dial(digits string, on, off time.Duration) {
	onN, offN := samples(on), samples(off)
	for i := 0; i < len(digits); i++ {
		d := digits[i]
		switch {
		case d == ',':
			g.queue = append(g.queue, d)
			g.onLen = append(g.onLen, 0)
			g.offLen = append(g.offLen, samples(Pause))
		default:
			if _, _, ok := Freqs(d); !ok {
				continue
			}
			g.queue = append(g.queue, d)
			g.onLen = append(g.onLen, onN)
			g.offLen = append(g.offLen, offN)
		}
	}
}

func samples(d time.Duration) int32 {
	if d <= 0 {
		return 0
	}
	return int32(int64(d) * dsp.SampleRate / int64(time.Second))
}

// Busy reports whether keys are still queued or sounding (including the pause after
// the last key).
func (g *Generator) Busy() bool { return g.pos < len(g.queue) }

// Read fills dst with the next samples: tones, pauses, or silence when idle.
func (g *Generator) Read(dst []int16) {
	for i := range dst {
		if g.pos >= len(g.queue) {
			clear(dst[i:])
			g.compact()
			return
		}
		if !g.started {
			g.start(g.queue[g.pos])
		}
		if g.sample < g.onLen[g.pos] {
			var v float64
			for k := range 2 {
				c := g.c[k]*g.cw[k] - g.s[k]*g.sw[k]
				g.s[k] = g.s[k]*g.cw[k] + g.c[k]*g.sw[k]
				g.c[k] = c
				v += g.s[k]
			}
			dst[i] = dsp.Clamp16(g.amp * v)
		} else {
			dst[i] = 0
		}
		g.sample++
		if g.sample >= g.onLen[g.pos]+g.offLen[g.pos] {
			g.pos++
			g.sample, g.started = 0, false
		}
	}
	for k := range 2 {
		if r := math.Hypot(g.c[k], g.s[k]); r > 0 {
			g.c[k], g.s[k] = g.c[k]/r, g.s[k]/r
		}
	}
}

func (g *Generator) start(d byte) {
	g.started = true
	lo, hi, ok := Freqs(d)
	if !ok {
		lo, hi = 0, 0
	}
	for k, f := range [2]float64{lo, hi} {
		w := 2 * math.Pi * f / dsp.SampleRate
		g.cw[k], g.sw[k] = math.Cos(w), math.Sin(w)
		g.c[k], g.s[k] = 1, 0
	}
}

// compact drops played keys once the queue is empty, so the slices are reused.
func (g *Generator) compact() {
	if g.pos > 0 && g.pos >= len(g.queue) {
		g.queue, g.onLen, g.offLen, g.pos = g.queue[:0], g.onLen[:0], g.offLen[:0], 0
	}
}
