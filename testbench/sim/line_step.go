package sim

import (
	"time"

	"github.com/analogpbx/pbx/dsp/cid"
	"github.com/analogpbx/pbx/dsp/dtmf"
	"github.com/analogpbx/pbx/dsp/tone"
	"github.com/analogpbx/pbx/hal"
)

// cidPhase is where the caller ID of an incoming call is.
type cidPhase uint8

const (
	cidNone     cidPhase = iota // nothing (yet) to send, or sent
	cidReversed                 // line reversed; the dual-tone alert starts at cidAt
	cidAlert                    // dual-tone alert sounding until cidAt
	cidWait                     // the data starts at cidAt
	cidSending                  // FSK or DTMF data on the line (cidMod)
)

// Caller ID tones.
const (
	dtasLow, dtasHigh = 2130.0, 2750.0 // ETSI dual-tone alerting signal, Hz
	dtasLevel         = -13.0          // dBm0 per tone
	testToneLevel     = -10.0          // dBm0 of the far end's test tone
)

// testTone is a continuous tone of hz at the test level.
func testTone(hz float64) tone.Tone {
	return tone.Tone{Name: "test", Parts: []tone.Part{{Freqs: [2]float64{hz, 0}, Level: testToneLevel}}}
}

// dtasTone is the ETSI dual-tone alert that precedes before-ring caller ID.
func dtasTone() tone.Tone {
	return tone.Tone{Name: "dt-as", Parts: []tone.Part{{Freqs: [2]float64{dtasLow, dtasHigh}, Dur: 100 * time.Millisecond, Level: dtasLevel}}}
}

// setHook tells the exchange that the PBX closed (off) or opened the loop. Seizing a ringing
// line answers the call; seizing an idle line starts an outgoing call. An on-hook shorter than
// a second is a flash and keeps the call.
func (l *Line) setHook(off bool) {
	if off == l.off {
		return
	}
	l.off, l.hookAt = off, l.t
	if !off {
		if l.st == lineCleared {
			l.release()
		}
		return
	}
	switch l.st {
	case lineAlerting:
		l.stop()
		l.setState(lineConnected)
		l.dialed = l.dialed[:0]
		l.det = dtmf.NewDetector()
	case lineIdle:
		l.dialed = l.dialed[:0]
		l.det = dtmf.NewDetector()
		l.setState(lineDialTone)
	}
}

// release ends the call when the PBX has let go: the line is idle with normal polarity.
func (l *Line) release() {
	l.stop()
	l.pol = 1
	l.setState(lineIdle)
}

// unplug takes the line away from the port (no battery, no ringing, no audio) or gives it back.
func (l *Line) unplug(gone bool) {
	if gone == l.noBatt {
		return
	}
	l.noBatt = gone
	if !gone {
		return
	}
	switch l.st {
	case lineIdle:
	case lineAlerting:
		l.stop()
		l.setState(lineIdle)
	default:
		l.stop()
		l.setState(lineCleared)
	}
}

// batteryOn reports whether the exchange feeds battery in this frame.
func (l *Line) batteryOn() bool { return !l.noBatt && l.t >= l.cpcEnd }

// voltage is the DC line voltage the DAA measures (signed by the polarity): the battery on
// hook, a few volts across the held loop off hook, 0 without battery.
func (l *Line) voltage(offHook bool) float64 {
	if !l.batteryOn() {
		return 0
	}
	pol := l.pol
	if l.t < l.revEnd {
		pol = -pol
	}
	if offHook {
		return lineOffHookV * pol
	}
	return lineBattery * pol
}

// current is the loop current in mA while the loop is closed.
func (l *Line) current() float64 {
	if !l.batteryOn() || !l.off {
		return 0
	}
	return lineLoopMA
}

// ring returns the ring signal's peak voltage (0 when not ringing) and frequency.
func (l *Line) ring() (peak float64, hz int) {
	if !l.ringing || l.noBatt {
		return 0, 0
	}
	hz = 20
	if l.zone != nil && l.zone.RingHz > 0 {
		hz = l.zone.RingHz
	}
	return lineRingPeak, hz
}

// step advances the exchange by one frame: fromPBX is what the PBX sent on the line (silence
// when it is on hook), toPBX receives what the exchange and the far end send back.
func (l *Line) step(fromPBX, toPBX []int16) {
	l.t++
	copy(l.heard[:], fromPBX)
	if l.off {
		if d, ok := l.det.Process(fromPBX); ok {
			l.digit(d)
		}
	} else if l.st != lineIdle && l.st != lineAlerting && l.t-l.hookAt > hal.Frames(lineReleaseAfter) {
		l.release()
	}
	switch l.st {
	case lineAlerting:
		l.stepCID()
		l.stepRing()
	case lineDialTone:
		if !l.gen.Playing() && l.t-l.stAt >= hal.Frames(lineDialToneAfter) && l.zone != nil {
			l.gen.Play(&l.zone.Dial)
		}
	case lineDialing:
		if l.t-l.lastDg > hal.Frames(lineDialDone) {
			l.ringback()
		}
	}
	l.mix(toPBX)
}

// digit records a digit the PBX sent.
func (l *Line) digit(d byte) {
	l.dialed = append(l.dialed, d)
	l.lastDg = l.t
	if l.st == lineDialTone {
		l.gen.Stop()
		l.setState(lineDialing)
	}
	if l.st == lineDialing && d == '#' {
		l.ringback()
	}
}

// ringback: the number is complete and the far end rings.
func (l *Line) ringback() {
	l.setState(lineRingback)
	if l.zone != nil {
		l.gen.Play(&l.zone.Ringback)
	}
}

// stepRing runs the ring cadence and schedules the caller ID of the first silent interval.
func (l *Line) stepRing() {
	if l.ringAt < 0 || l.t < l.ringAt || l.noBatt {
		l.ringing = false
		return
	}
	on := l.cadenceOn(l.t - l.ringAt)
	if on && !l.ringing {
		l.bursts++
		if l.cidFirst && l.bursts == 1 && !l.cidDTMF {
			l.pol = -l.pol // the line reversal of before-ring caller ID ends with the ring
		}
	}
	if !on && l.ringing && l.bursts == 1 && l.cidMsg != nil && !l.cidFirst {
		l.cidPh, l.cidAt = cidWait, l.t+hal.Frames(lineCIDAfterRing)
	}
	l.ringing = on
}

// cadenceOn reports whether the zone's ring cadence is in a burst e frames after it started.
func (l *Line) cadenceOn(e int64) bool {
	c := []time.Duration{2 * time.Second, 4 * time.Second}
	if l.zone != nil && len(l.zone.Ring) > 0 {
		c = l.zone.Ring
	}
	if len(c) == 1 {
		return true
	}
	var period int64
	for _, d := range c {
		period += hal.Frames(d)
	}
	e %= period
	for i, d := range c {
		if e < hal.Frames(d) {
			return i%2 == 0
		}
		e -= hal.Frames(d)
	}
	return false
}

// stepCID advances the caller ID of an incoming call.
func (l *Line) stepCID() {
	switch l.cidPh {
	case cidReversed:
		if l.t >= l.cidAt {
			t := dtasTone()
			l.alertTn = t
			l.alert.Play(&l.alertTn)
			l.cidPh, l.cidAt = cidAlert, l.t+hal.Frames(lineAlertLen)
		}
	case cidAlert:
		if l.t >= l.cidAt {
			l.alert.Stop()
			l.cidPh, l.cidAt = cidWait, l.t+hal.Frames(lineFSKAfterAlert)
		}
	case cidWait:
		if l.t < l.cidAt {
			return
		}
		l.cidPh = cidSending
		l.cidMod = cid.NewModulator(l.zone.CID, l.cidMsg)
	}
}

// cidSent: the caller ID is out; before-ring caller ID lets the first ring follow.
func (l *Line) cidSent() {
	l.cidPh, l.cidMod = cidNone, nil
	if l.cidFirst && l.ringAt < 0 {
		l.ringAt = l.t + hal.Frames(lineRingAfterCID)
	}
}

// mix writes this frame's audio toward the PBX: call-progress tones, the caller ID signal, the
// far end's keys and test tone. Nothing without battery.
func (l *Line) mix(dst []int16) {
	clear(dst)
	if l.noBatt {
		return
	}
	add := func() {
		for i, v := range l.scratch[:len(dst)] {
			dst[i] = sat16(int32(dst[i]) + int32(v))
		}
	}
	if l.gen.Playing() {
		l.gen.Read(l.scratch[:len(dst)])
		add()
	}
	if l.alert.Playing() {
		l.alert.Read(l.scratch[:len(dst)])
		add()
	}
	if l.cidMod != nil {
		clear(l.scratch[:])
		if done := l.cidMod.Read(l.scratch[:len(dst)]); done {
			l.cidSent()
		}
		add()
	}
	if l.keys.Busy() {
		l.keys.Read(l.scratch[:len(dst)])
		add()
	}
	if l.test.Playing() && l.st == lineConnected {
		l.test.Read(l.scratch[:len(dst)])
		add()
	}
}

// sat16 clamps v to the int16 range.
func sat16(v int32) int16 {
	return int16(max(-32768, min(32767, v)))
}

// keypadLevel is the far end's DTMF level: the zone's, or -10 dBm0.
func keypadLevel(z *tone.Zone) float64 {
	if z != nil && z.DTMFLevel != 0 {
		return z.DTMFLevel
	}
	return -10
}
