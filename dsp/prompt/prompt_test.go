package prompt

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/analogpbx/pbx/dsp"
	"github.com/analogpbx/pbx/dsp/internal/testsig"
)

var prompts = os.DirFS("../../prompts")

func TestDefaultSetComplete(t *testing.T) {
	for _, lang := range []string{English, Mandarin} {
		s := NewSet(prompts, lang)
		names := append([]string{}, Prompts...)
		for d := range 10 {
			names = append(names, strconv.Itoa(d))
		}
		for _, n := range names {
			t.Run(lang+"/"+n, func(t *testing.T) {
				a, err := s.Get(n)
				if err != nil {
					t.Fatal(err)
				}
				secs := float64(len(a)) / dsp.SampleRate
				lvl := dsp.Level(a)
				if secs < 0.1 || secs > 15 || lvl < -40 || lvl > -5 {
					t.Errorf("%.2f s at %.1f dBm0: want 0.1..15 s, -40..-5 dBm0", secs, lvl)
				}
			})
		}
	}
}

func TestAnnouncements(t *testing.T) {
	tests := []struct {
		lang string
		got  []string
		want []string
	}{
		{English, Agent("801"), []string{"agent", "8", "0", "1", "at-your-service"}},
		{English, Queue(English, 3), []string{"you-are-number", "3", "in-the-queue"}},
		{English, Queue(English, 12), []string{"you-are-number", "1", "2", "in-the-queue"}},
		{Mandarin, Queue(Mandarin, 3), []string{"you-are-number", "3", "in-the-queue"}},
		{Mandarin, Queue(Mandarin, 12), []string{"you-are-number", "ten", "2", "in-the-queue"}},
		{Mandarin, Queue(Mandarin, 40), []string{"you-are-number", "4", "ten", "in-the-queue"}},
		{Mandarin, Agent("801"), []string{"agent", "8", "0", "1", "at-your-service"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.want, " "), func(t *testing.T) {
			if !slices.Equal(tt.got, tt.want) {
				t.Fatalf("clips %q, want %q", tt.got, tt.want)
			}
			a, err := NewSet(prompts, tt.lang).Concat(tt.got...)
			if err != nil || len(a) < dsp.SampleRate {
				t.Errorf("Concat: %d samples, %v", len(a), err)
			}
		})
	}
	if _, err := NewSet(prompts, English).Get("no-such"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing prompt: %v, want ErrNotFound", err)
	}
	if _, err := NewSet(prompts, English).Get("../en/welcome"); !errors.Is(err, ErrNotFound) {
		t.Errorf("path outside the set: %v, want ErrNotFound", err)
	}
}

// wav builds a PCM WAV with any rate, channels and bits (8/16) from mono samples.
func wav(samples []int16, rate, channels, bits int, tag uint16) []byte {
	le := binary.LittleEndian
	var data []byte
	for _, s := range samples {
		for range channels {
			if bits == 8 {
				data = append(data, byte(int(s>>8)+128))
			} else {
				data = le.AppendUint16(data, uint16(s))
			}
		}
	}
	b := []byte("RIFF")
	b = le.AppendUint32(b, uint32(36+len(data)))
	b = append(b, "WAVEfmt "...)
	b = le.AppendUint32(b, 16)
	b = le.AppendUint16(b, tag)
	b = le.AppendUint16(b, uint16(channels))
	b = le.AppendUint32(b, uint32(rate))
	b = le.AppendUint32(b, uint32(rate*channels*bits/8))
	b = le.AppendUint16(b, uint16(channels*bits/8))
	b = le.AppendUint16(b, uint16(bits))
	b = append(b, "LIST"...) // an extra chunk to skip
	b = le.AppendUint32(b, 3)
	b = append(b, 'a', 'b', 'c', 0)
	b = append(b, "data"...)
	b = le.AppendUint32(b, uint32(len(data)))
	return append(b, data...)
}

func tone(rate int, hz, level float64, secs float64) []int16 {
	n := int(secs * float64(rate))
	a := dsp.Amplitude(level)
	out := make([]int16, n)
	for i := range out {
		out[i] = dsp.Clamp16(a * math.Sin(2*math.Pi*hz*float64(i)/float64(rate)))
	}
	return out
}

func TestResampledFormats(t *testing.T) {
	for _, tt := range []struct {
		rate, channels, bits int
	}{
		{8000, 1, 16}, {11025, 1, 16}, {16000, 2, 16}, {22050, 1, 8}, {32000, 1, 16}, {44100, 2, 16}, {48000, 1, 16}, {6000, 1, 16},
	} {
		t.Run(strconv.Itoa(tt.rate)+"Hz/"+strconv.Itoa(tt.channels)+"ch/"+strconv.Itoa(tt.bits)+"bit", func(t *testing.T) {
			in := tone(tt.rate, 1000, -10, 1)
			if tt.rate > 12000 {
				// a 5 kHz component that must not alias into the telephone band
				hi := tone(tt.rate, 5000, -10, 1)
				for i := range in {
					in[i] = dsp.Clamp16(float64(in[i]) + float64(hi[i]))
				}
			}
			got, err := ParseWAV(wav(in, tt.rate, tt.channels, tt.bits, 1), "t.wav")
			if err != nil {
				t.Fatal(err)
			}
			if d := len(got) - dsp.SampleRate; d < -2 || d > 2 {
				t.Errorf("%d samples, want 8000", len(got))
			}
			mid := got[1000:7000]
			if p := dsp.MeanSquareDBm0(dsp.Power(mid, 1000)); math.Abs(p+10) > 0.6 {
				t.Errorf("1 kHz at %.2f dBm0, want -10", p)
			}
			if p := dsp.MeanSquareDBm0(dsp.Power(mid, 3000)); p > -50 {
				t.Errorf("alias of 5 kHz at 3 kHz: %.1f dBm0", p)
			}
		})
	}
}

func TestG711Files(t *testing.T) {
	in := testsig.Speech(1, -20, 1)
	for _, enc := range []Encoding{PCM16, ULaw, ALaw} {
		got, err := ParseWAV(EncodeWAV(in, enc), "x.wav")
		if err != nil || len(got) != len(in) {
			t.Fatalf("encoding %d: %d samples, %v", enc, len(got), err)
		}
		if enc == PCM16 && !slices.Equal(got, in) {
			t.Error("PCM16 round trip differs")
		}
	}
}

func TestBadFiles(t *testing.T) {
	good := EncodeWAV(testsig.Tone(800, 1000, -10), PCM16)
	float := wav(testsig.Tone(80, 1000, -10), 8000, 1, 16, 3)
	tests := []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "not a WAV file"},
		{"text", []byte("hello, this is not audio at all"), "not a WAV file"},
		{"header only", good[:10], "truncated"},
		{"truncated data", good[:len(good)-100], "truncated: data chunk claims 1600 bytes, 1500 present"},
		{"cut in fmt", good[:30], "truncated"},
		{"float", float, "unsupported format tag 0x0003"},
		{"24 bit", wav(nil, 8000, 1, 24, 1), "24-bit PCM"},
		{"rate", wav(testsig.Tone(80, 1000, -10), 1000, 1, 16, 1), "unsupported sample rate 1000 Hz"},
		{"5 channels", wav(testsig.Tone(80, 1000, -10), 8000, 5, 16, 1), "5 channels"},
		{"no data", good[:36], "no data chunk"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadWAV(bytes.NewReader(tt.b), "greeting.wav")
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), "greeting.wav") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want the file name and %q", err, tt.want)
			}
		})
	}
	if _, err := Load("/no/such/file.wav"); err == nil || !strings.Contains(err.Error(), "/no/such/file.wav") {
		t.Errorf("Load of a missing file: %v", err)
	}
}

func TestPlayer(t *testing.T) {
	var p Player
	p.Play([]int16{1, 2, 3}, true)
	buf := make([]int16, 7)
	if p.Read(buf); !slices.Equal(buf, []int16{1, 2, 3, 1, 2, 3, 1}) {
		t.Errorf("looped read %v", buf)
	}
	p.Play([]int16{1, 2, 3}, false)
	if done := p.Read(buf); !done || !slices.Equal(buf, []int16{1, 2, 3, 0, 0, 0, 0}) {
		t.Errorf("read %v, done %v", buf, done)
	}
	if n := testing.AllocsPerRun(100, func() { p.Read(buf) }); n != 0 {
		t.Errorf("%v allocs per frame", n)
	}
}
