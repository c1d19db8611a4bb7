package tone

import (
	"fmt"
	"strings"
	"time"

	"github.com/analogpbx/pbx/dsp/codec"
)

// Part is one step of a tone's cadence.
type Part struct {
	// Freqs are the frequencies in Hz; 0 means unused, both 0 means silence.
	Freqs [2]float64
	// Dur is how long the part lasts; 0 means forever.
	Dur time.Duration
	// Level is the level of each frequency in dBm0.
	Level float64
}

// Silent reports whether the part is a pause.
func (p Part) Silent() bool { return p.Freqs[0] == 0 && p.Freqs[1] == 0 }

// Tone is a call-progress tone: parts played in order, repeated when Loop.
type Tone struct {
	Name  string
	Parts []Part
	Loop  bool
}

// CIDStandard says how a zone sends caller ID.
type CIDStandard uint8

const (
	// Bell202 is Telcordia GR-30 FSK: mark 1200 Hz, space 2200 Hz, 1200 bit/s.
	Bell202 CIDStandard = iota
	// V23 is ETSI EN 300 659 FSK: mark 1300 Hz, space 2100 Hz, 1200 bit/s.
	V23
	// DTMFCID is DTMF caller ID: A<number>C.
	DTMFCID
)

// String returns "bell202", "v23" or "dtmf".
func (s CIDStandard) String() string {
	switch s {
	case V23:
		return "v23"
	case DTMFCID:
		return "dtmf"
	}
	return "bell202"
}

// Zone is a region's tone plan, ring cadence and caller ID convention.
type Zone struct {
	Name                                                           string
	Dial, Busy, Ringback, Congestion, CallWaiting, Stutter, Record Tone
	// Ring is the ring cadence: on, off, on, off... repeated.
	Ring []time.Duration
	// RingHz is the ringing frequency in Hz.
	RingHz int
	// FlashMin and FlashMax bound a hook flash (default 100 ms..800 ms).
	FlashMin, FlashMax time.Duration
	// CID is how caller ID is sent.
	CID CIDStandard
	// CIDBeforeRing: true sends caller ID before the first ring, false between the
	// first and second ring.
	CIDBeforeRing bool
	// DTMFLevel is the level of each tone of generated DTMF, in dBm0.
	DTMFLevel float64
	// Law is the companding law of the region's PCM (μ-law for us, A-law elsewhere).
	Law codec.Law
}

// Tones returns the zone's call-progress tones keyed by their testbench names:
// dialtone, busy, ringback, congestion, callwaiting, stutter, record.
func (z *Zone) Tones() []*Tone {
	return []*Tone{&z.Dial, &z.Busy, &z.Ringback, &z.Congestion, &z.CallWaiting, &z.Stutter, &z.Record}
}

// ToneByName returns the zone's tone for a testbench word (dialtone, busy, ringback,
// congestion, callwaiting, stutter, record), or nil.
func (z *Zone) ToneByName(word string) *Tone {
	for _, t := range z.Tones() {
		if t.Name == word {
			return t
		}
	}
	return nil
}

const ms = time.Millisecond

// on returns a sounding part; off a pause.
func on(f1, f2 float64, d time.Duration, lvl float64) Part {
	return Part{Freqs: [2]float64{f1, f2}, Dur: d, Level: lvl}
}
func off(d time.Duration) Part { return Part{Dur: d} }

// cadence builds a looping single-frequency-set tone from on/off durations in ms.
func cadence(name string, f1, f2, lvl float64, durs ...int) Tone {
	t := Tone{Name: name, Loop: true}
	for i, d := range durs {
		if i%2 == 0 {
			t.Parts = append(t.Parts, on(f1, f2, time.Duration(d)*ms, lvl))
		} else {
			t.Parts = append(t.Parts, off(time.Duration(d)*ms))
		}
	}
	return t
}

func steady(name string, f1, f2, lvl float64) Tone {
	return Tone{Name: name, Parts: []Part{on(f1, f2, 0, lvl)}}
}

func repeat(n int, parts ...Part) []Part {
	var out []Part
	for range n {
		out = append(out, parts...)
	}
	return out
}

// zoneNames lists the known zones in the order Names returns them.
var zoneNames = []string{"cn", "de", "uk", "us"}

// Lookup returns a fresh copy of the named zone's table ("us", "cn", "uk", "de";
// hardware.md §6.1). The caller may modify it.
func Lookup(name string) (*Zone, error) {
	z := build(strings.ToLower(strings.TrimSpace(name)))
	if z == nil {
		return nil, fmt.Errorf("tone: unknown zone %q (known: %s)", name, strings.Join(zoneNames, ", "))
	}
	return z, nil
}

// Names returns the known zone names, sorted.
func Names() []string { return append([]string(nil), zoneNames...) }

// build makes the zone tables. Levels: North American precise tone plan for us
// (dial -13, ringback -19, busy/reorder -24 dBm0 per tone); -10 dBm0 single tones for
// cn (YD/T 1277 class); -13 dBm0 per tone elsewhere.
func build(name string) *Zone {
	z := &Zone{Name: name, FlashMin: 100 * ms, FlashMax: 800 * ms}
	switch name {
	case "us":
		z.Dial = steady("dialtone", 350, 440, -13)
		z.Busy = cadence("busy", 480, 620, -24, 500, 500)
		z.Ringback = cadence("ringback", 440, 480, -19, 2000, 4000)
		z.Congestion = cadence("congestion", 480, 620, -24, 250, 250)
		z.CallWaiting = cadence("callwaiting", 440, 0, -13, 300, 10000)
		z.Stutter = Tone{Name: "stutter", Parts: append(repeat(6, on(350, 440, 100*ms, -13), off(100*ms)), on(350, 440, 0, -13))}
		z.Record = cadence("record", 1400, 0, -13, 500, 15000)
		z.Ring, z.RingHz = []time.Duration{2000 * ms, 4000 * ms}, 20
		z.CID, z.CIDBeforeRing, z.DTMFLevel, z.Law = Bell202, false, -10, codec.ULaw
	case "cn":
		z.Dial = steady("dialtone", 450, 0, -10)
		z.Busy = cadence("busy", 450, 0, -10, 350, 350)
		z.Ringback = cadence("ringback", 450, 0, -10, 1000, 4000)
		z.Congestion = cadence("congestion", 450, 0, -10, 700, 700)
		z.CallWaiting = cadence("callwaiting", 450, 0, -10, 400, 4000)
		z.Stutter = steady("stutter", 450, 425, -13)
		z.Record = cadence("record", 950, 0, -10, 400, 10000)
		z.Ring, z.RingHz = []time.Duration{1000 * ms, 4000 * ms}, 25
		z.CID, z.CIDBeforeRing, z.DTMFLevel, z.Law = Bell202, false, -10, codec.ALaw
	case "uk":
		z.Dial = steady("dialtone", 350, 440, -13)
		z.Busy = cadence("busy", 400, 0, -13, 375, 375)
		z.Ringback = cadence("ringback", 400, 450, -13, 400, 200, 400, 2000)
		z.Congestion = cadence("congestion", 400, 0, -13, 400, 350, 225, 525)
		z.CallWaiting = cadence("callwaiting", 400, 0, -13, 100, 4000)
		z.Stutter = Tone{Name: "stutter", Loop: true, Parts: []Part{on(350, 440, 750*ms, -13), on(440, 0, 750*ms, -13)}}
		z.Record = cadence("record", 1400, 0, -13, 500, 60000)
		z.Ring, z.RingHz = []time.Duration{400 * ms, 200 * ms, 400 * ms, 2000 * ms}, 25
		z.CID, z.CIDBeforeRing, z.DTMFLevel, z.Law = V23, true, -10, codec.ALaw
	case "de":
		z.Dial = steady("dialtone", 425, 0, -13)
		z.Busy = cadence("busy", 425, 0, -13, 480, 480)
		z.Ringback = cadence("ringback", 425, 0, -13, 1000, 4000)
		z.Congestion = cadence("congestion", 425, 0, -13, 240, 240)
		cw := repeat(5, on(425, 0, 200*ms, -13), off(200*ms), on(425, 0, 200*ms, -13), off(5000*ms))
		z.CallWaiting = Tone{Name: "callwaiting", Parts: cw}
		z.Stutter = steady("stutter", 425, 400, -13)
		z.Record = cadence("record", 1400, 0, -13, 80, 15000)
		z.Ring, z.RingHz = []time.Duration{1000 * ms, 4000 * ms}, 25
		z.CID, z.CIDBeforeRing, z.DTMFLevel, z.Law = V23, false, -10, codec.ALaw
	default:
		return nil
	}
	return z
}
