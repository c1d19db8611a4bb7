package ui

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

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

// add appends a field whose control is w; text reads w, load stores its value.
func (f *editForm) add(label, key string, w tview.FormItem, text func() string, load func(string) error) *formField {
	ff := &formField{label: label, key: key, item: &fieldItem{FormItem: w}, text: text, load: load}
	f.fields = append(f.fields, ff)
	f.form.AddFormItem(ff.item)
	return ff
}

// input adds a text field holding value; check parses and stores it (nil = any text).
func (f *editForm) input(label, key, value string, load func(string) error) *formField {
	w := tview.NewInputField().SetLabel(label).SetText(value).SetFieldWidth(inputWidth)
	ff := f.add(label, key, w, w.GetText, load)
	w.SetChangedFunc(func(text string) { ff.check(text) })
	return ff
}

// str adds a text field bound to p, checked by check (nil: free text on one line).
func (f *editForm) str(label, key string, p *string, check func(string) error) *formField {
	if check == nil {
		check = checkText
	}
	return f.input(label, key, *p, func(s string) error {
		s = strings.TrimSpace(s)
		if err := check(s); err != nil {
			return err
		}
		*p = s
		return nil
	})
}

// dur adds a duration field bound to p: "20s", "1m30s", "500ms"; empty is 0.
func (f *editForm) dur(label, key string, p *time.Duration) *formField {
	return f.input(label, key, formatDur(*p), func(s string) error {
		d, err := parseDur(s)
		if err != nil {
			return err
		}
		*p = d
		return nil
	})
}

// num adds a whole-number field bound to p; with optional, empty means 0.
func (f *editForm) num(label, key string, p *int, optional bool) *formField {
	v := strconv.Itoa(*p)
	if optional && *p == 0 {
		v = ""
	}
	return f.input(label, key, v, func(s string) error {
		s = strings.TrimSpace(s)
		if s == "" && optional {
			*p = 0
			return nil
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return errors.New("a whole number")
		}
		*p = n
		return nil
	})
}

// list adds a comma-separated list field bound to p, each item checked by check.
func (f *editForm) list(label, key string, p *[]string, check func(string) error) *formField {
	return f.input(label, key, strings.Join(*p, ","), func(s string) error {
		items, err := splitList(s, check)
		if err != nil {
			return err
		}
		*p = items
		return nil
	})
}

// intList adds a comma-separated list of numbers bound to p.
func (f *editForm) intList(label, key string, p *[]int) *formField {
	parts := make([]string, len(*p))
	for i, n := range *p {
		parts[i] = strconv.Itoa(n)
	}
	return f.input(label, key, strings.Join(parts, ","), func(s string) error {
		items, err := splitList(s, checkDigits)
		if err != nil {
			return err
		}
		var ns []int
		for _, it := range items {
			n, _ := strconv.Atoi(it)
			ns = append(ns, n)
		}
		*p = ns
		return nil
	})
}

// check adds a checkbox bound to p.
func (f *editForm) check(label, key string, p *bool) *formField {
	w := tview.NewCheckbox().SetLabel(label).SetChecked(*p).SetCheckedString(tview.Escape("[X]")).SetUncheckedString("[ ]")
	return f.add(label, key, w, func() string { return formatBool(w.IsChecked()) }, func(s string) error {
		*p = s == "yes"
		return nil
	})
}

// choice adds a drop-down of options bound to p; a value not among the options is
// offered as well, so nothing is lost.
func (f *editForm) choice(label, key string, options []string, p *string) *formField {
	opts := append([]string(nil), options...)
	cur := -1
	for i, o := range opts {
		if o == *p {
			cur = i
		}
	}
	if cur < 0 {
		opts = append(opts, *p)
		cur = len(opts) - 1
	}
	w := tview.NewDropDown().SetLabel(label).SetOptions(opts, nil).SetCurrentOption(cur)
	return f.add(label, key, w, func() string { _, o := w.GetCurrentOption(); return o }, func(s string) error {
		*p = s
		return nil
	})
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
