package sim

import "fmt"

// Fault injects a hardware fault by its testbench name (reliability.md §4.2):
//
//	spi-errors   every SPI transfer fails (SetSPIErrors sets a rate or garbage instead)
//	chip-dead    the chip stops answering: reads give 0xFF, writes are lost, no interrupt
//	chip-reset   every register returns to its reset value (once)
//	power-alarm  the chip opens any fed linefeed 30 ms after it is set (reg 64 reads 0)
//	hook-bounce  the phone's hook switch bounces with 1–14 ms pulses
//	stuck-ring   the chip keeps ringing whatever linefeed is written
//	vbat-low     the DC-DC converter reaches only 45 V (reg 82 stays below 0xC0)
//	leakage      a short on the battery: VBAT collapses even with the DC-DC on
//	clear        removes every fault
func (s *SLIC) Fault(kind string) error {
	switch kind {
	case "spi-errors":
		s.SetSPIErrors(1, false)
	case "chip-dead":
		s.dead = true
	case "chip-reset":
		s.reset()
	case "power-alarm":
		s.powerAlarm = true
	case "hook-bounce":
		s.phone.Bounce(true)
	case "stuck-ring":
		s.stuckRing = true
	case "vbat-low":
		s.vbatLow = true
	case "leakage":
		s.leak = true
	case "clear":
		s.SetSPIErrors(0, false)
		s.dead, s.powerAlarm, s.stuckRing, s.vbatLow, s.leak = false, false, false, false, false
		s.phone.Bounce(false)
	default:
		return fmt.Errorf("sim slic %s: unknown fault %q (spi-errors, chip-dead, chip-reset, power-alarm, hook-bounce, stuck-ring, vbat-low, leakage, clear)", s.name, kind)
	}
	return nil
}
