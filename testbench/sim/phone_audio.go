package sim

import (
	"math"
	"time"

	"github.com/analogpbx/pbx/dsp"
	"github.com/analogpbx/pbx/dsp/cid"
	"github.com/analogpbx/pbx/dsp/dtmf"
	"github.com/analogpbx/pbx/dsp/tone"
	"github.com/analogpbx/pbx/hal"
)

// Audio timings and levels of the phone.
const (
	dtmfOn      = 80 * time.Millisecond
	dtmfOff     = 80 * time.Millisecond
	testToneDBm = -10.0 // level of SetTone's test tone, dBm0
	cidIdle     = 100   // frames without ring or OHT that end an alerting episode (1 s)
)

// phoneAudio is the phone's sound: keypad, test tone, earpiece.
type phoneAudio struct {
	gen    *dtmf.Generator
	keys   [hal.FrameSamples]int16
	toneHz float64
	phase  float64
	amp    float64
	ear    [hal.FrameSamples]int16
}

func (a *phoneAudio) dialing() bool { return a.gen.Busy() }

// phoneZone is the zone-dependent part: caller ID reception.
type phoneZone struct {
	z        *tone.Zone
	demod    *cid.Demodulator
	callerID string
	mwi      int
	quiet    int // frames without ring voltage or on-hook transmission
}

// NewPhone returns an on-hook phone for zone z (nil = us): its keypad sends DTMF at the
// zone's level, its display decodes caller ID in the zone's standard.
func NewPhone(name string, z *tone.Zone) *Phone {
	if z == nil {
		z, _ = tone.Lookup("us")
	}
	p := newPhone(name)
	p.snd.gen = dtmf.NewGenerator(z.DTMFLevel)
	p.snd.amp = dsp.Amplitude(testToneDBm)
	p.zone = phoneZone{z: z, demod: cid.NewDemodulator(z.CID), mwi: -1, quiet: cidIdle}
	return p
}

// Zone is the tone zone the phone was made for.
func (p *Phone) Zone() *tone.Zone { return p.zone.z }

// Dial presses keys: DTMF tones into the line, 80 ms tone / 80 ms gap, ',' a 1 s pause.
// The tones reach the line only while the phone is off hook.
func (p *Phone) Dial(digits string) { p.snd.gen.Dial(digits, dtmfOn, dtmfOff) }

// SetTone sends a continuous sine of hz into the line at -10 dBm0 (0 stops it), for
// checks that two parties hear each other.
func (p *Phone) SetTone(hz float64) {
	if hz != p.snd.toneHz {
		p.snd.toneHz, p.snd.phase = hz, 0
	}
}

// Received returns the 80 linear samples that reached the earpiece in the last frame:
// silence on hook, except during on-hook transmission. The slice is overwritten by the
// next frame.
func (p *Phone) Received() []int16 { return p.snd.ear[:] }

// CallerID is the number of the last caller-ID message received while on hook in the
// current alerting episode (ringing or on-hook transmission); "" when none. A new episode
// after the line was quiet for a second clears it.
func (p *Phone) CallerID() string { return p.zone.callerID }

// MessageWaiting is the last message-waiting indication received: -1 none, 0 off, 1 on.
func (p *Phone) MessageWaiting() int { return p.zone.mwi }

// audio exchanges one frame of line audio: rx reached the phone from the line (linear);
// the phone fills tx with what it sends. The hook contact gates the audio per ms, so a
// bounce or a dial pulse cuts just those samples.
func (p *Phone) audio(rx, tx []int16) {
	a := &p.snd
	a.gen.Read(a.keys[:]) // the keypad's time runs on or off hook
	step := 2 * math.Pi * a.toneHz / hal.SampleRate
	const perMs = hal.SampleRate / 1000
	for ms, closed := range p.hook {
		lo, hi := ms*perMs, (ms+1)*perMs
		if closed && p.ln.fed || !closed && p.ln.oht {
			copy(a.ear[lo:hi], rx[lo:hi])
		} else {
			clear(a.ear[lo:hi])
		}
		for i := lo; i < hi; i++ {
			v := float64(a.keys[i])
			if a.toneHz > 0 {
				v += a.amp * math.Sin(a.phase)
				a.phase += step
			}
			tx[i] = 0
			if closed && p.ln.fed {
				tx[i] = dsp.Clamp16(v)
			}
		}
	}
	if a.phase > 2*math.Pi {
		a.phase = math.Mod(a.phase, 2*math.Pi)
	}
	p.callerIDFrame(p.hook[len(p.hook)-1], rx)
}

// callerIDFrame runs the caller-ID display: episodes, FSK (or DTMF) reception on hook.
func (p *Phone) callerIDFrame(closed bool, rx []int16) {
	z := &p.zone
	if p.ln.ring || p.ln.oht {
		if z.quiet >= cidIdle {
			z.callerID = ""
			z.demod.Reset()
		}
		z.quiet = 0
	} else if z.quiet < cidIdle {
		z.quiet++
	}
	if closed || !p.ln.oht {
		return
	}
	z.demod.Feed(rx)
	b, ok := z.demod.Message()
	if !ok {
		return
	}
	if m, err := cid.Decode(b); err == nil {
		if m.MWI >= 0 {
			z.mwi = m.MWI
		} else {
			z.callerID = m.Number
		}
	}
	z.demod.Reset()
}
