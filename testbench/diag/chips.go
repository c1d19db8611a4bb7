package diag

import (
	"fmt"

	"github.com/analogpbx/pbx/hal/si3050"
	"github.com/analogpbx/pbx/hal/si321x"
)

// Limits of a healthy port.
const (
	minVBAT         = 40.0 // V: the FXS battery after DC-DC power-up (reg 82 ≥ 0xC0 ≈ 72 V when ringing-ready)
	maxVBAT         = 95.0 // V: above the highest ring battery (94.5 V): a full-scale reading
	maxFXSLoopMA    = 60.0 // mA: above the largest loop current limit (41 mA) with margin
	minLineVolts    = 20   // V on hook: an exchange battery is there (hardware.md §5.5)
	minLoopMA       = 10   // mA during the FXO test seizure
	maxLoopMA       = 90
	maxOffHookVolts = 20 // V across the DAA while it holds the loop
)

// fxsChecks reads the ProSLIC self-test.
func fxsChecks(d *si321x.Dev) []Check {
	r, err := d.Diag()
	if err != nil {
		return []Check{{"self-test", Fail, err.Error()}}
	}
	var cs []Check
	switch {
	case !r.Calibrated:
		cs = append(cs, Check{"calibration", Fail, "did not complete"})
	case r.DCDCForced:
		cs = append(cs, Check{"calibration", Pass, "done (DC-DC result out of range, forced to 0x08)"})
	default:
		cs = append(cs, Check{"calibration", Pass, fmt.Sprintf("done (reg 107 = %#02x)", r.CalRegs[11])})
	}
	vbat := Check{"battery", Pass, fmt.Sprintf("%.1f V", r.VBAT)}
	switch {
	case r.VBAT < minVBAT:
		vbat.Result, vbat.Value = Fail, fmt.Sprintf("%.1f V, want ≥ %.0f V", r.VBAT, minVBAT)
	case r.VBAT > maxVBAT:
		vbat.Result, vbat.Value = Fail, fmt.Sprintf("%.1f V: full-scale reading, chip not answering?", r.VBAT)
	}
	hook := "on hook"
	if r.OffHook {
		hook = "off hook"
	}
	loop := Check{"loop", Pass, fmt.Sprintf("%.1f V, %.1f mA, %s", r.LoopVoltage, r.LoopCurrent, hook)}
	if r.LoopCurrent > maxFXSLoopMA {
		loop.Result = Fail
		loop.Value = fmt.Sprintf("%.1f mA: above any loop current limit, chip not answering?", r.LoopCurrent)
	}
	cs = append(cs, vbat, loop)
	switch {
	case !r.RingTested:
		cs = append(cs, Check{"ring test", Skip, r.Note})
	case !r.RingOK:
		cs = append(cs, Check{"ring test", Fail, r.Note})
	default:
		cs = append(cs, Check{"ring test", Pass, r.Note})
	}
	return cs
}

// fxoChecks reads the VoiceDAA self-test: isolation link, line voltage, test seizure.
func fxoChecks(d *si3050.Dev) []Check {
	r, err := d.Diag()
	link := Check{"isolation link", Pass, fmt.Sprintf("line side id %d rev %d", r.LineSideID, r.LineSideRev)}
	if !r.ISOLink {
		link.Result, link.Value = Fail, "down (line side not answering)"
	}
	if err != nil {
		return []Check{link, {"self-test", Fail, err.Error()}}
	}
	v := r.OnHookVoltage
	line := Check{"line voltage", Pass, fmt.Sprintf("%d V on hook", v)}
	if v < minLineVolts && v > -minLineVolts {
		line.Result, line.Value = Fail, fmt.Sprintf("%d V on hook: no exchange battery (line unplugged?)", v)
	}
	loop := Check{"loop current", Pass, fmt.Sprintf("%d mA, %d V off hook", r.LoopCurrent, r.OffHookVoltage)}
	switch {
	case r.Overload:
		loop.Result, loop.Value = Fail, "overload"
	case r.LoopCurrent < minLoopMA || r.LoopCurrent > maxLoopMA:
		loop.Result = Fail
		loop.Value = fmt.Sprintf("%d mA during the test seizure, want %d..%d", r.LoopCurrent, minLoopMA, maxLoopMA)
	case r.OffHookVoltage > maxOffHookVolts || r.OffHookVoltage < -maxOffHookVolts:
		loop.Result = Fail
		loop.Value = fmt.Sprintf("%d V off hook: the DAA did not close the loop", r.OffHookVoltage)
	}
	return []Check{link, line, loop}
}
