package pbx

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/analogpbx/pbx/dsp/cid"
	"github.com/analogpbx/pbx/dsp/dtmf"
	"github.com/analogpbx/pbx/hal"
)

// dialToneWait is how long an outgoing seizure waits for the exchange's dial tone
// before sending digits.
const dialToneWait = 800 * time.Millisecond

// ringGap is how long an incoming call may go without ringing before the caller counts as
// gone: the zone's longest ring pause plus a margin.
func (e *Engine) ringGap() int64 {
	var longest time.Duration
	for i := 1; i < len(e.zone.Ring); i += 2 {
		longest = max(longest, e.zone.Ring[i])
	}
	return hal.Frames(longest + 2*time.Second)
}

// trunkEvent handles a line event of an FXO port.
func (c *Channel) trunkEvent(ev hal.Event) {
	cfg := c.e.cfg.Load()
	t := c.trunk(cfg)
	method := func(m string) bool { return t == nil || strings.Contains(t.Disconnect, m) }
	switch ev.Type {
	case hal.RingStart:
		switch c.state {
		case Idle:
			c.rings = 1
			c.routed = false
			c.cidDem.Reset()
			call := c.e.newCall(c)
			c.call = call
			c.setState(Incoming)
			c.giveUp = c.e.frame + c.e.ringGap()
		case Incoming:
			c.rings++
			c.giveUp = c.e.frame + c.e.ringGap()
			if !c.routed && c.rings >= 2 {
				c.e.routeIncoming(c, "")
			}
		case Alerting:
			c.giveUp = c.e.frame + c.e.ringGap()
		}
	case hal.RingStop:
		if c.state == Incoming || c.state == Alerting {
			c.giveUp = c.e.frame + c.e.ringGap()
		}
	case hal.BatteryLost:
		if c.fxo.Seized() && method("battery") {
			c.trunkClear(true)
		}
	case hal.PolarityReversed:
		if c.fxo.Seized() {
			c.reversals++
			// On an outgoing call the first reversal is answer supervision.
			outgoing := c.call != nil && c.call.trunk == c
			if (!outgoing || c.reversals > 1) && method("polarity") {
				c.trunkClear(true)
			}
		}
	}
}

func (c *Channel) trunkProcess() {
	if c.giveUp != 0 && c.e.frame >= c.giveUp {
		c.giveUp = 0
		if (c.state == Incoming || c.state == Alerting) && !c.fxo.Seized() {
			c.callerGaveUp()
			return
		}
	}
	switch c.state {
	case Incoming:
		if !c.routed {
			c.cidDem.Feed(c.rx)
			if msg, ok := c.cidDem.Message(); ok {
				m, err := cid.Decode(msg)
				if err != nil {
					c.e.log.Warn("caller id unreadable", "port", c.portNo, "err", err)
				}
				c.e.routeIncoming(c, m.Number)
			}
		}
	case Seizing:
		if c.out == outDTMF && !c.dgen.Busy() {
			c.trunkConnected()
		}
		return
	case Menu:
		if d, ok := c.ddet.Process(c.rx); ok {
			c.menuDigit(d)
		}
	case Rating:
		if d, ok := c.ddet.Process(c.rx); ok {
			c.ratingKey(d)
		}
	case Mailbox:
		if c.vm != nil {
			c.depositFrame()
		}
	}
	if c.fxo.Seized() {
		t := c.trunk(c.e.cfg.Load())
		if t == nil || strings.Contains(t.Disconnect, "busytone") {
			if c.busy.Feed(c.rx) {
				c.trunkClear(true)
			}
		}
	}
}

func (c *Channel) trunkTimer(k timerKind) {
	switch k {
	case tDialWait:
		if c.state == Seizing {
			c.dgen.Dial(c.dialStr, 80*time.Millisecond, 80*time.Millisecond)
			c.out = outDTMF
		}
	case tMaxRing:
		if c.state == Alerting && c.call != nil {
			if g := c.call.group; g != nil && g.Overflow != "" {
				c.e.stopRinging(c.call, nil)
				c.e.overflow(c.call)
				return
			}
			if c.e.noAnswerForward(c.call, c) {
				return
			}
			c.e.stopRinging(c.call, nil)
			if c.fxo.Seized() {
				c.message(NoAnswer, c.e.prompt("noanswer"))
				return
			}
			c.e.finish(c.call, NoAnswer)
			// Keep ignoring the line until the caller gives up.
		}
	case tMenu:
		if c.state == Menu && c.menu != nil && c.menu.waiting {
			c.menuTimeout()
		}
	case tMenuDigits:
		if c.state == Menu && c.menu != nil {
			c.menuInvalid()
		}
	case tRating:
		if c.state == Rating {
			c.message(Answered, c.e.prompt("thanks"))
		}
	case tHunt:
		if c.state == Alerting && c.call != nil {
			c.e.huntNext(c.call)
		}
	}
}

// callerGaveUp: the ringing stopped for longer than a ring pause: the caller hung up
// before the call was answered.
func (c *Channel) callerGaveUp() {
	call := c.call
	if call != nil && !call.done {
		disp := Abandoned
		if len(call.ringing) > 0 || call.rang {
			disp = NoAnswer
		}
		c.e.stopRinging(call, nil)
		c.e.finish(call, disp)
	}
	c.call = nil
	c.clearTimer()
	c.setState(Idle)
}

// trunkSeize seizes the line for an outgoing call to number (as sent on the line).
func (c *Channel) trunkSeize(call *Call, dial string) error {
	if err := c.fxo.Seize(); err != nil {
		return err
	}
	c.call = call
	call.trunk = c
	c.reversals = 0
	c.dialStr = dial
	c.dgen = dtmf.NewGenerator(c.e.zone.DTMFLevel)
	c.resetBusy()
	c.silence()
	c.setState(Seizing)
	c.setTimer(tDialWait, hal.Frames(dialToneWait))
	return nil
}

// trunkConnected: the digits are out; connect the caller to the line.
func (c *Channel) trunkConnected() {
	call := c.call
	c.setState(Talking)
	if call != nil && call.forward != nil && call.forward.call == call {
		// A line forwarded out on this one: connect the two lines.
		in := call.forward
		in.setState(Talking)
		bridge(in, c)
		call.cdr.Answer = c.e.wall()
		if call.record || c.e.recordingOn(c.e.cfg.Load(), call, in, c) {
			cfg := c.e.cfg.Load()
			name := fmt.Sprintf("%s-%04d.wav", call.cdr.Start.Format("20060102-150405"), call.id%10000)
			dir := cfg.System.RecordDir
			if dir == "" {
				dir = filepath.Join(c.e.dataDir, "recordings")
			}
			call.cdr.Recording = name
			in.rec = newRecorder(filepath.Join(dir, name), c, 0)
			in.recKeep = cfg.System.RecordRetention
		}
		return
	}
	if call == nil || call.from == nil || call.from.state != Outgoing {
		c.trunkRelease()
		return
	}
	st := call.from
	st.setState(Talking)
	bridge(st, c)
	call.cdr.Answer = c.e.wall()
	c.e.startRecording(call, st, c)
}

// trunkClear: the far end cleared (or the port failed): release the line and give the
// extension busy tone.
func (c *Channel) trunkClear(farEnd bool) {
	if c.featClear() {
		return
	}
	call := c.call
	p := c.peer
	deposit := c.vm != nil && c.vm.deposit
	if deposit {
		c.endDeposit()
	}
	c.unbridge()
	c.trunkRelease()
	if call != nil && !call.done {
		switch {
		case p != nil && p.fxs != nil:
			p.stationHearBusy()
		case p != nil && p.fxo != nil:
			p.trunkRelease()
		case call.from != nil && call.from != c && call.from.fxs != nil && call.from.state == Outgoing:
			call.from.stationCongestion(true)
		case call.forward != nil && call.forward != c && call.forward.call == call:
			call.forward.trunkRelease()
		case call.forward == c && call.trunk != nil && call.trunk.call == call:
			call.trunk.trunkRelease()
		}
		if deposit {
			c.e.finish(call, Voicemail)
			return
		}
		c.e.stopRinging(call, nil)
		disp := Answered
		switch {
		case !call.cdr.Answer.IsZero():
		case call.trunk == c:
			disp = Failed // an outgoing call cleared before it was connected
		case call.rang:
			disp = NoAnswer
		default:
			disp = Abandoned // hung up in the menu, before anything rang
		}
		c.e.finish(call, disp)
	}
}

// trunkRelease puts the line on hook and the channel back to idle.
func (c *Channel) trunkRelease() {
	if c.fxo.Seized() {
		c.fxo.Release()
	}
	c.unbridge()
	c.silence()
	c.pl.stop()
	c.after = nil
	c.menu = nil
	c.stopRecording()
	c.giveUp = 0
	c.call = nil
	c.clearTimer()
	c.featDetach()
	c.setState(Idle)
}

// resetBusy restarts far-end busy-tone detection for a new seizure, with the line's own
// learned busy cadence when it has one (as well as the zone's).
func (c *Channel) resetBusy() {
	c.busy.Reset()
	if t := c.trunk(c.e.cfg.Load()); t != nil && t.BusyCadence != "" {
		if err := c.busy.SetCadence(t.BusyCadence); err != nil {
			c.e.log.Warn("busy cadence not usable", "port", c.portNo, "err", err)
		}
	}
}
