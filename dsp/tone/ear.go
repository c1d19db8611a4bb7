package tone

import (
	"math"
	"math/cmplx"
	"slices"

	"github.com/analogpbx/pbx/dsp"
)

// Analysis constants of the ear (levels in dBm0, durations in frames of 10 ms).
const (
	onLevel      = -40.0 // a frame at or above this is sound, below it a pause
	toneMinLevel = -31.0 // a call-progress tone must be above -30 dBm0 (1 dB margin for G.711)
	presentShare = 0.25  // a frequency is present when it carries this share of the window's energy
	explainShare = 0.65  // a window is a tone when its present frequencies carry this share
	tonalGain    = 100.0 // prediction gain (20 dB) of a single pure tone
	maxFreqs     = 8     // distinct frequencies an ear tracks
	probesPerF   = 5     // probes at f·(1-2%), -1%, 0, +1%, +2%
	maxProbes    = maxFreqs * probesPerF
	maxWin       = 10 // longest analysis window in frames
	minWin       = 5  // frames needed to label a sound
	maxSegs      = 32 // observed segments kept
	labelOther   = 0xFFFF
	labelUnknown = 0
)

// segment is a run of frames with one on/off state and one label.
type segment struct {
	on       bool
	frames   int
	label    uint16 // bit i = ear frequency i present; labelOther; labelUnknown
	labelWin int    // window length (frames) the label came from
	pending  int    // frames in a row labelled pendLab
	since    int    // frames since the label last agreed
	pendLab  uint16
	tonal    int     // frames judged a single pure tone
	levelSum float64 // sum of frame levels (dBm0)
}

// settled returns the frames of the segment that surely belong to its label: a
// change of sound may have begun in the last since frames.
func (s *segment) settled() int { return s.frames - s.since }

func (s *segment) level() float64 {
	if s.frames == 0 {
		return dsp.Silence
	}
	return s.levelSum / float64(s.frames)
}

// ear turns frames into a list of labelled on/off segments: the observation the
// Matcher and BusyDetector compare with tone cadences.
type ear struct {
	nf      int
	freqs   [maxFreqs]float64
	win     int // analysis window, frames
	probe   [maxProbes]float64
	owner   [maxProbes]int8 // frequency index of each probe, -1 unused
	coef    [maxProbes][dsp.FrameSize]complex64
	rot     [maxProbes]complex128 // e^{-jω·80}
	dft     [maxWin][maxProbes]complex128
	energy  [maxWin]float64 // sum of squares per frame
	acor    [maxWin][3]float64
	head    int   // ring index of the newest frame
	frames  int64 // frames fed
	prev    [2]float64
	segs    [maxSegs]segment // segs[0..nseg-1]; the last is the current one
	nseg    int
	dropped int // segments dropped from the front
	quiet   int // consecutive frames below -50 dBm0
	pw      [maxProbes]float64
	best    [maxFreqs]float64
	bestK   [maxFreqs]int
	clipLo  [maxFreqs]bool // probe range cut short by the neighbour below
	clipHi  [maxFreqs]bool
}

// newEar tracks the given frequencies (duplicates and zeros ignored); a pair closer
// than 8 % doubles the analysis window to 100 ms.
func newEar(freqs []float64) *ear {
	e := &ear{win: minWin}
	for _, f := range freqs {
		if f <= 0 || e.index(f) >= 0 || e.nf == maxFreqs {
			continue
		}
		e.freqs[e.nf] = f
		e.nf++
	}
	slices.Sort(e.freqs[:e.nf])
	for i := 1; i < e.nf; i++ {
		if e.freqs[i]/e.freqs[i-1] < 1.08 {
			e.win = maxWin
		}
	}
	for i := range e.owner {
		e.owner[i] = -1
	}
	for i := 0; i < e.nf; i++ {
		f := e.freqs[i]
		lo, hi := f*0.98, f*1.02
		if i > 0 && (f+e.freqs[i-1])/2 > lo {
			lo, e.clipLo[i] = (f+e.freqs[i-1])/2, true
		}
		if i+1 < e.nf && (f+e.freqs[i+1])/2 < hi {
			hi, e.clipHi[i] = (f+e.freqs[i+1])/2, true
		}
		for k := range probesPerF {
			p := i*probesPerF + k
			e.probe[p] = lo + (hi-lo)*float64(k)/(probesPerF-1)
			e.owner[p] = int8(i)
			w := 2 * math.Pi * e.probe[p] / dsp.SampleRate
			for n := range dsp.FrameSize {
				s, c := math.Sincos(w * float64(n))
				e.coef[p][n] = complex64(complex(c, -s))
			}
			e.rot[p] = cmplx.Exp(complex(0, -w*dsp.FrameSize))
		}
	}
	return e
}

func (e *ear) index(f float64) int {
	for i := 0; i < e.nf; i++ {
		if math.Abs(e.freqs[i]-f) < 0.5 {
			return i
		}
	}
	return -1
}

// mask returns the label of a part's frequencies.
func (e *ear) mask(p Part) uint16 {
	var m uint16
	for _, f := range p.Freqs {
		if f > 0 {
			if i := e.index(f); i >= 0 {
				m |= 1 << i
			}
		}
	}
	return m
}

func (e *ear) reset() {
	*e = ear{nf: e.nf, freqs: e.freqs, win: e.win, probe: e.probe, owner: e.owner, coef: e.coef, rot: e.rot, clipLo: e.clipLo, clipHi: e.clipHi}
}

// feed analyses one frame of 80 samples (shorter frames are analysed as they are).
func (e *ear) feed(frame []int16) {
	e.head = (e.head + 1) % maxWin
	e.frames++
	var sum, r1, r2 float64
	p1, p2 := e.prev[0], e.prev[1]
	for _, s := range frame {
		x := float64(s)
		sum += x * x
		r1 += x * p1
		r2 += x * p2
		p2, p1 = p1, x
	}
	e.prev = [2]float64{p1, p2}
	e.energy[e.head] = sum
	e.acor[e.head] = [3]float64{sum, r1, r2}
	n := len(frame)
	if n > dsp.FrameSize {
		n = dsp.FrameSize
	}
	level := dsp.MeanSquareDBm0(sum / float64(max(n, 1)))
	on := level >= onLevel
	if on {
		for p := 0; p < e.nf*probesPerF; p++ {
			var re, im float32
			c := &e.coef[p]
			for i, s := range frame[:n] {
				re += float32(s) * real(c[i])
				im += float32(s) * imag(c[i])
			}
			e.dft[e.head][p] = complex(float64(re), float64(im))
		}
	}
	if level < -50 {
		e.quiet++
	} else {
		e.quiet = 0
	}
	cur := e.current()
	if e.nseg == 0 || cur.on != on {
		cur = e.push(segment{on: on})
	}
	cur.frames++
	cur.levelSum += level
	if !on {
		return
	}
	w := min(cur.frames, e.win)
	if w < minWin {
		return
	}
	lab, tonal := e.classify(w)
	if tonal {
		cur.tonal++
	}
	switch {
	case cur.label == labelUnknown || w > cur.labelWin:
		// The window is still growing: a longer window resolves better.
		cur.label, cur.labelWin, cur.pending, cur.since = lab, w, 0, 0
	case lab == cur.label:
		cur.pending, cur.since = 0, 0
	default:
		cur.since++
		switch {
		case lab == cur.pendLab:
			cur.pending++
		case lab == labelOther && cur.pending > 0:
			// a mixed window while one sound gives way to another
		default:
			cur.pendLab, cur.pending = lab, 1
		}
	}
	need := 3
	if cur.pendLab == labelOther {
		need = 8
	}
	if cur.pending >= need && cur.frames > cur.since+3 {
		// The sound changed without a pause (e.g. 350+440 Hz to 440 Hz): split the
		// segment about where the change began.
		back := cur.since + 2
		cur.frames -= back
		cur.since, cur.pending = 0, 0
		cur.tonal = max(0, cur.tonal-back)
		cur.levelSum -= level * float64(back)
		e.push(segment{on: true, frames: back, label: cur.pendLab, labelWin: e.win, levelSum: level * float64(back)})
	}
}

// classify labels the last w frames: the set of present frequencies, or labelOther.
// tonal reports a single pure tone of any frequency (order-2 prediction gain ≥ 20 dB).
func (e *ear) classify(w int) (lab uint16, tonal bool) {
	var energy float64
	var r [3]float64
	for i := range w {
		k := (e.head - i + maxWin) % maxWin
		energy += e.energy[k]
		r[0] += e.acor[k][0]
		r[1] += e.acor[k][1]
		r[2] += e.acor[k][2]
	}
	if d := r[0]*r[0] - r[1]*r[1]; d > 0 && r[0] > 0 {
		a1 := r[1] * (r[0] - r[2]) / d
		a2 := (r[0]*r[2] - r[1]*r[1]) / d
		if errp := r[0] - a1*r[1] - a2*r[2]; errp <= r[0]/tonalGain {
			tonal = true
		}
	}
	n := float64(w * dsp.FrameSize)
	ms := energy / n
	if ms <= 0 {
		return labelOther, tonal
	}
	var explained float64
	for f := 0; f < e.nf; f++ {
		var best float64
		bestK := 0
		for k := range probesPerF {
			p := f*probesPerF + k
			var x complex128
			rot := complex(1, 0)
			for i := w - 1; i >= 0; i-- { // oldest first
				idx := (e.head - i + maxWin) % maxWin
				x += e.dft[idx][p] * rot
				rot *= e.rot[p]
			}
			pw := 2 * (real(x)*real(x) + imag(x)*imag(x)) / (n * n)
			if pw > best {
				best, bestK = pw, k
			}
			e.pw[p] = pw
		}
		e.best[f] = best
		e.bestK[f] = bestK
	}
	for f := 0; f < e.nf; f++ {
		best := e.best[f]
		// A maximum on the edge shared with a stronger neighbour is that neighbour's
		// tone leaking in, not a tone of its own.
		if bestK := e.bestK[f]; bestK == 0 && f > 0 && e.clipLo[f] && e.best[f-1] > best {
			continue
		} else if bestK == probesPerF-1 && f+1 < e.nf && e.clipHi[f] && e.best[f+1] > best {
			continue
		}
		if best >= presentShare*ms {
			lab |= 1 << f
			explained += best
		}
	}
	if lab == 0 || explained < explainShare*ms {
		return labelOther, tonal
	}
	return lab, tonal
}

// current returns the segment being observed, or nil before the first frame.
func (e *ear) current() *segment {
	if e.nseg == 0 {
		return nil
	}
	return &e.segs[e.nseg-1]
}

func (e *ear) push(s segment) *segment {
	if e.nseg == maxSegs {
		copy(e.segs[:], e.segs[1:])
		e.nseg--
		e.dropped++
	}
	e.segs[e.nseg] = s
	e.nseg++
	return &e.segs[e.nseg-1]
}

// observed returns the segments seen so far, oldest first; the last is still going on.
func (e *ear) observed() []segment { return e.segs[:e.nseg] }
