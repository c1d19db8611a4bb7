package pbx

import (
	"math"

	"github.com/analogpbx/pbx/dsp/tone"
	"github.com/analogpbx/pbx/hal"
)

// feat is a channel's part in the features that involve more than two parties: hold and
// call waiting (flash.go), conferences (conference.go), monitoring (monitor.go) and
// queueing (queue.go), plus the tone injected into a conversation (call-waiting tone,
// queue beep). The hooks below are called from the channel's state machine.
type feat struct {
	// A station with a second call: the party on hold while it consults or talks to a
	// waiting caller, or the conference it stepped out of.
	held     *Channel
	heldCall *Call
	heldConf *conference
	swap     bool  // the two calls came from call waiting: flash swaps them
	waiting  *Call // a call waiting for this station (call-waiting tone playing)

	holder *Channel    // held party: the station holding it
	conf   *conference // the conference this channel is a member of

	// Monitoring: the extension this channel listens to, and a supervisor whispering
	// into this channel.
	mon     *Channel
	monKind string
	whisper *Channel

	queue      *queue // the queue this caller waits in
	queuedAt   int64  // frame it joined the queue
	queueUntil int64  // frame of its queue_max_wait (0 = none)

	ovl    tone.Generator // tone added to the conversation
	ovlOn  bool
	ovlBuf [hal.FrameSamples]int16
}

// engineFeat is the engine's state of the multi-party features.
type engineFeat struct {
	queues     []*queue  // one per group that has queued callers
	beep       tone.Tone // queue beep: the first burst of the zone's call-waiting tone
	dispatched int64     // frame+1 of the last queue dispatch
}

// featProcess runs each frame after the port's detectors.
func (c *Channel) featProcess() {
	switch c.state {
	case Queued:
		c.e.queueFrame(c)
	case Monitoring:
		c.monitorFrame()
	}
}

// featTimer handles the timers of these features; it reports whether k was one.
func (c *Channel) featTimer(k timerKind) bool {
	switch k {
	case tQueueWait:
		if c.state == Queued {
			c.e.queueTimeout(c)
		}
		return true
	case tQueueRing:
		if (c.state == Ringback || c.state == Alerting) && c.call != nil {
			c.e.queueNoAnswer(c)
		}
		return true
	}
	return false
}

// featOnHook runs first when a station hangs up. It settles the features the station
// takes part in and leaves the station's own call, if any is left, to stationOnHook.
func (c *Channel) featOnHook() {
	f := &c.fe
	switch {
	case c.state == Queued:
		c.e.leaveQueue(c, true)
	case c.state == Held:
		c.heldPartyGone()
	case c.state == Monitoring:
		c.stopMonitor()
	case f.conf != nil:
		f.conf.remove(c)
		c.call = nil
	}
	if f.held != nil || f.heldConf != nil {
		c.onHookHolding()
	}
}

// featIdle runs once a station is back on hook and idle: a call waiting for it rings it
// now; otherwise a queue may hand it its longest-waiting caller.
func (c *Channel) featIdle() {
	c.stopOverlay()
	c.featDetach()
	if w := c.fe.waiting; w != nil {
		c.fe.waiting = nil
		w.waitOn = nil
		if !w.done && w.from != nil {
			c.ring(w, w.cdr.From, "")
			return
		}
	}
	c.e.queueDispatch()
}

// featClear runs first when the far end of a line clears; it reports true when the line
// was in one of these features and has been released.
func (c *Channel) featClear() bool {
	f := &c.fe
	switch {
	case c.state == Queued:
		c.e.leaveQueue(c, true)
	case c.state == Held:
		c.heldPartyGone()
	case f.conf != nil:
		f.conf.remove(c)
		c.call = nil
	default:
		return false
	}
	c.trunkRelease()
	return true
}

// featDetach drops every feature link of a channel going idle.
func (c *Channel) featDetach() {
	f := &c.fe
	if f.queue != nil {
		c.e.leaveQueue(c, false)
	}
	if f.holder != nil {
		if h := f.holder; h.fe.held == c {
			h.fe.held, h.fe.heldCall, h.fe.swap = nil, nil, false
		}
		f.holder = nil
	}
	if f.conf != nil {
		f.conf.remove(c)
	}
	if f.mon != nil {
		c.stopMonitor()
	}
	f.whisper = nil // the supervisor's monitorFrame sees the call is over
	c.stopOverlay()
}

// startOverlay adds tone t to what the channel hears, over its conversation.
func (c *Channel) startOverlay(t *tone.Tone) {
	c.fe.ovl.Play(t)
	c.fe.ovlOn = true
}

func (c *Channel) stopOverlay() {
	c.fe.ovl.Stop()
	c.fe.ovlOn = false
}

// overlay adds the injected tone and a whispering supervisor to this frame's tx.
func (c *Channel) overlay() {
	f := &c.fe
	if f.ovlOn {
		if !f.ovl.Playing() {
			f.ovlOn = false
		} else {
			f.ovl.Read(f.ovlBuf[:])
			addSat(c.tx, f.ovlBuf[:])
		}
	}
	if w := f.whisper; w != nil {
		addSat(c.tx, w.rx)
	}
}

// featOut fills tx for the output modes of these features.
func (c *Channel) featOut() {
	switch c.out {
	case outMix:
		if cf := c.fe.conf; cf != nil {
			cf.mixFrame()
		} else {
			clear(c.tx)
		}
	case outMonitor:
		clear(c.tx)
		if t := c.fe.mon; t != nil {
			addSat(c.tx, t.rx)
			if p := t.peer; p != nil {
				addSat(c.tx, p.rx)
			}
		}
	}
}

// addSat adds src to dst sample by sample, saturating.
func addSat(dst, src []int16) {
	for i := range min(len(dst), len(src)) {
		v := int32(dst[i]) + int32(src[i])
		dst[i] = int16(max(min(v, math.MaxInt16), math.MinInt16))
	}
}

// releaseParty ends whatever call ch is in from outside: a station hears busy until it
// hangs up, a line is released.
func (e *Engine) releaseParty(ch *Channel) {
	if ch.fxs != nil {
		ch.stationHearBusy()
		return
	}
	ch.trunkRelease()
}

// partyNumber is how a channel is named in a call record: its extension, or the
// caller ID of the call on a line.
func (e *Engine) partyNumber(ch *Channel) string {
	cfg := e.cfg.Load()
	if ch.fxs != nil {
		if x := ch.ext(cfg); x != nil {
			return x.Number
		}
		return ""
	}
	if ch.call != nil {
		return ch.call.cdr.From
	}
	return ""
}
