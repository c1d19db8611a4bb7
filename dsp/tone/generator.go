package tone

import (
	"math"

	"github.com/analogpbx/pbx/dsp"
)

// Generator plays a Tone frame by frame. The zero value is silent and ready to use.
// Read allocates nothing.
type Generator struct {
	t       *Tone
	part    int   // index of the sounding part
	left    int64 // samples left in the part; -1 = forever
	playing bool
	osc     [2]osc
}

// osc is a quadrature oscillator: (c, s) rotated by (cw, sw) each sample.
type osc struct {
	c, s, cw, sw, amp float64
}

func (o *osc) set(hz, amp float64) {
	w := 2 * math.Pi * hz / dsp.SampleRate
	o.cw, o.sw, o.amp = math.Cos(w), math.Sin(w), amp
	if hz == 0 {
		o.amp = 0
	}
	if o.c == 0 && o.s == 0 {
		o.c = 1
	}
}

func (o *osc) next() float64 {
	c := o.c*o.cw - o.s*o.sw
	o.s = o.s*o.cw + o.c*o.sw
	o.c = c
	return o.amp * o.s
}

func (o *osc) normalise() {
	r := math.Sqrt(o.c*o.c + o.s*o.s)
	if r > 0 {
		o.c /= r
		o.s /= r
	}
}

// Play restarts the generator with t; nil (or a tone with no parts) plays silence.
// The tone is read, not copied: do not change it while it plays.
func (g *Generator) Play(t *Tone) {
	g.t, g.playing = t, t != nil && len(t.Parts) > 0
	g.osc = [2]osc{{c: 1}, {c: 1}}
	if g.playing {
		g.enter(0)
	}
}

// Stop silences the generator.
func (g *Generator) Stop() { g.playing = false }

// Playing reports whether a tone is sounding: false after Stop, with no tone, or once a
// tone without Loop has played all its parts.
func (g *Generator) Playing() bool { return g.playing }

func (g *Generator) enter(i int) {
	p := &g.t.Parts[i]
	g.part = i
	g.left = -1
	if p.Dur > 0 {
		g.left = int64(p.Dur) * dsp.SampleRate / 1e9
		if g.left == 0 {
			g.left = 1
		}
	}
	a := dsp.Amplitude(p.Level)
	g.osc[0].set(p.Freqs[0], a)
	g.osc[1].set(p.Freqs[1], a)
}

// Read fills dst with the next len(dst) samples of the tone (silence when not playing).
func (g *Generator) Read(dst []int16) {
	for i := 0; i < len(dst); {
		if !g.playing {
			clear(dst[i:])
			return
		}
		n := len(dst) - i
		if g.left >= 0 && int64(n) > g.left {
			n = int(g.left)
		}
		if g.t.Parts[g.part].Silent() {
			clear(dst[i : i+n])
		} else {
			for j := i; j < i+n; j++ {
				dst[j] = dsp.Clamp16(g.osc[0].next() + g.osc[1].next())
			}
			g.osc[0].normalise()
			g.osc[1].normalise()
		}
		i += n
		if g.left >= 0 {
			g.left -= int64(n)
			if g.left == 0 {
				g.advance()
			}
		}
	}
}

func (g *Generator) advance() {
	next := g.part + 1
	if next >= len(g.t.Parts) {
		if !g.t.Loop {
			g.playing = false
			return
		}
		next = 0
	}
	g.enter(next)
}
