package si321x

import (
	"github.com/analogpbx/pbx/hal"
	"periph.io/x/conn/v3/gpio"
)

// hook is the hook state: raw samples of reg 68, the debounced level, and what was
// reported (off is true from OffHook until OnHook, through flashes and dial pulses).
type hook struct {
	raw     bool  // last sample: loop closed (or ring trip)
	rawAt   int64 // frame of the first sample at this raw level
	level   bool  // debounced loop state
	off     bool  // reported state: off hook
	breakAt int64 // start of the current on-hook break while off, or -1
	makeAt  int64 // end of the last dial pulse
	pulses  int   // dial pulses of the digit being dialled
	holdTo  int64 // samples before this frame are ignored (line just re-powered)
}

// lineDropped is called when the chip opened the line by itself (power alarm, reset):
// an on-hook seen since is the line, not the phone, so a break in progress is dropped and
// the hook is not sampled for a few frames while the line comes back.
func (h *hook) lineDropped(now int64) {
	if h.off {
		h.raw, h.level, h.breakAt = true, true, -1
	}
	h.holdTo = now + debounceFrames
}

// seed takes the first sample after a bring-up; the debounced state carries on from
// before, so a phone that stayed off hook through a re-init reports nothing.
func (h *hook) seed(closed bool, now int64) {
	h.raw, h.rawAt = closed, now
}

// unsettled reports whether the raw level differs from the debounced one.
func (h *hook) unsettled() bool { return h.raw != h.level }

// run does one frame of normal operation.
func (d *Dev) run() error {
	sample := d.opts.IRQ == nil
	if !sample {
		if d.opts.IRQ.Read() == gpio.Low {
			var err error
			if sample, err = d.serviceIRQ(); err != nil {
				return err
			}
		}
		sample = sample || d.hk.unsettled()
	}
	raw := d.hk.raw
	if sample && d.now >= d.hk.holdTo {
		v, err := d.read(regLoopStat)
		if err != nil {
			return err
		}
		if v&loopReserved == 0 { // else a corrupted byte: skip this sample
			raw = v&(lcr|rtp) != 0
		}
	}
	if err := d.hookSample(raw); err != nil {
		return err
	}
	if err := d.hookTimers(); err != nil {
		return err
	}
	if err := d.ringTick(); err != nil {
		return err
	}
	d.decayAlarms()
	if d.now >= d.health.next || d.health.urgent {
		d.health.next = d.now + sanityFrames
		d.health.urgent = false
		return d.sanity()
	}
	return nil
}

// serviceIRQ reads and clears the interrupt registers (write 1 to clear) and reports
// whether the hook must be sampled.
func (d *Dev) serviceIRQ() (bool, error) {
	var hookIRQ bool
	for reg := uint8(regIntStat1); reg <= regIntStat3; reg++ {
		v, err := d.read(reg)
		if err != nil {
			return false, err
		}
		if v == 0 {
			continue
		}
		if err := d.write(reg, v); err != nil {
			return false, err
		}
		if reg == regIntStat2 {
			hookIRQ = v&(irqLoop|irqRingTrip) != 0
			if v&irqPowerAlm != 0 {
				d.health.urgent = true
			}
		}
	}
	return hookIRQ, nil
}

// hookSample debounces one raw sample: a level counts once seen in debounceFrames
// consecutive frames, and dates from its first sample.
func (d *Dev) hookSample(raw bool) error {
	h := &d.hk
	if raw != h.raw {
		h.raw, h.rawAt = raw, d.now
	}
	if h.raw == h.level || d.now-h.rawAt+1 < debounceFrames {
		return nil
	}
	h.level = h.raw
	if !h.level {
		if h.off {
			h.breakAt = h.rawAt
		}
		return nil
	}
	if !h.off {
		h.off, h.pulses, h.breakAt = true, 0, -1
		d.emit(hal.OffHook, 0, "")
		return d.applyLF()
	}
	if h.breakAt < 0 {
		return nil
	}
	dur := h.rawAt - h.breakAt
	h.breakAt = -1
	if dur < hal.Frames(d.opts.FlashMin) {
		h.pulses++
		h.makeAt = h.rawAt
		return nil
	}
	d.flushDigit()
	d.emit(hal.Flash, 0, "")
	return nil
}

// hookTimers ends a pulse digit after a long make and reports a hang-up once an on-hook
// outlasts the flash window.
func (d *Dev) hookTimers() error {
	h := &d.hk
	if !h.off {
		return nil
	}
	if !h.level && h.breakAt >= 0 && d.now-h.breakAt > hal.Frames(d.opts.FlashMax) {
		h.off, h.pulses, h.breakAt = false, 0, -1
		d.emit(hal.OnHook, 0, "")
		return d.applyLF()
	}
	if h.level && h.pulses > 0 && d.now-h.makeAt > interDigitFrames {
		d.flushDigit()
	}
	return nil
}

// flushDigit reports the pulses counted so far as a digit (10 = '0'); more than 10
// pulses are not a digit and are dropped.
func (d *Dev) flushDigit() {
	n := d.hk.pulses
	d.hk.pulses = 0
	switch {
	case n == maxPulses:
		d.emit(hal.PulseDigit, '0', "")
	case n > 0 && n < maxPulses:
		d.emit(hal.PulseDigit, byte('0'+n), "")
	}
}
