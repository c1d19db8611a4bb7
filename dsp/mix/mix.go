// Package mix is the conference mixer: each of N parties hears the sum of all the
// others (never itself), with per-party gain, optional automatic gain control and
// saturating sums. Mix allocates nothing.
package mix

import (
	"fmt"
	"math"

	"github.com/analogpbx/pbx/dsp"
)

// Gain limits in dB.
const (
	MinGain = -24.0
	MaxGain = 12.0
	// AGCTarget is the speech level the automatic gain control aims at, in dBm0.
	AGCTarget = -18.0
	agcFloor  = -45.0 // frames below this are not speech: the gain holds
	agcRange  = 12.0  // the AGC moves a party's gain at most this far (dB) either way
	agcStep   = 0.25  // dB per frame at most
	unity     = 1 << 12
)

// Mixer mixes up to its capacity of parties. Not safe for concurrent use.
type Mixer struct {
	gain []float64 // set gain per party, dB
	agc  []float64 // automatic correction per party, dB
	q    []int32   // applied gain, Q12
	auto bool
	sum  []int32
}

// New returns a mixer for up to parties parties (at least 1), all at 0 dB.
func New(parties int) *Mixer {
	parties = max(parties, 1)
	m := &Mixer{
		gain: make([]float64, parties),
		agc:  make([]float64, parties),
		q:    make([]int32, parties),
		sum:  make([]int32, dsp.FrameSize),
	}
	for i := range m.q {
		m.q[i] = unity
	}
	return m
}

// Parties returns the mixer's capacity.
func (m *Mixer) Parties() int { return len(m.gain) }

// SetGain sets the gain applied to what party says, in dB (MinGain..MaxGain).
func (m *Mixer) SetGain(party int, dB float64) error {
	if party < 0 || party >= len(m.gain) {
		return fmt.Errorf("mix: party %d outside 0..%d", party, len(m.gain)-1)
	}
	if dB < MinGain || dB > MaxGain || math.IsNaN(dB) {
		return fmt.Errorf("mix: gain %v dB outside %v..%v", dB, MinGain, MaxGain)
	}
	m.gain[party] = dB
	m.apply(party)
	return nil
}

// SetAGC turns automatic gain control on or off: each talker's speech is brought
// toward AGCTarget, within ±12 dB of its set gain.
func (m *Mixer) SetAGC(on bool) {
	m.auto = on
	if !on {
		for i := range m.agc {
			m.agc[i] = 0
			m.apply(i)
		}
	}
}

func (m *Mixer) apply(i int) {
	m.q[i] = int32(math.Round(unity * math.Pow(10, (m.gain[i]+m.agc[i])/20)))
}

// Mix reads one frame per party from in and writes to out[i] what party i hears: the
// saturated sum of every other party's frame after gain. len(in) and len(out) are the
// number of parties in the call (at most Parties); a nil in[j] is a listener that
// says nothing, a nil out[i] a party that hears nothing. Frames are 80 samples (extra
// samples are ignored, missing ones count as silence).
func (m *Mixer) Mix(out, in [][]int16) {
	n := min(len(in), len(out), len(m.q))
	if m.auto {
		m.track(in[:n])
	}
	sum := m.sum
	clear(sum)
	for j := range n {
		f, g := in[j], m.q[j]
		for k := range min(len(f), len(sum)) {
			sum[k] += (int32(f[k]) * g) >> 12
		}
	}
	for i := range n {
		o := out[i]
		if o == nil {
			continue
		}
		f, g := in[i], m.q[i]
		for k := range min(len(o), len(sum)) {
			v := sum[k]
			if k < len(f) {
				v -= (int32(f[k]) * g) >> 12
			}
			o[k] = sat(v)
		}
		for k := len(sum); k < len(o); k++ {
			o[k] = 0
		}
	}
}

// track moves each talker's automatic gain toward AGCTarget.
func (m *Mixer) track(in [][]int16) {
	for j, f := range in {
		if f == nil {
			continue
		}
		l := dsp.Level(f)
		if l < agcFloor {
			continue
		}
		want := AGCTarget - l - m.gain[j] // correction that brings l to the target
		want = max(-agcRange, min(agcRange, want))
		d := max(-agcStep, min(agcStep, want-m.agc[j]))
		if d != 0 {
			m.agc[j] += d
			m.apply(j)
		}
	}
}

func sat(v int32) int16 {
	if v > math.MaxInt16 {
		return math.MaxInt16
	}
	if v < math.MinInt16 {
		return math.MinInt16
	}
	return int16(v)
}
