package ui

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/conf"
)

func newLines(a *App) screen {
	l := newListScreen(a, "Lines", "line", []string{"LINE", "PORT", "NAME", "INCOMING", "RATING", "FWD LINE", "AUTO-DIAL"})
	l.rows = func(cfg *pbx.Config) ([]string, [][]string) {
		var ids []string
		var rows [][]string
		for _, t := range cfg.Trunks {
			id := strconv.Itoa(t.Line)
			ids = append(ids, id)
			rows = append(rows, []string{id, portText(t.Port), orDash(t.Name), incomingText(cfg, t),
				yesDash(t.Rating), yesDash(t.ForwardLine), yesDash(t.AutoDial)})
		}
		return ids, rows
	}
	l.edit = func(id string) { lineForm(a, l, id).open() }
	return l
}

// incomingText says where a line's incoming calls go.
func incomingText(cfg *pbx.Config, t pbx.Trunk) string {
	switch {
	case t.Incoming != "":
		return string(t.Incoming)
	case t.Hotline != "":
		return "ext:" + t.Hotline
	case t.IVR != "":
		return "ivr:" + t.IVR
	case t.Group != "":
		return "group:" + t.Group
	}
	return "(" + string(cfg.System.Incoming) + ")"
}

// lineForm edits line id ("" = a new one): every trunk property of spec §3.
func lineForm(a *App, l *listScreen, id string) *editForm {
	cfg := a.cfg
	var nums []string
	for _, t := range cfg.Trunks {
		nums = append(nums, strconv.Itoa(t.Line))
	}
	t := pbx.Trunk{Disconnect: "busytone,battery,polarity"}
	t.Line, _ = strconv.Atoi(nextNumber(nums, 1))
	title := "New line"
	if i := slices.IndexFunc(cfg.Trunks, func(x pbx.Trunk) bool { return strconv.Itoa(x.Line) == id }); i >= 0 {
		t = cfg.Trunks[i]
		title = "Line " + id
	}
	incoming := string(t.Incoming)
	f := newEditForm(a, title, "line "+strconv.Itoa(t.Line))
	f.num("Line", "", &t.Line, false)
	f.num("Port", "port", &t.Port, true)
	f.str("Name", "name", &t.Name, nil)
	f.str("Hotline extension", "hotline", &t.Hotline, checkOptNumber)
	f.str("IVR menu", "ivr", &t.IVR, checkOptID)
	f.str("Group", "group", &t.Group, checkOptNumber)
	f.str("Incoming to", "incoming", &incoming, checkDest)
	f.checkbox("Operator rating", "rating", &t.Rating)
	f.checkbox("Forwards after hours", "forward_line", &t.ForwardLine)
	f.str("After-hours number", "after_hours", &t.AfterHours, checkDial)
	f.str("Incoming prefix", "in_prefix", &t.InPrefix, checkPrefix)
	f.str("Outbound prefix", "out_prefix", &t.OutPrefix, checkPrefix)
	f.str("Long-dist. IP prefix", "ip_prefix", &t.IPPrefix, checkPrefix)
	f.checkbox("Auto-dial", "auto_dial", &t.AutoDial)
	f.checkbox("Record calls", "record", &t.Record)
	f.str("Far-end clear by", "disconnect", &t.Disconnect, checkDisconnect)
	f.str("Busy cadence (ms)", "busy_cadence", &t.BusyCadence, checkCadence)
	f.str("Working hours", "hours", &t.Hours, checkLineHours)
	var del func()
	if id != "" {
		del = func() { f.close(); a.confirmDelete("line "+id, func() {}) }
	}
	f.buttons(del)
	f.text = func() ([]byte, error) {
		if t.Line < 1 || t.Line > 999 {
			f.fieldByKey("").item.msg = "1 to 999"
			return nil, errors.New("the line number is 1 to 999")
		}
		t.Incoming = pbx.Destination(incoming)
		c := conf.Clone(a.cfg)
		if i := slices.IndexFunc(c.Trunks, func(x pbx.Trunk) bool { return strconv.Itoa(x.Line) == id }); i >= 0 && id != "" {
			c.Trunks[i] = t
		} else {
			c.Trunks = append(c.Trunks, t)
		}
		n := strconv.Itoa(t.Line)
		f.section = "line " + n
		return objectText(c, "line", id, n), nil
	}
	f.saved = func() {
		l.want = strconv.Itoa(t.Line)
		a.say("saved line " + l.want)
	}
	return f
}

// checkDisconnect accepts far-end clear methods: busytone, battery, polarity.
func checkDisconnect(s string) error {
	_, err := splitList(s, func(m string) error {
		switch m {
		case "busytone", "battery", "polarity":
			return nil
		}
		return errors.New("busytone, battery or polarity")
	})
	return err
}

// checkCadence accepts a busy cadence: on,off pairs in milliseconds, or nothing.
func checkCadence(s string) error {
	items, err := splitList(s, checkDigits)
	if err != nil {
		return err
	}
	if len(items)%2 != 0 {
		return errors.New("on,off pairs like 500,500")
	}
	if strings.Contains(s, " ") {
		return errors.New("no spaces")
	}
	return nil
}

// checkLineHours accepts a line's working hours: empty (the system's), "always", or a
// weekly schedule such as "mon-fri 09:00-18:00; sat 09:00-12:00".
func checkLineHours(s string) error {
	_, err := pbx.LineHours(s)
	return err
}
