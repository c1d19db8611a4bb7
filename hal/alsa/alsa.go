package alsa

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	"github.com/analogpbx/pbx/hal"
	galsa "github.com/gen2brain/alsa"
)

// Opts configures Open.
type Opts struct {
	// Card and Device select the ALSA hardware PCM (hw:Card,Device).
	Card, Device uint
	// Channels is the number of voice ports carried, 1..2 (hal timeslots 0..Channels-1).
	Channels int
	// Periods is the length of the kernel ring buffer in 10 ms periods, 2..16 (default 4).
	Periods int
	// Decode expands one frame of G.711 bytes (the board's law) to linear samples, for slots
	// in Linear16 format.
	Decode func(dst []int16, src []byte)
	// Encode compresses one frame of linear samples to G.711 bytes, for Linear16 slots.
	Encode func(dst []byte, src []int16)
}

// SlotFormat is how the chip on a slot fills its 16-bit ALSA channel.
type SlotFormat uint8

const (
	// Linear16: the chip sends and takes 16-bit linear samples; Transfer compands with the codec.
	Linear16 SlotFormat = iota
	// Companded8: the chip runs 8-bit G.711 at the start of the channel, which lands in the
	// sample's high byte (MSB first on the wire); the low byte is ignored. No companding here.
	Companded8
)

// DefaultOpts is hw:0,0 with the two channels the Pi's PCM block carries; the caller adds the codec.
var DefaultOpts = Opts{Channels: 2, Periods: 4}

// MaxChannels is the number of voice ports this path is known to carry (hardware.md §8).
const MaxChannels = 2

// primePeriods is how many periods of silence playback starts (and restarts) with.
const primePeriods = 2

// PCM is the voice path over one ALSA capture and one playback stream. It implements hal.PCM:
// Transfer blocks until the next period has been captured, which paces the frame loop.
// One goroutine (the frame loop) calls Transfer.
type PCM struct {
	o       Opts
	in, out *galsa.PCM
	ibuf    []int16 // interleaved capture period
	obuf    []int16 // interleaved playback period
	iany    any     // ibuf and obuf as interfaces, converted once (no allocation per frame)
	oany    any
	zeroAny any
	lin     [hal.FrameSamples]int16
	formats [MaxChannels]SlotFormat
	xruns   int
}

var _ hal.PCM = (*PCM)(nil)

// ErrNoSound means the machine has no ALSA sound devices (no /dev/snd).
var ErrNoSound = errors.New("alsa: no sound devices (/dev/snd missing)")

// Open opens and starts the capture and playback streams of hw:Card,Device at 8 kHz, S16_LE,
// Channels interleaved, 80-sample periods. They keep running until Close.
func Open(o *Opts) (*PCM, error) {
	if o == nil {
		o = &DefaultOpts
	}
	switch {
	case o.Channels < 1 || o.Channels > MaxChannels:
		return nil, fmt.Errorf("alsa: %d channels, this path carries 1..%d", o.Channels, MaxChannels)
	case o.Encode == nil || o.Decode == nil:
		return nil, errors.New("alsa: no codec (Opts.Encode and Opts.Decode)")
	}
	periods := o.Periods
	if periods == 0 {
		periods = 4
	}
	if periods < 2 || periods > 16 {
		return nil, fmt.Errorf("alsa: %d periods, want 2..16", periods)
	}
	if _, err := os.Stat("/dev/snd"); err != nil {
		return nil, ErrNoSound
	}
	p := &PCM{o: *o}
	p.o.Periods = periods
	n := hal.FrameSamples * o.Channels
	p.ibuf, p.obuf = make([]int16, n), make([]int16, n)
	p.iany, p.oany, p.zeroAny = p.ibuf, p.obuf, make([]int16, n)
	cfg := galsa.Config{
		Channels:    uint32(o.Channels),
		Rate:        hal.SampleRate,
		Format:      galsa.SNDRV_PCM_FORMAT_S16_LE,
		PeriodSize:  hal.FrameSamples,
		PeriodCount: uint32(periods),
	}
	var err error
	if p.in, err = galsa.PcmOpen(o.Card, o.Device, galsa.PCM_IN|galsa.PCM_NORESTART, &cfg); err != nil {
		return nil, fmt.Errorf("alsa: open capture hw:%d,%d: %w", o.Card, o.Device, err)
	}
	if p.out, err = galsa.PcmOpen(o.Card, o.Device, galsa.PCM_OUT|galsa.PCM_NORESTART, &cfg); err != nil {
		p.in.Close()
		return nil, fmt.Errorf("alsa: open playback hw:%d,%d: %w", o.Card, o.Device, err)
	}
	if err := p.start(); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

// start prepares both streams, primes playback with silence and starts capture.
func (p *PCM) start() error {
	if err := p.out.Prepare(); err != nil {
		return fmt.Errorf("alsa: prepare playback: %w", err)
	}
	if err := p.in.Prepare(); err != nil {
		return fmt.Errorf("alsa: prepare capture: %w", err)
	}
	for range primePeriods {
		if _, err := p.out.Write(p.zeroAny); err != nil {
			return fmt.Errorf("alsa: prime playback: %w", err)
		}
	}
	if err := p.out.Start(); err != nil {
		return fmt.Errorf("alsa: start playback: %w", err)
	}
	if err := p.in.Start(); err != nil {
		return fmt.Errorf("alsa: start capture: %w", err)
	}
	return nil
}

// SetFormat says how the chip on timeslot slot (an even slot below Slots) uses its channel;
// Linear16 until set. The board sets it once it knows which chip answered at each position.
func (p *PCM) SetFormat(slot int, f SlotFormat) error {
	c, ok := Channel(slot)
	if !ok || c >= p.o.Channels || f > Companded8 {
		return fmt.Errorf("alsa: slot %d format %d out of range", slot, f)
	}
	p.formats[c] = f
	return nil
}

// Slots returns the number of 8-bit timeslots of the frame: two per channel (SlotsPerChannel).
// Only the even ones carry a port; the odd ones read idle and what is written to them is lost.
func (p *PCM) Slots() int { return p.o.Channels * SlotsPerChannel }

// Xruns returns the number of overruns and underruns recovered so far (each is a gap in the audio).
func (p *PCM) Xruns() int { return p.xruns }

// Transfer writes one period of tx (G.711, one slice per 8-bit timeslot) to playback and reads
// one period of capture into rx, blocking until it is there: slot 2c travels on ALSA channel c.
// An XRUN is recovered (streams re-prepared, playback primed) and the period counts as silence.
func (p *PCM) Transfer(tx, rx [][]byte) error {
	if n := p.Slots(); len(tx) != n || len(rx) != n {
		return fmt.Errorf("alsa: transfer of %d/%d slots, path has %d", len(tx), len(rx), n)
	}
	for c := range p.o.Channels {
		b := tx[c*SlotsPerChannel]
		if p.formats[c] == Companded8 {
			packHigh(p.lin[:], b)
		} else {
			p.o.Decode(p.lin[:], b)
		}
		interleave(p.obuf, p.lin[:], c, p.o.Channels)
	}
	_, werr := p.out.Write(p.oany)
	_, rerr := p.in.Read(p.iany)
	if werr != nil || rerr != nil {
		if !isXrun(werr) && !isXrun(rerr) {
			return fmt.Errorf("alsa: transfer: %w", errors.Join(werr, rerr))
		}
		p.xruns++
		if err := p.start(); err != nil {
			return fmt.Errorf("alsa: xrun recovery: %w", err)
		}
		clear(p.ibuf)
	}
	for c := range p.o.Channels {
		b := rx[c*SlotsPerChannel]
		deinterleave(p.lin[:], p.ibuf, c, p.o.Channels)
		if p.formats[c] == Companded8 {
			unpackHigh(b, p.lin[:])
		} else {
			p.o.Encode(b, p.lin[:])
		}
		for s := 1; s < SlotsPerChannel; s++ {
			idle(rx[c*SlotsPerChannel+s])
		}
	}
	return nil
}

// isXrun reports an overrun or underrun (EPIPE) or a suspended stream (ESTRPIPE).
func isXrun(err error) bool {
	return err != nil && (errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ESTRPIPE))
}

// Close stops and closes both streams. The chips lose their clock: halt them first.
func (p *PCM) Close() error {
	var errs []error
	for _, s := range []*galsa.PCM{p.out, p.in} {
		if s != nil {
			if err := s.Close(); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("alsa: close: %w", err)
	}
	return nil
}
