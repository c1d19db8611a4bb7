package sim

// WritePCM takes the host's bytes for this chip (temporary: ignored until package dsp).
func (s *SLIC) WritePCM(b []byte) {}

// ReadPCM fills b with the chip's bytes (temporary: idle).
func (s *SLIC) ReadPCM(b []byte) {
	for i := range b {
		b[i] = 0xFF
	}
}

var _ Chip = (*SLIC)(nil)
