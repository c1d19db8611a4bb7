// Package testsig synthesises test signals for the dsp packages' tests and
// benchmarks: speech-like and music-like audio (talk-off and false-detection tests),
// noise, tones and echo paths. Every generator is deterministic for a seed.
package testsig

import (
	"math"
	"math/rand/v2"

	"github.com/analogpbx/pbx/dsp"
)

// formants are (F1, F2, F3) in Hz of some vowels.
var formants = [][3]float64{
	{730, 1090, 2440}, {270, 2290, 3010}, {300, 870, 2240}, {530, 1840, 2480},
	{660, 1720, 2410}, {490, 1350, 1690}, {640, 1190, 2390}, {570, 840, 2410},
	{440, 1020, 2240}, {390, 1990, 2550},
}

// resonator is a two-pole filter at a formant.
type resonator struct{ a1, a2, g, y1, y2 float64 }

func (r *resonator) set(f, bw float64) {
	rad := math.Exp(-math.Pi * bw / dsp.SampleRate)
	r.a1 = 2 * rad * math.Cos(2*math.Pi*f/dsp.SampleRate)
	r.a2 = -rad * rad
	r.g = 1 - rad
}

func (r *resonator) step(x float64) float64 {
	y := r.g*x + r.a1*r.y1 + r.a2*r.y2
	r.y2, r.y1 = r.y1, y
	return y
}

// Speech returns seconds of speech-like audio at about level dBm0 (active speech): a
// glottal pulse train with gliding pitch (male and female ranges, 1 % jitter and 10 %
// shimmer per period) through three
// formant resonators, vowels changing every 60-250 ms, with fricative noise bursts and
// syllable pauses. It is the talk-off source of the DTMF and tone tests.
func Speech(seconds float64, level float64, seed uint64) []int16 {
	r := rand.New(rand.NewPCG(seed, seed^0x5eed))
	n := int(seconds * dsp.SampleRate)
	out := make([]float64, n)
	var res [3]resonator
	pitch := 90 + r.Float64()*150
	phase := 0.0
	seg := 0
	kind := 0 // 0 voiced, 1 fricative, 2 pause
	env := 0.0
	jit := 1.0
	for i := range n {
		if seg <= 0 {
			seg = int((0.06 + r.Float64()*0.19) * dsp.SampleRate)
			switch x := r.Float64(); {
			case x < 0.7:
				kind = 0
				v := formants[r.IntN(len(formants))]
				for k := range res {
					res[k].set(v[k]*(0.9+0.2*r.Float64()), 60+40*float64(k))
				}
			case x < 0.85:
				kind = 1
			default:
				kind = 2
			}
			pitch = math.Max(80, math.Min(320, pitch*(0.85+0.3*r.Float64())))
		}
		seg--
		target := 1.0
		if kind == 2 {
			target = 0
		}
		env += (target - env) * 0.002
		var x float64
		switch kind {
		case 0:
			phase += pitch * (1 + 0.05*math.Sin(float64(i)/900)) * jit / dsp.SampleRate
			if phase >= 1 {
				// Each glottal period differs a little in length and strength (jitter
				// about 1 %, shimmer about 10 %), as in human voices.
				phase--
				x = 1 + 0.1*r.NormFloat64()
				jit = 1 + 0.01*r.NormFloat64()
			}
			y := 0.0
			for k := range res {
				y += res[k].step(x) * []float64{1, 0.5, 0.25}[k]
			}
			x = y
		case 1:
			x = (r.Float64() - 0.5) * 0.15
		}
		out[i] = x * env
	}
	return scale(out, level)
}

// Music returns seconds of music-like audio at about level dBm0: a melody of notes
// with harmonics over two-note chords, notes of 120-600 ms on the equal-tempered scale.
func Music(seconds float64, level float64, seed uint64) []int16 {
	r := rand.New(rand.NewPCG(seed, seed^0x3051c))
	n := int(seconds * dsp.SampleRate)
	out := make([]float64, n)
	var notes [3]float64
	var phases [3][5]float64
	seg := 0
	age := 0
	for i := range n {
		if seg <= 0 {
			seg = int((0.12 + r.Float64()*0.48) * dsp.SampleRate)
			age = 0
			base := 220 * math.Pow(2, float64(r.IntN(24))/12)
			notes = [3]float64{base, base * math.Pow(2, float64(3+r.IntN(2))/12), base * 1.5}
		}
		seg--
		age++
		env := math.Exp(-float64(age)/4000) * math.Min(1, float64(age)/80)
		var x float64
		for k, f := range notes {
			for h := range 5 {
				phases[k][h] += 2 * math.Pi * f * float64(h+1) / dsp.SampleRate
				x += math.Sin(phases[k][h]) / float64((h+1)*(h+1)) * []float64{1, 0.6, 0.5}[k]
			}
		}
		out[i] = x * (0.3 + env)
	}
	return scale(out, level)
}

// Noise returns n samples of white Gaussian noise at level dBm0.
func Noise(n int, level float64, seed uint64) []int16 {
	r := rand.New(rand.NewPCG(seed, 77))
	sd := math.Sqrt(dsp.MeanSquare(level))
	out := make([]int16, n)
	for i := range out {
		out[i] = dsp.Clamp16(r.NormFloat64() * sd)
	}
	return out
}

// Tone returns n samples of a sine at hz and level dBm0.
func Tone(n int, hz, level float64) []int16 {
	a := dsp.Amplitude(level)
	out := make([]int16, n)
	for i := range out {
		out[i] = dsp.Clamp16(a * math.Sin(2*math.Pi*hz*float64(i)/dsp.SampleRate))
	}
	return out
}

// scale converts to int16 with the RMS of the non-silent part at level dBm0.
func scale(x []float64, level float64) []int16 {
	var sum float64
	var cnt int
	peak := 0.0
	for _, v := range x {
		peak = math.Max(peak, math.Abs(v))
	}
	for _, v := range x {
		if math.Abs(v) > peak*0.01 {
			sum += v * v
			cnt++
		}
	}
	out := make([]int16, len(x))
	if cnt == 0 {
		return out
	}
	g := math.Sqrt(dsp.MeanSquare(level) / (sum / float64(cnt)))
	for i, v := range x {
		out[i] = dsp.Clamp16(v * g)
	}
	return out
}

// EchoPath returns an impulse response: delay samples of nothing, then a dispersive
// decaying response of 64 taps, scaled so that white noise loses erl dB through it
// (the echo return loss of a hybrid, 6..20 dB typical).
func EchoPath(delay int, erl float64, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 11))
	h := make([]float64, delay+64)
	var e float64
	for k := range 64 {
		v := r.NormFloat64() * math.Exp(-float64(k)/12)
		if k < 3 {
			v += []float64{0.8, -0.5, 0.3}[k]
		}
		h[delay+k] = v
		e += v * v
	}
	g := math.Sqrt(math.Pow(10, -erl/10) / e)
	for k := range h {
		h[k] *= g
	}
	return h
}

// Convolve returns x filtered by h (same length as x).
func Convolve(x []int16, h []float64) []float64 {
	out := make([]float64, len(x))
	for i := range x {
		var s float64
		for k := 0; k < len(h) && k <= i; k++ {
			if h[k] != 0 {
				s += h[k] * float64(x[i-k])
			}
		}
		out[i] = s
	}
	return out
}
