package pbx

import (
	"strings"

	"github.com/analogpbx/pbx/dsp/prompt"
	"github.com/analogpbx/pbx/hal"
)

// Hook-flash features of an analog phone (spec §4):
//
//   - talking, a call waiting (call-waiting tone heard): flash answers it and holds the
//     first party; later flashes swap between the two.
//   - talking: flash holds the other party (it hears music) and gives dial tone to
//     consult; flash again with nothing dialed (or after a failed attempt) retrieves it.
//   - consulting, the third party ringing: hanging up transfers the held party there
//     (blind transfer); flash cancels the consultation.
//   - consulting, the third party answered: hanging up connects the held party with it
//     (attended transfer); flash makes a three-way conference.
//   - in a conference: flash steps out to consult (the others go on talking), flash again
//     joins again, bringing in the consulted party if it answered; more parties join the
//     same way, up to the mixer's size.
//   - holding and hanging up in any other state ends the held call.

// stationFlash handles a hook flash of station c.
func (c *Channel) stationFlash() {
	f := &c.fe
	holding := f.held != nil || f.heldConf != nil
	switch c.state {
	case Talking:
		if c.peer == nil {
			return
		}
		switch {
		case f.waiting != nil && !holding:
			c.answerWaiting()
		case f.held != nil && f.swap:
			c.swapHeld()
		case holding:
			c.joinConference()
		default:
			c.holdPeer()
		}
	case Conference:
		c.stepOut()
	case Dialing, BusyTone, Parked:
		if holding {
			c.retrieve()
		}
	case Ringback, Outgoing, Queued:
		if holding && c.call != nil {
			c.cancelConsult()
			c.retrieve()
		}
	}
}

// holdPeer puts c's party on hold with music and gives c dial tone to consult.
func (c *Channel) holdPeer() {
	p, call := c.peer, c.call
	c.unbridge()
	c.e.hold(p, c)
	c.fe.held, c.fe.heldCall, c.fe.swap = p, call, false
	c.call = nil
	c.consultDial()
}

// hold puts p on hold by station by: p hears music until it is retrieved.
func (e *Engine) hold(p, by *Channel) {
	p.fe.holder = by
	p.setState(Held)
	p.clearTimer()
	p.playMusic()
}

// playMusic loops the queue music to c while it is held or queued.
func (c *Channel) playMusic() {
	c.say(func() {
		if c.state == Held {
			c.playMusic()
		}
	}, c.e.prompt(prompt.QueueMusic))
}

// unhold stops the music of a held party.
func (c *Channel) unhold() {
	c.fe.holder = nil
	c.pl.stop()
	c.after = nil
	if c.out == outPrompt {
		c.out = outSilence
	}
}

// consultDial gives c dial tone for a second call.
func (c *Channel) consultDial() {
	c.digits = ""
	c.ddet.Reset()
	c.setState(Dialing)
	c.play(&c.e.zone.Dial)
	c.setTimer(tDigits, hal.Frames(c.e.cfg.Load().System.FirstDigit))
}

// retrieve reconnects c with the party (or conference) it holds.
func (c *Channel) retrieve() {
	f := &c.fe
	c.clearTimer()
	c.digits = ""
	c.silence()
	if cf := f.heldConf; cf != nil {
		f.heldConf, cf.stepped = nil, nil
		cf.add(c)
		return
	}
	h := f.held
	if h == nil {
		return
	}
	c.call = f.heldCall
	f.held, f.heldCall, f.swap = nil, nil, false
	h.unhold()
	h.setState(Talking)
	c.setState(Talking)
	bridge(c, h)
}

// cancelConsult drops the second call c is making (ringing, seizing a line or queued).
func (c *Channel) cancelConsult() {
	call := c.call
	c.call = nil
	if c.fe.queue != nil {
		c.e.leaveQueue(c, true)
		return
	}
	disp := NoAnswer
	if len(call.ringing) == 0 && call.waitOn == nil {
		disp = Abandoned
	}
	c.e.stopRinging(call, nil)
	if call.trunk != nil {
		call.trunk.trunkRelease()
	}
	c.e.finish(call, disp)
}

// answerWaiting: flash with a call waiting; the first party is held, the waiting call
// answered.
func (c *Channel) answerWaiting() {
	w := c.fe.waiting
	c.fe.waiting, w.waitOn = nil, nil
	c.stopOverlay()
	p, call := c.peer, c.call
	c.unbridge()
	c.e.hold(p, c)
	c.fe.held, c.fe.heldCall, c.fe.swap = p, call, true
	c.call = nil
	w.cdr.Route = strings.TrimSpace(w.cdr.Route + " callwaiting")
	c.e.answer(w, c)
}

// swapHeld: flash while talking with one of two calls; the other one comes back.
func (c *Channel) swapHeld() {
	p, call := c.peer, c.call
	h, hcall := c.fe.held, c.fe.heldCall
	c.unbridge()
	h.unhold()
	c.e.hold(p, c)
	c.fe.held, c.fe.heldCall = p, call
	c.call = hcall
	h.setState(Talking)
	bridge(c, h)
}

// joinConference: flash while talking to a consulted party; the held party (or the
// conference c stepped out of), c and the consulted party all hear each other.
func (c *Channel) joinConference() {
	f := &c.fe
	p := c.peer
	c.unbridge()
	cf := f.heldConf
	if cf != nil {
		f.heldConf, cf.stepped = nil, nil
	} else {
		h := f.held
		cf = c.e.newConference()
		h.unhold()
		cf.add(h)
		f.held, f.heldCall, f.swap = nil, nil, false
	}
	cf.add(c)
	cf.add(p)
	for _, call := range cf.calls {
		if !strings.Contains(call.cdr.Route, "conference") {
			call.cdr.Route = strings.TrimSpace(call.cdr.Route + " conference")
		}
	}
}

// stepOut: flash in a conference; c leaves it to consult, the others go on talking. A
// conference of two has nobody to leave talking: the flash is ignored.
func (c *Channel) stepOut() {
	cf := c.fe.conf
	if cf == nil || len(cf.members) <= 2 || cf.stepped != nil {
		return
	}
	cf.stepped = c
	cf.remove(c)
	c.fe.heldConf = cf
	c.call = nil
	c.consultDial()
}

// onHookHolding settles a station's held party (or conference) when it hangs up: the
// held party is transferred to the party c consulted, or released.
func (c *Channel) onHookHolding() {
	e := c.e
	f := &c.fe
	if cf := f.heldConf; cf != nil {
		f.heldConf, cf.stepped = nil, nil
		if c.state == Talking && c.peer != nil {
			// The consulted party takes c's place in the conference.
			p := c.peer
			c.unbridge()
			c.call = nil
			cf.add(p)
		}
		cf.settle()
		return
	}
	h, hcall := f.held, f.heldCall
	f.held, f.heldCall = nil, nil
	swap := f.swap
	f.swap = false
	switch {
	case !swap && c.state == Talking && c.peer != nil && c.call != nil:
		p, call := c.peer, c.call
		c.unbridge()
		c.call = nil
		e.transferTo(c, h, hcall, call, "transfer=")
		h.setState(Talking)
		bridge(h, p)
	case !swap && c.state == Ringback && c.call != nil:
		call := c.call
		c.call = nil
		e.transferTo(c, h, hcall, call, "blind-transfer=")
		call.xfer = true
		if h.fxs != nil {
			h.setState(Ringback)
		} else {
			h.setState(Alerting)
		}
		h.play(&e.zone.Ringback)
		h.timer, h.deadline = c.timer, c.deadline
		c.clearTimer()
	default:
		// Hanging up ends the held call.
		h.unhold()
		h.call = nil
		e.finish(hcall, Answered)
		e.releaseParty(h)
	}
}

// transferTo hands call (made by station by) over to the held party h, whose call hcall
// ends with the transfer in its route.
func (e *Engine) transferTo(by, h *Channel, hcall, call *Call, how string) {
	cfg := e.cfg.Load()
	byNum := ""
	if x := by.ext(cfg); x != nil {
		byNum = x.Number
	}
	hNum := e.partyNumber(h)
	hcall.cdr.Route = strings.TrimSpace(hcall.cdr.Route + " " + how + call.cdr.To)
	e.finish(hcall, Answered)
	h.unhold()
	call.from = h
	call.cdr.From = hNum
	if h.fxo != nil {
		call.cdr.Line = hcall.cdr.Line
		if call.to != nil {
			call.cdr.Agent = call.cdr.To
		}
	}
	call.cdr.Route = strings.TrimSpace(call.cdr.Route + " transferred-by=" + byNum)
	h.call = call
	e.log.Info("transfer", "call", call.id, "from", hNum, "to", call.cdr.To, "by", byNum)
}

// heldPartyGone: a held party hung up (or its line cleared); its call ends.
func (c *Channel) heldPartyGone() {
	hd := c.fe.holder
	call := c.call
	c.unhold()
	if hd != nil && hd.fe.held == c {
		hd.fe.held, hd.fe.heldCall, hd.fe.swap = nil, nil, false
	}
	if call != nil {
		c.e.finish(call, Answered)
	}
	c.call = nil
}

// callWaiting offers call to extension x, busy in a conversation, as a waiting call:
// x hears the call-waiting tone over its conversation, the caller hears ringback. It
// reports false when x cannot take a waiting call now.
func (e *Engine) callWaiting(cfg *Config, x *Extension, call *Call, caller *Channel) bool {
	if x == nil || !x.CallWaiting {
		return false
	}
	s := e.channelByExt(cfg, x.Number)
	if s == nil || s.fxs == nil || s.state != Talking || s.peer == nil || s == caller || s.peer == caller {
		return false
	}
	f := &s.fe
	if f.waiting != nil || f.held != nil || f.heldConf != nil || f.whisper != nil || f.ovlOn {
		return false
	}
	if !e.accepts(cfg, s, call.from != nil && call.from.fxs != nil) && !e.transferring(cfg, call) {
		return false
	}
	f.waiting = call
	call.waitOn = s
	call.rang = true
	call.cdr.To = x.Number
	call.noAnswer = x
	s.startOverlay(&e.zone.CallWaiting)
	e.log.Debug("call waiting", "port", s.portNo, "call", call.id)
	return true
}

// stopWaiting withdraws call from the station it is waiting for.
func (e *Engine) stopWaiting(call *Call) {
	s := call.waitOn
	if s == nil {
		return
	}
	call.waitOn = nil
	if s.fe.waiting == call {
		s.fe.waiting = nil
		s.stopOverlay()
	}
}

// transferring reports whether call is a transfer (made while holding another party, or
// handed over by one): the DND rule for transferred calls applies.
func (e *Engine) transferring(cfg *Config, call *Call) bool {
	if call == nil || !cfg.System.DNDTransfer {
		return false
	}
	if call.xfer {
		return true
	}
	f := call.from
	return f != nil && (f.fe.held != nil || f.fe.heldConf != nil)
}
