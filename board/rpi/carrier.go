package rpi

import (
	"periph.io/x/conn/v3/physic"
	"periph.io/x/conn/v3/spi"
)

// Position is one module position of the carrier.
type Position struct {
	// Port is the physical port number printed on the carrier, 1..8.
	Port int
	// SPI names the spidev port of the module's chip select (periph spireg name).
	SPI string
	// Channel is the ALSA channel of the PCM path that carries the module's audio, or -1 when
	// the path cannot carry it (the position is then not opened).
	Channel int
}

// Carrier describes a Raspberry Pi-class carrier board as data: which chip select, PCM channel
// and lines each module position uses. Wiring (hardware.md §1):
//
//	SPI0   GPIO10 MOSI, GPIO9 MISO, GPIO11 SCLK; CE0 = GPIO8, CE1 = GPIO7; further chip selects
//	       are GPIOs given to the spi0 controller by a device-tree overlay [unv]
//	PCM    GPIO18 PCLK, GPIO19 FSYNC, GPIO20 DTX (chips → Pi), GPIO21 DRX (Pi → chips)
//	/RESET GPIO24, shared by every module, active low
//	/INT   GPIO25, wired-OR of every module's open-drain interrupt, active low, pulled up
type Carrier struct {
	// Name is the board name, "rpi".
	Name string
	// Positions lists the module positions in physical order.
	Positions []Position
	// Reset and IRQ name the GPIO lines (periph gpioreg names).
	Reset, IRQ string
	// Card and Device select the ALSA PCM of the voice path (hw:Card,Device).
	Card, Device uint
	// SPIHz and SPIMode are what the chips need: ≤ 1 MHz to start with, clock idle high,
	// sampled on the rising edge (hardware.md §1, §9).
	SPIHz   physic.Frequency
	SPIMode spi.Mode
	// ResetLow and ResetWait are the /RESET pulse and the wait after it, in 10 ms frames
	// (SL-api: 250 ms each).
	ResetLow, ResetWait int
}

// Carrier8 is the eight-position carrier. Its PCM path (the Pi's PCM block through ALSA) carries
// two voice ports (hal/alsa), so positions 3..8 have no channel and are not opened until a path
// with more slots is proven.
func Carrier8() Carrier {
	return Carrier{
		Name: "rpi",
		Positions: []Position{
			{Port: 1, SPI: "SPI0.0", Channel: 0},
			{Port: 2, SPI: "SPI0.1", Channel: 1},
			{Port: 3, SPI: "SPI0.2", Channel: -1},
			{Port: 4, SPI: "SPI0.3", Channel: -1},
			{Port: 5, SPI: "SPI0.4", Channel: -1},
			{Port: 6, SPI: "SPI0.5", Channel: -1},
			{Port: 7, SPI: "SPI0.6", Channel: -1},
			{Port: 8, SPI: "SPI0.7", Channel: -1},
		},
		Reset:     "GPIO24",
		IRQ:       "GPIO25",
		Card:      0,
		Device:    0,
		SPIHz:     1 * physic.MegaHertz,
		SPIMode:   spi.Mode3,
		ResetLow:  25,
		ResetWait: 25,
	}
}
