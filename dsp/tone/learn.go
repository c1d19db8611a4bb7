package tone

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/analogpbx/pbx/dsp"
)

// ParseCadence reads a cadence written as on,off pairs in milliseconds ("350,350" or
// "400,350,225,525"), the form the configuration stores a learned busy tone in.
func ParseCadence(s string) ([]time.Duration, error) {
	f := strings.Split(strings.ReplaceAll(s, " ", ""), ",")
	if len(f) < 2 || len(f)%2 != 0 {
		return nil, fmt.Errorf("tone: cadence %q is not on,off pairs in milliseconds", s)
	}
	out := make([]time.Duration, len(f))
	for i, v := range f {
		n, err := strconv.Atoi(v)
		if err != nil || n < 20 || n > 10000 {
			return nil, fmt.Errorf("tone: cadence %q: %q is not a duration of 20..10000 ms", s, v)
		}
		out[i] = time.Duration(n) * time.Millisecond
	}
	return out, nil
}

// FormatCadence writes c as on,off pairs in milliseconds (see ParseCadence).
func FormatCadence(c []time.Duration) string {
	f := make([]string, len(c))
	for i, d := range c {
		f[i] = strconv.Itoa(int(d.Round(time.Millisecond) / time.Millisecond))
	}
	return strings.Join(f, ",")
}

// Cadence returns the on and off durations of the tone's parts in order (a sound that
// changes frequency without a pause counts as one on).
func (t *Tone) Cadence() []time.Duration {
	var out []time.Duration
	prevOn := false
	for i, p := range t.Parts {
		on := !p.Silent()
		if i > 0 && on == prevOn {
			out[len(out)-1] += p.Dur
			continue
		}
		out = append(out, p.Dur)
		prevOn = on
	}
	return out
}

// SetCadence makes the detector also recognise a busy tone with the zone's busy
// frequencies (or those learned before) and cadence c (on,off pairs in ms, as
// ParseCadence reads). It restarts the detector.
func (d *BusyDetector) SetCadence(c string) error {
	cad, err := ParseCadence(c)
	if err != nil {
		return err
	}
	var freqs [2]float64
	level := -20.0
	switch {
	case d.learned != nil:
		freqs = d.learned.Parts[0].Freqs
	case d.zone != nil && len(d.zone.Busy.Parts) > 0:
		freqs, level = d.zone.Busy.Parts[0].Freqs, d.zone.Busy.Parts[0].Level
	default:
		return errors.New("tone: busy cadence without a zone or a learned tone")
	}
	d.learned = cadenceTone(freqs, level, cad)
	d.rebuild()
	return nil
}

func cadenceTone(freqs [2]float64, level float64, cad []time.Duration) *Tone {
	t := &Tone{Name: "busy", Loop: true}
	for i, c := range cad {
		p := Part{Dur: c}
		if i%2 == 0 {
			p.Freqs, p.Level = freqs, level
		}
		t.Parts = append(t.Parts, p)
	}
	return t
}

// Learn records a line's own busy tone from frames (80 samples each; at least three
// on/off cycles of the tone, nothing else) and recognises it from then on, as well
// as the zone's. It returns the learned tone; store FormatCadence(t.Cadence()) as the
// line's busy cadence. The frequencies (one or two, 200..2000 Hz) come from the
// spectrum of the sounds, the cadence from the median of the on and off durations.
func (d *BusyDetector) Learn(frames [][]int16) (Tone, error) {
	var pcm []int16
	for _, f := range frames {
		pcm = append(pcm, f...)
	}
	e := newEar(nil)
	segs := record(e, pcm)
	if len(segs) < 3 {
		return Tone{}, errors.New("tone: learn busy tone: no on/off cadence in the recording")
	}
	segs = segs[1 : len(segs)-1] // the first and last are cut by the recording
	var ons, offs []int
	for _, s := range segs {
		if s.on {
			ons = append(ons, s.frames)
		} else {
			offs = append(offs, s.frames)
		}
	}
	if len(ons) < 2 || len(offs) < 2 {
		return Tone{}, fmt.Errorf("tone: learn busy tone: %d sounds and %d pauses, want at least 2 of each", len(ons), len(offs))
	}
	cad, err := learnCadence(segs)
	if err != nil {
		return Tone{}, err
	}
	freqs, err := peakFreqs(pcm, segs)
	if err != nil {
		return Tone{}, err
	}
	level := dsp.Silence
	for _, s := range segs {
		if s.on {
			level = max(level, s.level())
		}
	}
	if freqs[1] > 0 {
		level -= 3 // per frequency
	}
	d.learned = cadenceTone(freqs, level, cad)
	d.rebuild()
	return *d.learned, nil
}

// learnCadence finds a repeating on,off (or on,off,on,off) pattern in complete segments.
func learnCadence(segs []segment) ([]time.Duration, error) {
	start := 0
	if !segs[0].on {
		start = 1
	}
	segs = segs[start:]
	for _, period := range []int{2, 4} {
		if len(segs) < period+period/2 {
			continue
		}
		cad := make([]time.Duration, period)
		ok := true
		for k := range period {
			var v []int
			for i := k; i < len(segs); i += period {
				v = append(v, segs[i].frames)
			}
			slices.Sort(v)
			med := float64(v[len(v)/2])
			for _, x := range v {
				if math.Abs(float64(x)-med) > tolerance(med) {
					ok = false
				}
			}
			cad[k] = time.Duration(med) * 10 * time.Millisecond
		}
		if ok {
			if period == 4 && cad[0] == cad[2] && cad[1] == cad[3] {
				cad = cad[:2]
			}
			return cad, nil
		}
	}
	return nil, errors.New("tone: learn busy tone: the sounds and pauses do not repeat")
}

// peakFreqs finds the one or two strongest frequencies (200..2000 Hz, 5 Hz steps) of
// the longest sound.
func peakFreqs(pcm []int16, segs []segment) ([2]float64, error) {
	best, bestLen := -1, 0
	for i, s := range segs {
		if s.on && s.frames > bestLen {
			best, bestLen = i, s.frames
		}
	}
	if best < 0 {
		return [2]float64{}, errors.New("tone: learn busy tone: no sound")
	}
	win := locate(pcm, segs, best)
	if len(win) > 1600 {
		win = win[len(win)/2-800 : len(win)/2+800]
	}
	var peaks, pw [2]float64
	spec := make([]float64, 0, 361)
	for f := 200.0; f <= 2000; f += 5 {
		spec = append(spec, dsp.Power(win, f))
	}
	for i, p := range spec {
		if i > 0 && i < len(spec)-1 && (p < spec[i-1] || p < spec[i+1]) {
			continue // not a local maximum
		}
		f := 200 + 5*float64(i)
		switch {
		case p > pw[0]:
			if math.Abs(f-peaks[0]) > 40 {
				peaks[1], pw[1] = peaks[0], pw[0]
			}
			peaks[0], pw[0] = f, p
		case p > pw[1] && math.Abs(f-peaks[0]) > 40:
			peaks[1], pw[1] = f, p
		}
	}
	if pw[0]+pw[1] < 0.5*dsp.MeanSquare(dsp.Level(win)) {
		return [2]float64{}, errors.New("tone: learn busy tone: the sound is not a tone")
	}
	if pw[1] < pw[0]/4 {
		peaks[1] = 0
	}
	return peaks, nil
}

// locate returns the samples of segment k of segs, which record produced from pcm after
// dropping its first segment.
func locate(pcm []int16, segs []segment, k int) []int16 {
	// Recompute the boundaries by replaying the segmentation on frame levels: the first
	// (dropped) segment is the leading run of frames with the first frame's state.
	n := len(pcm) / dsp.FrameSize
	lvl := func(i int) bool { return dsp.Level(pcm[i*dsp.FrameSize:(i+1)*dsp.FrameSize]) >= onLevel }
	i := 0
	if n > 0 {
		first := lvl(0)
		for i < n && lvl(i) == first {
			i++
		}
	}
	for j := range k {
		i += segs[j].frames
	}
	end := min(n, i+segs[k].frames)
	if i >= end {
		return nil
	}
	return pcm[i*dsp.FrameSize : end*dsp.FrameSize]
}
