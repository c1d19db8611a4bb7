package si321x

import "fmt"

// DiagResult is what Diag found on the port, for the technician's self-test.
type DiagResult struct {
	// Chip is the part and revision, such as "Si3215 rev C".
	Chip string
	// Revision is reg 0 bits 3:0.
	Revision uint8
	// Calibrated is true when the calibrations of the bring-up completed.
	Calibrated bool
	// CalRegs holds regs 96..107 after calibration (reg 107 = DC-DC calibration).
	CalRegs [12]byte
	// DCDCForced is true when reg 107 came out of the range 2..13 and was set to 0x08.
	DCDCForced bool
	// VBAT is the battery voltage in V (reg 82, 0.376 V per step).
	VBAT float64
	// LoopVoltage is the tip-ring voltage in V (reg 78; scale assumed as VBAT).
	LoopVoltage float64
	// LoopCurrent is the loop current in mA (reg 79; 0.4 mA per step, assumed).
	LoopCurrent float64
	// OffHook is the loop closure bit (reg 68 bit 0) at the time of the test.
	OffHook bool
	// RingTested is true when the ring test ran: it needs Opts.Step, an idle port and the
	// phone on hook.
	RingTested bool
	// RingOK is true when the chip applied ringing (LFS = 4), kept VBAT up and saw no
	// ring trip during a 100 ms burst.
	RingOK bool
	// Note says why the ring test was skipped or what failed.
	Note string
}

// Diag measures the port for the technician: identity, calibration, battery, loop, and a
// short ring test (100 ms of ring voltage) when the port is idle and Opts.Step is set.
// Call it from the frame goroutine. A faulty port returns what is known and an error.
func (d *Dev) Diag() (DiagResult, error) {
	res := DiagResult{Chip: d.status.Chip, Revision: d.rev, Calibrated: d.calOK, CalRegs: d.cal, DCDCForced: d.calLow}
	if d.mode != modeRun {
		return res, fmt.Errorf("si321x %s: port not working: %s", d.name, d.status.Reason)
	}
	var regs [4]uint8
	for i, reg := range [4]uint8{regVBATSense, regLoopV, regLoopI, regLoopStat} {
		v, err := d.read(reg)
		if err != nil {
			return res, err
		}
		regs[i] = v
	}
	res.VBAT = float64(regs[0]) * voltsPerLSB
	res.LoopVoltage = float64(regs[1]) * voltsPerLSB
	res.LoopCurrent = float64(regs[2]) * mAPerLSB
	res.OffHook = regs[3]&lcr != 0
	switch {
	case d.opts.Step == nil:
		res.Note = "ring test skipped: no time source"
		return res, nil
	case res.OffHook || d.hk.off:
		res.Note = "ring test skipped: phone off hook"
		return res, nil
	case d.rg.on || d.rg.ohtUntil != 0:
		res.Note = "ring test skipped: port ringing"
		return res, nil
	}
	return res, d.ringTest(&res)
}

// ringTest rings for 100 ms and checks the chip's linefeed, battery and ring trip.
func (d *Dev) ringTest(res *DiagResult) error {
	res.RingTested = true
	prev := d.lf
	if err := d.writeLF(lfRinging); err != nil {
		return err
	}
	for range 10 {
		d.opts.Step()
	}
	lf, err := d.read(regLinefeed)
	if err != nil {
		return err
	}
	vbat, err := d.read(regVBATSense)
	if err != nil {
		return err
	}
	loop, err := d.read(regLoopStat)
	if err != nil {
		return err
	}
	if err := d.writeLF(prev); err != nil {
		return err
	}
	d.opts.Step()
	switch {
	case lf>>4&7 != lfRinging:
		res.Note = fmt.Sprintf("ring test: chip did not ring (reg 64 reads %#02x)", lf)
	case vbat < vbatReady:
		res.Note = fmt.Sprintf("ring test: VBAT fell to %.1f V", float64(vbat)*voltsPerLSB)
	case loop&rtp != 0:
		res.Note = "ring test: ring trip without an off-hook phone"
	default:
		res.RingOK = true
		res.Note = "ring test passed"
	}
	return nil
}

// Loopback turns the chip's analog loopback (reg 8 bit 2) on or off: audio the host sends
// in the port's timeslot comes back in the same timeslot through the chip's codec, for the
// technician's tone test of the PCM path. Call it from the frame goroutine on a working
// port; a re-init turns it off.
func (d *Dev) Loopback(on bool) error {
	if d.mode != modeRun {
		return fmt.Errorf("si321x %s: port not working: %s", d.name, d.status.Reason)
	}
	v := uint8(0)
	if on {
		v = loopAnalog
	}
	if err := d.write(regLoopback, v); err != nil {
		return err
	}
	d.loop = v
	return nil
}
