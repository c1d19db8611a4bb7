package sim

// Step advances the chip and its phone by one 10 ms frame, in 1 ms steps.
func (s *SLIC) Step(frame int64) {
	s.phone.step(frame)
	for ms := range 10 {
		s.stepMs(ms)
	}
	lfs := s.reg[64] >> 4 & 7
	s.phone.setLine(line{
		ring:     lfs == 4 && s.vbat >= vbatFed,
		oht:      (lfs == 2 || lfs == 6) && s.vbat >= vbatFed,
		fed:      s.fed(),
		reversed: lfs >= 5,
	})
	s.phone.audio(s.rx[:], s.tx[:])
	if s.reg[8]&0x06 != 0 { // digital or analog loopback: the host hears itself
		copy(s.tx[:], s.rx[:])
	}
}

// fed reports whether the line carries loop voltage (active or on-hook transmission).
func (s *SLIC) fed() bool {
	switch s.reg[64] >> 4 & 7 {
	case 1, 2, 5, 6:
		return s.vbat >= vbatFed
	}
	return false
}

// stepMs advances the analog side by 1 ms.
func (s *SLIC) stepMs(ms int) {
	// DC-DC converter and battery.
	target := 1.5 * float64(s.reg[74])
	if s.vbatLow {
		target = min(target, vbatLowMax)
	}
	switch {
	case s.leak:
		s.vbat *= vbatLeak
	case s.reg[14]&0x10 == 0 && s.vbat < target:
		s.vbat = min(target, s.vbat+vbatStep)
	case s.reg[14]&0x10 == 0:
		s.vbat = max(target, s.vbat*vbatDecay)
	default:
		s.vbat *= vbatDecay
	}
	// Calibrations.
	if s.calLeft > 0 {
		if s.calLeft--; s.calLeft == 0 {
			s.reg[96], s.reg[97] = 0, 0
			copy(s.reg[98:107], []uint8{0x10, 0x10, 0x11, 0x11, 0x08, 0x88, 0x00, 0x00, 0x20})
		}
	}
	if s.dcCalLeft > 0 {
		if s.dcCalLeft--; s.dcCalLeft == 0 {
			s.reg[93] &^= 0x80
			s.reg[107] = 0x08
		}
	}
	// Linefeed: LFS follows LF unless a fault holds it.
	lf := s.reg[64] & 7
	lfs := lf
	if s.stuckRing {
		lfs = 4
	}
	if s.powerAlarm && lf != 0 {
		if s.alarmMs++; s.alarmMs >= alarmTripMs {
			s.alarmMs = 0
			lf, lfs = 0, 0
			s.reg[19] |= slicIRQPowerQ1
		}
	} else {
		s.alarmMs = 0
	}
	s.reg[64] = lf | lfs<<4
	// Loop closure and ring trip, debounced per reg 69 and 70 (1.25 ms per step, assumed).
	closed := s.phone.hookAt(ms)
	ringing := lfs == 4 && s.vbat >= vbatFed
	loop := closed && (s.fed() || ringing)
	if loop != s.lcr {
		if s.lcrDeb++; s.lcrDeb >= debounceMs(s.reg[69]) {
			s.lcr, s.lcrDeb = loop, 0
			s.reg[19] |= 0x02
		}
	} else {
		s.lcrDeb = 0
	}
	trip := closed && ringing
	switch {
	case !ringing:
		s.rtp, s.rtpDeb = false, 0
	case trip != s.rtp:
		if s.rtpDeb++; s.rtpDeb >= debounceMs(s.reg[70]) {
			s.rtp, s.rtpDeb = trip, 0
			if trip {
				s.reg[19] |= 0x01
			}
		}
	default:
		s.rtpDeb = 0
	}
}

// debounceMs converts a debounce register to whole ms (at least 1).
func debounceMs(v uint8) int { return max(1, int(v)*5/4) }

// Timeslots reports the programmed PCM slots: start count / 8.
func (s *SLIC) Timeslots() (tx, rx int, enabled bool) {
	tx = (int(s.reg[2]) | int(s.reg[3]&3)<<8) / 8
	rx = (int(s.reg[4]) | int(s.reg[5]&3)<<8) / 8
	return tx, rx, s.reg[1]&0x20 != 0
}

// IRQ is the level of the interrupt output: true while an enabled interrupt is pending.
func (s *SLIC) IRQ() bool {
	if s.dead {
		return false
	}
	return s.reg[18]&s.reg[21]|s.reg[19]&s.reg[22]|s.reg[20]&s.reg[23] != 0
}
