package si321x

import (
	"fmt"

	"github.com/analogpbx/pbx/hal"
)

// Health limits (reliability.md §4.1, DAHDI wctdm_proslic_recheck_sanity).
const (
	maxAlarms      = 10   // linefeed rewrites after power alarms before the port is faulty
	alarmDecay     = 1000 // one alarm forgiven per 10 s
	lfRewriteAfter = 4    // health checks with LFS ≠ LF before rewriting (1 s)
	lfFaultAfter   = 8    // ... before the port is faulty (2 s)
)

// health is the state of the periodic checks.
type health struct {
	next    int64 // frame of the next check
	urgent  bool  // a power-alarm interrupt asks for a check now
	alarms  int   // power alarms counted (decaying)
	decayAt int64 // frame at which one alarm is forgiven
	lfBad   int   // consecutive checks with the linefeed not applied
}

// sanity runs the periodic health check: the chip still answers (reg 11), was not reset
// (reg 8), keeps its battery (reg 82 ≥ 60 V) and holds the linefeed (reg 64). Anomalies are confirmed by a second read.
func (d *Dev) sanity() error {
	hy, ok, err := d.readConfirmed(regHybrid)
	if err != nil || !ok {
		return err
	}
	if hy != resetHybrid {
		d.fail(fmt.Errorf("si321x %s: chip not answering (reg 11 reads %#02x)", d.name, hy))
		return nil
	}
	lb, err := d.read(regLoopback)
	if err != nil {
		return err
	}
	if lb != d.loop {
		if lb, ok, err = d.readConfirmed(regLoopback); err != nil || !ok || lb == d.loop {
			return err
		}
		d.log.Warn("chip was reset, re-initialising", "port", d.name, "reg8", lb)
		d.hk.lineDropped(d.now)
		d.loop = 0
		d.startInit(false)
		return nil
	}
	vbat, err := d.read(regVBATSense)
	if err != nil {
		return err
	}
	if vbat < vbatLow {
		if vbat, ok, err = d.readConfirmed(regVBATSense); err != nil || !ok || vbat >= vbatLow {
			return err
		}
		d.fail(fmt.Errorf("si321x %s: battery low: VBAT %.1f V", d.name, float64(vbat)*voltsPerLSB))
		return nil
	}
	lf, err := d.read(regLinefeed)
	if err != nil {
		return err
	}
	if lf == 0 && d.lf != lfOpen {
		if lf, ok, err = d.readConfirmed(regLinefeed); err != nil || !ok || lf != 0 {
			return err
		}
		return d.powerAlarm()
	}
	switch {
	case lf&7 != d.lf:
		d.log.Warn("linefeed register lost, rewriting", "port", d.name, "reg64", lf, "want", d.lf)
		return d.writeLF(d.lf)
	case lf>>4&7 != d.lf:
		d.health.lfBad++
		if d.health.lfBad >= lfFaultAfter {
			d.fail(fmt.Errorf("si321x %s: linefeed %d not applied (reg 64 reads %#02x)", d.name, d.lf, lf))
			return nil
		}
		if d.health.lfBad == lfRewriteAfter {
			bad := d.health.lfBad
			err := d.writeLF(d.lf)
			d.health.lfBad = bad
			return err
		}
	default:
		d.health.lfBad = 0
	}
	return nil
}

// powerAlarm handles a linefeed the chip forced open (DAHDI): rewrite it, ringing replaced
// by active, at most maxAlarms times in the decaying window; then the port is faulty.
func (d *Dev) powerAlarm() error {
	h := &d.health
	if h.alarms == 0 {
		h.decayAt = d.now + alarmDecay
	}
	h.alarms++
	if h.alarms > maxAlarms {
		d.fail(fmt.Errorf("si321x %s: too many power alarms (%d), not resetting", d.name, h.alarms))
		return nil
	}
	d.log.Warn("power alarm, resetting linefeed", "port", d.name, "count", h.alarms)
	d.hk.lineDropped(d.now)
	lf := d.wantLF()
	if lf == lfRinging {
		lf = lfActive
		if d.feed == hal.FeedReverse {
			lf = lfReverse
		}
	}
	return d.writeLF(lf)
}

// decayAlarms forgives one power alarm every 10 s.
func (d *Dev) decayAlarms() {
	h := &d.health
	if h.alarms > 0 && d.now >= h.decayAt {
		h.alarms--
		h.decayAt = d.now + alarmDecay
	}
}
