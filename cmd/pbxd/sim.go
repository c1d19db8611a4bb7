package main

import (
	simboard "github.com/analogpbx/pbx/board/sim"
	"github.com/analogpbx/pbx/pbx"
)

// simControl lets the UI's testbench panel drive the simulated phones and lines,
// between frames.
type simControl struct {
	eng *pbx.Engine
	sim *simboard.Sim
}

// Do runs one action on phone (1-based FXS index) or line (1-based FXO index).
func (s simControl) Do(action string, phone, line int, arg string) (err error) {
	s.eng.Locked(func() { err = s.sim.Do(action, phone, line, arg) })
	return err
}
