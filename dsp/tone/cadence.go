package tone

import "time"

// maxParts bounds the parts of a tone a cadence checker follows.
const maxParts = 48

// step is one part of a tone as the ear sees it: a sound with a label, or a pause.
type step struct {
	on      bool
	mask    uint16
	frames  float64 // nominal length in frames
	forever bool
	level   float64 // dBm0 per frequency
}

// spec is a tone prepared for comparison with observed segments.
type spec struct {
	name   string
	steps  []step
	loop   bool
	steady bool    // a single part that lasts forever (a dial tone)
	minOn  float64 // shortest sound, frames
	masks  uint16  // union of the labels of its sounds
}

// newSpec prepares t for ear e: consecutive parts that sound alike are merged, and a
// tone that ends (no Loop, last part finite) gets a final endless pause.
func newSpec(e *ear, t *Tone) spec {
	s := spec{name: t.Name, loop: t.Loop, minOn: 1e9}
	for _, p := range t.Parts {
		st := step{on: !p.Silent(), frames: float64(p.Dur) / float64(10*time.Millisecond), forever: p.Dur == 0, level: p.Level}
		if st.on {
			st.mask = e.mask(p)
		}
		if n := len(s.steps); n > 0 && !s.steps[n-1].forever && s.steps[n-1].on == st.on && s.steps[n-1].mask == st.mask {
			s.steps[n-1].frames += st.frames
			s.steps[n-1].forever = st.forever
			continue
		}
		if len(s.steps) < maxParts {
			s.steps = append(s.steps, st)
		}
	}
	if s.loop && len(s.steps) > 1 {
		first, last := s.steps[0], s.steps[len(s.steps)-1]
		if first.on == last.on && first.mask == last.mask {
			// The cycle wraps through one sound or pause: keep the split, the checker
			// allows a segment to span the wrap below.
			_ = first
		}
	}
	if n := len(s.steps); n > 0 && !s.loop && !s.steps[n-1].forever {
		s.steps = append(s.steps, step{forever: true})
	}
	for _, st := range s.steps {
		if st.on && !st.forever {
			s.minOn = min(s.minOn, st.frames)
		}
		s.masks |= st.mask
	}
	s.steady = len(s.steps) == 1 && s.steps[0].forever && s.steps[0].on
	return s
}

// tolerance returns the allowed difference in frames for a part of d frames:
// ±10 % (testbench.md) plus three frames for the edges of 10 ms framing.
func tolerance(d float64) float64 { return 0.1*d + 3 }

// verdict is what a spec makes of the observed segments.
type verdict struct {
	consistent bool // some alignment of the tone explains every segment
	cadenced   bool // ... and not only by mapping everything to an endless sound
	evidence   int  // segments after the first that match a whole part (the most of any alignment)
	labelled   bool // ... and a sound of the alignment carried a known label
}

// labelOK reports whether a sound segment may be part st.
func labelOK(sg *segment, st *step) bool {
	if sg.label == labelOther {
		return false
	}
	if sg.label != labelUnknown && sg.label != st.mask {
		return false
	}
	if sg.frames >= minWin && sg.level() < toneMinLevel {
		return false
	}
	return true
}

// check compares the observed segments with the tone. The first segment is partial
// (observation began inside it); the last is still going on.
func (s *spec) check(obs []segment) verdict {
	var v verdict
	if len(obs) == 0 || len(s.steps) == 0 {
		return v
	}
	for j := range s.steps {
		h := s.align(obs, j)
		if !h.consistent {
			continue
		}
		v.consistent = true
		v.cadenced = v.cadenced || h.cadenced
		if h.evidence > v.evidence || (h.evidence == v.evidence && h.labelled) {
			v.evidence, v.labelled = h.evidence, h.labelled
		}
	}
	return v
}

// align follows one hypothesis: obs[0] lies inside step j.
func (s *spec) align(obs []segment, j int) verdict {
	v := verdict{consistent: true}
	allForever := true
	p := j
	last := len(obs) - 1
	for i := range obs {
		sg := &obs[i]
		if i > 0 {
			st := &s.steps[p]
			if st.forever {
				return verdict{}
			}
			p++
			if p == len(s.steps) {
				if !s.loop {
					return verdict{}
				}
				p = 0
			}
		}
		st := &s.steps[p]
		if sg.on != st.on || (sg.on && !labelOK(sg, st)) {
			return verdict{}
		}
		if !st.forever {
			allForever = false
		}
		d := float64(sg.frames)
		switch {
		case st.forever:
			if sg.on && sg.label != labelUnknown {
				v.labelled = true
			}
		case i == 0 || i == last:
			if i == last {
				d = float64(sg.settled())
			}
			if d > st.frames+tolerance(st.frames) {
				return verdict{}
			}
			if i > 0 && d >= st.frames-tolerance(st.frames) {
				v.evidence++
			}
		default:
			if d < st.frames-tolerance(st.frames) || d > st.frames+tolerance(st.frames) {
				return verdict{}
			}
			v.evidence++
		}
		if sg.on && sg.label != labelUnknown && i > 0 {
			v.labelled = true
		}
		if i == 0 && sg.on && sg.label != labelUnknown {
			v.labelled = true
		}
	}
	v.cadenced = !allForever
	return v
}
