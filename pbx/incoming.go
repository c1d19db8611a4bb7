package pbx

import (
	"strconv"
	"strings"
	"time"
)

// routeIncoming routes an incoming call on line l with caller ID number cidNum, once the
// caller ID has arrived (or the second ring began without it).
func (e *Engine) routeIncoming(l *Channel, cidNum string) {
	cfg := e.cfg.Load()
	l.routed = true
	call := l.call
	if call == nil {
		return
	}
	t := l.trunk(cfg)
	if t != nil && t.InPrefix != "" {
		cidNum = strings.TrimPrefix(cidNum, t.InPrefix)
	}
	call.cdr.From = cidNum
	e.log.Info("incoming call", "port", l.portNo, "from", cidNum)
	if !HoursOpen(&cfg.Hours, e.wall()) {
		e.afterHours(l, t)
		return
	}
	dest := cfg.System.Incoming
	if t != nil {
		switch {
		case t.Incoming != "":
			dest = t.Incoming
		case t.Hotline != "":
			dest = Destination("ext:" + t.Hotline)
		case t.Group != "":
			dest = Destination("group:" + t.Group)
		case t.IVR != "":
			dest = Destination("ivr:" + t.IVR)
		}
	}
	kind, arg, _ := strings.Cut(string(dest), ":")
	switch kind {
	case "ivr":
		e.enterMenu(l, arg)
	case "voicemail":
		e.startDeposit(l, arg)
	case "number":
		e.forwardOut(l, arg, false)
	case "ext", "group":
		e.ringFromLine(l, kind, arg)
	default:
		e.ringFromLine(l, "ext", cfg.System.Operator)
	}
}

// afterHours applies the after-hours mode to an incoming call on line l (trunk t).
func (e *Engine) afterHours(l *Channel, t *Trunk) {
	cfg := e.cfg.Load()
	call := l.call
	call.afterHours = true
	call.cdr.Route = strings.TrimSpace(call.cdr.Route + " afterhours:" + strconv.Itoa(cfg.System.AfterHoursMode))
	number := cfg.System.AfterHoursNumber
	if t != nil && t.AfterHours != "" {
		number = t.AfterHours
	}
	if !l.fxo.Seized() && cfg.System.AfterHoursMode != 3 {
		if err := l.fxo.Seize(); err != nil {
			return
		}
		l.reversals = 0
		l.resetBusy()
	}
	switch cfg.System.AfterHoursMode {
	case 2: // announcement, then voicemail (the operator's mailbox)
		l.setState(Message)
		l.say(func() { e.startDeposit(l, cfg.System.Operator) }, e.prompt("after-hours"))
	case 3: // forward to another number through an outbound-forward line, recorded
		e.forwardOut(l, number, true)
	default: // 1, or 0 with hours set: announcement with the hours and another number
		clips := [][]int16{e.prompt("after-hours")}
		if number != "" {
			clips = append(clips, e.prompt("other-number"))
			clips = append(clips, e.digitClips(number)...)
		}
		clips = append(clips, e.prompt("goodbye"))
		l.message(AfterHours, clips...)
	}
}

// HoursOpen reports whether t is inside the working hours h (always when h is not enabled).
// A holiday ("2026-10-01" or "2026-10-01..2026-10-07") is closed all day.
func HoursOpen(h *Hours, t time.Time) bool {
	if !h.Enabled {
		return true
	}
	day := t.Format("2006-01-02")
	for _, hd := range h.Holidays {
		from, to, ok := strings.Cut(hd, "..")
		if !ok {
			to = from
		}
		if day >= strings.TrimSpace(from) && day <= strings.TrimSpace(to) {
			return false
		}
	}
	now := t.Format("15:04")
	for _, r := range strings.Split(h.Weekly[t.Weekday()], ",") {
		from, to, ok := strings.Cut(strings.TrimSpace(r), "-")
		if ok && now >= from && now < to {
			return true
		}
	}
	return false
}
