package si3050

// Direct registers of the Si3050 VoiceDAA (decimal addresses), named after the datasheet.
// Bit layouts are in hardware.md §5.1; items marked [unv] there are assumptions.
const (
	regCtrl1     = 1  // Control 1: SR soft reset, IDL isolation loopback
	regCtrl2     = 2  // Control 2: INTE, INTP, RDI, HBE, RXE; reset value 0x03 (probe)
	regIntMask   = 3  // Interrupt mask, same layout as regIntSource
	regIntSource = 4  // Interrupt source; write 0 to clear
	regDAACtrl1  = 5  // DAA Control 1: OH, RDT, ONHM, RDTP, RDTN
	regDAACtrl2  = 6  // DAA Control 2: PDL line-side power down
	regDAACtrl3  = 10 // DAA Control 3: DDL digital data loopback
	regRevision  = 11 // System-side revision (3:0) and line-side device id (7:4)
	regLineStat  = 12 // Line-side status: FDT frame lock, LCS loop current
	regLineRev   = 13 // Line-side revision (5:2), bit 6 always 1
	regIntl1     = 16 // International Control 1: OHS, RZ, RT
	regIntl2     = 17 // International Control 2: CALZ, MCAL, CALD, RT2
	regIntl3     = 18 // International Control 3: RFWE
	regRingVal1  = 22 // Ring validation 1: RDLY[1:0], RMX
	regRingVal2  = 23 // Ring validation 2: RDLY[2], RTO, RCC
	regRingVal3  = 24 // Ring validation 3: RNGV, RAS
	regDCTerm    = 26 // DC termination: DCV, MINI, ILIM, DCR
	regLineVolt  = 29 // Line voltage status LVS: signed, 1 V/LSB
	regACTerm    = 30 // AC termination: ACIM
	regDAACtrl5  = 31 // DAA Control 5: FULL, FOH, OHS2, FILT, LVFD
	regPCMMode   = 33 // PCM/SPI mode: PCML, PCME, PCMF
	regPCMTxLo   = 34 // PCM transmit start count, low byte
	regPCMTxHi   = 35 // PCM transmit start count, bits 9:8
	regPCMRxLo   = 36 // PCM receive start count, low byte
	regPCMRxHi   = 37 // PCM receive start count, bits 9:8
	regTxGain2   = 38 // TX gain 2 (whole dB)
	regRxGain2   = 39 // RX gain 2
	regTxGain3   = 40 // TX gain 3 (tenths of dB)
	regRxGain3   = 41 // RX gain 3
)

// Bits and values.
const (
	probeCtrl2 = 0x03 // reg 2 after reset: the DAA's identity check

	ctrl1SoftReset = 0x80 // reg 1 SR

	ctrl2INTE = 0x80 // reg 2: interrupt pin enabled
	ctrl2RDI  = 0x04 // reg 2: ring interrupt at start and end of a burst

	intRDTI = 0x80 // reg 3/4: ring detected
	intDODI = 0x08 // reg 3/4: line-side supply drop-out
	intPOLI = 0x01 // reg 3/4: polarity reversal

	daaOH   = 0x01 // reg 5: off hook
	daaRDT  = 0x04 // reg 5: ring detected (slow to clear)
	daaONHM = 0x08 // reg 5: on-hook line monitor (caller ID audio while on hook)
	daaRDTP = 0x20 // reg 5: positive ring phase
	daaRDTN = 0x40 // reg 5: negative ring phase
	// daaReserved are reg 5 bits that always read 0: a read with any of them set means
	// the chip is not answering (a floating data line reads 0xFF).
	daaReserved = 0x92
	// daaSupervise masks the bits compared against the wanted hook state (DL-24xxp).
	daaSupervise = 0x9B

	pdl = 0x10 // reg 6: line side powered down

	ddl = 0x01 // reg 10: digital data loopback

	lineFDT     = 0x40 // reg 12: frame lock across the isolation barrier
	lineLCSMask = 0x1F // reg 12: loop current, 3.3 mA per LSB
	lcsOverload = 0x1F // reg 12: loop current overload

	pcmPCML   = 0x80 // reg 33: PCM loopback
	pcmPCME   = 0x20 // reg 33: PCM enabled
	pcmALaw   = 0x00 // reg 33 PCMF: A-law
	pcmULaw   = 0x08 // reg 33 PCMF: μ-law
	pcmLinear = 0x18 // reg 33 PCMF: 16-bit linear

	ctrl5Base = 0xA3 // reg 31: FULL, FOH 128 ms, FILT 200 Hz, LVFD (DL-wctdm)
	ctrl5OHS2 = 0x08 // reg 31: OHS2

	ringVal3Default = 0x19 // reg 24: RAS default, no hardware ring validation (DL-wctdm)
)

// cidByte encodes a daisy-chain channel (0..31) into the control byte's CID field, bit-reversed
// as SL-api does for this chip family (ch bit 0 → 0x10 ... bit 4 → 0x01) [unv, hardware.md §2.3].
func cidByte(ch int) byte {
	var c byte
	for i := 0; i < 5; i++ {
		if ch&(1<<i) != 0 {
			c |= 0x10 >> i
		}
	}
	return c
}

// Control bytes of the DAA framing (hardware.md §2.3).
const (
	ctlWrite = 0x20
	ctlRead  = 0x60
)
