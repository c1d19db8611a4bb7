package pbx

import (
	"strconv"
	"strings"
	"time"

	"github.com/analogpbx/pbx/hal"
)

// Call is one call from its start to its record: who called, who rang, who answered.
type Call struct {
	id         int64
	cdr        CDR
	from       *Channel   // where the call started (an FXS station, or an FXO line for incoming)
	to         *Channel   // who answered
	ringing    []*Channel // stations ringing now
	trunk      *Channel   // outside line of an outgoing call
	rang       bool       // something rang at some point
	tried      []string
	done       bool
	keys       []byte     // IVR keys pressed
	group      *Group     // hunt group being rung, or nil
	hunted     int        // members tried so far (hunting strategies)
	forward    *Channel   // incoming line forwarded out on call.trunk (line to line)
	afterHours bool       // handled by the after-hours rules: recorded as afterhours
	noAnswer   *Extension // the extension ringing, whose forward on no answer applies
	record     bool       // record whatever this call is bridged to
	playback   []int16    // a prompt played to the phone that answers (no call record)
	waitOn     *Channel   // station hearing the call-waiting tone for this call (flash.go)
	xfer       bool       // handed over by a transfer: the DND rule for transfers applies
	hops       int        // forwards and overflows followed (loop.go)
	loop       bool       // met a forwarding loop: recorded as failed
}

// newCall starts a call record at channel from.
func (e *Engine) newCall(from *Channel) *Call {
	e.seq++
	call := &Call{id: e.seq, from: from}
	call.cdr.Start = e.wall()
	call.cdr.Port = from.portNo
	cfg := e.cfg.Load()
	if from.fxs != nil {
		if x := from.ext(cfg); x != nil {
			call.cdr.From = x.Number
		}
	} else if t := from.trunk(cfg); t != nil {
		call.cdr.Line = t.Line
	}
	return call
}

// finish writes the call's record with disposition disp (once).
func (e *Engine) finish(call *Call, disp string) {
	if call.done {
		return
	}
	call.done = true
	call.cdr.End = e.wall()
	call.cdr.Disposition = disp
	if len(call.keys) > 0 {
		call.cdr.Route = strings.TrimSpace(call.cdr.Route + " keys=" + string(call.keys))
	}
	if len(call.tried) > 0 && !strings.Contains(call.cdr.Route, "tried=") {
		call.cdr.Route = strings.TrimSpace(call.cdr.Route + " tried=" + strings.Join(call.tried, ","))
	}
	if call.loop && disp != Answered {
		disp = Failed
		call.cdr.Disposition = disp
	}
	if call.afterHours && disp != Failed {
		disp = AfterHours
		call.cdr.Disposition = disp
	}
	e.log.Info("call end", "call", call.id, "from", call.cdr.From, "to", call.cdr.To, "disposition", disp)
	e.rec.Record(call.cdr)
	e.publish(Change{Kind: "call"})
}

// failed: station c dialed something that leads nowhere.
func (e *Engine) failed(c *Channel, digits string) {
	call := e.newCall(c)
	call.cdr.To = digits
	e.finish(call, Failed)
	c.stationCongestion(false)
}

// route sends the number dialed at station c where it goes.
func (e *Engine) route(c *Channel, d Dialed) {
	cfg := e.cfg.Load()
	call := e.newCall(c)
	call.cdr.To = d.Number
	c.call = call
	switch d.Kind {
	case "ext":
		call.cdr.Route = "ext:" + d.Number
		if !e.deliver(call, c, d.Number) {
			e.finish(call, Busy)
			c.stationCongestion(true)
			return
		}
		if c.state == Outgoing {
			return // forwarded to an outside number: the line is being dialed
		}
		c.setState(Ringback)
		c.play(&e.zone.Ringback)
	case "group":
		g := cfg.group(d.Number)
		call.cdr.Route = "group:" + d.Number
		if g == nil {
			g = &Group{}
		}
		targets := e.hunt(cfg, g, call)
		if len(targets) == 0 {
			if e.enqueue(g, call, c) {
				return
			}
			e.finish(call, Busy)
			c.stationCongestion(true)
			return
		}
		e.ringStations(call, targets, call.cdr.From, "")
		c.setState(Ringback)
		c.play(&e.zone.Ringback)
		timeout := g.Timeout
		if timeout == 0 {
			timeout = cfg.System.GroupRingTimeout
		}
		c.setTimer(tMaxRing, hal.Frames(timeout))
		e.armHunt(call)
	case "outside":
		e.routeOutside(c, call, d)
	case "pickup":
		e.pickup(c, call, d)
	case "feature":
		e.feature(c, call, d.Number)
	case monListen, monWhisper, monBarge, monRelease:
		e.monitor(c, call, d)
	default:
		call.cdr.To = c.digits
		e.finish(call, Failed)
		c.stationCongestion(false)
	}
}

// Feature codes dialed from a phone.
const (
	codeVoicemail      = "*97" // own mailbox
	codeVoicemailOther = "*98" // any mailbox, with its PIN
)

// feature carries out a feature code dialed at station c.
func (e *Engine) feature(c *Channel, call *Call, code string) {
	call.done = true // a feature is not a call of its own
	c.call = nil
	switch code {
	case codeVoicemail:
		e.startRetrieval(c, true)
	case codeVoicemailOther:
		e.startRetrieval(c, false)
	default:
		c.stationCongestion(false)
	}
}

// deliver rings extension n for call from caller (a station or a line), following its
// forwards: always, on busy, and (by the caller's timer) on no answer. It reports false
// when nothing rings.
func (e *Engine) deliver(call *Call, caller *Channel, n string) bool {
	cfg := e.cfg.Load()
	if e.forwardLoop(cfg, call, n) {
		return false
	}
	n = e.forwardTarget(cfg, n)
	x := cfg.ext(n)
	if x == nil {
		return false
	}
	if x.ForwardAlways != "" && cfg.ext(x.ForwardAlways) == nil {
		// Forward always to an outside number.
		return e.forwardOutside(call, caller, x, x.ForwardAlways)
	}
	s := e.available(cfg, n, call)
	if s == nil && e.callWaiting(cfg, x, call, caller) {
		caller.setTimer(tMaxRing, hal.Frames(e.ringTime(cfg, x)))
		return true
	}
	if s == nil && x.ForwardBusy != "" && cfg.ext(x.ForwardBusy) == nil {
		return e.forwardOutside(call, caller, x, x.ForwardBusy)
	}
	if s == nil {
		if x.ForwardBusy != "" && cfg.ext(x.ForwardBusy) != nil && x.ForwardBusy != n {
			call.cdr.Route = strings.TrimSpace(call.cdr.Route + " busy-forward:" + x.ForwardBusy)
			s = e.available(cfg, e.forwardTarget(cfg, x.ForwardBusy), call)
		}
		if s == nil {
			return false
		}
	}
	call.cdr.To = n
	e.ringStations(call, []*Channel{s}, call.cdr.From, "")
	call.noAnswer = x
	caller.setTimer(tMaxRing, hal.Frames(e.ringTime(cfg, x)))
	return true
}

// ringTime is how long extension x rings before its forward on no answer (or the
// maximum ring time).
func (e *Engine) ringTime(cfg *Config, x *Extension) time.Duration {
	ring := cfg.System.MaxRing
	if (x.ForwardNoAnswer != "" || x.VoicemailNoAns) && x.NoAnswerTime > 0 {
		ring = min(ring, x.NoAnswerTime)
	} else if x.ForwardNoAnswer != "" || x.VoicemailNoAns {
		ring = min(ring, 20*time.Second)
	}
	return ring
}

// noAnswerForward: the extension rang its time without answer; follow its forward on no
// answer (another extension, or voicemail for a line caller). Reports whether it did.
func (e *Engine) noAnswerForward(call *Call, caller *Channel) bool {
	x := call.noAnswer
	call.noAnswer = nil
	if x == nil {
		return false
	}
	cfg := e.cfg.Load()
	if x.ForwardNoAnswer != "" && cfg.ext(x.ForwardNoAnswer) == nil {
		e.stopRinging(call, nil)
		if caller.fxs != nil {
			caller.gen.Stop()
		}
		return e.forwardOutside(call, caller, x, x.ForwardNoAnswer)
	}
	if x.ForwardNoAnswer != "" && cfg.ext(x.ForwardNoAnswer) != nil {
		e.stopRinging(call, nil)
		call.cdr.Route = strings.TrimSpace(call.cdr.Route + " noanswer-forward:" + x.ForwardNoAnswer)
		if s := e.available(cfg, e.forwardTarget(cfg, x.ForwardNoAnswer), call); s != nil {
			e.ringStations(call, []*Channel{s}, call.cdr.From, "")
			caller.setTimer(tMaxRing, hal.Frames(cfg.System.MaxRing))
			return true
		}
		return false
	}
	if x.VoicemailNoAns && caller.fxo != nil {
		e.stopRinging(call, nil)
		e.startDeposit(caller, x.Number)
		return true
	}
	return false
}

// routeOutside seizes an allowed free line for station c and dials the number on it.
func (e *Engine) routeOutside(c *Channel, call *Call, d Dialed) {
	cfg := e.cfg.Load()
	x := c.ext(cfg)
	if x == nil {
		e.finish(call, Failed)
		c.stationCongestion(false)
		return
	}
	ld := IsLongDistance(cfg.System.LongDistance, d.Number)
	if ld && !x.LongDistance {
		call.cdr.Route = "restricted"
		e.finish(call, Failed)
		c.call = nil
		c.setState(BusyTone)
		c.say(func() { c.stationCongestion(false) }, e.prompt("restricted"), e.prompt("restricted"))
		return
	}
	if l := e.seizeFor(cfg, x, d.Number, call, nil); l != nil {
		call.cdr.Route = "line:" + itoa(call.cdr.Line)
		c.silence()
		c.setState(Outgoing)
		return
	}
	call.cdr.Route = "no free line"
	e.finish(call, Busy)
	c.stationCongestion(false)
}

// seizeFor seizes the first free line that extension x may use (not exclude) and starts
// dialing number on it, with the line's outbound and long-distance prefixes. It returns
// the line, or nil when none is free.
func (e *Engine) seizeFor(cfg *Config, x *Extension, number string, call *Call, exclude *Channel) *Channel {
	ld := IsLongDistance(cfg.System.LongDistance, number)
	for _, t := range cfg.Trunks {
		if len(x.Lines) > 0 && !containsInt(x.Lines, t.Line) {
			continue
		}
		l := e.channelByLine(cfg, t.Line)
		if l == nil || l == exclude || l.state != Idle {
			continue
		}
		dial := t.OutPrefix
		if ld {
			dial += t.IPPrefix
		}
		if l.trunkSeize(call, dial+number) != nil {
			continue
		}
		call.cdr.Line = t.Line
		return l
	}
	return nil
}

// forwardOutside sends call on to an outside number that extension x forwards to, out
// through a line x may use: a station caller is connected to the line; a caller on
// another line is connected line to line. It reports false when the number is
// restricted for x or no line is free.
func (e *Engine) forwardOutside(call *Call, caller *Channel, x *Extension, num string) bool {
	cfg := e.cfg.Load()
	num = strings.TrimPrefix(num, cfg.System.AccessCode) // forwards are written with the access code
	if num == "" || (IsLongDistance(cfg.System.LongDistance, num) && !x.LongDistance) {
		return false
	}
	if caller.fxo != nil && !caller.fxo.Seized() {
		if err := caller.fxo.Seize(); err != nil {
			return false
		}
		caller.reversals = 0
		caller.resetBusy()
	}
	if e.seizeFor(cfg, x, num, call, caller) == nil {
		return false
	}
	call.cdr.To = num
	call.cdr.Route = strings.TrimSpace(call.cdr.Route + " forward:" + num)
	caller.call = call
	if caller.fxs != nil {
		caller.silence()
		caller.setState(Outgoing)
		return true
	}
	call.forward = caller
	caller.menu = nil
	caller.setState(Alerting)
	caller.play(&e.zone.Ringback)
	return true
}

// pickup answers a ringing call at station c: directed (d.Number) or any in c's groups.
func (e *Engine) pickup(c *Channel, call *Call, d Dialed) {
	cfg := e.cfg.Load()
	var target *Channel
	if d.Number != "" {
		if t := e.channelByExt(cfg, d.Number); t != nil && t.state == Ringing {
			target = t
		}
	} else if me := c.ext(cfg); me != nil {
		for _, g := range cfg.Groups {
			if !containsStr(g.Members, me.Number) {
				continue
			}
			for _, m := range g.Members {
				if t := e.channelByExt(cfg, m); t != nil && t.state == Ringing && t != c {
					target = t
					break
				}
			}
			if target != nil {
				break
			}
		}
	}
	if target == nil || target.call == nil {
		call.cdr.To = d.Number
		call.cdr.Route = "pickup"
		e.finish(call, Failed)
		c.stationCongestion(false)
		return
	}
	// The pickup is part of the ringing call, not a call of its own.
	call.done = true
	c.call = nil
	picked := target.call
	picked.cdr.Route = strings.TrimSpace(picked.cdr.Route + " pickup=" + call.cdr.From)
	c.digits = ""
	e.answer(picked, c)
}

// ringStations rings every station in ts for call.
func (e *Engine) ringStations(call *Call, ts []*Channel, from, name string) {
	cfg := e.cfg.Load()
	for _, t := range ts {
		t.ring(call, from, name)
		call.rang = true
		if x := t.ext(cfg); x != nil {
			call.tried = append(call.tried, x.Number)
		}
	}
}

// stopRinging stops every station still ringing for call, except keep.
func (e *Engine) stopRinging(call *Call, keep *Channel) {
	e.stopWaiting(call)
	for _, t := range call.ringing {
		if t != keep && t.state == Ringing && t.call == call {
			t.stopRing()
		}
	}
	call.ringing = call.ringing[:0]
}

// answer: station s answered call.
func (e *Engine) answer(call *Call, s *Channel) {
	cfg := e.cfg.Load()
	e.stopRinging(call, s)
	if s.state == Ringing {
		s.fxs.StopRing()
	}
	s.fxs.SetFeed(hal.FeedActive)
	s.clearTimer()
	if call.playback != nil {
		// The installer listens to a prompt on this phone: play it, then busy tone.
		s.call = nil
		s.setState(Message)
		s.say(func() { s.stationHearBusy() }, call.playback)
		return
	}
	s.call = call
	call.to = s
	num := ""
	if x := s.ext(cfg); x != nil {
		num = x.Number
	}
	call.cdr.To = num
	call.cdr.Answer = e.wall()
	e.answered(call, num)
	from := call.from
	switch {
	case from.fxs != nil:
		from.clearTimer()
		from.setState(Talking)
	default:
		call.cdr.Agent = num
		if !from.fxo.Seized() {
			if err := from.fxo.Seize(); err != nil {
				e.log.Warn("seize failed", "port", from.portNo, "err", err)
			}
			from.resetBusy()
			from.reversals = 0
		}
		from.clearTimer()
		from.gen.Stop()
		from.menu = nil
		s.setState(Talking)
		e.startRecording(call, from, s)
		if x := s.ext(cfg); x != nil && x.AnnounceAgent {
			e.startAnnounce(from, s, num)
			return
		}
		from.setState(Talking)
		bridge(from, s)
		return
	}
	s.setState(Talking)
	e.startRecording(call, from, s)
	bridge(from, s)
}

// ratingOn reports whether line l asks callers to rate the agent.
func (e *Engine) ratingOn(l *Channel) bool {
	t := l.trunk(e.cfg.Load())
	return t != nil && t.Rating
}

// keyStat counts a key pressed in a menu (IVR key statistics).
func (e *Engine) keyStat(menu string, d byte) {
	e.stats[menu+"/"+string(d)]++
}

// KeyStats returns the IVR key statistics: "menu/key" → presses since start.
func (e *Engine) KeyStats() map[string]int {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make(map[string]int, len(e.stats))
	for k, v := range e.stats {
		out[k] = v
	}
	return out
}

func (c *Config) group(n string) *Group {
	for i := range c.Groups {
		if c.Groups[i].Number == n {
			return &c.Groups[i]
		}
	}
	return nil
}

func containsInt(xs []int, v int) bool {
	for _, x := range xs {
		if x == v {
			return true
		}
	}
	return false
}

func containsStr(xs []string, v string) bool {
	for _, x := range xs {
		if x == v {
			return true
		}
	}
	return false
}

func itoa(n int) string { return strconv.Itoa(n) }
