package alsa

import (
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/analogpbx/pbx/hal"
)

func TestSlotMapping(t *testing.T) {
	tests := []struct {
		name string
		ch   int
		slot int
		want []int // indices of the period that carry samples 0, 1, 2 of the slot
	}{
		{"one channel", 1, 0, []int{0, 1, 2}},
		{"slot 0 of 2", 2, 0, []int{0, 2, 4}},
		{"slot 1 of 2", 2, 1, []int{1, 3, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			frame := make([]int16, hal.FrameSamples)
			for i := range frame {
				frame[i] = int16(1000 + i)
			}
			period := make([]int16, hal.FrameSamples*tt.ch)
			interleave(period, frame, tt.slot, tt.ch)
			for i, idx := range tt.want {
				if got := period[idx]; got != frame[i] {
					t.Errorf("period[%d] = %d, want sample %d = %d", idx, got, i, frame[i])
				}
			}
			back := make([]int16, hal.FrameSamples)
			deinterleave(back, period, tt.slot, tt.ch)
			for i := range back {
				if back[i] != frame[i] {
					t.Fatalf("round trip sample %d = %d, want %d", i, back[i], frame[i])
				}
			}
		})
	}
}

func TestSlotsDoNotOverlap(t *testing.T) {
	period := make([]int16, hal.FrameSamples*MaxChannels)
	for s := range MaxChannels {
		f := make([]int16, hal.FrameSamples)
		for i := range f {
			f[i] = int16(s + 1)
		}
		interleave(period, f, s, MaxChannels)
	}
	for s := range MaxChannels {
		f := make([]int16, hal.FrameSamples)
		deinterleave(f, period, s, MaxChannels)
		for i, v := range f {
			if v != int16(s+1) {
				t.Fatalf("slot %d sample %d = %d, want %d", s, i, v, s+1)
			}
		}
	}
}

func TestSlotToChannel(t *testing.T) {
	tests := []struct {
		slot int
		ch   int
		ok   bool
	}{
		{0, 0, true}, // start count 0: bits 0..15 of the frame
		{1, 0, false},
		{2, 1, true}, // start count 16: bits 16..31
		{3, 0, false},
		{-2, 0, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint("slot ", tt.slot), func(t *testing.T) {
			c, ok := Channel(tt.slot)
			if ok != tt.ok || (ok && c != tt.ch) {
				t.Errorf("Channel(%d) = %d, %v; want %d, %v", tt.slot, c, ok, tt.ch, tt.ok)
			}
			if ok && PortSlot(c) != tt.slot {
				t.Errorf("PortSlot(%d) = %d, want %d", c, PortSlot(c), tt.slot)
			}
		})
	}
}

func TestOpenFailsCleanly(t *testing.T) {
	codec := Opts{Channels: 2, Decode: func([]int16, []byte) {}, Encode: func([]byte, []int16) {}}
	tests := []struct {
		name string
		o    Opts
	}{
		{"no codec", Opts{Channels: 2}},
		{"too many channels", Opts{Channels: 8, Decode: codec.Decode, Encode: codec.Encode}},
		{"bad periods", Opts{Channels: 2, Periods: 1, Decode: codec.Decode, Encode: codec.Encode}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Open(&tt.o); err == nil {
				t.Fatal("Open succeeded, want an error")
			}
		})
	}
	t.Run("no sound card", func(t *testing.T) {
		if _, err := os.Stat("/dev/snd"); err == nil {
			t.Skip("this machine has /dev/snd")
		}
		start := time.Now()
		_, err := Open(&codec)
		if !errors.Is(err, ErrNoSound) {
			t.Fatalf("Open = %v, want ErrNoSound", err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("Open took %v to fail", d)
		}
	})
}

func BenchmarkInterleave(b *testing.B) {
	period := make([]int16, hal.FrameSamples*2)
	frame := make([]int16, hal.FrameSamples)
	b.ReportAllocs()
	for b.Loop() {
		interleave(period, frame, 1, 2)
		deinterleave(frame, period, 0, 2)
	}
}

func TestCompanded8(t *testing.T) {
	tests := []struct {
		name string
		b    byte
		want int16
	}{
		{"mu-law idle", 0xFF, -256},
		{"zero", 0x00, 0},
		{"mid", 0x7F, 0x7F00},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := make([]int16, 1)
			packHigh(s, []byte{tt.b})
			if s[0] != tt.want {
				t.Errorf("packHigh(%#02x) = %#04x, want %#04x", tt.b, s[0], tt.want)
			}
			s[0] |= 0x55 // the chip leaves the low byte undriven: any value
			b := make([]byte, 1)
			unpackHigh(b, s)
			if b[0] != tt.b {
				t.Errorf("unpackHigh = %#02x, want %#02x", b[0], tt.b)
			}
		})
	}
}
