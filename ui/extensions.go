package ui

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"

	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/conf"
)

func newExtensions(a *App) screen {
	l := newListScreen(a, "Exts", "extension", []string{"NUMBER", "PORT", "NAME", "FORWARD", "BUSY", "NO ANSWER", "DND", "HOTLINE"})
	l.rows = func(cfg *pbx.Config) ([]string, [][]string) {
		var ids []string
		var rows [][]string
		for _, e := range cfg.Extensions {
			ids = append(ids, e.Number)
			rows = append(rows, []string{e.Number, portText(e.Port), orDash(e.Name), orDash(e.ForwardAlways),
				orDash(e.ForwardBusy), orDash(e.ForwardNoAnswer), yesDash(e.DND), lineText(e.Hotline)})
		}
		return ids, rows
	}
	l.edit = func(id string) { extensionForm(a, l, id).open() }
	return l
}

// extensionForm edits extension id ("" = a new one) and its group memberships.
func extensionForm(a *App, l *listScreen, id string) *editForm {
	cfg := a.cfg
	e := pbx.Extension{Number: nextNumber(extNumbers(cfg), 801), LongDistance: true, CallWaiting: true}
	title := "New extension"
	if i := slices.IndexFunc(cfg.Extensions, func(x pbx.Extension) bool { return x.Number == id }); i >= 0 {
		e = cfg.Extensions[i]
		title = "Extension " + id
	}
	var groups []string
	for _, g := range cfg.Groups {
		if id != "" && slices.Contains(g.Members, id) {
			groups = append(groups, g.Number)
		}
	}

	f := newEditForm(a, title, "extension "+e.Number)
	f.str("Number", "", &e.Number, checkNumber)
	f.num("Port", "port", &e.Port, true)
	f.str("Name", "name", &e.Name, nil)
	f.str("Forward always", "forward_always", &e.ForwardAlways, checkDial)
	f.str("Forward on busy", "forward_busy", &e.ForwardBusy, checkDial)
	f.str("Forward no answer", "forward_noanswer", &e.ForwardNoAnswer, checkDial)
	f.dur("No-answer time", "noanswer_time", &e.NoAnswerTime)
	f.num("Hotline line", "hotline", &e.Hotline, true)
	f.list("Groups", "groups", &groups, checkNumber)
	f.checkbox("Announce agent", "announce_agent", &e.AnnounceAgent)
	f.checkbox("Voicemail busy", "voicemail_busy", &e.VoicemailBusy)
	f.checkbox("Voicemail no answ.", "voicemail_noanswer", &e.VoicemailNoAns)
	f.checkbox("Long distance", "long_distance", &e.LongDistance)
	f.intList("Outbound lines", "lines", &e.Lines)
	f.list("May monitor", "may_monitor", &e.MayMonitor, checkNumber)
	f.checkbox("Do not disturb", "dnd", &e.DND)
	f.str("PIN", "pin", &e.PIN, checkDigits)
	f.checkbox("Record calls", "record", &e.Record)
	f.checkbox("Call waiting", "call_waiting", &e.CallWaiting)
	var del func()
	if id != "" {
		del = func() { f.close(); a.confirmDelete("extension "+id, func() {}) }
	}
	f.buttons(del)

	f.text = func() ([]byte, error) {
		c := conf.Clone(a.cfg)
		if i := slices.IndexFunc(c.Extensions, func(x pbx.Extension) bool { return x.Number == id }); i >= 0 && id != "" {
			c.Extensions[i] = e
		} else {
			c.Extensions = append(c.Extensions, e)
		}
		f.section = "extension " + e.Number
		var b bytes.Buffer
		b.Write(objectText(c, "extension", id, e.Number))
		for _, g := range groups {
			if !slices.ContainsFunc(c.Groups, func(x pbx.Group) bool { return x.Number == g }) {
				f.fieldByKey("groups").item.msg = "no group " + g
				return nil, fmt.Errorf("groups: there is no group %s", g)
			}
		}
		for i := range c.Groups {
			g := &c.Groups[i]
			was := slices.Clone(g.Members)
			g.Members = slices.DeleteFunc(g.Members, func(m string) bool { return m == id || m == e.Number })
			if slices.Contains(groups, g.Number) {
				if j := slices.Index(was, id); j >= 0 && id != "" {
					g.Members = slices.Insert(g.Members, min(j, len(g.Members)), e.Number) // keep its priority
				} else {
					g.Members = append(g.Members, e.Number)
				}
			}
			if !slices.Equal(was, g.Members) {
				b.Write(sectionOf(c, "group "+g.Number))
			}
		}
		return b.Bytes(), nil
	}
	f.saved = func() {
		l.want = e.Number
		a.say("saved extension " + e.Number)
	}
	return f
}

// fieldByKey returns the form's field for a configuration key.
func (f *editForm) fieldByKey(key string) *formField {
	for _, ff := range f.fields {
		if ff.key == key {
			return ff
		}
	}
	return &formField{item: &fieldItem{}}
}

// extNumbers lists the extension numbers of cfg.
func extNumbers(cfg *pbx.Config) []string {
	var ns []string
	for _, e := range cfg.Extensions {
		ns = append(ns, e.Number)
	}
	return ns
}

// nextNumber is one more than the highest of numbers that parse, or first.
func nextNumber(numbers []string, first int) string {
	next := first
	for _, s := range numbers {
		if n, err := strconv.Atoi(s); err == nil && n >= next {
			next = n + 1
		}
	}
	return strconv.Itoa(next)
}

// portText shows a physical port, or "-" for none.
func portText(p int) string {
	if p == 0 {
		return "-"
	}
	return strconv.Itoa(p)
}

// lineText shows a line number, or "-" for none.
func lineText(n int) string {
	if n == 0 {
		return "-"
	}
	return "line " + strconv.Itoa(n)
}

// yesDash shows true as "yes" and false as "-".
func yesDash(b bool) string {
	if b {
		return "yes"
	}
	return "-"
}
