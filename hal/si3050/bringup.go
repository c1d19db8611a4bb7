package si3050

import (
	"errors"
	"fmt"
)

// bootState is where the frame-driven bring-up is (hardware.md §5.2).
type bootState uint8

const (
	// bootProbe: check reg 2, then soft reset. → bootReset.
	bootProbe bootState = iota
	// bootReset: wait out the soft reset, then program everything and power the line side. → bootLink.
	bootReset
	// bootLink: poll reg 11 until the line-side device id appears. → in service.
	bootLink
)

// ErrNoChip means no VoiceDAA answered on the register bus: reg 2 did not read 0x03. A board
// that probes unknown positions treats the position as empty (errors.Is).
var ErrNoChip = errors.New("si3050: no VoiceDAA found")

// probe checks the chip's identity (reg 2 reads 0x03 after reset, or the value this driver
// programmed) and starts a soft reset.
func (d *Dev) probe() error {
	v, err := d.read(regCtrl2)
	if err != nil {
		return fmt.Errorf("si3050 %s: probe: %w", d.name, err)
	}
	if v != probeCtrl2 && v != d.ctrl2 {
		return fmt.Errorf("%w on %s: reg 2 reads %#02x, want %#02x", ErrNoChip, d.name, v, probeCtrl2)
	}
	if err := d.write(regCtrl1, ctrl1SoftReset); err != nil {
		return fmt.Errorf("si3050 %s: soft reset: %w", d.name, err)
	}
	d.wait = resetWait
	return nil
}

// bootStep runs one frame of the bring-up. On success it puts the port in service; on failure
// it marks the chip faulty (and Tick retries later).
func (d *Dev) bootStep() {
	var err error
	switch d.boot {
	case bootProbe:
		if err = d.probe(); err == nil {
			d.boot = bootReset
		}
	case bootReset:
		if d.wait--; d.wait > 0 {
			return
		}
		if err = d.configure(); err == nil {
			d.boot, d.wait = bootLink, linkWait
		}
	case bootLink:
		var up bool
		if up, err = d.linkUp(); err == nil && up {
			err = d.finish()
		} else if err == nil {
			if d.wait--; d.wait <= 0 {
				err = fmt.Errorf("si3050 %s: isolation link did not come up", d.name)
			}
		}
	}
	if err != nil {
		d.fail("bring-up failed", err)
	}
}

// configure programs a freshly reset chip: PCM, country settings, ring detection, gains,
// interrupts, and powers up the line side (reg 6 = 0).
func (d *Dev) configure() error {
	start := d.opts.Timeslot * 8
	mask := byte(0)
	if d.opts.IRQ != nil {
		mask = intRDTI | intPOLI | intDODI
	}
	seq := [...][2]byte{
		{regPCMMode, d.pcmMode},
		{regIntl1, d.c.reg16()},
		{regIntl3, 0},
		{regRingVal3, ringVal3Default},
		{regDCTerm, d.c.reg26()},
		{regACTerm, d.c.acim},
		{regDAACtrl5, d.c.reg31()},
		{regPCMTxLo, byte(start)},
		{regPCMTxHi, byte(start >> 8)},
		{regPCMRxLo, byte(start)},
		{regPCMRxHi, byte(start >> 8)},
		{regTxGain2, 0},
		{regRxGain2, 0},
		{regTxGain3, 0},
		{regRxGain3, 0},
		{regIntMask, mask},
		{regCtrl2, d.ctrl2},
		{regDAACtrl2, 0},
	}
	for _, rv := range seq {
		if err := d.write(rv[0], rv[1]); err != nil {
			return fmt.Errorf("si3050 %s: configure: %w", d.name, err)
		}
	}
	return nil
}

// linkUp reports whether the line-side device id has appeared in reg 11.
func (d *Dev) linkUp() (bool, error) {
	v, err := d.read(regRevision)
	if err != nil {
		return false, fmt.Errorf("si3050 %s: isolation link: %w", d.name, err)
	}
	return v>>4 != 0, nil
}

// finish completes the bring-up: reads the revisions, clears interrupts raised while the line
// side powered up, and restores the hook state (on hook with the line monitor, or seized).
func (d *Dev) finish() error {
	rev, err := d.read(regRevision)
	if err != nil {
		return fmt.Errorf("si3050 %s: revision: %w", d.name, err)
	}
	lrev, err := d.read(regLineRev)
	if err != nil {
		return fmt.Errorf("si3050 %s: line-side revision: %w", d.name, err)
	}
	d.chip = chipName(rev, lrev)
	if err := d.write(regIntSource, 0); err != nil {
		return fmt.Errorf("si3050 %s: clear interrupts: %w", d.name, err)
	}
	hook := byte(daaONHM)
	if d.seized {
		hook |= daaOH
	}
	if err := d.write(regDAACtrl1, hook); err != nil {
		return fmt.Errorf("si3050 %s: hook: %w", d.name, err)
	}
	d.up, d.failed, d.failWhy, d.lastErr = true, false, "", nil
	d.bad, d.backoff = 0, 0
	d.flash = 0
	d.ring = ringTrack{}
	d.line = lineTrack{}
	d.sanityDue = sanityEvery
	return nil
}

// chipName describes the chip pair from reg 11 and reg 13, e.g. "Si3050 rev 5 + Si3019 rev 2".
func chipName(rev, lrev byte) string {
	ls := fmt.Sprintf("line side %d", rev>>4)
	switch rev >> 4 { // line-side device ids [unv, hardware.md §9]
	case 1:
		ls = "Si3018"
	case 3:
		ls = "Si3019"
	}
	return fmt.Sprintf("Si3050 rev %d + %s rev %d", rev&0x0F, ls, (lrev>>2)&0x0F)
}
