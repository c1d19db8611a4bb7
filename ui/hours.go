package ui

import (
	"strings"

	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/conf"
)

// weekdays are the days in the order the forms show them, with their index in
// pbx.Hours.Weekly (0 = Sunday) and configuration key.
var weekdays = []struct {
	label, key string
	day        int
}{{"Monday", "mon", 1}, {"Tuesday", "tue", 2}, {"Wednesday", "wed", 3}, {"Thursday", "thu", 4},
	{"Friday", "fri", 5}, {"Saturday", "sat", 6}, {"Sunday", "sun", 0}}

func newHours(a *App) screen {
	s := newSettingsScreen(a, "Hours", "Working hours and holidays")
	s.rows = func(cfg *pbx.Config) [][2]string {
		h := cfg.Hours
		rows := [][2]string{{"Schedule in use", formatBool(h.Enabled)}}
		for _, w := range weekdays {
			v := h.Weekly[w.day]
			if v == "" {
				v = "closed"
			}
			rows = append(rows, [2]string{w.label, v})
		}
		rows = append(rows, [2]string{"Holidays", strings.Join(h.Holidays, ", ")})
		rows = append(rows, [2]string{"After hours", afterHoursModes[min(max(cfg.System.AfterHoursMode, 0), 3)] + " (System screen)"})
		return rows
	}
	s.edit = func() { hoursForm(a).open() }
	return s
}

// hoursForm edits the weekly schedule and the holidays.
func hoursForm(a *App) *editForm {
	h := a.cfg.Hours
	h.Holidays = append([]string(nil), h.Holidays...)
	f := newEditForm(a, "Working hours", "hours")
	f.checkbox("Schedule in use", "enabled", &h.Enabled)
	for _, w := range weekdays {
		f.str(w.label, w.key, &h.Weekly[w.day], checkRanges)
	}
	f.list("Holidays", "holidays", &h.Holidays, checkHoliday)
	f.buttons(nil)
	f.text = func() ([]byte, error) {
		c := conf.Clone(a.cfg)
		c.Hours = h
		return sectionOf(c, "hours"), nil
	}
	f.saved = func() { a.say("saved working hours") }
	return f
}
