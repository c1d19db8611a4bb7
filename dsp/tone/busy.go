package tone

// BusyDetector recognises a far-end clear on an FXO line by the busy or congestion
// (reorder) tone of the zone: the tone's frequencies and at least two on/off pairs
// of its cadence (four whole parts), so it answers within four cadences and ignores
// speech, music and DTMF. Feed allocates nothing. Not safe for concurrent use.
type BusyDetector struct {
	zone    *Zone
	learned *Tone // the line's own busy tone (Learn, SetCadence), or nil
	ear     *ear
	specs   []spec
	hit     bool
}

// NewBusyDetector returns a detector for the busy and congestion tones of z.
func NewBusyDetector(z *Zone) *BusyDetector {
	d := &BusyDetector{zone: z}
	d.rebuild()
	return d
}

// rebuild prepares the ear and cadences for the zone's tones and the learned one.
func (d *BusyDetector) rebuild() {
	tones := []*Tone{}
	if d.zone != nil {
		tones = append(tones, &d.zone.Busy, &d.zone.Congestion)
	}
	if d.learned != nil {
		tones = append(tones, d.learned)
	}
	d.build(tones)
}

func (d *BusyDetector) build(tones []*Tone) {
	var freqs []float64
	for _, t := range tones {
		for _, p := range t.Parts {
			freqs = append(freqs, p.Freqs[0], p.Freqs[1])
		}
	}
	d.ear = newEar(freqs)
	d.specs = d.specs[:0]
	for _, t := range tones {
		if len(t.Parts) > 1 {
			d.specs = append(d.specs, newSpec(d.ear, t))
		}
	}
}

// Feed analyses the next frame (80 samples) and reports whether busy or congestion tone
// has been recognised. Once true it stays true until Reset.
func (d *BusyDetector) Feed(frame []int16) bool {
	if d.hit {
		return true
	}
	d.ear.feed(frame)
	obs := d.ear.observed()
	cur := &obs[len(obs)-1]
	if cur.on && cur.frames > 1 {
		return false // decide at the start of a sound or during a pause
	}
	// Only the most recent segments count: before the far end cleared, the line carried
	// dial tone, digits, ringback and speech, which no busy cadence explains.
	if len(obs) > busyWindow {
		obs = obs[len(obs)-busyWindow:]
	}
	for i := range d.specs {
		v := d.specs[i].check(obs)
		if v.consistent && v.cadenced && v.labelled && v.evidence >= 4 {
			d.hit = true
		}
	}
	return d.hit
}

// busyWindow is how many of the latest on/off segments are compared with a cadence:
// a partial first one, four whole ones, and the one going on.
const busyWindow = 6

// Reset forgets what was heard (use it when the line is seized again).
func (d *BusyDetector) Reset() {
	d.ear.reset()
	d.hit = false
}
