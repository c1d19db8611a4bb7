package cid

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/analogpbx/pbx/dsp/tone"
)

// pcmBytes renders a message's FSK as little-endian samples for the fuzz corpus.
func pcmBytes(std tone.CIDStandard, msg []byte, limit int) []byte {
	m := NewModulator(std, msg)
	f := make([]int16, 80)
	var b []byte
	for !m.Read(f) && len(b) < limit {
		for _, s := range f {
			b = binary.LittleEndian.AppendUint16(b, uint16(s))
		}
	}
	return b
}

// FuzzDemodulator: no input panics; a message found is well formed (its checksum adds
// up and Decode accepts its framing), and feeding the same samples in other frame
// sizes finds the same message.
func FuzzDemodulator(f *testing.F) {
	msg := EncodeMDMF(Message{Number: "801", MWI: -1})
	f.Add(pcmBytes(tone.Bell202, msg, 1<<20), uint8(0), uint8(80))
	f.Add(pcmBytes(tone.V23, EncodeSDMF(Message{Number: "1", MWI: -1}), 1<<20), uint8(1), uint8(33))
	f.Add([]byte{0, 1, 2, 3}, uint8(0), uint8(1))
	f.Fuzz(func(t *testing.T, b []byte, std uint8, size uint8) {
		s := tone.CIDStandard(std % 2)
		pcm := make([]int16, len(b)/2)
		for i := range pcm {
			pcm[i] = int16(binary.LittleEndian.Uint16(b[2*i:]))
		}
		whole := NewDemodulator(s)
		whole.Feed(pcm)
		split := NewDemodulator(s)
		n := int(size%160) + 1
		for i := 0; i < len(pcm); i += n {
			split.Feed(pcm[i:min(i+n, len(pcm))])
		}
		m1, ok1 := whole.Message()
		m2, ok2 := split.Message()
		if ok1 != ok2 || !bytes.Equal(m1, m2) {
			t.Fatalf("whole feed % x (%v), split by %d % x (%v)", m1, ok1, n, m2, ok2)
		}
		if ok1 && checksum(m1[:len(m1)-1]) != m1[len(m1)-1] {
			t.Fatalf("message % x with a bad checksum", m1)
		}
	})
}

// FuzzDecode: no input panics; a decoded caller ID re-encodes to a message that decodes
// to the same fields.
func FuzzDecode(f *testing.F) {
	f.Add(EncodeMDMF(Message{Number: "13800138000", Name: "ZHANG", Time: when, MWI: -1}))
	f.Add(EncodeSDMF(Message{Number: "2125551234", Time: when, MWI: -1}))
	f.Add(EncodeMDMF(Message{MWI: 1}))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Decode(b)
		if err != nil || b[0] != TypeMDMF || len(m.Number) > maxField || len(m.Name) > maxField {
			return
		}
		m2, err := Decode(EncodeMDMF(m))
		if err != nil || m2.Number != m.Number || m2.Name != m.Name {
			t.Fatalf("re-encoded %+v decodes to %+v, %v", m, m2, err)
		}
	})
}
