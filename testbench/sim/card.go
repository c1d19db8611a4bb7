package sim

import (
	"fmt"

	"github.com/analogpbx/pbx/hal"
)

// idle is the byte a silent or undriven timeslot carries (μ-law and A-law idle codes differ,
// but each chip decodes with its own law; 0xFF is μ-law zero and a quiet A-law value).
const idle = 0xFF

// Card is the simulated voice card: chip models on one PCM bus. It implements hal.PCM;
// each Transfer moves one frame and advances every chip (and what is wired to it) by 10 ms.
// All methods must be called from one goroutine (the frame loop, or the testbench runner
// that drives it).
type Card struct {
	chips []Chip
	slots int
	frame int64
	buf   []byte
}

// NewCard returns a card whose physical ports 1..len(chips) hold chips (nil = empty position)
// on a PCM bus of slots timeslots.
func NewCard(chips []Chip, slots int) *Card {
	return &Card{chips: chips, slots: slots, buf: make([]byte, hal.FrameSamples)}
}

// Slots is the number of PCM timeslots per frame.
func (c *Card) Slots() int { return c.slots }

// Chips returns the chip at each physical position (index 0 = port 1; nil = empty).
func (c *Card) Chips() []Chip { return c.chips }

// Frame is the number of frames transferred so far.
func (c *Card) Frame() int64 { return c.frame }

// Transfer delivers tx to the chips by their programmed RX slots, advances the card by one
// frame, then collects each chip's output into rx by its TX slot. Undriven slots read idle.
func (c *Card) Transfer(tx, rx [][]byte) error {
	if len(tx) != c.slots || len(rx) != c.slots {
		return fmt.Errorf("sim card: transfer of %d/%d slots, card has %d", len(tx), len(rx), c.slots)
	}
	for _, ch := range c.chips {
		if ch == nil {
			continue
		}
		if _, rs, ok := ch.Timeslots(); ok && rs >= 0 && rs < c.slots {
			ch.WritePCM(tx[rs])
		} else {
			for i := range c.buf {
				c.buf[i] = idle
			}
			ch.WritePCM(c.buf)
		}
	}
	for _, ch := range c.chips {
		if ch != nil {
			ch.Step(c.frame)
		}
	}
	for s := range rx {
		for i := range rx[s] {
			rx[s][i] = idle
		}
	}
	for _, ch := range c.chips {
		if ch == nil {
			continue
		}
		if ts, _, ok := ch.Timeslots(); ok && ts >= 0 && ts < c.slots {
			ch.ReadPCM(rx[ts])
		} else {
			ch.ReadPCM(c.buf)
		}
	}
	c.frame++
	return nil
}

var _ hal.PCM = (*Card)(nil)
