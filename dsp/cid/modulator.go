package cid

import (
	"math"
	"time"

	"github.com/analogpbx/pbx/dsp"
	"github.com/analogpbx/pbx/dsp/dtmf"
	"github.com/analogpbx/pbx/dsp/tone"
)

// Modem constants (hardware.md §6.2, §6.3).
const (
	// Baud is the FSK bit rate in bit/s.
	Baud = 1200
	// FSKLevel is the level of the FSK signal in dBm0 (GR-30: -13.5 dBm).
	FSKLevel = -13.0
	// DTMFLevel is the level of each tone of DTMF caller ID in dBm0.
	DTMFLevel = -10.0
	// SeizureBits is the length of the channel seizure (alternating 0 and 1).
	SeizureBits = 300
	// MarkBits is the length of the mark (1) run before the message.
	MarkBits = 180
	// TrailBits is the number of mark bits sent after the checksum.
	TrailBits = 5
	// DTMFOn and DTMFOff time each key of DTMF caller ID.
	DTMFOn, DTMFOff = 70 * time.Millisecond, 70 * time.Millisecond
)

// Freqs returns the mark (1) and space (0) frequencies in Hz of an FSK standard
// (Bell 202: 1200/2200; V.23: 1300/2100). DTMFCID has none: 0, 0.
func Freqs(std tone.CIDStandard) (mark, space float64) {
	switch std {
	case tone.Bell202:
		return 1200, 2200
	case tone.V23:
		return 1300, 2100
	}
	return 0, 0
}

// Modulator turns a caller ID message into audio: for FSK, channel seizure, marks and
// the framed bytes; for DTMF caller ID, A<number>C. Read allocates nothing.
type Modulator struct {
	msg         []byte
	bits        int // total FSK bits
	n           int // samples produced
	total       int // total samples
	phase       float64
	wMark, wSpc float64
	amp         float64
	keys        *dtmf.Generator
	done        bool
}

// NewModulator prepares msg (an SDMF or MDMF message with its checksum, as EncodeSDMF
// and EncodeMDMF make) for sending with std. For DTMFCID, msg may also be the number
// itself; a withheld number is sent as B10C (private) or B00C (unavailable).
func NewModulator(std tone.CIDStandard, msg []byte) *Modulator {
	m := &Modulator{msg: append([]byte(nil), msg...)}
	if std == tone.DTMFCID {
		m.keys = dtmf.NewGenerator(DTMFLevel)
		m.keys.Dial(dtmfString(msg), DTMFOn, DTMFOff)
		return m
	}
	mark, space := Freqs(std)
	m.wMark, m.wSpc = 2*math.Pi*mark/dsp.SampleRate, 2*math.Pi*space/dsp.SampleRate
	m.amp = dsp.Amplitude(FSKLevel)
	m.bits = SeizureBits + MarkBits + 10*len(msg) + TrailBits
	m.total = (m.bits*dsp.SampleRate + Baud - 1) / Baud
	return m
}

// dtmfString turns a message into the keys of DTMF caller ID.
func dtmfString(msg []byte) string {
	num := string(msg)
	if m, err := Decode(msg); err == nil {
		switch {
		case m.Number != "":
			num = m.Number
		case m.NumberAbsent == Private:
			return "B10C"
		default:
			return "B00C"
		}
	}
	keys := []byte{'A'}
	for i := 0; i < len(num); i++ {
		if c := num[i]; c >= '0' && c <= '9' {
			keys = append(keys, c)
		}
	}
	return string(append(keys, 'C'))
}

// bit returns FSK bit i of the transmission.
func (m *Modulator) bit(i int) bool {
	switch {
	case i < SeizureBits:
		return i%2 == 1
	case i < SeizureBits+MarkBits:
		return true
	}
	i -= SeizureBits + MarkBits
	if i >= 10*len(m.msg) {
		return true
	}
	b, k := m.msg[i/10], i%10
	switch k {
	case 0:
		return false // start bit
	case 9:
		return true // stop bit
	}
	return b>>(k-1)&1 == 1
}

// Read fills dst with the next samples and reports done once the whole transmission
// has been produced (the rest of dst is then silence).
func (m *Modulator) Read(dst []int16) (done bool) {
	if m.keys != nil {
		m.keys.Read(dst)
		return !m.keys.Busy()
	}
	for i := range dst {
		if m.n >= m.total {
			clear(dst[i:])
			return true
		}
		w := m.wSpc
		if m.bit(m.n * Baud / dsp.SampleRate) {
			w = m.wMark
		}
		m.phase += w
		if m.phase > 2*math.Pi {
			m.phase -= 2 * math.Pi
		}
		dst[i] = dsp.Clamp16(m.amp * math.Sin(m.phase))
		m.n++
	}
	return m.n >= m.total
}
