package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"github.com/analogpbx/pbx/pbx"
)

// formCase drives one form: open it, fill fields, save, and check what the screen
// and the daemon show.
type formCase struct {
	name   string
	screen string                   // the digit key of the screen
	open   []tcell.Key              // keys that open the form from the screen (Enter: the first row)
	down   int                      // rows to move down before opening
	title  string                   // the form's title, to know it is open
	fields [][2]string              // label, text (for a checkbox: "toggle")
	want   []string                 // what the screen shows after the save
	saved  func(*pbx.Config) string // "" when the daemon holds the change, else what is wrong
	refuse string                   // when set: the save is refused and this is shown (next to the field)
	field  string                   // the label of the field the refusal is next to
}

func TestForms(t *testing.T) {
	tests := []formCase{
		{
			name: "extension name and forwarding saved", screen: "3", open: []tcell.Key{tcell.KeyEnter}, title: "Extension 801",
			fields: [][2]string{{"Name", "Reception"}, {"Forward on busy", "802"}, {"Do not disturb", "toggle"}},
			want:   []string{"saved extension 801", "Reception", "802"},
			saved: func(c *pbx.Config) string {
				e := c.Extensions[0]
				if e.Name != "Reception" || e.ForwardBusy != "802" || !e.DND {
					return "extension 801 is " + e.Name + " fwd-busy " + e.ForwardBusy
				}
				return ""
			},
		},
		{
			name: "extension duration checked while typing", screen: "3", open: []tcell.Key{tcell.KeyEnter}, title: "Extension 801",
			fields: [][2]string{{"No-answer time", "abc"}},
			refuse: "a duration like 20s", field: "No-answer time",
		},
		{
			name: "extension PIN digits only", screen: "3", open: []tcell.Key{tcell.KeyEnter}, title: "Extension 801",
			fields: [][2]string{{"PIN", "12ab"}},
			refuse: "digits only", field: "PIN",
		},
		{
			name: "extension forward refused by the daemon", screen: "3", open: []tcell.Key{tcell.KeyEnter}, title: "Extension 801",
			fields: [][2]string{{"Forward on busy", "555"}},
			refuse: "is not an extension", field: "Forward on busy",
		},
		{
			name: "new extension added", screen: "3", open: []tcell.Key{tcell.KeyRune}, title: "New extension",
			fields: [][2]string{{"Number", "850"}, {"Name", "Warehouse"}, {"Groups", "600"}},
			want:   []string{"saved extension 850", "Warehouse"},
			saved: func(c *pbx.Config) string {
				i := slices.IndexFunc(c.Extensions, func(e pbx.Extension) bool { return e.Number == "850" })
				if i < 0 || c.Extensions[i].Name != "Warehouse" {
					return "no extension 850 Warehouse"
				}
				if !slices.Contains(c.Groups[0].Members, "850") {
					return "850 not in group 600"
				}
				return ""
			},
		},
		{
			name: "line saved", screen: "2", open: []tcell.Key{tcell.KeyEnter}, title: "Line 1",
			fields: [][2]string{{"Name", "Main number"}, {"Operator rating", "toggle"}, {"Outbound prefix", "0"}},
			want:   []string{"saved line 1", "Main number"},
			saved: func(c *pbx.Config) string {
				if tr := c.Trunks[0]; tr.Name != "Main number" || !tr.Rating || tr.OutPrefix != "0" {
					return "line 1 not changed"
				}
				return ""
			},
		},
		{
			name: "line prefix checked while typing", screen: "2", open: []tcell.Key{tcell.KeyEnter}, title: "Line 1",
			fields: [][2]string{{"Incoming prefix", "1x"}},
			refuse: "digits, * and # only", field: "Incoming prefix",
		},
		{
			name: "line hotline refused by the daemon", screen: "2", open: []tcell.Key{tcell.KeyEnter}, title: "Line 1",
			fields: [][2]string{{"Hotline extension", "899"}},
			refuse: "no extension 899", field: "Hotline extension",
		},
		{
			name: "group saved", screen: "4", open: []tcell.Key{tcell.KeyEnter}, title: "Group 600",
			fields: [][2]string{{"Name", "Sales"}, {"Members (in order)", "802,801"}, {"Queue when busy", "toggle"}},
			want:   []string{"saved group 600", "Sales", "802,801"},
			saved: func(c *pbx.Config) string {
				if g := c.Groups[0]; g.Name != "Sales" || !slices.Equal(g.Members, []string{"802", "801"}) || !g.Queue {
					return "group 600 not changed"
				}
				return ""
			},
		},
		{
			name: "group member refused by the daemon", screen: "4", open: []tcell.Key{tcell.KeyEnter}, title: "Group 600",
			fields: [][2]string{{"Members (in order)", "801,877"}},
			refuse: "no extension 877", field: "Members (in order)",
		},
		{
			name: "IVR menu key saved", screen: "5", open: []tcell.Key{tcell.KeyEnter}, title: "IVR menu main",
			fields: [][2]string{{"Key 1", "group:600"}, {"Key 0", ""}},
			want:   []string{"saved IVR menu main", "key 1 → group:600"},
			saved: func(c *pbx.Config) string {
				m := c.IVRs[0]
				if m.Keys["1"] != "group:600" {
					return "key 1 not set"
				}
				if _, ok := m.Keys["0"]; ok {
					return "key 0 not cleared"
				}
				return ""
			},
		},
		{
			name: "IVR destination checked while typing", screen: "5", open: []tcell.Key{tcell.KeyEnter}, title: "IVR menu main",
			fields: [][2]string{{"Key 2", "sales"}},
			refuse: "ext:N group:N", field: "Key 2",
		},
		{
			name: "hours saved", screen: "6", open: []tcell.Key{tcell.KeyEnter}, title: "Working hours",
			fields: [][2]string{{"Schedule in use", "toggle"}, {"Monday", "09:00-18:00"}, {"Holidays", "2026-10-01..2026-10-07"}},
			want:   []string{"saved working hours", "09:00-18:00", "2026-10-01..2026-10-07"},
			saved: func(c *pbx.Config) string {
				if h := c.Hours; !h.Enabled || h.Weekly[1] != "09:00-18:00" || len(h.Holidays) != 1 {
					return "hours not changed"
				}
				return ""
			},
		},
		{
			name: "hours range checked while typing", screen: "6", open: []tcell.Key{tcell.KeyEnter}, title: "Working hours",
			fields: [][2]string{{"Tuesday", "18:00-09:00"}},
			refuse: "ends before it starts", field: "Tuesday",
		},
		{
			name: "system settings saved", screen: "8", open: []tcell.Key{tcell.KeyEnter}, title: "System settings",
			fields: [][2]string{{"Company name", "Globex"}, {"Max ring time", "45s"}, {"Operator extension", "802"}},
			want:   []string{"saved the system settings", "Globex", "45s"},
			saved: func(c *pbx.Config) string {
				if y := c.System; y.Company != "Globex" || y.MaxRing != 45*time.Second || y.Operator != "802" {
					return "system not changed"
				}
				return ""
			},
		},
		{
			name: "system duration range refused by the daemon", screen: "8", open: []tcell.Key{tcell.KeyEnter}, title: "System settings",
			fields: [][2]string{{"Max ring time", "1s"}},
			refuse: "out of range", field: "Max ring time",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := startDaemon(t, true, nil)
			u := startUI(t, d.c)
			u.waitFor("801")
			u.typeText(tc.screen)
			u.waitGone("loading")
			for range tc.down {
				u.key(tcell.KeyDown)
			}
			for _, k := range tc.open {
				if k == tcell.KeyRune {
					u.typeText("a")
				} else {
					u.key(k)
				}
			}
			u.waitFor(tc.title)
			for _, f := range tc.fields {
				if f[1] == "toggle" {
					u.toggle(f[0])
				} else {
					u.set(f[0], f[1])
				}
			}
			before := d.eng.Config()
			u.key(tcell.KeyCtrlS)
			if tc.refuse != "" {
				s := u.waitFor(tc.refuse)
				line := lineWith(s, tc.field)
				if !strings.Contains(line, tc.refuse) {
					t.Errorf("the reason %q is not next to %q; that line is %q\n%s", tc.refuse, tc.field, line, s)
				}
				if !strings.Contains(s, tc.title) {
					t.Errorf("the form closed after a refused save:\n%s", s)
				}
				if d.eng.Config() != before {
					t.Errorf("the daemon's configuration changed after a refused save")
				}
				return
			}
			u.waitFor(tc.want...)
			if why := tc.saved(d.eng.Config()); why != "" {
				t.Errorf("daemon: %s", why)
			}
		})
	}
}

// lineWith returns the first screen line that contains s.
func lineWith(screen, s string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}
