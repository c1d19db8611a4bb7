package si321x

import "fmt"

// Register access (hardware.md §2.2, §2.4): every byte is its own Tx (one /CS frame).
// A failed transfer is retried from the first byte of the access; the chip's byte
// framing restarts with the next chip-select frame after an error.

const (
	txTries    = 3  // attempts per register access
	iasPolls   = 10 // reads of the indirect status before giving up
	readBit    = 0x80
	dummyByte  = 0x00
	maxChannel = 7
)

// frame sends one byte and, when read is set, returns the byte clocked back.
func (d *Dev) frame(b byte, read bool) (byte, error) {
	d.w[0] = b
	if !read {
		return 0, d.r.Tx(d.w[:], nil)
	}
	d.rd[0] = 0
	err := d.r.Tx(d.w[:], d.rd[:])
	return d.rd[0], err
}

// access runs one register access: channel byte (daisy chain), address, data or read.
func (d *Dev) access(addr uint8, v uint8, read bool) (uint8, error) {
	if ch := d.r.Channel(); ch >= 0 {
		if _, err := d.frame(1<<uint(ch), false); err != nil {
			return 0, err
		}
	}
	if read {
		if _, err := d.frame(addr|readBit, false); err != nil {
			return 0, err
		}
		return d.frame(dummyByte, true)
	}
	if _, err := d.frame(addr, false); err != nil {
		return 0, err
	}
	_, err := d.frame(v, false)
	return 0, err
}

// read returns direct register addr, retrying failed transfers.
func (d *Dev) read(addr uint8) (uint8, error) {
	var err error
	for range txTries {
		var v uint8
		if v, err = d.access(addr, 0, true); err == nil {
			d.ops++
			return v, nil
		}
	}
	return 0, fmt.Errorf("si321x %s: read reg %d: %w", d.name, addr, err)
}

// write sets direct register addr to v, retrying failed transfers.
func (d *Dev) write(addr, v uint8) error {
	var err error
	for range txTries {
		if _, err = d.access(addr, v, false); err == nil {
			d.ops++
			return nil
		}
	}
	return fmt.Errorf("si321x %s: write reg %d: %w", d.name, addr, err)
}

// readConfirmed reads addr twice and returns the value only if both reads agree, so a
// single corrupted byte is not taken for a fault; ok is false when they differ.
func (d *Dev) readConfirmed(addr uint8) (v uint8, ok bool, err error) {
	a, err := d.read(addr)
	if err != nil {
		return 0, false, err
	}
	b, err := d.read(addr)
	if err != nil {
		return 0, false, err
	}
	return a, a == b, nil
}

// irAddr maps a Si3210 indirect address to this chip's, or reports it absent.
func (d *Dev) irAddr(a uint8) (uint8, bool) {
	if !d.si3215 {
		return a, true
	}
	b := alt(a)
	return b, b != irNone
}

// waitIndirect polls the indirect status register until the previous access is done.
func (d *Dev) waitIndirect() error {
	for range iasPolls {
		v, err := d.read(regIAS)
		if err != nil {
			return err
		}
		if v == 0 {
			return nil
		}
	}
	return fmt.Errorf("si321x %s: indirect access stays busy", d.name)
}

// writeIR sets indirect register a (Si3210 numbering); absent registers are skipped.
func (d *Dev) writeIR(a uint8, v uint16) error {
	addr, ok := d.irAddr(a)
	if !ok {
		return nil
	}
	if err := d.waitIndirect(); err != nil {
		return err
	}
	if err := d.write(regIDALo, uint8(v)); err != nil {
		return err
	}
	if err := d.write(regIDAHi, uint8(v>>8)); err != nil {
		return err
	}
	return d.write(regIAA, addr)
}

// readIR returns indirect register a (Si3210 numbering); ok is false if it is absent.
func (d *Dev) readIR(a uint8) (v uint16, ok bool, err error) {
	addr, ok := d.irAddr(a)
	if !ok {
		return 0, false, nil
	}
	if err := d.waitIndirect(); err != nil {
		return 0, true, err
	}
	if err := d.write(regIAA, addr); err != nil {
		return 0, true, err
	}
	if err := d.waitIndirect(); err != nil {
		return 0, true, err
	}
	lo, err := d.read(regIDALo)
	if err != nil {
		return 0, true, err
	}
	hi, err := d.read(regIDAHi)
	if err != nil {
		return 0, true, err
	}
	return uint16(hi)<<8 | uint16(lo), true, nil
}
