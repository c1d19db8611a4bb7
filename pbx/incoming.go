package pbx

import (
	"fmt"
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
	if !e.lineOpen(cfg, t) {
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

// lineOpen reports whether line t is inside its working hours now: the system's schedule,
// or the line's own ("always", or its weekly schedule with the system's holidays).
func (e *Engine) lineOpen(cfg *Config, t *Trunk) bool {
	if t == nil || t.Hours == "" {
		return HoursOpen(&cfg.Hours, e.wall())
	}
	if t.Hours == "always" {
		return true
	}
	weekly, err := LineHours(t.Hours)
	if err != nil {
		return true // refused at save; never reached
	}
	h := Hours{Enabled: true, Weekly: weekly, Holidays: cfg.Hours.Holidays}
	return HoursOpen(&h, e.wall())
}

var dayNames = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// LineHours reads a line's own schedule: "" or "always" give no schedule; otherwise
// "DAYS RANGES; DAYS RANGES ..." where DAYS is a day or a span ("mon-fri", "sat") and
// RANGES comma-separated HH:MM-HH:MM (e.g. "mon-fri 08:30-12:00,13:00-18:00; sat 09:00-12:00").
// It returns the ranges per weekday (0 = Sunday).
func LineHours(s string) ([7]string, error) {
	var w [7]string
	if s == "" || s == "always" {
		return w, nil
	}
	for _, part := range strings.Split(s, ";") {
		f := strings.Fields(part)
		if len(f) != 2 {
			return w, fmt.Errorf("%q: want days and ranges, e.g. mon-fri 09:00-18:00", strings.TrimSpace(part))
		}
		from, to, span := strings.Cut(f[0], "-")
		a, b := dayIndex(from), dayIndex(to)
		if !span {
			b = a
		}
		if a < 0 || b < 0 {
			return w, fmt.Errorf("%q: days are sun mon tue wed thu fri sat", f[0])
		}
		for _, r := range strings.Split(f[1], ",") {
			lo, hi, ok := strings.Cut(r, "-")
			if !ok || !clock(lo) || !clock(hi) || lo >= hi {
				return w, fmt.Errorf("%q: a range is HH:MM-HH:MM, earlier first", r)
			}
		}
		for d := a; ; d = (d + 1) % 7 {
			if w[d] != "" {
				w[d] += ","
			}
			w[d] += f[1]
			if d == b {
				break
			}
		}
	}
	return w, nil
}

func dayIndex(s string) int {
	for i, d := range dayNames {
		if d == s {
			return i
		}
	}
	return -1
}

// clock reports whether s is a time of day HH:MM.
func clock(s string) bool {
	_, err := time.Parse("15:04", s)
	return err == nil && len(s) == 5
}
