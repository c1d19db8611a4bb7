// Package si321x drives a Silicon Labs ProSLIC Si3210/Si3215-class SLIC: one FXS port
// where an analog phone plugs in. It implements hal.FXS over a hal.Regs register bus.
//
// # Datasheet
//
// Register facts come from the product's hardware notes (shared docs hardware.md §2–§4),
// which collect them from the Si3210/Si3215/Si3216 datasheets, Silicon Labs' ProSLIC API
// and the DAHDI wctdm/wctdm24xxp drivers. Each SPI byte is its own chip-select frame
// (hardware.md §2.1): a write is the address byte (bit 7 clear) and the data byte; a read is
// the address byte with bit 7 set, then one frame that clocks the data out. On a daisy chain
// every access starts with a one-hot channel byte. The board puts a chain into daisy-chain
// mode (reg 0 = 0x80, single-chip framing) before it opens the drivers.
//
// # Bring-up
//
// New probes the chip (reg 0 revision, reg 1 bit 7 for the Si3215 family, regs 8, 11, 64)
// and runs the bring-up of hardware.md §4.3 as a frame-driven state machine: indirect
// registers (with the Si3215 address translation), DC-DC power-up until VBAT (reg 82)
// reaches 0xC0, a leakage test, calibration (reg 96 → 0), DC-DC calibration (reg 93 bit 7
// → 0), verification of the indirect registers, PCM law and timeslot, and the linefeed.
// With Opts.Step set, New drives the machine itself and calls Step whenever the chip needs
// time; without it, Tick finishes the bring-up one bounded slice per frame. A re-init after
// a chip reset or a fault uses the same machine from Tick, restoring the saved calibration
// instead of calibrating again (DAHDI's fast path).
//
// # States
//
// A port is initialising, running, faulty (retrying with a back-off of 0.5, 1 and then 2 s)
// or halted. Faults: SPI transfers that keep failing, a chip that stops answering (reg 11
// no longer reads 0x33), a chip reset (reg 8 reads non-zero), more than 10 power alarms in
// the decaying window (DAHDI: at most 10 linefeed rewrites, one forgiven per 10 s) and a
// linefeed the chip does not apply. A faulty port sends hal.Faulty, a port that works again
// hal.Recovered.
//
// # Hook
//
// Reg 68 bit 0 (loop closure) is sampled every frame, or only after an interrupt (reg 19
// bit 1) when Opts.IRQ is given. A level counts once it was seen in three consecutive
// frames (≥ 20 ms; hook bounces under 15 ms never pass). An on-hook shorter than FlashMin is
// a dial pulse, FlashMin..FlashMax a hook flash, longer a hang-up reported when FlashMax
// passes. Dial pulses end with a make longer than 300 ms; 10 pulses are '0'.
//
// # Assumptions
//
// Items the hardware notes mark unconfirmed, and what this driver assumes:
//   - reg 78 (loop voltage) has VBAT's scale, 0.376 V per step; reg 79 (loop current)
//     0.4 mA per step; both only feed Diag.
//   - the revision nibble of reg 0 maps to a letter as 1 = A, 2 = B, 3 = C.
//   - reg 69 = 0x04 (DL-24xxp) leaves a few ms of hardware debounce; the driver adds its own
//     three-frame debounce, so the exact unit does not matter.
//   - after a transfer error the chip's byte framing restarts with the next frame, so a
//     failed access is retried from its first byte (a real chip may need the SPI reset
//     sequence DAHDI sends; the board can add it).
//   - the interrupt line is level-sensitive and active low; Read is polled once per frame.
package si321x
