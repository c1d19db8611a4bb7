package si3050

import (
	"errors"
	"fmt"
)

// DiagResult is what Diag measured on one port.
type DiagResult struct {
	// Chip names the chip pair and revisions, e.g. "Si3050 rev 5 + Si3019 rev 2".
	Chip string
	// SystemRev is the system-side revision (reg 11 bits 3:0).
	SystemRev int
	// LineSideID is the line-side device id (reg 11 bits 7:4); 0 means the isolation link is down.
	LineSideID int
	// LineSideRev is the line-side revision (reg 13 bits 5:2).
	LineSideRev int
	// ISOLink reports frame lock across the isolation barrier (reg 12 FDT).
	ISOLink bool
	// OnHookVoltage is the line voltage on hook in volts, signed (≈ the exchange battery).
	OnHookVoltage int
	// OffHookVoltage is the line voltage during the test seizure in volts, signed.
	OffHookVoltage int
	// LoopCurrent is the loop current during the test seizure in mA (0..99).
	LoopCurrent int
	// Overload reports a loop-current overload (reg 12 LCS all ones) during the test seizure.
	Overload bool
}

// diagSeize is how long Diag holds the line off hook before measuring: past the off-hook
// counter (128 ms) and the loop's settling.
const diagSeize = 30 // frames

// Diag identifies the chip pair and measures the line: voltage on hook, then voltage and loop
// current during a short seizure (300 ms) that it undoes. It needs Opts.Step to let time pass
// and must be called while the frame loop is stopped (the technician's self-test). A port
// already seized is measured as it is.
func (d *Dev) Diag() (DiagResult, error) {
	var res DiagResult
	if d.opts.Step == nil {
		return res, fmt.Errorf("si3050 %s: diag: no Step to wait with", d.name)
	}
	v2, err := d.read(regCtrl2)
	if err != nil {
		return res, fmt.Errorf("si3050 %s: diag: %w", d.name, err)
	}
	if v2 != probeCtrl2 && v2 != d.ctrl2 {
		return res, fmt.Errorf("%w on %s: reg 2 reads %#02x", ErrNoChip, d.name, v2)
	}
	var rev, lrev, stat byte
	var errs [4]error
	rev, errs[0] = d.read(regRevision)
	lrev, errs[1] = d.read(regLineRev)
	stat, errs[2] = d.read(regLineStat)
	var lvs byte
	lvs, errs[3] = d.read(regLineVolt)
	if err := errors.Join(errs[:]...); err != nil {
		return res, fmt.Errorf("si3050 %s: diag: %w", d.name, err)
	}
	res.Chip = chipName(rev, lrev)
	res.SystemRev, res.LineSideID, res.LineSideRev = int(rev&0x0F), int(rev>>4), int(lrev>>2&0x0F)
	res.ISOLink = stat&lineFDT != 0 && rev>>4 != 0
	res.OnHookVoltage = int(int8(lvs))
	if !res.ISOLink {
		return res, fmt.Errorf("si3050 %s: diag: isolation link down", d.name)
	}
	wasSeized := d.seized
	if !wasSeized {
		if err := d.write(regDAACtrl1, daaONHM|daaOH); err != nil {
			return res, fmt.Errorf("si3050 %s: diag: seize: %w", d.name, err)
		}
		for range diagSeize {
			d.opts.Step()
		}
	}
	stat, errs[0] = d.read(regLineStat)
	lvs, errs[1] = d.read(regLineVolt)
	errs[2], errs[3] = nil, nil
	if !wasSeized {
		errs[2] = d.write(regDAACtrl1, daaONHM)
	}
	if err := errors.Join(errs[:]...); err != nil {
		return res, fmt.Errorf("si3050 %s: diag: %w", d.name, err)
	}
	lcs := int(stat & lineLCSMask)
	res.LoopCurrent = lcs * 33 / 10
	res.Overload = lcs == lcsOverload
	res.OffHookVoltage = int(int8(lvs))
	return res, nil
}

// Loopback turns the PCM loopback on or off (reg 33 PCML): the chip sends back in its
// transmit slot what it receives in its receive slot, so a self-test can check the PCM path
// from the host through the chip without a line. The line is not affected.
func (d *Dev) Loopback(on bool) error {
	if !d.up {
		return fmt.Errorf("si3050 %s: loopback: port not in service", d.name)
	}
	m := d.pcmMode &^ pcmPCML
	if on {
		m |= pcmPCML
	}
	if err := d.write(regPCMMode, m); err != nil {
		return fmt.Errorf("si3050 %s: loopback: %w", d.name, err)
	}
	d.pcmMode = m
	return nil
}
