package prompt

import (
	"encoding/binary"
	"fmt"
	"io"

	"github.com/analogpbx/pbx/dsp"
	"github.com/analogpbx/pbx/dsp/codec"
)

// Encoding is the sample format WriteWAV uses.
type Encoding uint8

const (
	// PCM16 is 16-bit linear PCM.
	PCM16 Encoding = iota
	// ULaw is 8-bit G.711 μ-law.
	ULaw
	// ALaw is 8-bit G.711 A-law.
	ALaw
)

// EncodeWAV returns a mono 8 kHz WAV file of samples in enc (for recordings and tests).
func EncodeWAV(samples []int16, enc Encoding) []byte {
	tag, bits := uint16(fmtPCM), 16
	switch enc {
	case ULaw:
		tag, bits = fmtULaw, 8
	case ALaw:
		tag, bits = fmtALaw, 8
	}
	dataLen := len(samples) * bits / 8
	b := make([]byte, 0, 44+dataLen+1)
	le := binary.LittleEndian
	b = append(b, "RIFF"...)
	b = le.AppendUint32(b, uint32(36+dataLen+dataLen&1))
	b = append(b, "WAVEfmt "...)
	b = le.AppendUint32(b, 16)
	b = le.AppendUint16(b, tag)
	b = le.AppendUint16(b, 1)
	b = le.AppendUint32(b, dsp.SampleRate)
	b = le.AppendUint32(b, uint32(dsp.SampleRate*bits/8))
	b = le.AppendUint16(b, uint16(bits/8))
	b = le.AppendUint16(b, uint16(bits))
	b = append(b, "data"...)
	b = le.AppendUint32(b, uint32(dataLen))
	switch enc {
	case ULaw, ALaw:
		law := codec.ULaw
		if enc == ALaw {
			law = codec.ALaw
		}
		start := len(b)
		b = b[:start+len(samples)]
		codec.Encode(law, b[start:], samples)
	default:
		for _, s := range samples {
			b = le.AppendUint16(b, uint16(s))
		}
	}
	if dataLen&1 == 1 {
		b = append(b, 0)
	}
	return b
}

// WriteWAV writes samples to w as a mono 8 kHz WAV file in enc.
func WriteWAV(w io.Writer, samples []int16, enc Encoding) error {
	if _, err := w.Write(EncodeWAV(samples, enc)); err != nil {
		return fmt.Errorf("prompt: write wav: %w", err)
	}
	return nil
}
