package tone

import "time"

// Span is one stretch of a Timeline: what was heard from Start to End.
type Span struct {
	Start, End time.Duration
	// Name is a tone of the zone (dialtone, busy, ringback, congestion, callwaiting,
	// stutter, record), or "silence" (below -40 dBm0), "tone" (a pure tone that is not
	// the zone's) or "sound" (anything else: speech, music, modem signals).
	Name string
}

// Timeline analyses a whole recording (8 kHz linear samples) and returns what was
// heard, in order: the zone's call-progress tones by cadence and frequency, and the
// stretches between them. Adjacent spans of the same kind are merged.
func Timeline(z *Zone, pcm []int16) []Span {
	freqs := []float64{}
	for _, t := range z.Tones() {
		for _, p := range t.Parts {
			freqs = append(freqs, p.Freqs[0], p.Freqs[1])
		}
	}
	e := newEar(freqs)
	var specs []spec
	for _, t := range z.Tones() {
		if len(t.Parts) > 0 {
			specs = append(specs, newSpec(e, t))
		}
	}
	segs := record(e, pcm)
	var out []Span
	frame := func(n int) time.Duration { return time.Duration(n) * 10 * time.Millisecond }
	emit := func(from, to int, name string) {
		if n := len(out); n > 0 && out[n-1].Name == name {
			out[n-1].End = frame(to)
			return
		}
		out = append(out, Span{Start: frame(from), End: frame(to), Name: name})
	}
	starts := make([]int, len(segs)+1)
	for i, s := range segs {
		starts[i+1] = starts[i] + s.frames
	}
	for i := 0; i < len(segs); {
		// The tone that explains the longest run of segments from i on; a run must hold
		// a labelled sound and, unless the tone is steady, a complete part.
		best, bestEnd := -1, i
		for k := range specs {
			end := i
			for j := i + 1; j <= len(segs); j++ {
				v := specs[k].check(segs[i:j])
				if !v.consistent || !v.labelled {
					if !v.consistent {
						break
					}
					continue
				}
				if specs[k].steady || v.evidence > 0 || j-i >= 2 {
					end = j
				}
			}
			if end > bestEnd {
				best, bestEnd = k, end
			}
		}
		if best >= 0 {
			// A run that begins with a pause: the pause is heard as silence.
			if !segs[i].on && bestEnd > i+1 {
				emit(starts[i], starts[i+1], "silence")
				i++
			}
			emit(starts[i], starts[bestEnd], specs[best].name)
			i = bestEnd
			continue
		}
		s := &segs[i]
		switch {
		case !s.on:
			emit(starts[i], starts[i+1], "silence")
		case s.label == labelOther && s.tonal*2 > s.frames:
			emit(starts[i], starts[i+1], "tone")
		default:
			emit(starts[i], starts[i+1], "sound")
		}
		i++
	}
	return out
}

// record feeds pcm to e frame by frame and returns every segment it made.
func record(e *ear, pcm []int16) []segment {
	var segs []segment
	seen := 0 // segments (counting dropped ones) already copied
	for i := 0; i < len(pcm); i += 80 {
		e.feed(pcm[i:min(i+80, len(pcm))])
		total := e.dropped + e.nseg
		// Copy segments that are complete (all but the current one).
		for ; seen < total-1; seen++ {
			segs = append(segs, e.segs[seen-e.dropped])
		}
	}
	for ; seen < e.dropped+e.nseg; seen++ {
		segs = append(segs, e.segs[seen-e.dropped])
	}
	return segs
}
