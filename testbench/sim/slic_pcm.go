package sim

import "github.com/analogpbx/pbx/dsp/codec"

// law is the companding law programmed in reg 1 bits 4:3 (00 A-law, 01 μ-law), and
// whether PCM is enabled and in a format the model carries.
func (s *SLIC) law() (codec.Law, bool) {
	if s.reg[1]&0x20 == 0 {
		return codec.ULaw, false
	}
	switch s.reg[1] >> 3 & 3 {
	case 0:
		return codec.ALaw, true
	case 1:
		return codec.ULaw, true
	}
	return codec.ULaw, false
}

// WritePCM takes the 80 bytes the host sent in the chip's RX slot and decodes them with
// the programmed law for the phone.
func (s *SLIC) WritePCM(b []byte) {
	law, ok := s.law()
	if !ok || s.dead {
		clear(s.rx[:])
		return
	}
	codec.Decode(law, s.rx[:], b)
}

// ReadPCM fills b with the phone's audio encoded in the programmed law (idle when PCM is
// off or the chip is dead).
func (s *SLIC) ReadPCM(b []byte) {
	law, ok := s.law()
	if !ok || s.dead {
		for i := range b {
			b[i] = 0xFF
		}
		return
	}
	codec.Encode(law, b, s.tx[:])
}

var _ Chip = (*SLIC)(nil)
