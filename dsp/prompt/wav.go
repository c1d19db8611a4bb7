package prompt

import (
	"encoding/binary"
	"fmt"
	"io"
	"os"

	"github.com/analogpbx/pbx/dsp"
	"github.com/analogpbx/pbx/dsp/codec"
)

// Limits on what ReadWAV accepts.
const (
	// MaxBytes is the largest file read (a 10-minute 48 kHz 16-bit stereo file fits).
	MaxBytes = 128 << 20
	// MaxSeconds is the longest prompt, in seconds of audio.
	MaxSeconds = 600
	// MinRate and MaxRate bound the sample rates that are resampled to 8 kHz.
	MinRate, MaxRate = 4000, 192000
)

// WAV format tags.
const (
	fmtPCM        = 1
	fmtALaw       = 6
	fmtULaw       = 7
	fmtExtensible = 0xFFFE
)

// Load reads the WAV file at path and returns its audio as 8 kHz linear samples.
func Load(path string) ([]int16, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("prompt: %w", err)
	}
	defer f.Close()
	return ReadWAV(f, path)
}

// ReadWAV reads a WAV file from r and returns its audio as 8 kHz linear samples. name
// (usually the file's path) prefixes every error.
func ReadWAV(r io.Reader, name string) ([]int16, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("prompt %s: read: %w", name, err)
	}
	if len(b) > MaxBytes {
		return nil, fmt.Errorf("prompt %s: file larger than %d MiB", name, MaxBytes>>20)
	}
	return ParseWAV(b, name)
}

// format is the content of a fmt chunk.
type format struct {
	tag      uint16
	channels int
	rate     int
	align    int
	bits     int
}

// ParseWAV decodes the bytes of a WAV file (see ReadWAV).
func ParseWAV(b []byte, name string) ([]int16, error) {
	if len(b) < 12 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		if len(b) < 12 && len(b) > 0 && string(b[:min(4, len(b))]) == "RIFF"[:min(4, len(b))] {
			return nil, fmt.Errorf("prompt %s: truncated: %d bytes, no complete RIFF/WAVE header", name, len(b))
		}
		return nil, fmt.Errorf("prompt %s: not a WAV file (no RIFF/WAVE header)", name)
	}
	var f *format
	rest := b[12:]
	for len(rest) > 0 {
		if len(rest) < 8 {
			return nil, fmt.Errorf("prompt %s: truncated: %d stray bytes where a chunk header should be", name, len(rest))
		}
		id, size := string(rest[0:4]), int64(binary.LittleEndian.Uint32(rest[4:8]))
		rest = rest[8:]
		if id == "data" {
			if f == nil {
				return nil, fmt.Errorf("prompt %s: data chunk before the fmt chunk", name)
			}
			data := rest
			switch {
			case size == 0 || size == 0xFFFFFFFF:
				// streamed file: the data runs to the end
			case size > int64(len(rest)):
				return nil, fmt.Errorf("prompt %s: truncated: data chunk claims %d bytes, %d present", name, size, len(rest))
			default:
				data = rest[:size]
			}
			return decode(f, data, name)
		}
		if size > int64(len(rest)) {
			return nil, fmt.Errorf("prompt %s: truncated: %q chunk claims %d bytes, %d present", name, id, size, len(rest))
		}
		if id == "fmt " {
			var err error
			if f, err = parseFmt(rest[:size], name); err != nil {
				return nil, err
			}
		}
		skip := size + size&1 // chunks are padded to even length
		if skip > int64(len(rest)) {
			skip = int64(len(rest))
		}
		rest = rest[skip:]
	}
	if f == nil {
		return nil, fmt.Errorf("prompt %s: no fmt chunk", name)
	}
	return nil, fmt.Errorf("prompt %s: no data chunk", name)
}

func parseFmt(c []byte, name string) (*format, error) {
	if len(c) < 16 {
		return nil, fmt.Errorf("prompt %s: fmt chunk of %d bytes, want at least 16", name, len(c))
	}
	f := &format{
		tag:      binary.LittleEndian.Uint16(c[0:2]),
		channels: int(binary.LittleEndian.Uint16(c[2:4])),
		rate:     int(binary.LittleEndian.Uint32(c[4:8])),
		align:    int(binary.LittleEndian.Uint16(c[12:14])),
		bits:     int(binary.LittleEndian.Uint16(c[14:16])),
	}
	if f.tag == fmtExtensible {
		if len(c) < 26 {
			return nil, fmt.Errorf("prompt %s: extensible fmt chunk of %d bytes, want 40", name, len(c))
		}
		f.tag = binary.LittleEndian.Uint16(c[24:26]) // first bytes of the sub-format GUID
	}
	switch f.tag {
	case fmtPCM:
		if f.bits != 8 && f.bits != 16 {
			return nil, fmt.Errorf("prompt %s: unsupported format: %d-bit PCM (want 8 or 16)", name, f.bits)
		}
	case fmtULaw, fmtALaw:
		if f.bits != 8 {
			return nil, fmt.Errorf("prompt %s: unsupported format: %d-bit G.711 (want 8)", name, f.bits)
		}
	default:
		return nil, fmt.Errorf("prompt %s: unsupported format tag %#04x (want PCM, μ-law or A-law)", name, f.tag)
	}
	if f.channels < 1 || f.channels > 2 {
		return nil, fmt.Errorf("prompt %s: unsupported: %d channels (want mono or stereo)", name, f.channels)
	}
	if f.rate < MinRate || f.rate > MaxRate {
		return nil, fmt.Errorf("prompt %s: unsupported sample rate %d Hz (want %d..%d)", name, f.rate, MinRate, MaxRate)
	}
	if want := f.channels * f.bits / 8; f.align != want {
		return nil, fmt.Errorf("prompt %s: block align %d, want %d for %d channels of %d bits", name, f.align, want, f.channels, f.bits)
	}
	return f, nil
}

// decode turns the data chunk into 8 kHz mono linear samples.
func decode(f *format, data []byte, name string) ([]int16, error) {
	frames := len(data) / f.align
	if frames > MaxSeconds*f.rate {
		return nil, fmt.Errorf("prompt %s: %d s of audio, longer than %d s", name, frames/f.rate, MaxSeconds)
	}
	if frames == 0 {
		return nil, fmt.Errorf("prompt %s: no audio in the data chunk", name)
	}
	out := make([]int16, frames)
	bps := f.bits / 8
	var law codec.Law = codec.ULaw
	if f.tag == fmtALaw {
		law = codec.ALaw
	}
	var one [1]int16
	for i := range frames {
		var sum int32
		for ch := range f.channels {
			p := data[i*f.align+ch*bps:]
			var v int16
			switch {
			case f.tag == fmtPCM && bps == 2:
				v = int16(binary.LittleEndian.Uint16(p))
			case f.tag == fmtPCM:
				v = int16(int(p[0])-128) << 8
			default:
				codec.Decode(law, one[:], p[:1])
				v = one[0]
			}
			sum += int32(v)
		}
		out[i] = int16(sum / int32(f.channels))
	}
	if f.rate != dsp.SampleRate {
		var err error
		if out, err = Resample(out, f.rate); err != nil {
			return nil, fmt.Errorf("prompt %s: %w", name, err)
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("prompt %s: %d samples at %d Hz make no sample at 8 kHz", name, frames, f.rate)
		}
	}
	return out, nil
}
