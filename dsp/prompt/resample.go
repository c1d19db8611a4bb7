package prompt

import (
	"fmt"
	"math"

	"github.com/analogpbx/pbx/dsp"
)

// resampleZeros is the number of sinc zero crossings on each side of the kernel.
const resampleZeros = 12

// Resample converts samples at rate from (MinRate..MaxRate Hz) to 8 kHz with a
// Blackman-windowed sinc lowpass at 3.6 kHz (or 45 % of from when upsampling).
func Resample(in []int16, from int) ([]int16, error) {
	if from < MinRate || from > MaxRate {
		return nil, fmt.Errorf("prompt: cannot resample from %d Hz (want %d..%d)", from, MinRate, MaxRate)
	}
	if from == dsp.SampleRate {
		return append([]int16(nil), in...), nil
	}
	step := float64(from) / dsp.SampleRate // input samples per output sample
	fc := min(3600.0, 0.45*float64(from)) / float64(from)
	half := float64(resampleZeros) / (2 * fc) // kernel half-width in input samples
	n := int(float64(len(in)) / step)
	out := make([]int16, n)
	for i := range out {
		t := float64(i) * step
		lo := max(0, int(math.Ceil(t-half)))
		hi := min(len(in)-1, int(math.Floor(t+half)))
		var acc, wsum float64
		for k := lo; k <= hi; k++ {
			x := float64(k) - t
			h := 2 * fc
			if x != 0 {
				h = math.Sin(2*math.Pi*fc*x) / (math.Pi * x)
			}
			u := (x/half + 1) / 2 // 0..1 across the kernel
			w := 0.42 - 0.5*math.Cos(2*math.Pi*u) + 0.08*math.Cos(4*math.Pi*u)
			acc += float64(in[k]) * h * w
			wsum += h * w
		}
		if wsum != 0 {
			acc /= wsum // unity gain at DC, also near the ends
		}
		out[i] = dsp.Clamp16(acc)
	}
	return out, nil
}
