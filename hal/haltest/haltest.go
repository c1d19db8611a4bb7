// Package haltest has in-memory fakes of the hal interfaces for unit tests of the call
// core: the real interfaces plus fields and methods to drive and inspect them.
package haltest

import (
	"time"

	"github.com/analogpbx/pbx/hal"
)

// Port is what FXS and FXO fakes share: queued events, a fault flag and a timeslot.
type Port struct {
	name   string
	slot   int
	events []hal.Event
	status hal.Status
	frame  int64
}

func (p *Port) emit(t hal.EventType, d byte, reason string) {
	p.events = append(p.events, hal.Event{Type: t, Digit: d, Reason: reason, Frame: p.frame})
}

// Name is the port's label.
func (p *Port) Name() string { return p.name }

// Tick records the frame number.
func (p *Port) Tick(frame int64) { p.frame = frame }

// Events drains the queued events.
func (p *Port) Events(buf []hal.Event) []hal.Event {
	buf = append(buf, p.events...)
	p.events = p.events[:0]
	return buf
}

// Status reports the fault flag set with Fail.
func (p *Port) Status() hal.Status { return p.status }

// Timeslot is the slot given to the constructor.
func (p *Port) Timeslot() int { return p.slot }

// Halt does nothing.
func (p *Port) Halt() error { return nil }

// Fail marks the port faulty (reason != "") or recovered (reason == "") and queues the event.
func (p *Port) Fail(reason string) {
	if reason == "" {
		p.status = hal.Status{}
		p.emit(hal.Recovered, 0, "")
		return
	}
	p.status = hal.Status{Faulty: true, Reason: reason}
	p.emit(hal.Faulty, 0, reason)
}

// FXS is a fake SLIC port: Lift, Hang, Flash and Pulse drive it; Ringing and Feed inspect it.
type FXS struct {
	Port
	offHook bool
	ringing bool
	cadence hal.Cadence
	feed    hal.Feed
}

// NewFXS returns an idle on-hook FXS port on timeslot slot.
func NewFXS(name string, slot int) *FXS { return &FXS{Port: Port{name: name, slot: slot}} }

// Kind is hal.KindFXS.
func (f *FXS) Kind() hal.Kind { return hal.KindFXS }

// Lift takes the phone off hook (ends ringing, as ring trip does).
func (f *FXS) Lift() { f.offHook, f.ringing = true, false; f.emit(hal.OffHook, 0, "") }

// Hang puts the phone on hook.
func (f *FXS) Hang() { f.offHook = false; f.emit(hal.OnHook, 0, "") }

// FlashHook reports a hook flash.
func (f *FXS) FlashHook() { f.emit(hal.Flash, 0, "") }

// Pulse reports a rotary digit.
func (f *FXS) Pulse(d byte) { f.emit(hal.PulseDigit, d, "") }

// Ring starts ringing.
func (f *FXS) Ring(c hal.Cadence) error { f.ringing, f.cadence = true, c; return nil }

// StopRing stops ringing.
func (f *FXS) StopRing() error { f.ringing = false; return nil }

// Ringing reports whether Ring was called and not stopped.
func (f *FXS) Ringing() bool { return f.ringing }

// SetFeed records the feed.
func (f *FXS) SetFeed(fd hal.Feed) error { f.feed = fd; return nil }

// Feed is the last feed set.
func (f *FXS) Feed() hal.Feed { return f.feed }

// OffHook reports the hook state.
func (f *FXS) OffHook() bool { return f.offHook }

// FXO is a fake DAA port: RingIn, Battery and Reverse drive it; Seized inspects it.
type FXO struct {
	Port
	seized bool
	volts  int
}

// NewFXO returns an idle FXO port with battery on timeslot slot.
func NewFXO(name string, slot int) *FXO { return &FXO{Port: Port{name: name, slot: slot}, volts: 48} }

// Kind is hal.KindFXO.
func (f *FXO) Kind() hal.Kind { return hal.KindFXO }

// RingIn reports a ring burst start (on) or end (off).
func (f *FXO) RingIn(on bool) {
	if on {
		f.emit(hal.RingStart, 0, "")
	} else {
		f.emit(hal.RingStop, 0, "")
	}
}

// Battery reports battery loss (false) or return (true).
func (f *FXO) Battery(on bool) {
	if on {
		f.volts = 48
		f.emit(hal.BatteryBack, 0, "")
	} else {
		f.volts = 0
		f.emit(hal.BatteryLost, 0, "")
	}
}

// Reverse reports a polarity reversal.
func (f *FXO) Reverse() { f.volts = -f.volts; f.emit(hal.PolarityReversed, 0, "") }

// Seize goes off hook.
func (f *FXO) Seize() error { f.seized = true; return nil }

// Release goes on hook.
func (f *FXO) Release() error { f.seized = false; return nil }

// Flash does nothing but succeed.
func (f *FXO) Flash(time.Duration) error { return nil }

// Seized reports the hook state.
func (f *FXO) Seized() bool { return f.seized }

// LineVoltage reports the simulated voltage.
func (f *FXO) LineVoltage() (int, error) { return f.volts, nil }

// LoopCurrent is 25 mA when seized.
func (f *FXO) LoopCurrent() (int, error) {
	if f.seized {
		return 25, nil
	}
	return 0, nil
}

// PCM is a fake voice path: In[slot] is what the ports send to the host next frame,
// Out[slot] what the host sent last frame.
type PCM struct {
	In, Out [][]byte
}

// NewPCM returns a PCM of n idle slots.
func NewPCM(n int) *PCM {
	p := &PCM{In: make([][]byte, n), Out: make([][]byte, n)}
	for i := range n {
		p.In[i] = make([]byte, hal.FrameSamples)
		p.Out[i] = make([]byte, hal.FrameSamples)
		for j := range p.In[i] {
			p.In[i][j] = 0xFF
		}
	}
	return p
}

// Slots is the number of slots.
func (p *PCM) Slots() int { return len(p.In) }

// Transfer copies tx to Out and In to rx.
func (p *PCM) Transfer(tx, rx [][]byte) error {
	for i := range tx {
		copy(p.Out[i], tx[i])
		copy(rx[i], p.In[i])
	}
	return nil
}

var (
	_ hal.FXS = (*FXS)(nil)
	_ hal.FXO = (*FXO)(nil)
	_ hal.PCM = (*PCM)(nil)
)
