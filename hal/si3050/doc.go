// Package si3050 drives a Silicon Labs Si3050 VoiceDAA with its Si3018/Si3019 line side: an
// FXO port, where a PSTN line plugs in. Dev implements hal.FXO.
//
// # Datasheet
//
// Register facts come from the project's hardware notes (shared/docs/hardware.md §2.3, §3, §5),
// collected from the Si3050/Si30xx register pages, the Silicon Labs VoiceDAA API and the DAHDI
// drivers (wctdm, wctdm24xxp, fxo_modes.h). Assumptions where the notes are unconfirmed:
//
//   - Every byte is its own chip-select frame: a write is control (0x20|CID), address, data; a
//     read is control (0x60|CID), address, then one frame reading the data byte.
//   - On a daisy chain the channel is written bit-reversed into the CID field (ch bit 0 → 0x10).
//   - PCM start count = 8 × Timeslot, TX and RX alike; in 16-bit linear mode the port fills
//     Timeslot and Timeslot+1.
//   - Line-side device id 1 is a Si3018, 3 a Si3019 (reg 11 bits 7:4).
//   - The PCM loopback (reg 33 PCML) returns the host's receive slot in the transmit slot.
//
// # Bring-up
//
// New probes reg 2 (0x03 after reset), soft-resets the chip (reg 1 = 0x80, 100 ms), programs the
// PCM law and timeslot (regs 33–37), the country row (regs 16, 26, 30, 31: on-hook speed, ring
// threshold, DC termination, AC impedance, as in fxo_modes.h), ring detection without hardware
// validation (reg 18 = 0, reg 24 = 0x19), gains, interrupts, powers the line side (reg 6 = 0)
// and polls reg 11 until the line-side id appears (up to 2 s). It then clears the interrupts and
// leaves the line on hook with the on-hook line monitor (reg 5 = 0x08), so caller ID audio flows
// in the PCM slot between rings. The bring-up is a frame-driven state machine: New runs it with
// Opts.Step between frames; a re-initialisation after a fault runs it from Tick.
//
// # States
//
// Every frame Tick reads reg 29 (line voltage) and, when polling, reg 5 (ring phase bits and
// hook supervision). With an interrupt line it reads reg 4 only when the line is asserted
// (ring start and end, polarity, supply drop-out) and follows reg 5 during a ring.
//
//   - Ring: RDTP and RDTN must alternate more than twice (DL-24xxp); RingStart then, RingStop
//     once they have not alternated for the ring debounce (64 ms). A burst longer than 5 s is a
//     stuck detector: RingStop, the port faulty ("ring detect stuck") until it releases.
//   - Battery: |V| < 3 V for 64 ms sends BatteryLost (after checking the chip still answers);
//     1 s later the port is faulty ("no battery"). Back for 64 ms sends BatteryBack; the fault
//     clears 1 s later.
//   - Polarity: a sign change held 64 ms sends PolarityReversed, ignored without battery and
//     while ringing.
//   - Hook: reg 5 must read OH|ONHM seized, ONHM on hook (mask 0x9B); a mismatch is rewritten.
//     Flash goes on hook for whole frames.
//   - Health: every 250 ms regs 2, 33 and 12 are checked. Values back at their reset state (or
//     the isolation link lost) mean the chip was reset: it is brought up again, keeping the hook
//     state, without a fault. A chip that no longer answers, or ten frames in a row of SPI
//     errors, marks the port Faulty; Tick re-probes after 0.5 s, then with a back-off doubling
//     to 2 s, and sends Recovered when the bring-up succeeds.
package si3050
