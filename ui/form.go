package ui

import (
	"context"
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// inputWidth is the width of a text field; what is left of an 80-column line after
// the labels shows the field's problem.
const inputWidth = 20

// formField is one editable value of an object.
type formField struct {
	label string
	key   string // the configuration key (docs/CONFIG.md), to place the daemon's reasons
	item  *fieldItem
	text  func() string      // the control's current value as text
	load  func(string) error // checks the text and stores it in the edited copy
}

// editForm edits a copy of one configuration object. save builds that object's
// configuration text from the copy; the daemon validates and applies it.
type editForm struct {
	a       *App
	root    *tview.Flex
	form    *tview.Form
	note    *tview.TextView // the daemon's answer and other problems, under the form
	fields  []*formField
	section string // the section name the daemon's messages use, e.g. "extension 801"

	// text returns the configuration text to import, once every field has loaded;
	// it may check things across fields and return an error to show.
	text func() ([]byte, error)
	// submit, when set, replaces sending text as configuration: it sends what the
	// form edits in its own way (a prompt file) and returns the daemon's refusal.
	submit func(ctx context.Context) error
	// saved runs after the daemon accepted the text.
	saved func()
	// closed runs after the form is closed (saved or cancelled).
	closed func()
}

// newEditForm makes an empty form titled title for the object the daemon calls section.
func newEditForm(a *App, title, section string) *editForm {
	f := &editForm{a: a, section: section}
	f.form = tview.NewForm().SetItemPadding(0)
	f.form.SetBorderPadding(0, 0, 1, 1)
	f.form.SetBorder(true).SetTitle(" " + title + " ")
	f.form.SetButtonStyle(styleReverse()).SetButtonActivatedStyle(styleAccent().Reverse(true))
	f.form.SetCancelFunc(f.cancel)
	f.note = tview.NewTextView().SetDynamicColors(true).SetWrap(true)
	f.root = tview.NewFlex().SetDirection(tview.FlexRow).
		AddItem(f.form, 0, 1, true).
		AddItem(f.note, 2, 0, false)
	f.form.SetInputCapture(f.keys)
	return f
}

// keys: Ctrl-S saves from any field; the arrow keys move between fields unless a
// drop-down list is open.
func (f *editForm) keys(ev *tcell.EventKey) *tcell.EventKey {
	if _, open := f.a.tv.GetFocus().(*tview.List); open {
		return ev
	}
	switch ev.Key() {
	case tcell.KeyCtrlS:
		f.save()
		return nil
	case tcell.KeyDown:
		return tcell.NewEventKey(tcell.KeyTab, 0, tcell.ModNone)
	case tcell.KeyUp:
		return tcell.NewEventKey(tcell.KeyBacktab, 0, tcell.ModNone)
	}
	return ev
}

// check runs the field's load on text and shows the problem next to it.
func (ff *formField) check(text string) bool {
	if err := ff.load(text); err != nil {
		ff.item.msg = err.Error()
		return false
	}
	ff.item.msg = ""
	return true
}

// buttons adds Save and Cancel, and Delete when del is not nil.
func (f *editForm) buttons(del func()) {
	f.form.AddButton("Save", f.save).AddButton("Cancel", f.cancel)
	if del != nil {
		f.form.AddButton("Delete", del)
	}
}

// open shows the form in place of the screen.
func (f *editForm) open() {
	f.a.form = f
	f.a.pages.AddPage("form", f.root, true, true)
	f.a.tv.SetFocus(f.form)
	f.a.setHelp("Tab/↑↓ next field  Space toggle  Ctrl-S save  Esc cancel")
	f.a.say("")
}

// close removes the form and gives the keys back to the screen.
func (f *editForm) close() {
	f.a.pages.RemovePage("form")
	f.a.form = nil
	f.a.show(f.a.cur)
	if f.closed != nil {
		f.closed()
	}
}

func (f *editForm) cancel() {
	f.close()
	f.a.say("not saved")
}

// save checks every field, sends the object's text to the daemon and, if the daemon
// accepts it, closes the form and reloads the configuration. Problems are shown
// next to their fields and under the form; nothing is saved then.
func (f *editForm) save() {
	bad := 0
	for _, ff := range f.fields {
		if !ff.check(ff.text()) {
			bad++
		}
	}
	if bad > 0 {
		f.setNote("fix the marked field" + plural(bad) + " first; nothing was saved")
		return
	}
	var err error
	if f.submit != nil {
		err = f.a.request(f.submit)
	} else {
		var text []byte
		if text, err = f.text(); err != nil {
			f.setNote(err.Error())
			return
		}
		err = f.a.request(func(ctx context.Context) error { return f.a.c.ImportConfig(ctx, "ui", text) })
	}
	if err != nil {
		f.daemonSaid(err.Error())
		return
	}
	f.a.pages.RemovePage("form")
	f.a.form = nil
	f.a.reload()
	if f.saved != nil {
		f.saved()
	}
	f.a.show(f.a.cur)
	if f.closed != nil {
		f.closed()
	}
}

// daemonSaid places the daemon's refusal: each reason about one of this form's keys
// goes next to that field, and the whole answer under the form.
func (f *editForm) daemonSaid(msg string) {
	for _, ff := range f.fields {
		ff.item.msg = ""
	}
	var lines []string
	for _, line := range strings.Split(msg, "\n") {
		section, key, reason := splitReason(line)
		if section == f.section {
			for _, ff := range f.fields {
				if ff.key == key {
					ff.item.msg = reason
				}
			}
		}
		switch {
		case key != "":
			lines = append(lines, section+": "+key+": "+reason)
		case section != "":
			lines = append(lines, section+": "+reason)
		default:
			lines = append(lines, reason)
		}
	}
	f.setNote("not saved: " + strings.Join(lines, "; "))
}

// setNote shows a problem under the form.
func (f *editForm) setNote(text string) {
	f.note.SetText("[" + accentTag + "::b]! " + tview.Escape(text) + "[-::-]")
	f.a.say("")
}

// splitReason splits one line of the daemon's refusal,
// "ui:12: extension 801: forward_busy: no such extension", into its section, key
// and reason (pbx/conf's Error format); parts it cannot find are empty.
func splitReason(line string) (section, key, reason string) {
	parts := strings.Split(line, ": ")
	if len(parts) < 2 {
		return "", "", line
	}
	parts = parts[1:] // the file name and line
	if len(parts) > 1 && isSection(parts[0]) {
		section, parts = parts[0], parts[1:]
	}
	if len(parts) > 1 && isKey(parts[0]) {
		key, parts = parts[0], parts[1:]
	}
	return section, key, strings.Join(parts, ": ")
}

// isSection reports whether s names a configuration section: system, hours,
// "line 1", "extension 801", "group 600", "ivr main".
func isSection(s string) bool {
	if s == "system" || s == "hours" {
		return true
	}
	kind, id, ok := strings.Cut(s, " ")
	if !ok || id == "" || strings.Contains(id, " ") {
		return false
	}
	switch kind {
	case "line", "extension", "group", "ivr":
		return true
	}
	return false
}

// isKey reports whether s is a configuration key: snake_case, or "key N" of a menu.
func isKey(s string) bool {
	if k, ok := strings.CutPrefix(s, "key "); ok {
		return len(k) == 1
	}
	if s == "" {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && r != '_' {
			return false
		}
	}
	return true
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
