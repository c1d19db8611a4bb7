package si321x

import "math"

// Direct registers (decimal addresses, hardware.md §4.1).
const (
	regID          = 0   // SPI mode, part, revision
	regPCMMode     = 1   // PCM enable, format; bit 7 = Si3215 family
	regPCMTXLo     = 2   // PCM TX start count, low byte
	regPCMTXHi     = 3   // PCM TX start count, bits 9:8
	regPCMRXLo     = 4   // PCM RX start count, low byte
	regPCMRXHi     = 5   // PCM RX start count, bits 9:8
	regPart        = 6   // Si3215 family part number, bits 7:5
	regLoopback    = 8   // audio loopback; 0x02 after reset, 0 after init
	regGain        = 9   // analog gains
	regImpedance   = 10  // two-wire impedance synthesis
	regHybrid      = 11  // hybrid; 0x33 after reset
	regPowerDown   = 14  // power-down control 1; 0x10 = DC-DC off
	regIntStat1    = 18  // interrupt status 1 (oscillators, ring timers)
	regIntStat2    = 19  // interrupt status 2 (ring trip, loop, power alarms)
	regIntStat3    = 20  // interrupt status 3 (DTMF, indirect, CM balance)
	regIntEn1      = 21  // interrupt enable 1
	regIntEn2      = 22  // interrupt enable 2
	regIntEn3      = 23  // interrupt enable 3
	regIDALo       = 28  // indirect data, low byte
	regIDAHi       = 29  // indirect data, high byte
	regIAA         = 30  // indirect address; writing it starts the access
	regIAS         = 31  // indirect access status; non-zero while busy
	regRingOsc     = 34  // ringing oscillator control
	regLinefeed    = 64  // linefeed: bits 2:0 LF written, bits 6:4 LFS applied
	regBJT         = 65  // external bipolar transistor settings
	regBattFeed    = 66  // battery feed control
	regAutoManual  = 67  // automatic/manual control
	regLoopStat    = 68  // bit 0 LCR loop closed, bit 1 RTP ring trip
	regLoopDeb     = 69  // loop closure debounce interval
	regRingTripDeb = 70  // ring trip debounce interval
	regILim        = 71  // loop current limit: 20 mA + 3 mA/LSB
	regVOC         = 72  // on-hook line voltage: 1.5 V/LSB
	regVCM         = 73  // common-mode voltage: 1.5 V/LSB
	regVBATH       = 74  // high battery voltage: 1.5 V/LSB
	regLoopV       = 78  // loop voltage sense
	regLoopI       = 79  // loop current sense
	regVBATSense   = 82  // VBATH sense: 0.376 V/LSB
	regDCPeriod    = 92  // DC-DC PWM period
	regDCCal       = 93  // DC-DC min off time; bit 7 starts DC-DC calibration
	regCal1        = 96  // calibration control 1; reads 0 when done
	regCal2        = 97  // calibration control 2
	regCalResFirst = 98  // first calibration result register
	regCalDCDC     = 107 // DC-DC calibration result
	regEnhance     = 108 // revision C enhancements
)

// Register values and bits.
const (
	idDaisy      = 0x80 // reg 0: daisy-chain mode
	pcmSi3215    = 0x80 // reg 1: Si3215 family
	pcmEnable    = 0x20 // reg 1: PCM on
	pcmULaw      = 0x08 // reg 1: format μ-law (00 = A-law)
	resetLoopbk  = 0x02 // reg 8 after reset
	loopAnalog   = 0x04 // reg 8: analog loopback
	resetHybrid  = 0x33 // reg 11 after reset
	dcdcOff      = 0x10 // reg 14
	lcr          = 0x01 // reg 68: loop closed
	rtp          = 0x02 // reg 68: ring trip
	loopReserved = 0xF8 // reg 68 bits that always read 0
	irqRingTrip  = 0x01 // reg 19
	irqLoop      = 0x02 // reg 19
	irqPowerAlm  = 0xFC // reg 19: power alarms Q1..Q6
	dcCalStart   = 0x80 // reg 93
	vbatReady    = 0xC0 // reg 82: ≈72 V, bring-up threshold
	vbatLeak     = 0x06 // reg 82: below this during the leakage test = short
	vbatLow      = 0xA0 // reg 82: ≈60 V, below this in operation the port is faulty
	calStart     = 0x5F // reg 96: CAL plus every calibration
	calAll2      = 0x1F // reg 97: every calibration of control 2
)

// Linefeed codes (reg 64 bits 2:0, hardware.md §4.4).
const (
	lfOpen       uint8 = 0
	lfActive     uint8 = 1
	lfOHT        uint8 = 2
	lfRinging    uint8 = 4
	lfReverse    uint8 = 5
	lfReverseOHT uint8 = 6
)

// Scales of the sense registers. VBAT is 376 mV per step (DAHDI); the same scale is
// assumed for the loop voltage, and 0.4 mA per step for the loop current (both [unv]).
const (
	voltsPerLSB = 0.376
	mAPerLSB    = 0.4
)

// ir is one indirect register as the Si3210 numbers it, with its initial value.
type ir struct {
	addr uint8
	val  uint16
}

// Indirect register numbers (Si3210 numbering) the driver changes after loading.
const (
	irRCO        = 20 // ring oscillator coefficient
	irRNGX       = 21 // ring amplitude
	irFilterLo   = 35 // first of the filters flushed during calibration (35–39)
	irFilterHi   = 39
	irFlush      = 0x8000
	irCalClear   = 97 // cleared after loading (DAHDI)
	irNone       = 0xFF
	ringFullVolt = 96.0 // ring amplitude full scale, V peak (DS-3210)
)

// irTable returns the indirect registers loaded at bring-up (hardware.md §4.2), in
// Si3210 numbering, with the ring oscillator set for ringHz at ringVpk volts peak.
// Called once per Dev.
func irTable(ringHz int, ringVpk float64) []ir {
	rco, rngx := ringCoef(ringHz, ringVpk)
	return []ir{
		{0, 0x55C2}, {1, 0x51E6}, {2, 0x4B85}, {3, 0x4937}, {4, 0x3333}, // DTMF detector
		{5, 0x0202}, {6, 0x0202}, {7, 0x0198}, {8, 0x0198}, {9, 0x0611},
		{10, 0x0202}, {11, 0x00E5}, {12, 0x0A1C},
		{13, 0x7B30}, {14, 0x0063}, {15, 0x0000}, // oscillator 1: 350 Hz
		{16, 0x7870}, {17, 0x007D}, {18, 0x0000}, // oscillator 2: 440 Hz
		{19, 0x0000}, {irRCO, rco}, {irRNGX, rngx}, {22, 0x0000}, // ringing
		{23, 0x2000}, {24, 0x2000}, {25, 0x0000}, // pulse metering
		{26, 0x4000}, {27, 0x4000}, // RX and TX digital gain: 0 dB
		{28, 0x1000}, {29, 0x3600}, {30, 0x1000}, {31, 0x0200},
		{32, 0x07C0}, {33, 0x2600}, {34, 0x1B80}, // power alarm thresholds
		{35, 0x8000}, {36, 0x0320}, {37, 0x008C}, {38, 0x0100}, {39, 0x0010},
		{40, 0x0C00}, {41, 0x0C00}, {43, 0x1000},
		{irCalClear, 0x0000},
		{99, 0x00DA}, {100, 0x6B60}, {101, 0x0074}, {102, 0x79C0}, {103, 0x1120}, {104, 0x3BE0}, // FSK
	}
}

// ringCoef computes RCO and RNGX (DS-3210 formulas, hardware.md §4.6) for a sine of hz at
// vpk volts peak.
func ringCoef(hz int, vpk float64) (rco, rngx uint16) {
	c := math.Cos(2 * math.Pi * float64(hz) / 1000)
	x := 0.25 * math.Sqrt((1-c)/(1+c)) * (vpk / ringFullVolt) * 32768
	return uint16(math.Round(c * 32768)), uint16(math.Round(x))
}

// alt translates a Si3210 indirect address to the Si3215's (SL-api possibleAddressCorrect);
// irNone means the register does not exist on the Si3215.
func alt(a uint8) uint8 {
	switch {
	case a <= 12:
		return irNone
	case a <= 40:
		return a - 13
	case a == 41:
		return 64
	case a == 43:
		return 66
	case a >= 88 && a <= 98:
		return a - 13
	case a >= 99 && a <= 104:
		return a - 30
	}
	return irNone
}
