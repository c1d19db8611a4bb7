package si321x

import (
	"fmt"
	"math"

	"github.com/analogpbx/pbx/hal"
)

// maxCadence is the longest ring cadence accepted (on/off elements).
const maxCadence = 16

// ring is the ring cadence the driver times (reg 34 = 0: no chip timers).
type ring struct {
	on       bool
	cad      [maxCadence]int64 // element lengths in frames
	n        int
	idx      int
	burst    bool  // ring voltage now (even element)
	phaseEnd int64 // frame the current element ends
	ohtUntil int64 // hold on-hook transmission after the last burst until this frame; 0 = none
}

// Ring starts ringing with cadence c: on, off, on, off, ... repeated; a single element
// rings continuously. Between bursts and for 6 s after the last one the line is held in
// on-hook transmission, so caller ID sent as audio reaches the phone.
func (d *Dev) Ring(c hal.Cadence) error {
	switch {
	case len(c) == 0 || len(c) > maxCadence || (len(c) > 1 && len(c)%2 == 1):
		return fmt.Errorf("si321x %s: ring cadence of %d elements, want 1 or an even number up to %d", d.name, len(c), maxCadence)
	case d.mode == modeFaulty:
		return fmt.Errorf("si321x %s: port faulty: %s", d.name, d.status.Reason)
	case d.mode == modeHalted:
		return fmt.Errorf("si321x %s: port halted", d.name)
	case d.hk.off:
		return fmt.Errorf("si321x %s: cannot ring: phone off hook", d.name)
	}
	r := &d.rg
	for i, e := range c {
		if e <= 0 {
			return fmt.Errorf("si321x %s: ring cadence element %d is %v", d.name, i, e)
		}
		r.cad[i] = hal.Frames(e)
	}
	r.n = len(c)
	r.on, r.idx, r.burst, r.ohtUntil = true, 0, true, 0
	r.phaseEnd = d.now + r.cad[0]
	if r.n == 1 {
		r.phaseEnd = math.MaxInt64
	}
	if d.mode != modeRun {
		return nil // the bring-up in progress applies it
	}
	return d.applyLF()
}

// StopRing stops ringing. The line stays in on-hook transmission until 6 s after the last
// burst (unless the feed is open or changes), then returns to the feed.
func (d *Dev) StopRing() error {
	r := &d.rg
	if !r.on {
		return nil
	}
	r.on = false
	last := d.now
	if !r.burst {
		last = r.phaseEnd - r.cad[r.idx]
	}
	if d.feed == hal.FeedActive || d.feed == hal.FeedReverse {
		r.ohtUntil = last + ohtFrames
	}
	if d.mode != modeRun {
		return nil
	}
	return d.applyLF()
}

// Ringing reports whether ring voltage is on the line now (inside a burst).
func (d *Dev) Ringing() bool { return d.mode == modeRun && d.rg.on && d.rg.burst }

// SetFeed sets the linefeed used when not ringing. A change of feed ends the on-hook
// transmission held after ringing. On a faulty port the feed is kept and applied once
// the port recovers.
func (d *Dev) SetFeed(f hal.Feed) error {
	if f > hal.FeedOpen {
		return fmt.Errorf("si321x %s: unknown feed %d", d.name, f)
	}
	if f == d.feed {
		return nil
	}
	d.feed = f
	d.rg.ohtUntil = 0
	if d.mode != modeRun {
		return nil
	}
	return d.applyLF()
}

// ringTick advances the cadence and the on-hook transmission hold.
func (d *Dev) ringTick() error {
	r := &d.rg
	switch {
	case r.on && d.now >= r.phaseEnd:
		r.idx = (r.idx + 1) % r.n
		r.burst = r.idx%2 == 0
		r.phaseEnd = d.now + r.cad[r.idx]
		return d.applyLF()
	case !r.on && r.ohtUntil != 0 && d.now >= r.ohtUntil:
		r.ohtUntil = 0
		return d.applyLF()
	}
	return nil
}

// wantLF is the linefeed for the current ring, hook and feed state.
func (d *Dev) wantLF() uint8 {
	active, oht := lfActive, lfOHT
	if d.feed == hal.FeedReverse {
		active, oht = lfReverse, lfReverseOHT
	}
	switch {
	case d.rg.on && d.rg.burst:
		return lfRinging
	case d.rg.on:
		return oht
	case d.feed == hal.FeedOpen:
		return lfOpen
	case d.hk.off:
		return active
	case d.rg.ohtUntil != 0 || d.feed == hal.FeedOHT:
		return oht
	}
	return active
}

// applyLF writes the linefeed wantLF gives, if it differs from the last written. An
// off-hook while ringing (ring trip) ends the ringing first.
func (d *Dev) applyLF() error {
	if d.hk.off && d.rg.on {
		d.rg.on = false
		d.rg.ohtUntil = 0
	}
	if d.hk.off {
		d.rg.ohtUntil = 0
	}
	if lf := d.wantLF(); lf != d.lf {
		return d.writeLF(lf)
	}
	return nil
}

// writeLF writes the linefeed register.
func (d *Dev) writeLF(lf uint8) error {
	d.lf = lf
	d.health.lfBad = 0
	return d.write(regLinefeed, lf)
}

// setLFState records the linefeed the chip is assumed to have without writing it.
func (d *Dev) setLFState(lf uint8) { d.lf = lf }
