// Package sim opens the simulated board: the real chip drivers (hal/si321x for FXS,
// hal/si3050 for FXO) on the register-level chip models of testbench/sim, one chip per
// physical port on one PCM bus, with a simulated phone on every FXS line and a simulated
// exchange line behind every FXO port. Everything above the SPI bus runs unchanged.
//
// Open takes a card size ("" = 4 FXS + 4 FXO, "8fxs4fxo", ...) and a tone zone and returns
// the board with its ports in physical order (FXS first) and a Sim: the control panel the
// scenario runner drives (phones, exchange lines, fault injection). Each chip has its own
// chip select (an spi.Conn opened once at 1 MHz, mode 3) and its interrupt line; timeslot =
// physical port - 1 on a 32-slot bus; the chips' law is the zone's.
package sim
