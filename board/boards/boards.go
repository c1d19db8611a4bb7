// Package boards opens a board by name: the simulated card, the real carrier, or
// whichever answers ("auto"). The binaries use it; it is the one place that knows every board.
package boards

import (
	"fmt"
	"strings"

	"github.com/analogpbx/pbx/board"
	"github.com/analogpbx/pbx/board/rpi"
	simboard "github.com/analogpbx/pbx/board/sim"
	"github.com/analogpbx/pbx/dsp/tone"
	"github.com/analogpbx/pbx/hal"
)

// Names are the board names Open knows.
var Names = []string{"auto", "sim", "sim:NfxsMfxo (e.g. sim:8fxs4fxo)", "rpi"}

// Opened is an open board, with the simulated card's controls when it is simulated.
type Opened struct {
	*board.Board
	Sim *simboard.Sim // nil on hardware
}

// Open opens the board called name with the tone zone z. "auto" tries the real carrier
// and falls back to the simulated card when its chips do not answer.
func Open(name string, z *tone.Zone) (*Opened, error) {
	switch {
	case name == "auto":
		if b, err := openRPi(z); err == nil {
			return &Opened{Board: b}, nil
		}
		return openSim("", z)
	case name == "sim":
		return openSim("", z)
	case strings.HasPrefix(name, "sim:"):
		return openSim(strings.TrimPrefix(name, "sim:"), z)
	case name == "rpi":
		b, err := openRPi(z)
		if err != nil {
			return nil, err
		}
		return &Opened{Board: b}, nil
	}
	return nil, fmt.Errorf("unknown board %q; known boards: %s", name, strings.Join(Names, ", "))
}

// openRPi opens the Raspberry Pi carrier with the zone's line, ring and flash settings.
func openRPi(z *tone.Zone) (*board.Board, error) {
	o := rpi.DefaultOpts
	o.Zone, o.Law, o.RingHz = z.Name, hal.Law(z.Law), z.RingHz
	o.FlashMin, o.FlashMax = z.FlashMin, z.FlashMax
	return rpi.OpenWith(rpi.Carrier8(), o)
}

func openSim(spec string, z *tone.Zone) (*Opened, error) {
	b, s, err := simboard.Open(spec, z)
	if err != nil {
		return nil, err
	}
	return &Opened{Board: b, Sim: s}, nil
}
