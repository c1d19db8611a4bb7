package main

import (
	"fmt"

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
	s.eng.Locked(func() {
		if phone > 0 {
			p := s.sim.Phone(phone)
			if p == nil {
				err = fmt.Errorf("no phone %d", phone)
				return
			}
			switch action {
			case "offhook":
				p.OffHook()
			case "onhook":
				p.OnHook()
			case "dial":
				p.Dial(arg)
			case "flash":
				p.Flash(450e6)
			default:
				err = fmt.Errorf("unknown phone action %q", action)
			}
			return
		}
		l := s.sim.Line(line)
		if l == nil {
			err = fmt.Errorf("no line %d", line)
			return
		}
		switch action {
		case "call":
			l.Call(arg)
		case "answer":
			l.Answer()
		case "hangup":
			l.Hangup(arg)
		case "dial":
			err = l.Dial(arg)
		default:
			err = fmt.Errorf("unknown line action %q", action)
		}
	})
	return err
}
