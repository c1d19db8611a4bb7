package pbx

import (
	"strconv"
	"strings"
	"time"

	"github.com/analogpbx/pbx/dsp/cid"
	"github.com/analogpbx/pbx/hal"
)

// cidDelay is how long after the end of the first ring burst caller ID starts
// (Bellcore: at least 500 ms).
const cidDelay = 600 * time.Millisecond

// stationEvent handles a hook event of an FXS port.
func (c *Channel) stationEvent(ev hal.Event) {
	switch ev.Type {
	case hal.OffHook:
		c.stationOffHook()
	case hal.OnHook:
		c.stationOnHook()
	case hal.PulseDigit:
		c.stationDigit(ev.Digit)
	case hal.Flash:
		c.stationFlash()
	}
}

func (c *Channel) stationOffHook() {
	cfg := c.e.cfg.Load()
	switch c.state {
	case Idle:
		c.digits = ""
		c.ddet.Reset()
		if c.ohtUntil != 0 || c.out == outFSK {
			// Lifted during a message-waiting message: stop it, normal feed.
			c.ohtUntil, c.fsk = 0, nil
			c.fxs.SetFeed(hal.FeedActive)
		}
		if x := c.ext(cfg); x != nil && x.Hotline > 0 && c.e.hotline(c, x) {
			return
		}
		c.setState(Dialing)
		if x := c.ext(cfg); x != nil && c.e.mwi[x.Number] {
			c.play(&c.e.zone.Stutter)
		} else {
			c.play(&c.e.zone.Dial)
		}
		c.setTimer(tDigits, hal.Frames(cfg.System.FirstDigit))
	case Ringing:
		if c.call != nil {
			c.e.answer(c.call, c)
		}
	}
}

func (c *Channel) stationOnHook() {
	c.featOnHook()
	call := c.call
	switch c.state {
	case Ringback, Outgoing:
		// The caller gave up before the call was answered.
		if call != nil {
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
	case Talking:
		if call != nil {
			p := c.peer
			if p == nil && call.from != nil && call.from != c && call.from.fxo != nil {
				p = call.from // still hearing the agent announcement
			}
			c.unbridge()
			c.stopRecording()
			switch {
			case p == nil:
				c.e.finish(call, Answered)
			case p.fxs != nil:
				p.stationHearBusy()
				c.e.finish(call, Answered)
			case call.from == p && c.e.ratingOn(p):
				// The agent hung up first on a line with rating: ask the caller.
				p.startRating()
			default:
				p.trunkRelease()
				c.e.finish(call, Answered)
			}
		}
	case Ringing:
		// On hook while ringing: nothing to do (the phone was already on hook).
		return
	}
	c.call = nil
	if c.vm != nil && c.vm.step == "greeting" {
		c.rec = nil // hung up while recording a greeting: nothing kept
	}
	c.vm = nil
	c.unbridge()
	c.silence()
	c.pl.stop()
	c.after = nil
	c.clearTimer()
	c.digits = ""
	c.hotlineUntil = 0
	c.fxs.SetFeed(hal.FeedActive)
	c.setState(Idle)
	c.featIdle()
	if x := c.ext(c.e.cfg.Load()); x != nil && c.mwiShown != c.e.mwi[x.Number] {
		c.sendMWI(c.e.mwi[x.Number]) // the mailbox changed while the phone was in use
	}
}

// stationHearBusy: the other party cleared; c hears busy until it hangs up.
func (c *Channel) stationHearBusy() {
	c.call = nil
	c.unbridge()
	c.setState(BusyTone)
	c.play(&c.e.zone.Busy)
	c.setTimer(tCongestion, hal.Frames(c.e.cfg.Load().System.MaxRing))
}

// stationCongestion: c hears congestion (or busy) until it hangs up.
func (c *Channel) stationCongestion(busy bool) {
	c.call = nil
	c.unbridge()
	c.setState(BusyTone)
	if busy {
		c.play(&c.e.zone.Busy)
	} else {
		c.play(&c.e.zone.Congestion)
	}
	c.setTimer(tCongestion, hal.Frames(c.e.cfg.Load().System.MaxRing))
}

func (c *Channel) stationProcess() {
	switch c.state {
	case Dialing:
		if d, ok := c.ddet.Process(c.rx); ok {
			c.stationDigit(d)
		}
	case Talking:
		if d, ok := c.ddet.Process(c.rx); ok {
			c.talkingDigit(d)
		}
	case Mailbox:
		if d, ok := c.ddet.Process(c.rx); ok && c.vm != nil {
			c.retrievalDigit(d)
		}
		c.greetingFrame()
	case Idle:
		if c.ohtUntil != 0 && c.e.frame >= c.ohtUntil {
			c.ohtUntil = 0
			c.fxs.SetFeed(hal.FeedActive)
		}
	case Ringing:
		r := c.fxs.Ringing()
		if c.wasRinging && !r && !c.cidSent && c.cidMsg != nil && !c.e.zone.CIDBeforeRing {
			// First ring burst over: caller ID in the first silent interval.
			c.setTimer(tCID, hal.Frames(cidDelay))
			c.cidSent = true
		}
		c.wasRinging = r
	}
}

func (c *Channel) stationTimer(k timerKind) {
	switch k {
	case tDigits:
		if c.state != Dialing {
			return
		}
		if c.digits == "" {
			c.stationCongestion(false)
			return
		}
		d := NewPlan(c.e.cfg.Load()).Classify(c.digits + "#")
		if d.Match == Complete {
			c.e.route(c, d)
		} else {
			c.e.failed(c, c.digits)
		}
	case tMaxRing:
		if c.state == Ringing && c.call != nil && c.call.playback != nil {
			c.stopRing() // nobody took the prompt playback
			return
		}
		if c.state == Ringback && c.call != nil {
			call := c.call
			if call.group != nil && call.group.Overflow != "" {
				// The group rang its time: its overflow takes the call.
				c.e.stopRinging(call, nil)
				c.e.overflow(call)
				return
			}
			if c.e.noAnswerForward(call, c) {
				return
			}
			c.e.stopRinging(call, nil)
			c.e.finish(call, NoAnswer)
			c.stationHearBusy()
		}
	case tMailbox:
		c.mailboxTimeout()
	case tHunt:
		if c.state == Ringback && c.call != nil {
			c.e.huntNext(c.call)
		}
	case tCID:
		c.e.log.Debug("caller id", "port", c.portNo, "state", c.state.String(), "msg", len(c.cidMsg))
		if c.state == Ringing && c.cidMsg != nil {
			c.fsk = cid.NewModulator(c.e.zone.CID, c.cidMsg)
			c.out = outFSK
		}
	case tCongestion:
		if c.state == BusyTone {
			c.silence()
			c.setState(Parked)
		}
	}
}

// stationDigit takes one dialed digit (DTMF or pulse).
func (c *Channel) stationDigit(d byte) {
	if c.state != Dialing {
		return
	}
	cfg := c.e.cfg.Load()
	if c.digits == "" {
		c.silence()
	}
	c.digits += string(d)
	dl := NewPlan(cfg).Classify(c.digits)
	switch dl.Match {
	case Complete:
		c.clearTimer()
		c.e.route(c, dl)
	case Invalid:
		c.clearTimer()
		c.e.failed(c, c.digits)
	default:
		c.setTimer(tDigits, hal.Frames(cfg.System.InterDigit))
	}
}

// ring starts ringing station c for call, with caller ID number from.
func (c *Channel) ring(call *Call, from, name string) {
	c.call = call
	c.digits = ""
	c.setState(Ringing)
	c.silence()
	c.cidSent, c.wasRinging, c.cidMsg = false, false, nil
	if from != "" {
		c.cidMsg = cid.EncodeMDMF(cid.Message{Number: from, Name: name, Time: c.e.wall(), MWI: -1})
	}
	call.ringing = append(call.ringing, c)
	if c.cidMsg != nil && c.e.zone.CIDBeforeRing {
		c.fxs.SetFeed(hal.FeedOHT)
		c.fsk = cid.NewModulator(c.e.zone.CID, c.cidMsg)
		c.out = outFSK
		c.cidSent, c.ringAfter = true, true
		return
	}
	c.fxs.Ring(hal.Cadence(c.e.zone.Ring))
}

// stopRing returns a ringing station to idle.
func (c *Channel) stopRing() {
	c.fxs.StopRing()
	c.fxs.SetFeed(hal.FeedActive)
	c.call = nil
	c.ringAfter = false
	c.silence()
	c.clearTimer()
	c.setState(Idle)
}

// hotlineWindow is how long after a hotline seizure the escape code is recognised.
const hotlineWindow = 3 * time.Second

// hotline seizes the extension's direct line at off-hook; it reports false when the line
// is not free (the phone then gets internal dial tone).
func (e *Engine) hotline(c *Channel, x *Extension) bool {
	cfg := e.cfg.Load()
	l := e.channelByLine(cfg, x.Hotline)
	if l == nil || l.state != Idle {
		return false
	}
	call := e.newCall(c)
	call.cdr.Line = x.Hotline
	call.cdr.Route = "hotline:line" + strconv.Itoa(x.Hotline)
	if err := l.fxo.Seize(); err != nil {
		return false
	}
	l.call = call
	call.trunk = l
	l.reversals = 0
	l.resetBusy()
	l.setState(Talking)
	c.call = call
	c.setState(Talking)
	bridge(c, l)
	call.cdr.Answer = e.wall()
	c.hotlineUntil = e.frame + hal.Frames(hotlineWindow)
	c.digits = ""
	return true
}

// talkingDigit sees a key pressed during a conversation: on a hotline seizure it is part
// of the number (for the call record) or the escape to internal dialing.
func (c *Channel) talkingDigit(d byte) {
	call := c.call
	if call == nil || call.trunk == nil || c.hotlineUntil == 0 {
		return
	}
	c.digits += string(d)
	esc := c.e.cfg.Load().System.HotlineEscape
	if esc != "" && c.e.frame < c.hotlineUntil && strings.HasPrefix(esc, c.digits) {
		if c.digits == esc {
			// Escape: drop the line, internal dial tone.
			call.done = true
			l := call.trunk
			c.unbridge()
			l.trunkRelease()
			c.call = nil
			c.digits = ""
			c.hotlineUntil = 0
			c.setState(Dialing)
			c.play(&c.e.zone.Dial)
			c.setTimer(tDigits, hal.Frames(c.e.cfg.Load().System.FirstDigit))
		}
		return
	}
	call.cdr.To = strings.TrimPrefix(c.digits, esc)
}
