package ui

import (
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
