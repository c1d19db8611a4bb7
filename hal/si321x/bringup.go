package si321x

import (
	"fmt"

	"github.com/analogpbx/pbx/hal"
)

// phase is one step of the bring-up (hardware.md §4.3).
type phase uint8

const (
	phProbe          phase = iota // identify the chip
	phDCOff                       // DC-DC off, line open (state unknown)
	phLoadIR                      // indirect registers, filters flushed
	phSetup                       // direct registers: safety, battery, feed
	phPowerUp                     // DC-DC on
	phWaitVBAT                    // wait for VBAT ≥ 0xC0 (500 ms)
	phLeakStart                   // DC-DC off for the leakage test
	phLeakWait                    // VBAT must not collapse (250 ms)
	phPowerUp2                    // DC-DC on again
	phWaitVBAT2                   // wait for VBAT again
	phCal                         // start calibration
	phCalWait                     // reg 96 → 0 (2 s)
	phDCCal                       // start DC-DC calibration
	phDCCalWait                   // reg 93 bit 7 → 0 (1 s)
	phSaveCal                     // keep regs 96..107 for a fast re-init
	phFastCal                     // re-init: restore the saved calibration
	phRestoreFilters              // IR 35..39 back from 0x8000
	phVerifyIR                    // read every indirect register back
	phFinal                       // interrupts, PCM, enables
	phFeed                        // linefeed
	phSettle                      // the linefeed must hold (100 ms)
	phDone
)

// Wait limits of the bring-up, in frames.
const (
	vbatFrames   = 50  // DC-DC power-up (DAHDI: 500 ms)
	leakFrames   = 25  // leakage test window
	calFrames    = 200 // calibration (DAHDI: 2 s)
	dcCalFrames  = 100 // DC-DC calibration (SL-api: about 1 s)
	settleFrames = 10  // linefeed check after bring-up
	dcMinOff     = 0x19
	dcPeriodSlow = 0xFF
)

// bringup is the progress of a (re-)initialisation.
type bringup struct {
	ph     phase
	idx    int // progress inside a phase
	waited int // frames waited inside a phase
	full   bool
}

// result of one bring-up unit.
type result uint8

const (
	more result = iota // continue at once
	wait               // let one frame pass
	done
)

// regVal is one direct register write of the setup phase.
type regVal struct{ reg, val uint8 }

// startInit (re)starts the bring-up. full calibrates; otherwise the saved calibration is
// restored when there is one.
func (d *Dev) startInit(full bool) {
	d.mode = modeInit
	d.loop = 0
	d.bu = bringup{ph: phProbe, full: full || !d.calOK}
	d.ops = 0
}

// runBringup does bring-up units until about limit register accesses were used, a wait is
// needed or the bring-up is done.
func (d *Dev) runBringup(limit int) (bool, error) {
	start := d.ops
	for d.ops-start < limit {
		r, err := d.unit()
		if err != nil {
			return false, err
		}
		switch r {
		case done:
			return true, nil
		case wait:
			return false, nil
		}
	}
	return false, nil
}

// next moves to phase p.
func (d *Dev) next(p phase) result {
	d.bu.ph, d.bu.idx, d.bu.waited = p, 0, 0
	return more
}

// waitFor counts one frame of waiting in the current phase and fails after limit frames.
func (d *Dev) waitFor(limit int, what string, v uint8) (result, error) {
	d.bu.waited++
	if d.bu.waited > limit {
		return more, fmt.Errorf("si321x %s: %s (reg reads %#02x after %d ms)", d.name, what, v, limit*10)
	}
	return wait, nil
}

// unit does one small piece of the bring-up.
func (d *Dev) unit() (result, error) {
	b := &d.bu
	switch b.ph {
	case phProbe:
		if err := d.probe(); err != nil {
			return more, err
		}
		return more, nil
	case phDCOff:
		if err := d.writeLF(lfOpen); err != nil {
			return more, err
		}
		if err := d.write(regPowerDown, dcdcOff); err != nil {
			return more, err
		}
		return d.next(phLoadIR), nil
	case phLoadIR:
		if b.idx == len(d.irs) {
			return d.next(phSetup), nil
		}
		e := d.irs[b.idx]
		if e.addr >= irFilterLo && e.addr <= irFilterHi {
			e.val = irFlush
		}
		b.idx++
		return more, d.writeIR(e.addr, e.val)
	case phSetup:
		setup := d.setupRegs()
		if b.idx == len(setup) {
			return d.next(phPowerUp), nil
		}
		rv := setup[b.idx]
		b.idx++
		return more, d.write(rv.reg, rv.val)
	case phPowerUp, phPowerUp2:
		if err := d.write(regDCPeriod, dcPeriodSlow); err != nil {
			return more, err
		}
		if err := d.write(regDCCal, dcMinOff); err != nil {
			return more, err
		}
		if err := d.write(regPowerDown, 0); err != nil {
			return more, err
		}
		d.next(b.ph + 1)
		return wait, nil
	case phWaitVBAT, phWaitVBAT2:
		v, err := d.read(regVBATSense)
		if err != nil {
			return more, err
		}
		if v >= vbatReady {
			switch {
			case b.ph == phWaitVBAT2:
				return d.next(phCal), nil
			case b.full:
				return d.next(phLeakStart), nil
			}
			return d.next(phFastCal), nil
		}
		return d.waitFor(vbatFrames, "no power: VBAT stays below 72 V", v)
	case phLeakStart:
		if err := d.write(regPowerDown, dcdcOff); err != nil {
			return more, err
		}
		d.next(phLeakWait)
		return wait, nil
	case phLeakWait:
		v, err := d.read(regVBATSense)
		if err != nil {
			return more, err
		}
		if v < vbatLeak {
			return more, fmt.Errorf("si321x %s: excessive leakage: VBAT %.1f V with the DC-DC off (short circuit?)", d.name, float64(v)*voltsPerLSB)
		}
		if b.waited++; b.waited >= leakFrames {
			return d.next(phPowerUp2), nil
		}
		return wait, nil
	case phCal:
		if err := d.write(regCal2, calAll2); err != nil {
			return more, err
		}
		if err := d.write(regCal1, calStart); err != nil {
			return more, err
		}
		d.next(phCalWait)
		return wait, nil
	case phCalWait:
		v, err := d.read(regCal1)
		if err != nil {
			return more, err
		}
		if v == 0 {
			return d.next(phDCCal), nil
		}
		return d.waitFor(calFrames, "calibration did not finish", v)
	case phDCCal:
		if err := d.write(regDCCal, dcCalStart|dcMinOff); err != nil {
			return more, err
		}
		d.next(phDCCalWait)
		return wait, nil
	case phDCCalWait:
		v, err := d.read(regDCCal)
		if err != nil {
			return more, err
		}
		if v&dcCalStart == 0 {
			return d.next(phSaveCal), nil
		}
		return d.waitFor(dcCalFrames, "DC-DC calibration did not finish", v)
	case phSaveCal:
		return d.saveCal()
	case phFastCal:
		if b.idx == len(d.cal)-2 {
			return d.next(phRestoreFilters), nil
		}
		reg := uint8(regCalResFirst + b.idx)
		v := d.cal[b.idx+2]
		b.idx++
		return more, d.write(reg, v)
	case phRestoreFilters:
		for b.idx < len(d.irs) && (d.irs[b.idx].addr < irFilterLo || d.irs[b.idx].addr > irFilterHi) {
			b.idx++
		}
		if b.idx == len(d.irs) {
			return d.next(phVerifyIR), nil
		}
		e := d.irs[b.idx]
		b.idx++
		return more, d.writeIR(e.addr, e.val)
	case phVerifyIR:
		if b.idx == len(d.irs) {
			return d.next(phFinal), nil
		}
		e := d.irs[b.idx]
		b.idx++
		v, ok, err := d.readIR(e.addr)
		if err != nil || !ok {
			return more, err
		}
		if v != e.val {
			return more, fmt.Errorf("si321x %s: indirect register %d reads %#04x, want %#04x", d.name, e.addr, v, e.val)
		}
		return more, nil
	case phFinal:
		final := d.finalRegs()
		if b.idx == len(final) {
			return d.next(phFeed), nil
		}
		rv := final[b.idx]
		b.idx++
		return more, d.write(rv.reg, rv.val)
	case phFeed:
		if err := d.writeLF(d.wantLF()); err != nil {
			return more, err
		}
		d.next(phSettle)
		return wait, nil
	case phSettle:
		if b.waited++; b.waited < settleFrames {
			return wait, nil
		}
		return d.settle()
	}
	return done, nil
}

// saveCal keeps the calibration results and checks the DC-DC result (reg 107).
func (d *Dev) saveCal() (result, error) {
	b := &d.bu
	if b.idx < len(d.cal) {
		v, err := d.read(uint8(regCal1 + b.idx))
		if err != nil {
			return more, err
		}
		d.cal[b.idx] = v
		b.idx++
		return more, nil
	}
	d.calOK = true
	d.calLow = false
	if v := d.cal[len(d.cal)-1]; v < 2 || v > 13 {
		d.calLow = true
		d.cal[len(d.cal)-1] = 0x08
		d.log.Warn("DC-DC calibration out of range, forced", "port", d.name, "reg107", v)
		if err := d.write(regCalDCDC, 0x08); err != nil {
			return more, err
		}
	}
	return d.next(phRestoreFilters), nil
}

// settle checks that the linefeed holds and takes the first hook sample.
func (d *Dev) settle() (result, error) {
	v, err := d.read(regLinefeed)
	if err != nil {
		return more, err
	}
	if d.lf != lfOpen && v == 0 {
		return more, fmt.Errorf("si321x %s: power alarm: linefeed %d dropped to open", d.name, d.lf)
	}
	if v&7 != d.lf || v>>4&7 != d.lf {
		return more, fmt.Errorf("si321x %s: linefeed %d not applied (reg 64 reads %#02x)", d.name, d.lf, v)
	}
	l, err := d.read(regLoopStat)
	if err != nil {
		return more, err
	}
	if l&loopReserved == 0 {
		d.hk.seed(l&(lcr|rtp) != 0, d.now)
	}
	d.bu.ph = phDone
	return done, nil
}

// finishInit enters normal operation after a bring-up.
func (d *Dev) finishInit() {
	d.mode = modeRun
	d.spiFails = 0
	d.health = health{next: d.now + sanityFrames}
	if d.status.Faulty {
		d.status.Faulty = false
		d.status.Reason = ""
		d.emit(hal.Recovered, 0, "")
		d.log.Info("port recovered", "port", d.name)
	}
	d.backoff = 0
}

// setupRegs lists the direct registers written before the DC-DC is powered
// (hardware.md §4.3 steps 3, 4, 8, 13).
func (d *Dev) setupRegs() [16]regVal {
	return [16]regVal{
		{regLoopback, 0},
		{regEnhance, 0xEB},
		{regAutoManual, 0x07},
		{regBattFeed, 0x01},
		{regBJT, 0x60},
		{regRingOsc, 0}, // ring cadence timed by the driver
		{regVBATH, 0x32},
		{regILim, uint8((d.opts.LoopCurrent - 20) / 3)},
		{regVOC, 0x20},
		{regVCM, 0x04},
		{regLoopDeb, 0x04},
		{regRingTripDeb, 0x0A},
		{regImpedance, 0x08 | d.opts.Impedance},
		{regGain, 0},
		{regIntEn1, 0},
		{regIntEn2, 0},
	}
}

// finalRegs lists the writes after calibration: interrupts cleared and enabled, PCM.
func (d *Dev) finalRegs() [11]regVal {
	mode := uint8(pcmEnable)
	if d.opts.Law == hal.ULaw {
		mode |= pcmULaw
	}
	n := 8 * d.opts.Timeslot
	return [11]regVal{
		{regIntStat1, 0xFF}, {regIntStat2, 0xFF}, {regIntStat3, 0xFF},
		{regPCMTXLo, uint8(n)}, {regPCMTXHi, uint8(n >> 8 & 3)},
		{regPCMRXLo, uint8(n)}, {regPCMRXHi, uint8(n >> 8 & 3)},
		{regPCMMode, mode},
		{regIntEn1, 0},
		{regIntEn2, irqRingTrip | irqLoop | irqPowerAlm},
		{regIntEn3, 0},
	}
}
