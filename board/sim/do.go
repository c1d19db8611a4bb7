package sim

import "fmt"

// Do runs one action of the installer's testbench panel on the simulated card: on phone
// (1-based FXS index) "offhook", "onhook", "dial" (arg: digits), "flash"; on line
// (1-based FXO index) "call" (arg: caller number, may be empty), "answer", "hangup"
// (arg: "", "battery", "polarity" or "busytone"), "dial". Like every Sim method it must run
// between frames (the daemon wraps it in pbx.Engine.Locked).
func (s *Sim) Do(action string, phone, line int, arg string) error {
	if phone > 0 {
		p := s.Phone(phone)
		if p == nil {
			return fmt.Errorf("board sim: no phone %d", phone)
		}
		switch action {
		case "offhook":
			p.OffHook()
		case "onhook":
			p.OnHook()
		case "dial":
			p.Dial(arg)
		case "flash":
			z := p.Zone()
			p.Flash((z.FlashMin + z.FlashMax) / 2)
		default:
			return fmt.Errorf("board sim: unknown phone action %q", action)
		}
		return nil
	}
	l := s.Line(line)
	if l == nil {
		return fmt.Errorf("board sim: no line %d", line)
	}
	switch action {
	case "call":
		l.Call(arg)
	case "answer":
		return l.Answer()
	case "hangup":
		return l.Hangup(arg)
	case "dial":
		return l.Dial(arg)
	default:
		return fmt.Errorf("board sim: unknown line action %q", action)
	}
	return nil
}
