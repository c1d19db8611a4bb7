package si3050

import "github.com/analogpbx/pbx/hal"

// ringTrack validates ring bursts from the ring phase bits of reg 5 (hardware.md §5.4, the
// DL-24xxp method): RDTP and RDTN must alternate more than twice before a burst counts, and a
// burst ends when they have stopped alternating for the zone's ring debounce. A neon-lamp
// message-waiting voltage, which sets only one phase bit, never validates.
type ringTrack struct {
	on       bool  // a validated burst is in progress (RingStart sent)
	watch    bool  // interrupt-driven: follow reg 5 every frame until the ring is over
	stuck    bool  // a burst lasted longer than maxBurst: the detector is stuck
	phase    byte  // last phase bit seen: daaRDTP, daaRDTN or 0
	edges    int   // alternations since the ring was last quiet
	lastEdge int64 // frame of the last alternation
	lastBit  int64 // frame of the last sign of ring: a phase bit, or a ring interrupt
	start    int64 // frame of RingStart
	seen     bool  // lastBit is valid
}

// ringInterrupt notes a ring interrupt (RDTI): ring voltage is on the line, or has just
// left it. From now on reg 5 is followed every frame, for at least the ring debounce: the
// interrupt counts as a sign of ring, because one reading of reg 5 can show neither RDTP nor
// RDTN while the ring signal crosses zero, and that must not end the watch before the burst
// has had a chance to validate (it would be seen only at the next burst, seconds later,
// after its caller ID). On hook only; a seized line does not follow rings.
func (d *Dev) ringInterrupt() {
	d.ring.watch = true
	if !d.seized {
		d.ring.lastBit, d.ring.seen = d.frame, true
	}
}

// trackRing follows one reading of reg 5 and sends RingStart/RingStop.
func (d *Dev) trackRing(r5 byte) {
	if d.seized {
		return
	}
	t, f := &d.ring, d.frame
	off := hal.Frames(d.c.ringDebounce)
	if ph := r5 & (daaRDTP | daaRDTN); ph == daaRDTP || ph == daaRDTN {
		if t.phase != 0 && ph != t.phase {
			t.edges++
			t.lastEdge = f
		}
		t.phase, t.lastBit, t.seen = ph, f, true
	}
	quiet := f-t.lastEdge > off
	switch {
	case t.stuck:
		if !t.seen || f-t.lastBit > off {
			d.log.Info("ring detector released")
			*t = ringTrack{}
		}
	case t.on && f-t.start > hal.Frames(maxBurst):
		d.log.Warn("ring burst too long: ring detector stuck")
		t.on, t.stuck = false, true
		d.emit(hal.RingStop, "")
	case t.on && quiet:
		t.on, t.edges = false, 0
		d.emit(hal.RingStop, "")
	case !t.on && t.edges >= minRingEdges:
		t.on, t.start = true, f
		d.emit(hal.RingStart, "")
	case !t.on && quiet:
		t.edges = 0
		if !t.seen || f-t.lastBit > off {
			t.phase, t.watch = 0, false
		}
	}
}

// ringing reports whether ring voltage is (or was just) on the line, when the line voltage
// swings with the ring signal and says nothing about battery or polarity.
func (d *Dev) ringing() bool {
	return d.ring.on || d.ring.stuck || d.ring.edges > 0 ||
		(d.ring.seen && d.frame-d.ring.lastBit <= hal.Frames(d.c.ringDebounce))
}

// lineTrack follows the line voltage for battery loss and polarity reversal (hardware.md §5.5,
// §5.6; DAHDI's battdebounce, battalarm and polarity debounce).
type lineTrack struct {
	known   bool  // the state below was established from steady readings
	battery bool  // battery present (|V| ≥ threshold), debounced
	count   int   // consecutive readings disagreeing with battery
	alarm   bool  // no battery for the alarm time: port alarm
	alarmAt int64 // frame at which the alarm is raised (battery lost) or cleared (battery back)
	pol     int   // polarity: +1 or -1
	polCnt  int   // consecutive readings of the other polarity
}

// trackLine follows one line-voltage reading v (volts, signed). Before it reports a battery
// loss it checks that the chip still answers, so a dead chip is not taken for a dead line.
// An error is an SPI error.
func (d *Dev) trackLine(v int) error {
	t, f := &d.line, d.frame
	present := v >= d.c.battThresh || v <= -d.c.battThresh
	sign := 1
	if v < 0 {
		sign = -1
	}
	if !t.known {
		// The first state is taken from readings that agree for the debounce time, outside a ring.
		if d.ringing() || present != t.battery || sign != t.pol {
			t.battery, t.pol, t.count = present, sign, 0
			return nil
		}
		if t.count++; t.count >= int(hal.Frames(d.c.battDebounce)) {
			*t = lineTrack{known: true, battery: present, pol: sign}
			if !present {
				t.alarmAt = f + hal.Frames(d.c.battAlarm)
			}
		}
		return nil
	}
	if d.ringing() {
		t.count, t.polCnt = 0, 0
	} else if present != t.battery {
		if t.count++; t.count >= int(hal.Frames(d.c.battDebounce)) {
			if !present {
				if err := d.sanity(); err != nil || !d.up {
					return err
				}
			}
			t.battery, t.count, t.polCnt = present, 0, 0
			t.alarmAt = f + hal.Frames(d.c.battAlarm)
			if present {
				t.pol = sign
				d.emit(hal.BatteryBack, "")
			} else {
				d.emit(hal.BatteryLost, "")
			}
		}
	} else {
		t.count = 0
	}
	if t.battery && !d.ringing() {
		if sign != t.pol {
			if t.polCnt++; t.polCnt >= int(hal.Frames(d.c.polDebounce)) {
				t.pol, t.polCnt = sign, 0
				d.emit(hal.PolarityReversed, "")
			}
		} else {
			t.polCnt = 0
		}
	}
	switch {
	case !t.battery && !t.alarm && f >= t.alarmAt:
		d.log.Warn("no battery on the line")
		t.alarm = true
	case t.battery && t.alarm && f >= t.alarmAt:
		t.alarm = false
	}
	return nil
}
