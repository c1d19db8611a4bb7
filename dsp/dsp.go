package dsp

import "math"

// Audio framing used by every package under dsp.
const (
	// SampleRate is the sample rate in Hz.
	SampleRate = 8000
	// FrameSize is the number of samples in one 10 ms frame.
	FrameSize = 80
)

// FullScaleDBm0 is the level of a full-scale sine (peak 32768) in dBm0 (ITU-T G.711).
const FullScaleDBm0 = 3.14

// Silence is the level Level reports for an all-zero frame, in dBm0.
const Silence = -100.0

// rms0 is the RMS value of a 0 dBm0 sine on the int16 scale.
var rms0 = 32768 / math.Sqrt2 / math.Pow(10, FullScaleDBm0/20)

// Level returns the RMS level of frame in dBm0 (a 0 dBm0 sine gives 0, a full-scale
// sine +3.14). It returns Silence (-100) for an empty or all-zero frame and never
// less than that.
func Level(frame []int16) float64 {
	if len(frame) == 0 {
		return Silence
	}
	var sum float64
	for _, s := range frame {
		v := float64(s)
		sum += v * v
	}
	return MeanSquareDBm0(sum / float64(len(frame)))
}

// MeanSquareDBm0 converts a mean square value (int16 scale squared) to dBm0,
// clamped below at Silence.
func MeanSquareDBm0(ms float64) float64 {
	if ms <= 0 {
		return Silence
	}
	l := 10 * math.Log10(ms/(rms0*rms0))
	if l < Silence {
		return Silence
	}
	return l
}

// Amplitude returns the peak amplitude on the int16 scale of a sine at level dBm0
// (about 22 835 for 0 dBm0, 32768 for +3.14 dBm0).
func Amplitude(dBm0 float64) float64 {
	return rms0 * math.Sqrt2 * math.Pow(10, dBm0/20)
}

// MeanSquare returns the mean square power on the int16 scale of a sine at level dBm0.
func MeanSquare(dBm0 float64) float64 {
	a := Amplitude(dBm0)
	return a * a / 2
}

// Power returns the Goertzel power of frequency hz (Hz) in frame, normalised so that a
// sine of amplitude A at hz filling the frame gives about A²/2, its mean square. Use it
// for test-tone checks; it allocates nothing. It returns 0 for an empty frame.
func Power(frame []int16, hz float64) float64 {
	n := len(frame)
	if n == 0 {
		return 0
	}
	c := 2 * math.Cos(2*math.Pi*hz/SampleRate)
	var s1, s2 float64
	for _, x := range frame {
		s0 := float64(x) + c*s1 - s2
		s2, s1 = s1, s0
	}
	p := s1*s1 + s2*s2 - c*s1*s2
	return 2 * p / (float64(n) * float64(n))
}

// Clamp16 saturates v to the int16 range.
func Clamp16(v float64) int16 {
	if v >= 32767 {
		return 32767
	}
	if v <= -32768 {
		return -32768
	}
	return int16(math.Round(v))
}
