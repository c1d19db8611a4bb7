package dtmf

import (
	"math"
	"math/cmplx"

	"github.com/analogpbx/pbx/dsp"
)

// Receiver limits (hardware.md §6.4, ITU-T Q.24). Powers are mean squares.
const (
	// MinLevel is the weakest tone accepted, in dBm0 per tone.
	MinLevel = -45.0
	// ReverseTwist is how much stronger (dB) the high-group tone may be.
	ReverseTwist = 4.0
	// NormalTwist is how much weaker (dB) the high-group tone may be.
	NormalTwist = 8.0
	// FreqTolerance is the accepted deviation of each tone, as a fraction of its
	// frequency: between Q.24's must-accept 1.5 % and must-reject 3.5 %.
	FreqTolerance = 0.025

	twistMargin  = 0.7 // dB of measurement margin on the twist limits
	relativePeak = 0.1 // other tones of a group must be 10 dB below its strongest
	toTotal      = 0.6 // the two tones must carry 60 % of the window's energy
	balance      = 0.3 // frames whose tone powers differ less than this ratio measure frequency
	hitsNeeded   = 3   // consecutive valid windows to recognise a key
	missesNeeded = 2   // consecutive windows without it to release a key
	frameLen     = dsp.FrameSize
	winLen       = 2 * frameLen
)

// Detector is a DTMF receiver for 8 kHz linear samples (decode μ-law or A-law first).
// Process allocates nothing. A Detector is not safe for concurrent use.
type Detector struct {
	cos, sin [8][frameLen]float32
	rot      [8]complex128 // e^{-jω·80}
	freqs    [8]float64

	prev     [8]complex128 // previous frame's correlations
	prevE    float64
	primed   bool
	cand     byte // digit of the current run of valid windows
	hits     int
	measured bool // a window of the run passed the frequency test
	down     byte // key reported and not yet released
	misses   int
	minPow   float64
}

// NewDetector returns a receiver ready for its first frame.
func NewDetector() *Detector {
	d := &Detector{minPow: dsp.MeanSquare(MinLevel)}
	for i := range 8 {
		f := rowFreqs[i%4]
		if i >= 4 {
			f = colFreqs[i-4]
		}
		d.freqs[i] = f
		w := 2 * math.Pi * f / dsp.SampleRate
		for n := range frameLen {
			s, c := math.Sincos(w * float64(n))
			d.cos[i][n], d.sin[i][n] = float32(c), float32(s)
		}
		d.rot[i] = cmplx.Exp(complex(0, -w*frameLen))
	}
	return d
}

// Reset forgets the signal heard so far.
func (d *Detector) Reset() {
	d.prev, d.prevE, d.primed = [8]complex128{}, 0, false
	d.cand, d.hits, d.measured, d.down, d.misses = 0, 0, false, 0, 0
}

// Process analyses the next frame of 80 samples and returns a key ('0'-'9', '*', '#',
// 'A'-'D') the first time it is recognised; each key press is reported once. Frames of
// another length are accepted (analysed as if 80 samples) but degrade timing.
func (d *Detector) Process(frame []int16) (digit byte, ok bool) {
	var cur [8]complex128
	var energy float64
	n := min(len(frame), frameLen)
	for _, s := range frame[:n] {
		energy += float64(s) * float64(s)
	}
	for i := range 8 {
		var re, im float32
		c, s := &d.cos[i], &d.sin[i]
		for j, x := range frame[:n] {
			v := float32(x)
			re += v * c[j]
			im -= v * s[j]
		}
		cur[i] = complex(float64(re), float64(im))
	}
	key, valid := byte(0), false
	measured := false
	if d.primed {
		key, valid, measured = d.window(&cur, energy)
	}
	d.prev, d.prevE, d.primed = cur, energy, true
	return d.track(key, valid, measured)
}

// window tests the 20 ms window made of the previous and the current frame.
func (d *Detector) window(cur *[8]complex128, energy float64) (key byte, valid, measured bool) {
	var pw [8]float64
	for i := range 8 {
		g := d.prev[i] + d.rot[i]*cur[i]
		pw[i] = 2 * (real(g)*real(g) + imag(g)*imag(g)) / (winLen * winLen)
	}
	r, c := argmax(pw[0:4]), argmax(pw[4:8])
	pr, pc := pw[r], pw[4+c]
	if pr < d.minPow || pc < d.minPow {
		return 0, false, false
	}
	// Twist: high group at most ReverseTwist dB above and NormalTwist dB below the low group.
	if pc > pr*math.Pow(10, (ReverseTwist+twistMargin)/10) || pc < pr*math.Pow(10, -(NormalTwist+twistMargin)/10) {
		return 0, false, false
	}
	for i := range 4 {
		if (i != r && pw[i] > relativePeak*pr) || (i != c && pw[4+i] > relativePeak*pc) {
			return 0, false, false
		}
	}
	total := (d.prevE + energy) / winLen
	if pr+pc < toTotal*total {
		return 0, false, false
	}
	// Frequency: the phase advance of each tone over one frame, where both frames carry it.
	for _, i := range [2]int{r, 4 + c} {
		a, b := d.prev[i], cur[i]
		ea, eb := real(a)*real(a)+imag(a)*imag(a), real(b)*real(b)+imag(b)*imag(b)
		if min(ea, eb) < balance*max(ea, eb) {
			continue
		}
		adv := cmplx.Phase(b * cmplx.Conj(a) * d.rot[i])
		df := adv * dsp.SampleRate / (2 * math.Pi * frameLen)
		if math.Abs(df) > FreqTolerance*d.freqs[i] {
			return 0, false, false
		}
		if i >= 4 {
			measured = true
		}
	}
	return keypad[r][c], true, measured
}

// track applies the timing rules to the verdict on one window.
func (d *Detector) track(key byte, valid, measured bool) (byte, bool) {
	if valid && key == d.cand {
		d.hits++
		d.measured = d.measured || measured
	} else if valid {
		d.cand, d.hits, d.measured = key, 1, measured
	} else {
		d.cand, d.hits, d.measured = 0, 0, false
	}
	if d.down != 0 {
		if valid && key == d.down {
			d.misses = 0
			return 0, false
		}
		d.misses++
		if d.misses >= missesNeeded {
			d.down = 0
		}
	}
	if d.hits >= hitsNeeded && d.measured && d.cand != d.down {
		d.down, d.misses = d.cand, 0
		return d.cand, true
	}
	return 0, false
}

func argmax(p []float64) int {
	best := 0
	for i := 1; i < len(p); i++ {
		if p[i] > p[best] {
			best = i
		}
	}
	return best
}
