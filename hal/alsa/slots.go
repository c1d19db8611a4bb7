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

// StartCount returns the PCM start count (PCLK cycles from FSYNC to the slot's first bit) that a
// chip on slot s must be given: 16 × s, the channel's bit offset in the 32-bit frame.
func StartCount(s int) int { return 16 * s }

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
