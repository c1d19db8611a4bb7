package alsa

// interleave writes the frame of slot s (FrameSamples linear samples) into an interleaved
// period of ch channels: sample i of slot s is element i*ch + s.
func interleave(period, frame []int16, s, ch int) {
	for i, v := range frame {
		period[i*ch+s] = v
	}
}

// deinterleave reads the frame of slot s out of an interleaved period of ch channels.
func deinterleave(frame, period []int16, s, ch int) {
	for i := range frame {
		frame[i] = period[i*ch+s]
	}
}

// SlotsPerChannel is the number of 8-bit timeslots in one 16-bit ALSA channel.
const SlotsPerChannel = 2

// Channel returns the ALSA channel that carries timeslot slot: slot 2c is channel c (its 16
// bits start 16 × c PCLK cycles after FSYNC, where a chip with start count 8 × slot sits); odd
// slots are the second halves of channels and carry no port.
func Channel(slot int) (c int, ok bool) {
	if slot < 0 || slot%SlotsPerChannel != 0 {
		return 0, false
	}
	return slot / SlotsPerChannel, true
}

// PortSlot returns the timeslot of the port on ALSA channel c (the one a chip driver is given).
func PortSlot(c int) int { return c * SlotsPerChannel }

// idle fills an unused slot with the idle code.
func idle(b []byte) {
	for i := range b {
		b[i] = 0xFF
	}
}

// packHigh places 8-bit companded bytes in the high byte of each sample (Companded8).
func packHigh(samples []int16, b []byte) {
	for i, v := range b {
		samples[i] = int16(uint16(v) << 8)
	}
}

// unpackHigh takes the companded byte from the high byte of each sample (Companded8).
func unpackHigh(b []byte, samples []int16) {
	for i, v := range samples {
		b[i] = byte(uint16(v) >> 8)
	}
}
