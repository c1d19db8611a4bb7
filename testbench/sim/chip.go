package sim

import "periph.io/x/conn/v3/spi"

// Chip is a register-level model of one voice chip (SLIC or DAA) on the simulated card.
// The card calls its methods from one goroutine, once per frame in this order:
// WritePCM (bus → chip), Step, ReadPCM (chip → bus).
type Chip interface {
	// Conn is the chip's SPI connection as the driver sees it: one Tx is one /CS frame.
	Conn() spi.Conn
	// Step advances the chip (and the phone or exchange line wired to it) by one 10 ms frame.
	Step(frame int64)
	// Timeslots reports where the driver programmed the chip's PCM: the TX slot (chip → host)
	// and RX slot (host → chip), and whether PCM is enabled at all.
	Timeslots() (tx, rx int, enabled bool)
	// WritePCM hands the chip the 80 companded bytes the host sent in its RX slot.
	WritePCM(b []byte)
	// ReadPCM fills b with the 80 companded bytes the chip sends in its TX slot.
	ReadPCM(b []byte)
	// IRQ reports the level of the chip's interrupt output: true while an enabled interrupt is pending.
	IRQ() bool
	// Fault injects a hardware fault by its testbench name ("chip-dead", "clear", ...).
	Fault(kind string) error
}
