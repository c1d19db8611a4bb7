// Package board describes a concrete voice card and its host wiring, and opens it:
// the ports in physical order with their drivers, and the PCM voice path.
package board

import (
	"errors"
	"fmt"

	"github.com/analogpbx/pbx/hal"
)

// Board is an opened card: its ports in physical order and its voice path.
type Board struct {
	// Name is the board's name, such as "sim" or "rpi8".
	Name string
	// Ports holds one entry per physical position, index 0 = port 1; nil for an empty position.
	Ports []hal.Port
	// PCM moves the voice frames of every port; its periods are the frame clock.
	PCM hal.PCM
	// Law is the companding law the chips were set to.
	Law hal.Law
	// RealTime is true when PCM.Transfer paces itself (hardware); false when the caller
	// must pace the frames (the simulated card runs as fast as it is driven).
	RealTime bool
	// Close halts every port and releases the bus; nil when there is nothing to release.
	Close func() error
}

// Halt leaves every line safe and releases the hardware.
func (b *Board) Halt() error {
	var errs []error
	for _, p := range b.Ports {
		if p != nil {
			if err := p.Halt(); err != nil {
				errs = append(errs, fmt.Errorf("board %s: halt %s: %w", b.Name, p.Name(), err))
			}
		}
	}
	if b.Close != nil {
		if err := b.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
