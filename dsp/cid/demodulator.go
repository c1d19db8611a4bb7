package cid

import (
	"math"

	"github.com/analogpbx/pbx/dsp"
	"github.com/analogpbx/pbx/dsp/dtmf"
	"github.com/analogpbx/pbx/dsp/tone"
)

// Demodulator constants.
const (
	firTaps     = 17
	firCutoff   = 1100.0 // Hz, lowpass of the complex baseband
	smoothLen   = 4      // samples of discriminator averaging
	carrierDBm0 = -45.0  // weakest FSK signal accepted
	maxMsg      = 258    // longest message: type, length, 255 body bytes, checksum
)

// Demodulator recovers a caller ID message from audio: FSK (Bell 202, V.23) through a
// complex-baseband frequency discriminator and a UART that resynchronises on every
// start bit; or DTMF caller ID through a DTMF receiver. Feed allocates nothing (except
// once, when a DTMF message completes). Not safe for concurrent use.
type Demodulator struct {
	std tone.CIDStandard

	// FSK front end
	rot, step complex128 // mixer phasor and its per-sample rotation
	fir       [firTaps]float64
	hist      [firTaps]complex128
	hpos      int
	prevZ     complex128
	smooth    [smoothLen]float64
	spos      int
	ssum      float64
	power     float64 // smoothed baseband power
	minPower  float64
	sign      float64 // +1 when mark is below the centre frequency

	// UART
	last    bool // previous sliced bit
	inByte  bool
	t       float64 // samples since the start edge
	nextBit int     // next bit to sample (0 = start bit)
	cur     byte
	spb     float64 // samples per bit

	buf  [maxMsg * 2]byte
	nbuf int
	msg  [maxMsg]byte
	nmsg int
	ok   bool

	// DTMF caller ID
	det   *dtmf.Detector
	keys  [40]byte
	nkeys int
	out   []byte
}

// NewDemodulator returns a demodulator for std.
func NewDemodulator(std tone.CIDStandard) *Demodulator {
	d := &Demodulator{std: std}
	if std == tone.DTMFCID {
		d.det = dtmf.NewDetector()
		return d
	}
	mark, space := Freqs(std)
	centre := (mark + space) / 2
	w := 2 * math.Pi * centre / dsp.SampleRate
	d.step = complex(math.Cos(w), -math.Sin(w))
	d.sign = 1
	if mark > space {
		d.sign = -1
	}
	// Windowed-sinc (Hamming) lowpass.
	var sum float64
	for i := range firTaps {
		x := float64(i - firTaps/2)
		h := 2 * firCutoff / dsp.SampleRate
		if x != 0 {
			h = math.Sin(2*math.Pi*firCutoff/dsp.SampleRate*x) / (math.Pi * x)
		}
		h *= 0.54 - 0.46*math.Cos(2*math.Pi*float64(i)/(firTaps-1))
		d.fir[i] = h
		sum += h
	}
	for i := range d.fir {
		d.fir[i] /= sum
	}
	// Baseband power of a sine at carrierDBm0 is A²/4.
	a := dsp.Amplitude(carrierDBm0)
	d.minPower = a * a / 4
	d.spb = float64(dsp.SampleRate) / Baud
	d.Reset()
	return d
}

// Reset forgets everything heard, including a message already found.
func (d *Demodulator) Reset() {
	d.rot, d.hist, d.hpos, d.prevZ = 1, [firTaps]complex128{}, 0, 0
	d.smooth, d.spos, d.ssum, d.power = [smoothLen]float64{}, 0, 0, 0
	d.last, d.inByte, d.t, d.nextBit, d.cur = true, false, 0, 0, 0
	d.nbuf, d.nmsg, d.ok = 0, 0, false
	d.nkeys, d.out = 0, nil
	if d.det != nil {
		d.det.Reset()
	}
}

// Message returns the first complete message with a good checksum (type, length, body,
// checksum; for DTMF caller ID an MDMF message made from the keys), and whether there
// is one. The slice stays valid until Reset.
func (d *Demodulator) Message() ([]byte, bool) {
	if d.std == tone.DTMFCID {
		return d.out, d.out != nil
	}
	return d.msg[:d.nmsg], d.ok
}

// Feed demodulates the next frame of samples (any length).
func (d *Demodulator) Feed(frame []int16) {
	if d.ok || d.out != nil {
		return
	}
	if d.det != nil {
		d.feedDTMF(frame)
		return
	}
	for _, s := range frame {
		d.sample(float64(s))
	}
	// Keep the mixer phasor on the unit circle.
	if r := math.Hypot(real(d.rot), imag(d.rot)); r > 0 {
		d.rot /= complex(r, 0)
	}
}

func (d *Demodulator) sample(x float64) {
	d.hist[d.hpos] = complex(x, 0) * d.rot
	d.rot *= d.step
	d.hpos = (d.hpos + 1) % firTaps
	var z complex128
	for i, h := range d.fir {
		z += d.hist[(d.hpos+i)%firTaps] * complex(h, 0)
	}
	p := real(z)*real(z) + imag(z)*imag(z)
	d.power += (p - d.power) / 32
	// Discriminator: sine of the phase advance, normalised.
	q := real(d.prevZ)*real(z) + imag(d.prevZ)*imag(z)
	c := real(d.prevZ)*imag(z) - imag(d.prevZ)*real(z)
	_ = q
	disc := 0.0
	if p > 0 {
		disc = c / (p + 1e-9)
	}
	d.prevZ = z
	d.ssum += disc - d.smooth[d.spos]
	d.smooth[d.spos] = disc
	d.spos = (d.spos + 1) % smoothLen
	if d.power < d.minPower {
		d.inByte, d.last = false, true
		return
	}
	// A positive advance is above the centre: space for Bell 202 and V.23.
	bit := d.ssum*d.sign < 0
	d.uart(bit)
}

// uart frames bits: a 1→0 edge starts a byte; bits are sampled at their centres.
func (d *Demodulator) uart(bit bool) {
	if !d.inByte {
		if d.last && !bit {
			d.inByte, d.t, d.nextBit, d.cur = true, 0, 0, 0
		}
		d.last = bit
		return
	}
	d.t++
	d.last = bit
	centre := (float64(d.nextBit) + 0.5) * d.spb
	if d.t < centre {
		return
	}
	switch {
	case d.nextBit == 0:
		if bit { // a glitch, not a start bit
			d.inByte = false
			return
		}
	case d.nextBit <= 8:
		if bit {
			d.cur |= 1 << (d.nextBit - 1)
		}
	default:
		d.inByte = false
		if bit {
			d.byteIn(d.cur)
		}
		return
	}
	d.nextBit++
}

// isType reports whether b can begin a message.
func isType(b byte) bool {
	switch b {
	case TypeSDMF, TypeSDMFMWI, TypeMDMF, TypeMDMFMWI, 0x86, 0x89:
		return true
	}
	return false
}

// byteIn appends a received byte and looks for a complete message ending with it.
func (d *Demodulator) byteIn(b byte) {
	if d.nbuf == len(d.buf) {
		n := copy(d.buf[:], d.buf[len(d.buf)-maxMsg:])
		d.nbuf = n
	}
	d.buf[d.nbuf] = b
	d.nbuf++
	for s := 0; s+3 <= d.nbuf; s++ {
		if !isType(d.buf[s]) || d.nbuf-s != int(d.buf[s+1])+3 {
			continue
		}
		m := d.buf[s:d.nbuf]
		if checksum(m[:len(m)-1]) == m[len(m)-1] {
			d.nmsg = copy(d.msg[:], m)
			d.ok = true
			return
		}
	}
}

// feedDTMF collects keys: A (or D) starts a number, B a reason code; C or # ends it.
func (d *Demodulator) feedDTMF(frame []int16) {
	k, ok := d.det.Process(frame)
	if !ok {
		return
	}
	if k == 'A' || k == 'B' || k == 'D' {
		d.keys[0], d.nkeys = k, 1
		return
	}
	if d.nkeys == 0 {
		return
	}
	if k != 'C' && k != '#' {
		if d.nkeys < len(d.keys) {
			d.keys[d.nkeys] = k
			d.nkeys++
		}
		return
	}
	body := string(d.keys[1:d.nkeys])
	m := Message{MWI: -1}
	if d.keys[0] == 'B' {
		m.NumberAbsent = Unavailable
		if len(body) > 0 && body[0] == '1' {
			m.NumberAbsent = Private
		}
	} else {
		m.Number = body
	}
	d.nkeys = 0
	d.out = EncodeMDMF(m)
}
