package tone

import (
	"fmt"
	"strings"
)

// Words a Matcher understands (testbench.md "What each hears-word means").
var words = []string{"dialtone", "ringback", "busy", "congestion", "callwaiting", "stutter", "record", "silence", "voice", "beep"}

// Matcher is the simulated phone's ear: it decides whether the audio heard since the
// first Feed matches one hears-word of a zone (testbench.md):
//
//   - dialtone, ringback, busy, congestion, callwaiting, stutter (and record): the zone's
//     tone, frequencies within ±2 %, cadence within ±10 %, level above -30 dBm0, and no
//     other tone of the zone still fits. Tones that differ only in cadence need up to
//     one full cadence period; a steady tone needs 200 ms.
//   - beep: a single tone burst of 40..550 ms, of any frequency.
//   - silence: 1 s below -50 dBm0.
//   - voice: 1 s (in total) of sound above -40 dBm0 that is not a tone of the zone.
//
// Feed allocates nothing. A Matcher is not safe for concurrent use.
type Matcher struct {
	word   string
	ear    *ear
	target int // index into specs, -1 for the non-tone words
	specs  []spec
	voice  int // frames of voice heard
	seen   int // index of the segment last counted as voice
	done   bool
	heard  bool // a tone word: sound has begun (leading silence is not part of the tone)
}

// NewMatcher returns a Matcher for word in zone z. Words: dialtone ringback busy
// congestion callwaiting stutter record silence voice beep.
func NewMatcher(z *Zone, word string) (*Matcher, error) {
	if z == nil {
		return nil, fmt.Errorf("tone: matcher for %q: no zone", word)
	}
	known := false
	for _, w := range words {
		known = known || w == word
	}
	if !known {
		return nil, fmt.Errorf("tone: unknown hears-word %q (known: %s)", word, strings.Join(words, ", "))
	}
	var freqs []float64
	for _, t := range z.Tones() {
		for _, p := range t.Parts {
			freqs = append(freqs, p.Freqs[0], p.Freqs[1])
		}
	}
	m := &Matcher{word: word, ear: newEar(freqs), target: -1, seen: -1}
	for _, t := range z.Tones() {
		if len(t.Parts) == 0 {
			continue
		}
		if t.Name == word {
			m.target = len(m.specs)
		}
		m.specs = append(m.specs, newSpec(m.ear, t))
	}
	return m, nil
}

// Feed analyses the next frame (80 samples) and reports whether the audio since the
// first Feed matches the word. Once true it stays true.
func (m *Matcher) Feed(frame []int16) bool {
	if m.done {
		return true
	}
	if m.target >= 0 && !m.heard {
		// The audio before the first sound (the PBX had not reacted yet) is not part of
		// the tone: a steady tone after a gap must still match.
		if quietFrame(frame) {
			return false
		}
		m.heard = true
	}
	m.ear.feed(frame)
	switch m.word {
	case "silence":
		m.done = m.ear.quiet >= 100
	case "voice":
		m.countVoice()
		m.done = m.voice >= 100
	case "beep":
		m.done = m.beep()
	default:
		m.done = m.tone()
	}
	return m.done
}

// Matched reports whether the word has been matched.
func (m *Matcher) Matched() bool { return m.done }

// countVoice adds up sound that is not a zone tone.
func (m *Matcher) countVoice() {
	e := m.ear
	cur := e.current()
	if !cur.on || cur.label != labelOther || cur.level() < onLevel {
		return
	}
	id := e.dropped + e.nseg - 1
	if id != m.seen {
		m.seen = id
		m.voice += cur.frames
		return
	}
	m.voice++
}

// beep looks for a finished single-tone burst of 40..550 ms.
func (m *Matcher) beep() bool {
	obs := m.ear.observed()
	if len(obs) < 2 {
		return false
	}
	b := &obs[len(obs)-2]
	if !b.on || b.frames < 4 || b.frames > 55 || b.level() < onLevel {
		return false
	}
	if len(obs) == 2 && m.ear.dropped == 0 {
		return false // the burst was already sounding when listening began
	}
	return b.tonal*2 >= b.frames-minWin+1
}

// tone applies the tone rule: the target fits, has shown its label long enough, and
// no other tone of the zone still fits.
func (m *Matcher) tone() bool {
	if m.target < 0 {
		return false
	}
	obs := m.ear.observed()
	t := &m.specs[m.target]
	v := t.check(obs)
	if !v.consistent || !v.labelled {
		return false
	}
	// Enough sound heard: 200 ms of a steady tone, or the shorter of 200 ms and 80 % of
	// the tone's shortest sound.
	need := 20.0
	if !t.steady {
		need = min(need, 0.8*t.minOn)
	}
	var heard int
	for i := range obs {
		if obs[i].on && obs[i].label != labelUnknown && obs[i].label != labelOther {
			heard = max(heard, obs[i].frames)
		}
	}
	if float64(heard) < need {
		return false
	}
	for i := range m.specs {
		if i == m.target {
			continue
		}
		o := &m.specs[i]
		ov := o.check(obs)
		if ov.consistent && (ov.cadenced || o.steady) {
			return false
		}
	}
	return true
}

// quietFrame reports whether frame is below about -50 dBm0 (mean square under 1000).
func quietFrame(frame []int16) bool {
	var sum int64
	for _, v := range frame {
		sum += int64(v) * int64(v)
	}
	return sum < 1000*int64(len(frame))
}
