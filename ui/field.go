package ui

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// fieldItem is one row of a form: a tview input, checkbox or drop-down, with the
// field's problem (if any) drawn to the right of it.
type fieldItem struct {
	tview.FormItem
	labelWidth int
	msg        string
}

// SetFormAttributes takes the form's label width and gives the field the UI's
// styles: underlined fields, the focused control reversed.
func (f *fieldItem) SetFormAttributes(labelWidth int, labelColor, bgColor, fieldTextColor, fieldBgColor tcell.Color) tview.FormItem {
	f.labelWidth = labelWidth
	f.FormItem.SetFormAttributes(labelWidth, labelColor, bgColor, fieldTextColor, fieldBgColor)
	switch w := f.FormItem.(type) {
	case *tview.InputField:
		w.SetFieldStyle(styleField()).SetPlaceholderStyle(styleField().Foreground(accent))
	case *tview.Checkbox:
		w.SetUncheckedStyle(tcell.StyleDefault).SetCheckedStyle(tcell.StyleDefault).SetActivatedStyle(styleReverse())
	case *tview.DropDown:
		w.SetFieldStyle(styleField()).SetFocusedStyle(styleReverse()).SetPrefixStyle(styleReverse()).
			SetListStyles(tcell.StyleDefault, styleReverse())
	}
	return f
}

// Draw draws the control, its label in the accent when focused, and the problem.
func (f *fieldItem) Draw(screen tcell.Screen) {
	label := tcell.StyleDefault
	if f.HasFocus() {
		label = styleAccent().Bold(true)
	}
	switch w := f.FormItem.(type) {
	case *tview.InputField:
		w.SetLabelStyle(label)
	case *tview.Checkbox:
		w.SetLabelStyle(label)
	case *tview.DropDown:
		w.SetLabelStyle(label)
	}
	f.FormItem.Draw(screen)
	x, y, width, _ := f.GetRect()
	if _, ok := f.FormItem.(*tview.InputField); ok {
		// tview leaves an empty field blank on the terminal's background: underline
		// it so the field shows.
		for cx := x + f.labelWidth; cx < x+f.labelWidth+f.GetFieldWidth() && cx < x+width; cx++ {
			r, comb, st, _ := screen.GetContent(cx, y)
			if r == ' ' || r == 0 {
				screen.SetContent(cx, y, ' ', comb, st.Underline(true))
			}
		}
	}
	if f.msg == "" {
		return
	}
	fw := f.GetFieldWidth()
	if _, ok := f.FormItem.(*tview.Checkbox); ok {
		fw = 3 // "[X]"; tview counts one
	}
	start := x + f.labelWidth + fw + 1
	if room := x + width - start; room > 2 {
		tview.Print(screen, "! "+tview.Escape(f.msg), start, y, room, tview.AlignLeft, accent)
	}
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

// checkbox adds a checkbox bound to p.
func (f *editForm) checkbox(label, key string, p *bool) *formField {
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
