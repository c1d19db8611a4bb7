package pbx

import (
	"strings"
)

// Monitoring kinds, as Dialed.Kind: the feature code (System.ListenCode ...) followed by
// the extension to monitor.
const (
	monListen  = "listen"  // hear both parties without being heard
	monWhisper = "whisper" // hear both; be heard by the monitored extension only
	monBarge   = "barge"   // join the call: a three-party conference
	monRelease = "release" // clear the monitored call
)

// monitorCodes lists the monitoring feature codes of s with their keys.
func monitorCodes(s *System) [4]struct{ code, kind, key, what string } {
	return [4]struct{ code, kind, key, what string }{
		{s.ListenCode, monListen, "listen_code", "listen"},
		{s.WhisperCode, monWhisper, "whisper_code", "whisper"},
		{s.BargeCode, monBarge, "barge_code", "barge"},
		{s.ReleaseCode, monRelease, "release_code", "force-release"},
	}
}

// monitorCode classifies digits that begin with a monitoring feature code; ok is false
// when they do not.
func (p Plan) monitorCode(digits string, end bool) (d Dialed, ok bool) {
	for _, mc := range monitorCodes(&p.cfg.System) {
		if mc.code == "" {
			continue
		}
		rest, found := strings.CutPrefix(digits, mc.code)
		if !found {
			if !end && len(digits) < len(mc.code) && strings.HasPrefix(mc.code, digits) {
				return Dialed{Kind: mc.kind, Match: More}, true
			}
			continue
		}
		if rest == "" {
			if end {
				return Dialed{Kind: mc.kind, Match: Invalid}, true
			}
			return Dialed{Kind: mc.kind, Match: More}, true
		}
		d = p.internal(rest, end)
		if d.Kind == "group" && d.Match != More {
			d.Match = Invalid
		}
		d.Kind = mc.kind
		return d, true
	}
	return Dialed{}, false
}

// monitor carries out a monitoring code dialed at station c for extension d.Number:
// allowed only for the extensions in c's may-monitor list, and only on a call in
// progress; otherwise c hears congestion.
func (e *Engine) monitor(c *Channel, call *Call, d Dialed) {
	cfg := e.cfg.Load()
	call.done = true // monitoring is part of the monitored call, not a call of its own
	c.call = nil
	me := c.ext(cfg)
	t := e.channelByExt(cfg, d.Number)
	ok := me != nil && t != nil && t != c && containsStr(me.MayMonitor, d.Number)
	ok = ok && (d.Kind != monBarge || t.fe.held == nil && t.fe.heldConf == nil)
	inConf := ok && t.fe.conf != nil && t.state == Conference
	talking := ok && t.state == Talking && t.peer != nil && t.call != nil
	if !talking && !(inConf && (d.Kind == monBarge || d.Kind == monRelease)) {
		e.log.Info("monitoring refused", "port", c.portNo, "target", d.Number, "kind", d.Kind)
		c.stationCongestion(false)
		return
	}
	by := me.Number
	tag := func(cl *Call) {
		if cl != nil {
			cl.cdr.Route = strings.TrimSpace(cl.cdr.Route + " " + d.Kind + "=" + by)
		}
	}
	c.digits = ""
	switch d.Kind {
	case monListen, monWhisper:
		if d.Kind == monWhisper && t.fe.whisper != nil {
			c.stationCongestion(false)
			return
		}
		tag(t.call)
		c.silence()
		c.fe.mon, c.fe.monKind = t, d.Kind
		if d.Kind == monWhisper {
			t.fe.whisper = c
		}
		c.setState(Monitoring)
		c.out = outMonitor
	case monBarge:
		if inConf {
			tag(t.call)
			t.fe.conf.add(c)
			return
		}
		tag(t.call)
		p := t.peer
		t.unbridge()
		cf := e.newConference()
		cf.add(t)
		cf.add(p)
		cf.add(c)
	case monRelease:
		e.forceRelease(t, by)
		c.stationHearBusy()
	}
	e.log.Info("monitoring", "port", c.portNo, "target", d.Number, "kind", d.Kind)
}

// forceRelease clears the call extension channel t is in, on behalf of supervisor by.
func (e *Engine) forceRelease(t *Channel, by string) {
	if cf := t.fe.conf; cf != nil {
		for _, cl := range cf.calls {
			cl.cdr.Route = strings.TrimSpace(cl.cdr.Route + " " + monRelease + "=" + by)
		}
		if s := cf.stepped; s != nil && s.fe.heldConf == cf {
			s.fe.heldConf = nil
		}
		cf.stepped = nil
		for _, m := range append([]*Channel(nil), cf.members...) {
			if m.fe.conf != cf {
				continue // released as the last member
			}
			cf.remove(m)
			m.call = nil
			e.releaseParty(m)
		}
		return
	}
	call, p := t.call, t.peer
	call.cdr.Route = strings.TrimSpace(call.cdr.Route + " " + monRelease + "=" + by)
	t.unbridge()
	e.finish(call, Answered)
	t.call, p.call = nil, nil
	e.releaseParty(t)
	e.releaseParty(p)
}

// monitorFrame ends a listen or whisper once the monitored conversation is over.
func (c *Channel) monitorFrame() {
	t := c.fe.mon
	if t != nil && t.state == Talking && t.peer != nil {
		return
	}
	c.stopMonitor()
	c.stationHearBusy()
}

// stopMonitor ends c's listening or whispering.
func (c *Channel) stopMonitor() {
	if t := c.fe.mon; t != nil && t.fe.whisper == c {
		t.fe.whisper = nil
	}
	c.fe.mon, c.fe.monKind = nil, ""
	if c.out == outMonitor {
		c.out = outSilence
	}
}
