package si321x

import "fmt"

// probe identifies the chip (hardware.md §3) and moves on to the bring-up. A re-probe after
// a fault accepts a chip that kept its initialised state (reg 8 = 0, linefeed set) but not
// a different part.
func (d *Dev) probe() error {
	id, err := d.read(regID)
	if err != nil {
		return err
	}
	rev := id & 0x0F
	if rev == 0 || rev == 0x0F {
		return fmt.Errorf("%w on %s: reg 0 reads %#02x", ErrNoChip, d.name, id)
	}
	hy, err := d.read(regHybrid)
	if err != nil {
		return err
	}
	if hy != resetHybrid {
		return fmt.Errorf("%w on %s: reg 11 reads %#02x, want %#02x", ErrNoChip, d.name, hy, resetHybrid)
	}
	pcm, err := d.read(regPCMMode)
	if err != nil {
		return err
	}
	si3215 := pcm&pcmSi3215 != 0
	part := [4]string{"Si3210", "Si3211", "Si3212", "Si3210M"}[id>>4&3]
	if si3215 {
		p, err := d.read(regPart)
		if err != nil {
			return err
		}
		switch p >> 5 {
		case 0:
			part = "Si3215"
		case 4:
			part = "Si3216"
		case 3:
			part = "Si3215M"
		case 7:
			part = "Si3216M"
		default:
			part = fmt.Sprintf("Si3215 family (reg 6 %#02x)", p)
		}
	}
	if rev < 2 {
		return fmt.Errorf("si321x %s: %s revision %d too old", d.name, part, rev)
	}
	if d.probed && (si3215 != d.si3215 || part != d.part) {
		return fmt.Errorf("si321x %s: found %s where %s was", d.name, part, d.part)
	}
	lb, err := d.read(regLoopback)
	if err != nil {
		return err
	}
	lf, err := d.read(regLinefeed)
	if err != nil {
		return err
	}
	if !d.probed && (lb != resetLoopbk || lf != 0) {
		d.log.Info("chip was not reset before probing", "port", d.name, "reg8", lb, "reg64", lf)
	}
	d.si3215, d.part, d.rev, d.probed = si3215, part, rev, true
	d.status.Chip = fmt.Sprintf("%s rev %c", part, 'A'+rev-1)
	d.next(phDCOff)
	return nil
}
