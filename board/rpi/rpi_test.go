package rpi

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/analogpbx/pbx/hal/alsa"
)

func TestCarrier8(t *testing.T) {
	c := Carrier8()
	if len(c.Positions) != 8 {
		t.Fatalf("%d positions, want 8", len(c.Positions))
	}
	spis := map[string]bool{}
	chans := map[int]bool{}
	voice := 0
	for i, p := range c.Positions {
		t.Run(p.SPI, func(t *testing.T) {
			if p.Port != i+1 {
				t.Errorf("position %d has port %d", i, p.Port)
			}
			if spis[p.SPI] {
				t.Errorf("chip select %s used twice", p.SPI)
			}
			spis[p.SPI] = true
			if p.Channel >= 0 {
				voice++
				if p.Channel >= alsa.MaxChannels || chans[p.Channel] {
					t.Errorf("PCM channel %d out of range or used twice", p.Channel)
				}
				chans[p.Channel] = true
			}
		})
	}
	if voice != alsa.MaxChannels {
		t.Errorf("%d positions with a voice channel, the PCM path carries %d", voice, alsa.MaxChannels)
	}
}

func TestOpenWithoutHardware(t *testing.T) {
	if _, err := os.Stat("/dev/spidev0.0"); err == nil {
		t.Skip("this machine has SPI0")
	}
	start := time.Now()
	b, err := Open()
	if err == nil {
		b.Halt()
		t.Fatal("Open succeeded without the carrier")
	}
	if !errors.Is(err, ErrNoCarrier) {
		t.Errorf("Open = %v, want ErrNoCarrier", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Open took %v to fail", d)
	}
	t.Logf("Open failed in %v: %v", time.Since(start), err)
}
