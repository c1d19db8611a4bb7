package sim

import (
	"hash/fnv"
	"math/rand/v2"
	"time"
)

// Phone is a simulated analog phone on an FXS line: a hook switch (lifted, hung up,
// flashed, pulsed by a rotary dial, or bouncing), a keypad that sends DTMF tones, a test
// tone source, an earpiece, a ringer and a caller-ID display. The scenario runner drives
// it; every method is called from the frame goroutine. Time passes only in the SLIC's
// Step, in 1 ms steps for the hook switch.
type Phone struct {
	name string

	off   bool      // the handset is lifted (what the user did)
	sched []hookSeg // timed hook actions in progress (dial pulses, flash)
	segMs int       // ms spent in sched[0]
	hook  [10]bool  // hook contact during each ms of the current frame

	bounce    bool
	bounceRng *rand.Rand
	glitchIn  int // ms until the next glitch starts
	glitchMs  int // ms left in the current glitch
	glitches  int // glitches so far

	ln   line
	snd  phoneAudio
	zone phoneZone
}

// hookSeg is a stretch of time with the hook contact held one way.
type hookSeg struct {
	off bool
	ms  int
}

// line is what the SLIC puts on the wires during a frame.
type line struct {
	ring     bool // ring voltage
	oht      bool // on-hook transmission: audio reaches an on-hook phone
	fed      bool // loop voltage present (active or OHT)
	reversed bool
}

// Rotary dial and hook timings.
const (
	pulseBreakMs  = 60 // 10 pulses per second, 60/40 break/make
	pulseMakeMs   = 40
	pulseDigitGap = 700 // ms between digits
)

// Bounce timings: glitches of 1–14 ms, at least 20 ms apart.
const (
	glitchMinMs = 1
	glitchMaxMs = 14
	glitchGapLo = 20
	glitchGapHi = 250
)

// newPhone sets up the parts that do not depend on the zone.
func newPhone(name string) *Phone {
	h := fnv.New64a()
	h.Write([]byte(name))
	return &Phone{name: name, bounceRng: rand.New(rand.NewPCG(h.Sum64(), 0xB0B))}
}

// Name is the phone's label.
func (p *Phone) Name() string { return p.name }

// OffHook lifts the handset (ends any dialling or flash in progress).
func (p *Phone) OffHook() { p.off, p.sched = true, p.sched[:0] }

// OnHook hangs up (ends any dialling or flash in progress).
func (p *Phone) OnHook() { p.off, p.sched = false, p.sched[:0] }

// IsOffHook reports whether the handset is lifted.
func (p *Phone) IsOffHook() bool { return p.off }

// Flash presses the hook switch for d (on hook for d, then off hook again). The phone
// must be off hook; otherwise nothing happens.
func (p *Phone) Flash(d time.Duration) {
	if !p.off || d <= 0 {
		return
	}
	p.sched = append(p.sched, hookSeg{off: false, ms: int(d / time.Millisecond)})
}

// DialPulse dials digits on a rotary dial: 10 pulses per second, 60 ms break / 40 ms make,
// 700 ms between digits; '0' is 10 pulses, other bytes are skipped. The phone must be off
// hook.
func (p *Phone) DialPulse(digits string) {
	if !p.off {
		return
	}
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			continue
		}
		n := int(c - '0')
		if n == 0 {
			n = 10
		}
		for range n {
			p.sched = append(p.sched, hookSeg{false, pulseBreakMs}, hookSeg{true, pulseMakeMs})
		}
		p.sched = append(p.sched, hookSeg{true, pulseDigitGap})
	}
}

// Busy reports whether the phone is still dialling (pulses or DTMF) or flashing.
func (p *Phone) Busy() bool { return len(p.sched) > 0 || p.snd.dialing() }

// Ringing reports whether ring voltage is on the line now.
func (p *Phone) Ringing() bool { return p.ln.ring }

// Bounce makes the hook switch bounce (true) with glitches of 1–14 ms at least 20 ms
// apart, or stops it. Used by the hook-bounce fault.
func (p *Phone) Bounce(on bool) {
	p.bounce = on
	p.glitchMs = 0
	p.glitchIn = glitchGapLo + p.bounceRng.IntN(glitchGapHi-glitchGapLo)
}

// Glitches counts the hook-switch glitches produced so far.
func (p *Phone) Glitches() int { return p.glitches }

// step advances the hook switch by one frame.
func (p *Phone) step(frame int64) {
	for ms := range p.hook {
		c := p.off
		if len(p.sched) > 0 {
			c = p.sched[0].off
			if p.segMs++; p.segMs >= p.sched[0].ms {
				p.segMs = 0
				p.sched = p.sched[:copy(p.sched, p.sched[1:])]
			}
		}
		if p.bounce {
			c = p.bounceMs(c)
		}
		p.hook[ms] = c
	}
}

// bounceMs applies the bounce glitches to contact state c for one ms.
func (p *Phone) bounceMs(c bool) bool {
	if p.glitchMs > 0 {
		p.glitchMs--
		if p.glitchMs == 0 {
			p.glitchIn = glitchGapLo + p.bounceRng.IntN(glitchGapHi-glitchGapLo)
		}
		return !c
	}
	if p.glitchIn--; p.glitchIn <= 0 {
		p.glitchMs = glitchMinMs + p.bounceRng.IntN(glitchMaxMs-glitchMinMs+1) - 1
		p.glitches++
		if p.glitchMs == 0 {
			p.glitchIn = glitchGapLo + p.bounceRng.IntN(glitchGapHi-glitchGapLo)
		}
		return !c
	}
	return c
}

// hookAt is the hook contact during ms 0..9 of the current frame: true = loop closed.
func (p *Phone) hookAt(ms int) bool { return p.hook[ms] }

// setLine tells the phone what is on its line this frame.
func (p *Phone) setLine(l line) { p.ln = l }
