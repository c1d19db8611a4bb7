package cid

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/analogpbx/pbx/dsp"
	"github.com/analogpbx/pbx/dsp/codec"
	"github.com/analogpbx/pbx/dsp/tone"
)

var when = time.Date(2026, 11, 23, 20, 5, 0, 0, time.UTC)

func TestEncodeDecode(t *testing.T) {
	tests := []struct {
		name string
		enc  func(Message) []byte
		in   Message
		want Message
	}{
		{"sdmf number", EncodeSDMF, Message{Number: "13800138000", Time: when, MWI: -1}, Message{Number: "13800138000", MWI: -1}},
		{"sdmf private", EncodeSDMF, Message{NumberAbsent: 'P', Time: when, MWI: -1}, Message{NumberAbsent: 'P', MWI: -1}},
		{"sdmf mwi on", EncodeSDMF, Message{MWI: 1}, Message{MWI: 1}},
		{"mdmf number and name", EncodeMDMF, Message{Number: "801", Name: "Reception", Time: when, MWI: -1}, Message{Number: "801", Name: "Reception", MWI: -1}},
		{"mdmf absent", EncodeMDMF, Message{NumberAbsent: 'O', NameAbsent: 'P', MWI: -1}, Message{NumberAbsent: 'O', NameAbsent: 'P', MWI: -1}},
		{"mdmf mwi off", EncodeMDMF, Message{MWI: 0}, Message{MWI: 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.enc(tt.in)
			got, err := Decode(b)
			if err != nil {
				t.Fatalf("Decode(% x): %v", b, err)
			}
			if got.Number != tt.want.Number || got.Name != tt.want.Name || got.NumberAbsent != tt.want.NumberAbsent ||
				got.NameAbsent != tt.want.NameAbsent || got.MWI != tt.want.MWI {
				t.Errorf("Decode = %+v, want %+v", got, tt.want)
			}
			if !tt.in.Time.IsZero() && (got.Time.Month() != when.Month() || got.Time.Day() != 23 || got.Time.Hour() != 20 || got.Time.Minute() != 5) {
				t.Errorf("time %v, want 11-23 20:05", got.Time)
			}
			b[len(b)-1]++
			if _, err := Decode(b); err != ErrChecksum {
				t.Errorf("corrupted checksum: err %v, want ErrChecksum", err)
			}
		})
	}
}

func TestDecodeBad(t *testing.T) {
	for _, b := range [][]byte{nil, {0x80}, {0x80, 10, 1, 2}, {0x80, 1, 0x02, 0x7d}, {0x33, 0, 0xcd}} {
		if _, err := Decode(b); err == nil {
			t.Errorf("Decode(% x): no error", b)
		}
	}
}

// transmit modulates msg with std, passes it through G.711 (law) and noise at snr dB
// below the signal (0 = none), and demodulates it.
func transmit(t *testing.T, std tone.CIDStandard, msg []byte, law codec.Law, snr float64, r *rand.Rand) ([]byte, bool) {
	t.Helper()
	mod := NewModulator(std, msg)
	dem := NewDemodulator(std)
	frame := make([]int16, 80)
	sd := 0.0
	if snr > 0 {
		sd = dsp.Amplitude(FSKLevel-snr) / math.Sqrt2
	}
	// 200 ms of silence (or noise) before and after.
	for i := 0; i < 2000; i++ {
		done := false
		if i >= 20 {
			done = mod.Read(frame)
		} else {
			clear(frame)
		}
		for j := range frame {
			frame[j] = dsp.Clamp16(float64(frame[j]) + r.NormFloat64()*sd)
		}
		codec.RoundTrip(law, frame)
		dem.Feed(frame)
		if m, ok := dem.Message(); ok {
			return m, true
		}
		if done && i > 40 && i%20 == 0 {
			// keep feeding silence a little after the end
			for range 20 {
				clear(frame)
				dem.Feed(frame)
			}
			return dem.Message()
		}
	}
	return dem.Message()
}

func TestFSKRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	msgs := [][]byte{
		EncodeMDMF(Message{Number: "13800138000", Name: "ZHANG SAN", Time: when, MWI: -1}),
		EncodeSDMF(Message{Number: "2125551234", Time: when, MWI: -1}),
		EncodeMDMF(Message{MWI: 1}),
	}
	for _, std := range []tone.CIDStandard{tone.Bell202, tone.V23} {
		for _, law := range []codec.Law{codec.ULaw, codec.ALaw} {
			for _, snr := range []float64{0, 20} {
				for i, msg := range msgs {
					t.Run(std.String()+"/"+law.String()+"/snr"+string(rune('0'+int(snr)/10))+"/"+string(rune('a'+i)), func(t *testing.T) {
						got, ok := transmit(t, std, msg, law, snr, r)
						if !ok || !bytes.Equal(got, msg) {
							t.Errorf("got % x (%v), want % x", got, ok, msg)
						}
					})
				}
			}
		}
	}
}

func TestDTMFCID(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, tt := range []struct {
		name string
		in   []byte
		want Message
	}{
		{"number", []byte("13800138000"), Message{Number: "13800138000"}},
		{"message", EncodeSDMF(Message{Number: "4567", MWI: -1}), Message{Number: "4567"}},
		{"private", EncodeMDMF(Message{NumberAbsent: 'P', MWI: -1}), Message{NumberAbsent: 'P'}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := transmit(t, tone.DTMFCID, tt.in, codec.ALaw, 0, r)
			if !ok {
				t.Fatal("no message")
			}
			m, err := Decode(got)
			if err != nil || m.Number != tt.want.Number || m.NumberAbsent != tt.want.NumberAbsent {
				t.Errorf("got %+v, %v; want %+v", m, err, tt.want)
			}
		})
	}
}

// TestFSKNoiseSweep measures the share of messages decoded at falling signal-to-noise
// ratios (white noise, G.711 μ-law); run with -v for the figures in docs/DSP.md.
func TestFSKNoiseSweep(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	msg := EncodeMDMF(Message{Number: "13800138000", Name: "ZHANG SAN", Time: when, MWI: -1})
	n := 6
	if testing.Verbose() {
		n = 40
	}
	for _, std := range []tone.CIDStandard{tone.Bell202, tone.V23} {
		for _, snr := range []float64{20, 15, 12, 10, 8} {
			ok := 0
			for range n {
				got, found := transmit(t, std, msg, codec.ULaw, snr, r)
				if found && bytes.Equal(got, msg) {
					ok++
				}
			}
			if snr >= 15 && ok != n {
				t.Errorf("%v at %v dB S/N: %d of %d messages", std, snr, ok, n)
			}
			t.Logf("RESULT | %s, S/N %v dB | %d of %d messages |", std, snr, ok, n)
		}
	}
}
