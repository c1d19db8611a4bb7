package echo

import (
	"fmt"
	"math"
	"time"

	"github.com/analogpbx/pbx/dsp"
)

// Tail limits.
const (
	// MaxTail is the longest echo tail the canceller models.
	MaxTail = 128 * time.Millisecond
	// DefaultTail suits the hybrid echo of an analog port and the PCM bus delay.
	DefaultTail = 64 * time.Millisecond
)

// Opts configures a Canceller. Start from DefaultOpts.
type Opts struct {
	// Tail is the length of echo path modelled, 10 ms..MaxTail.
	Tail time.Duration
	// NLP enables the non-linear processor (residual echo suppression).
	NLP bool
	// ComfortNoise fills what the NLP removes with noise at the background level
	// (otherwise with silence).
	ComfortNoise bool
	// Mu is the NLMS step size, 0 < Mu ≤ 1 (0 = 0.5).
	Mu float64
}

// DefaultOpts is a 64 ms tail with NLP and comfort noise.
var DefaultOpts = Opts{Tail: DefaultTail, NLP: true, ComfortNoise: true, Mu: 0.5}

const (
	geigel         = 0.5    // near-end above half the far-end peak is double talk
	hangover       = 240    // samples (30 ms) of double talk after the last detection
	farActive      = -40.0  // dBm0: the far end is talking (adapt, run the NLP)
	nlpHold        = 3      // frames the NLP stays active after the far end stops
	noiseRise      = 1.0023 // comfort-noise estimate rises 0.01 dB per frame at most
	regulariseDBm0 = -50.0
)

// Canceller removes the echo of one port. Cancel allocates nothing. Not safe for
// concurrent use; one per port.
type Canceller struct {
	opts         Opts
	n            int
	w            []float32 // taps, w[k] multiplies the reference k samples ago
	x            []float32 // reference history, twice, newest first at x[pos]
	xw           []float32 // pre-whitened reference history, same layout
	xwpow        float64
	a            float64 // first-order pre-whitening coefficient (tracks the reference)
	r0, r1       float64
	prevX, prevE float32
	prevG        float32 // tap update step of the previous sample
	cross        float64 // Σ xw·x over the window
	crossPrev    float64
	pos          int
	xpow         float64 // sum of squares of the window
	mu           float32
	delta        float64
	peaks        []float32 // peak |reference| per frame over the tail
	pk           int
	dt           int // double-talk hangover left, samples
	farMin       float64
	nlpLeft      int
	noise        float64 // background mean square of the near end
	rng          uint64
	lp           float64
	recalc       int
	// measurements
	inPow, outPow float64
}

// New returns a canceller with o (see DefaultOpts).
func New(o Opts) (*Canceller, error) {
	if o.Tail < 10*time.Millisecond || o.Tail > MaxTail {
		return nil, fmt.Errorf("echo: tail %v outside 10ms..%v", o.Tail, MaxTail)
	}
	if o.Mu == 0 {
		o.Mu = 0.5
	}
	if o.Mu < 0 || o.Mu > 1 {
		return nil, fmt.Errorf("echo: step size %v outside 0..1", o.Mu)
	}
	n := int(o.Tail * dsp.SampleRate / time.Second)
	frames := (n+dsp.FrameSize-1)/dsp.FrameSize + 1
	c := &Canceller{
		opts:   o,
		n:      n,
		w:      make([]float32, n),
		x:      make([]float32, 2*n),
		xw:     make([]float32, 2*n),
		mu:     float32(o.Mu),
		peaks:  make([]float32, frames),
		farMin: math.Sqrt(dsp.MeanSquare(farActive)),
		noise:  dsp.MeanSquare(-70),
		rng:    0x9E3779B97F4A7C15,
	}
	c.delta = float64(n) * dsp.MeanSquare(regulariseDBm0)
	return c, nil
}

// Tail returns the modelled echo tail.
func (c *Canceller) Tail() time.Duration { return c.opts.Tail }

// Reset forgets the echo path (use it when a call ends or the port is re-routed).
func (c *Canceller) Reset() {
	clear(c.w)
	clear(c.x)
	clear(c.xw)
	c.xwpow, c.a, c.r0, c.r1, c.prevX, c.prevE, c.prevG, c.cross, c.crossPrev = 0, 0, 0, 0, 0, 0, 0, 0, 0
	clear(c.peaks)
	c.xpow, c.dt, c.nlpLeft, c.inPow, c.outPow = 0, 0, 0, 0, 0
}

// Cancel removes from rx (the frame received from the port) the echo of tx (the frame
// sent to it in the same period) and writes the result to dst. dst may be rx. The three
// slices must have the same length (80 samples per frame); extra samples are ignored.
func (c *Canceller) Cancel(dst, rx, tx []int16) {
	m := min(len(dst), len(rx), len(tx))
	dst, rx, tx = dst[:m], rx[:m], tx[:m]
	var framePeak float32
	farPeak := float32(0)
	for _, p := range c.peaks {
		farPeak = max(farPeak, p)
	}
	dtFrame := false
	var inPow, outPow, rxPow float64
	n := c.n
	for i := range m {
		v := float32(tx[i])
		framePeak = max(framePeak, abs32(v))
		farPeak = max(farPeak, framePeak)
		// Slide the reference window.
		old, oldw := c.x[c.pos+n-1], c.xw[c.pos+n-1]
		c.pos--
		if c.pos < 0 {
			c.pos = n - 1 // the doubled history keeps x[pos:pos+n] contiguous
		}
		vw := v - float32(c.a)*c.prevX
		c.prevX = v
		c.x[c.pos], c.x[c.pos+n] = v, v
		c.xw[c.pos], c.xw[c.pos+n] = vw, vw
		c.xpow += float64(v)*float64(v) - float64(old)*float64(old)
		c.xwpow += float64(vw)*float64(vw) - float64(oldw)*float64(oldw)
		c.cross += float64(vw)*float64(v) - float64(oldw)*float64(old)
		win := c.x[c.pos : c.pos+n]
		var y float32
		if c.xpow > 0.5 { // the reference tail is not all silence
			y = dot(c.w, win)
		}
		r := float32(rx[i])
		e := r - y
		// Whitened error. The previous error is brought up to date with the last tap
		// update (Δw·x = g·Σxw·x, kept as a running sum) or the loop turns unstable.
		ew := e - float32(c.a)*(c.prevE-c.prevG*float32(c.crossPrev))
		c.prevE, c.prevG, c.crossPrev = e, 0, c.cross
		if abs32(r) > geigel*farPeak && abs32(r) > 64 {
			c.dt = hangover
		}
		if c.dt > 0 {
			c.dt--
			dtFrame = true
		} else if farPeak > float32(c.farMin) {
			// NLMS on the pre-whitened signals: the echo path is linear, so it maps the
			// whitened reference to the whitened echo, and speech converges as fast as noise.
			g := c.mu * ew / float32(c.xwpow+c.delta)
			axpy(c.w, g, c.xw[c.pos:c.pos+n])
			c.prevG = g
		}
		dst[i] = dsp.Clamp16(float64(e))
		inPow += float64(r) * float64(r)
		outPow += float64(e) * float64(e)
		rxPow += float64(r) * float64(r)
	}
	c.peaks[c.pk] = framePeak
	c.pk = (c.pk + 1) % len(c.peaks)
	c.recalc++
	if c.recalc >= 100 { // refresh the running window power against rounding drift
		c.recalc = 0
		var s, sw, sc float64
		for k, v := range c.x[c.pos : c.pos+n] {
			vw := float64(c.xw[c.pos+k])
			s += float64(v) * float64(v)
			sw += vw * vw
			sc += vw * float64(v)
		}
		c.xpow, c.xwpow, c.cross = s, sw, sc
	}
	// Follow the reference's spectral tilt (first-order prediction), slowly.
	var r0, r1 float64
	for i := 1; i < m; i++ {
		r0 += float64(tx[i]) * float64(tx[i])
		r1 += float64(tx[i]) * float64(tx[i-1])
	}
	c.r0 += (r0 - c.r0) * 0.05
	c.r1 += (r1 - c.r1) * 0.05
	if c.r0 > 0 {
		c.a = max(0, min(0.95, c.r1/c.r0))
	}
	c.inPow += (inPow - c.inPow) * 0.1
	c.outPow += (outPow - c.outPow) * 0.1
	far := farPeak > float32(c.farMin)
	if !far && !dtFrame && m > 0 {
		// Background level of the near end, by minimum statistics.
		ms := rxPow / float64(m)
		if ms < c.noise {
			c.noise = ms
		} else {
			c.noise *= noiseRise
		}
	}
	if !c.opts.NLP {
		return
	}
	if far && !dtFrame {
		c.nlpLeft = nlpHold
	}
	if c.nlpLeft > 0 && !dtFrame {
		c.nlpLeft--
		c.fill(dst)
	}
}

// fill replaces a frame with comfort noise (or silence).
func (c *Canceller) fill(dst []int16) {
	if !c.opts.ComfortNoise {
		clear(dst)
		return
	}
	sd := math.Sqrt(c.noise)
	for i := range dst {
		// xorshift64*, uniform in [-1, 1): variance 1/3.
		c.rng ^= c.rng >> 12
		c.rng ^= c.rng << 25
		c.rng ^= c.rng >> 27
		u := float64(int64(c.rng*2685821657736338717)) / (1 << 63)
		c.lp += (u*sd*math.Sqrt(3) - c.lp) * 0.7
		dst[i] = dsp.Clamp16(c.lp * 1.2)
	}
}

// ERLE returns the echo return loss enhancement in dB over the last frames (smoothed):
// the level of the received signal over the level after cancellation (before the NLP).
// Meaningful while only the far end talks.
func (c *Canceller) ERLE() float64 {
	if c.outPow <= 0 {
		return 100
	}
	return 10 * math.Log10(c.inPow/c.outPow)
}

// DoubleTalk reports whether double talk was detected in the last frame (its hangover
// still running).
func (c *Canceller) DoubleTalk() bool { return c.dt > 0 }

func abs32(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}

// dot returns Σ a[i]·b[i]; len(b) ≥ len(a).
func dot(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3, s4, s5, s6, s7 float32
	i := 0
	for ; i+8 <= len(a); i += 8 {
		aa, bb := a[i:i+8:i+8], b[i:i+8:i+8]
		s0 += aa[0] * bb[0]
		s1 += aa[1] * bb[1]
		s2 += aa[2] * bb[2]
		s3 += aa[3] * bb[3]
		s4 += aa[4] * bb[4]
		s5 += aa[5] * bb[5]
		s6 += aa[6] * bb[6]
		s7 += aa[7] * bb[7]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3) + (s4 + s5) + (s6 + s7)
}

// axpy adds g·x to w; len(x) ≥ len(w).
func axpy(w []float32, g float32, x []float32) {
	x = x[:len(w)]
	i := 0
	for ; i+8 <= len(w); i += 8 {
		ww, xx := w[i:i+8:i+8], x[i:i+8:i+8]
		ww[0] += g * xx[0]
		ww[1] += g * xx[1]
		ww[2] += g * xx[2]
		ww[3] += g * xx[3]
		ww[4] += g * xx[4]
		ww[5] += g * xx[5]
		ww[6] += g * xx[6]
		ww[7] += g * xx[7]
	}
	for ; i < len(w); i++ {
		w[i] += g * x[i]
	}
}
