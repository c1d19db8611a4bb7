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

	twistMargin  = 1.5  // dB of measurement margin on the twist limits
	relativePeak = 0.1  // other tones of a group must be 10 dB below its strongest
	toTotal      = 0.85 // the two tones must carry 85 % of the energy of the part of a window they fill
	balance      = 0.3  // frames whose tone powers differ less than this ratio measure frequency
	fullFill     = 0.85 // ... and windows this full (from frame energies; two tones beat by up to ±13 % in 10 ms) lie inside the key
	hitsNeeded   = 3    // consecutive valid windows to recognise a key
	missesNeeded = 2    // consecutive windows without it to release a key
	holdShare    = 0.3  // share of the energy the key down must keep to be held
	harmonic     = 0.03 // the high-group tone's second harmonic must be 15 dB below it
	maxGain      = 2.5  // the largest power correction for a tone off its bin (4 dB)
	frameLen     = dsp.FrameSize
	winLen       = 2 * frameLen
)

// Detector is a DTMF receiver for 8 kHz linear samples (decode μ-law or A-law first).
// Process allocates nothing. A Detector is not safe for concurrent use.
type Detector struct {
	coef       [8]float32         // Goertzel coefficients 2cos ω of the DTMF frequencies
	cw, sw     [8]float64         // cos ω, sin ω
	hcos, hsin [4][winLen]float32 // ... and of the high group's second harmonics, over a window
	rot        [8]complex128      // e^{-jω·80}
	freqs      [8]float64
	frames     [2][frameLen]int16 // the previous and current frame (for the harmonic test)
	cf         int                // index of the current frame in frames

	prev      [8]complex128 // previous frame's correlations
	prevE     float64
	curE      float64
	primed    bool
	cand      byte // digit of the current run of valid windows
	hits      int
	measured  bool // a window of the run passed the frequency test
	down      byte // key reported and not yet released
	downRow   int
	downCol   int
	misses    int
	minPow    float64
	twistUp   float64 // power ratio limits of the twist test
	twistDown float64
}

// NewDetector returns a receiver ready for its first frame.
func NewDetector() *Detector {
	d := &Detector{
		minPow:    dsp.MeanSquare(MinLevel),
		twistUp:   math.Pow(10, (ReverseTwist+twistMargin)/10),
		twistDown: math.Pow(10, -(NormalTwist+twistMargin)/10),
	}
	for i := range 8 {
		f := rowFreqs[i%4]
		if i >= 4 {
			f = colFreqs[i-4]
		}
		d.freqs[i] = f
		w := 2 * math.Pi * f / dsp.SampleRate
		d.coef[i] = float32(2 * math.Cos(w))
		d.sw[i], d.cw[i] = math.Sincos(w)
		d.rot[i] = cmplx.Exp(complex(0, -w*frameLen))
	}
	for c := range 4 {
		w := 2 * math.Pi * 2 * colFreqs[c] / dsp.SampleRate
		for n := range winLen {
			s, co := math.Sincos(w * float64(n))
			d.hcos[c][n], d.hsin[c][n] = float32(co), float32(s)
		}
	}
	return d
}

// harmonicPower returns the power of the window (previous and current frame) at twice
// column c's frequency.
func (d *Detector) harmonicPower(c int) float64 {
	var re, im float32
	hc, hs := &d.hcos[c], &d.hsin[c]
	for j, x := range d.frames[d.cf^1] {
		re += float32(x) * hc[j]
		im += float32(x) * hs[j]
	}
	for j, x := range d.frames[d.cf] {
		re += float32(x) * hc[frameLen+j]
		im += float32(x) * hs[frameLen+j]
	}
	return 2 * float64(re*re+im*im) / (winLen * winLen)
}

// Reset forgets the signal heard so far.
func (d *Detector) Reset() {
	d.prev, d.prevE, d.primed = [8]complex128{}, 0, false
	d.cand, d.hits, d.measured, d.down, d.misses = 0, 0, false, 0, 0
	d.frames = [2][frameLen]int16{}
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
	d.cf ^= 1
	copy(d.frames[d.cf][:], frame[:n])
	clear(d.frames[d.cf][n:])
	// Goertzel recursions for the eight bins in one pass, so their chains run side by
	// side. A frame too quiet to hold a key (6 dB below MinLevel) is not analysed: its
	// bins stay zero. Each result is the bin's DFT times a constant phase factor, which
	// cancels in the frame-to-frame phase advance and in the window power.
	if energy >= d.minPow/4*float64(frameLen) {
		k := &d.coef
		var a0, a1, a2, a3, a4, a5, a6, a7 float32 // s[n-1]
		var b0, b1, b2, b3, b4, b5, b6, b7 float32 // s[n-2]
		for _, x := range frame[:n] {
			v := float32(x)
			a0, b0 = v+k[0]*a0-b0, a0
			a1, b1 = v+k[1]*a1-b1, a1
			a2, b2 = v+k[2]*a2-b2, a2
			a3, b3 = v+k[3]*a3-b3, a3
			a4, b4 = v+k[4]*a4-b4, a4
			a5, b5 = v+k[5]*a5-b5, a5
			a6, b6 = v+k[6]*a6-b6, a6
			a7, b7 = v+k[7]*a7-b7, a7
		}
		for i, ab := range [8][2]float32{{a0, b0}, {a1, b1}, {a2, b2}, {a3, b3}, {a4, b4}, {a5, b5}, {a6, b6}, {a7, b7}} {
			cur[i] = complex(float64(ab[0])-d.cw[i]*float64(ab[1]), d.sw[i]*float64(ab[1]))
		}
	}
	key, valid, measured, held := byte(0), false, false, false
	if d.primed {
		d.curE = energy
		key, valid, measured, held = d.window(&cur, energy)
	}
	d.prev, d.prevE, d.primed = cur, energy, true
	return d.track(key, valid, measured, held)
}

// window tests the 20 ms window made of the previous and the current frame. held
// reports that the key already down is still sounding by the looser hold rule (both
// its tones above half the minimum level and carrying 30 % of the energy), so that a
// short break, whose edges smear the spectrum, does not end the key.
func (d *Detector) window(cur *[8]complex128, energy float64) (key byte, valid, measured, held bool) {
	var pw [8]float64
	for i := range 8 {
		g := d.prev[i] + d.rot[i]*cur[i]
		pw[i] = 2 * (real(g)*real(g) + imag(g)*imag(g)) / (winLen * winLen)
	}
	total := (d.prevE + energy) / winLen
	if d.down != 0 {
		hr, hc := d.downRow, d.downCol
		held = pw[hr] >= d.minPow/2 && pw[4+hc] >= d.minPow/2 && pw[hr]+pw[4+hc] >= holdShare*total
	}
	key, valid, measured = d.test(&pw, cur, total)
	return key, valid, measured, held
}

// test applies the recognition tests to the window powers pw.
func (d *Detector) test(pw *[8]float64, cur *[8]complex128, total float64) (key byte, valid, measured bool) {
	r, c := argmax(pw[0:4]), argmax(pw[4:8])
	if pw[r]*maxGain < d.minPow || pw[4+c]*maxGain < d.minPow {
		return 0, false, false // too weak even after the largest offset correction
	}
	// Frequency: the phase advance of each tone over one frame, where both frames carry
	// it. A tone off its nominal frequency loses power in the nominal bin; the measured
	// offset restores it (at most 4 dB), so the tests below see the true level.
	var gain [2]float64
	// Both frames carry the key at about the same strength (frame energies, which the
	// other group's leakage into an 80-sample bin does not disturb).
	full := d.prevE+d.curE >= 2*fullFill*max(d.prevE, d.curE)
	for k, i := range [2]int{r, 4 + c} {
		gain[k] = 1
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
		gain[k] = 1 / max(1/maxGain, windowResponse(df))
		measured = measured || k == 1
	}
	pr, pc := pw[r]*gain[0], pw[4+c]*gain[1]
	if pr < d.minPow || pc < d.minPow {
		return 0, false, false
	}
	// Twist: high group at most ReverseTwist dB above and NormalTwist dB below the low group.
	if pc > pr*d.twistUp || pc < pr*d.twistDown {
		return 0, false, false
	}
	for i := range 4 {
		if (i != r && pw[i] > relativePeak*pr) || (i != c && pw[4+i] > relativePeak*pc) {
			return 0, false, false
		}
	}
	// Energy share: the two tones must carry almost all the energy of the part of the
	// window they fill (from the frame energies; at least 75 % is assumed), and all of
	// it in the window that completes a key.
	fill := max((d.prevE+d.curE)/(2*max(d.prevE, d.curE)), 0.75)
	if pr+pc < toTotal*fill*total {
		return 0, false, false
	}
	full = full && pr+pc >= toTotal*total
	// A DTMF generator makes pure tones; voiced speech and instruments have harmonics.
	// Only a window that passed everything else pays for this bin.
	if d.harmonicPower(c) > harmonic*pc {
		return 0, false, false
	}
	// Only a window inside the key (both frames full, frequencies measured) may complete
	// a key; edge windows merely extend the run.
	return keypad[r][c], true, measured && full
}

// windowResponse is the power response of the 160-sample window to a tone df Hz off
// the bin: (sin(πdfN/fs) / (N sin(πdf/fs)))².
func windowResponse(df float64) float64 {
	x := math.Pi * df / dsp.SampleRate
	if math.Abs(x) < 1e-9 {
		return 1
	}
	v := math.Sin(x*winLen) / (winLen * math.Sin(x))
	return v * v
}

// track applies the timing rules to the verdict on one window.
func (d *Detector) track(key byte, valid, measured, held bool) (byte, bool) {
	if valid && key == d.cand {
		d.hits++
		d.measured = d.measured || measured
	} else if valid {
		d.cand, d.hits, d.measured = key, 1, measured
	} else {
		d.cand, d.hits, d.measured = 0, 0, false
	}
	if d.down != 0 {
		if (valid && key == d.down) || (held && !(valid && key != d.down)) {
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
		for r := range keypad {
			for c := range keypad[r] {
				if keypad[r][c] == d.cand {
					d.downRow, d.downCol = r, c
				}
			}
		}
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
