package sim

import (
	"fmt"
	"time"

	"github.com/analogpbx/pbx/dsp/cid"
	"github.com/analogpbx/pbx/dsp/dtmf"
	"github.com/analogpbx/pbx/dsp/tone"
	"github.com/analogpbx/pbx/hal"
)

// Electrical figures of the simulated exchange line (hardware.md §5.5).
const (
	lineBattery  = 48.0 // volts on hook
	lineOffHookV = 6.0  // volts across the DAA while it holds the loop
	lineLoopMA   = 30.0 // loop current off hook, mA
	lineRingPeak = 90.0 // ring signal peak, volts (≈ 64 Vrms)
)

// Timing of the simulated exchange (testbench.md "The simulated exchange").
const (
	lineDialToneAfter = 300 * time.Millisecond // seizure → dial tone
	lineDialDone      = 3 * time.Second        // no digit this long: the number is complete
	lineReleaseAfter  = 1 * time.Second        // on hook longer than this clears a call (shorter is a flash)
	lineCPCInterval   = 800 * time.Millisecond // battery removed for a far-end clear by battery
	lineCIDAfterRing  = 500 * time.Millisecond // end of the first burst → caller ID
	lineAlertAfterRev = 100 * time.Millisecond // line reversal → dual-tone alert (before-ring caller ID)
	lineAlertLen      = 100 * time.Millisecond // dual-tone alert length
	lineFSKAfterAlert = 60 * time.Millisecond  // alert end → FSK
	lineRingAfterCID  = 400 * time.Millisecond // before-ring caller ID end → first ring
	lineDigitOn       = 80 * time.Millisecond  // far-end keypad tone and gap
)

// lineState is where the simulated exchange is with the call on this line.
type lineState uint8

const (
	// lineIdle: no call. → lineAlerting on Call; → lineDialTone when the PBX seizes.
	lineIdle lineState = iota
	// lineAlerting: an incoming call rings (with caller ID). → lineConnected when the PBX seizes;
	// → lineIdle on GiveUp.
	lineAlerting
	// lineDialTone: the PBX seized for an outgoing call; dial tone after 300 ms. → lineDialing on a digit.
	lineDialTone
	// lineDialing: digits arrive. → lineRingback when the number is complete ('#' or a 3 s pause).
	lineDialing
	// lineRingback: the far end rings; ringback tone. → lineConnected on Answer.
	lineRingback
	// lineConnected: talking. → lineCleared on Hangup.
	lineConnected
	// lineCleared: the far end hung up; busy tone when cleared that way. → lineIdle when the PBX releases.
	lineCleared
)

// String returns the state's name, such as "ringback".
func (s lineState) String() string {
	switch s {
	case lineIdle:
		return "idle"
	case lineAlerting:
		return "alerting"
	case lineDialTone:
		return "dialtone"
	case lineDialing:
		return "dialing"
	case lineRingback:
		return "ringback"
	case lineConnected:
		return "connected"
	case lineCleared:
		return "cleared"
	}
	return "unknown"
}

// Line is the simulated telephone exchange behind one FXO port: the outside world. It rings
// the port with the zone's cadence and sends caller ID the zone's way, gives dial tone and
// ringback to outgoing calls, hears the digits the PBX sends, answers, and clears by battery
// drop, polarity reversal or busy tone. It is stepped by the DAA it is wired to (NewDAA); call
// every method from the frame goroutine.
type Line struct {
	name string
	zone *tone.Zone
	// Now dates caller ID messages (MDMF date and time); nil sends none.
	Now func() time.Time

	t      int64 // frames stepped
	st     lineState
	stAt   int64 // frame the state began
	pol    float64
	noBatt bool  // unplugged
	cpcEnd int64 // battery removed until this frame (far-end clear by battery, or a glitch)
	revEnd int64 // polarity reversed until this frame (a glitch)

	off    bool  // the PBX holds the loop closed
	hookAt int64 // frame of the last hook change

	// Incoming call.
	ringAt   int64 // frame the ring cadence starts (-1: not yet, caller ID goes first)
	ringing  bool  // ring signal on in this frame
	bursts   int   // ring bursts started
	cidMsg   []byte
	cidDTMF  bool // caller ID as DTMF (A<number>C) rather than FSK
	cidFirst bool // caller ID goes before the first ring
	cidPh    cidPhase
	cidAt    int64 // frame the current caller ID phase ends or starts
	cidMod   *cid.Modulator

	// Outgoing call.
	dialed []byte
	lastDg int64
	det    *dtmf.Detector
	busyHU bool // cleared by busy tone: keep playing it

	gen     tone.Generator // call-progress tones toward the PBX
	alert   tone.Generator // dual-tone alert (before-ring caller ID)
	alertTn tone.Tone
	keys    *dtmf.Generator // far-end keypad (and DTMF caller ID)
	test    tone.Generator  // far-end test tone
	testHz  float64
	testTn  tone.Tone
	heard   [hal.FrameSamples]int16 // what the far end heard last frame
	scratch [hal.FrameSamples]int16
}

// NewLine returns an idle line named name (as the scenario calls it, e.g. "line2") that rings,
// signals and sends caller ID the way zone z does.
func NewLine(name string, z *tone.Zone) *Line {
	return &Line{name: name, zone: z, pol: 1, det: dtmf.NewDetector(),
		keys: dtmf.NewGenerator(keypadLevel(z))}
}

// Name returns the line's name.
func (l *Line) Name() string { return l.name }

// State returns the exchange's view of the call: idle, alerting, dialtone, dialing, ringback,
// connected or cleared.
func (l *Line) State() string { return l.st.String() }

// Seized reports whether the PBX holds the line off hook (as the exchange sees the loop).
func (l *Line) Seized() bool { return l.off }

// Connected reports whether a call is up with the far end: an incoming call the PBX answered,
// or an outgoing call the far end answered.
func (l *Line) Connected() bool { return l.st == lineConnected }

// Dialed returns the digits the PBX sent since it last seized the line, as DTMF decoded from its
// audio (including '*' and '#').
func (l *Line) Dialed() string { return string(l.dialed) }

// Busy reports whether the far end is still sending digits (Dial).
func (l *Line) Busy() bool { return l.keys.Busy() }

// Received returns the 80 linear samples the far end heard from the PBX in the last frame
// (silence while the PBX is on hook). The slice is reused by the next frame.
func (l *Line) Received() []int16 { return l.heard[:] }

// Call starts an incoming call: the line rings with the zone's cadence and frequency until the
// PBX seizes it or GiveUp. from is the caller's number sent as caller ID the zone's way (for us:
// Bell 202 MDMF in the first silent interval, starting 500 ms after the first burst; before
// the first ring where the zone says so); "" sends none.
func (l *Line) Call(from string) {
	l.stop()
	l.setState(lineAlerting)
	l.ringAt, l.bursts, l.cidMsg, l.cidDTMF, l.cidFirst = l.t, 0, nil, false, false
	if from == "" || l.zone == nil {
		return
	}
	z := l.zone
	l.cidFirst = z.CIDBeforeRing
	if z.CID == tone.DTMFCID {
		l.cidDTMF = true
		l.cidMsg = []byte(from) // the modulator sends A<number>C
	} else {
		m := cid.Message{Number: from, MWI: -1}
		if l.Now != nil {
			m.Time = l.Now()
		}
		l.cidMsg = cid.EncodeMDMF(m)
	}
	if !l.cidFirst {
		return
	}
	l.ringAt = -1
	if l.cidDTMF {
		l.cidPh, l.cidAt = cidWait, l.t
		return
	}
	// ETSI: a line reversal announces the caller ID, then the dual-tone alert, then FSK.
	l.pol = -l.pol
	l.cidPh, l.cidAt = cidReversed, l.t+hal.Frames(lineAlertAfterRev)
}

// GiveUp ends an incoming call before the PBX answered: the ringing stops.
func (l *Line) GiveUp() {
	if l.st == lineAlerting {
		l.stop()
		l.setState(lineIdle)
	}
}

// Answer makes the far end answer an outgoing call: ringback stops and the line's polarity
// reverses (answer supervision). It fails when there is no outgoing call to answer.
func (l *Line) Answer() error {
	switch l.st {
	case lineDialTone, lineDialing, lineRingback:
		l.gen.Stop()
		l.pol = -l.pol
		l.setState(lineConnected)
		return nil
	}
	return fmt.Errorf("%s has no outgoing call to answer (%s)", l.name, l.st)
}

// Hangup makes the far end clear the call, signalled by method: "battery" (battery removed for
// 800 ms), "polarity" (the line reverses) or "busytone" (the zone's busy tone until the PBX
// releases); "" is the zone's default, busy tone. An incoming call still ringing just stops.
func (l *Line) Hangup(method string) error {
	switch method {
	case "", "busytone", "battery", "polarity":
	default:
		return fmt.Errorf("%s: unknown hangup method %q (battery, polarity, busytone)", l.name, method)
	}
	switch l.st {
	case lineIdle, lineCleared:
		return fmt.Errorf("%s has no call to hang up", l.name)
	case lineAlerting:
		l.GiveUp()
		return nil
	}
	l.stop()
	l.setState(lineCleared)
	switch method {
	case "battery":
		l.cpcEnd = l.t + hal.Frames(lineCPCInterval)
	case "polarity":
		l.pol = -l.pol
	default:
		l.busyHU = true
		if l.zone != nil {
			l.gen.Play(&l.zone.Busy)
		}
	}
	return nil
}

// Dial makes the far end press keys: DTMF toward the PBX, 80 ms tone and 80 ms gap per key.
// The PBX must hold the line.
func (l *Line) Dial(digits string) error {
	if !l.off {
		return fmt.Errorf("%s is not connected", l.name)
	}
	l.keys.Dial(digits, lineDigitOn, lineDigitOn)
	return nil
}

// SetTone makes the far end send a continuous test tone of hz toward the PBX; 0 stops it.
func (l *Line) SetTone(hz float64) {
	l.testHz = hz
	if hz == 0 {
		l.test.Stop()
		return
	}
	l.testTn = testTone(hz)
	l.test.Play(&l.testTn)
}

// Glitch disturbs the line for d without changing the call: "battery" drops the battery,
// "polarity" reverses the line. Glitches shorter than the driver's 64 ms debounce must not be
// taken for a far-end clear (reliability.md §4.2).
func (l *Line) Glitch(what string, d time.Duration) error {
	end := l.t + hal.Frames(d)
	switch what {
	case "battery":
		l.cpcEnd = max(l.cpcEnd, end)
	case "polarity":
		l.revEnd = max(l.revEnd, end)
	default:
		return fmt.Errorf("%s: unknown glitch %q (battery, polarity)", l.name, what)
	}
	return nil
}

// stop ends ringing, caller ID and every tone of the current call.
func (l *Line) stop() {
	l.gen.Stop()
	l.alert.Stop()
	l.busyHU = false
	l.ringing = false
	l.cidMod, l.cidPh = nil, cidNone
	l.cpcEnd = 0
}

func (l *Line) setState(s lineState) { l.st, l.stAt = s, l.t }
