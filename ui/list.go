package ui

import (
	"bytes"
	"context"
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/conf"
)

// listScreen is a table of configuration objects of one kind: Enter edits the
// selected one, a adds one, d deletes it.
type listScreen struct {
	a     *App
	name  string
	noun  string // "extension": the section kind, for deletes and messages
	cols  []string
	table *tview.Table
	ids   []string // object id per row (row 1 = ids[0])
	want  string   // id to select at the next refresh (the one just saved)
	// readOnly turns off adding and deleting.
	readOnly bool

	// rows returns each object's id and cells in cols order.
	rows func(cfg *pbx.Config) (ids []string, cells [][]string)
	// edit opens the form for the object id; "" adds one.
	edit func(id string)
}

func newListScreen(a *App, name, noun string, cols []string) *listScreen {
	l := &listScreen{a: a, name: name, noun: noun, cols: cols}
	l.table = tview.NewTable().SetFixed(1, 0).SetSelectable(true, false).SetSelectedStyle(styleReverse())
	l.table.SetBorder(true).SetTitle(" " + strings.ToUpper(name[:1]) + name[1:] + " ")
	l.table.SetSelectedFunc(func(row, _ int) {
		if row >= 1 && row <= len(l.ids) {
			l.edit(l.ids[row-1])
		}
	})
	l.table.SetInputCapture(func(ev *tcell.EventKey) *tcell.EventKey {
		if ev.Key() != tcell.KeyRune || l.readOnly {
			return ev
		}
		switch ev.Rune() {
		case 'a':
			l.edit("")
			return nil
		case 'd':
			if id := l.selected(); id != "" {
				l.a.confirmDelete(l.noun+" "+id, func() { l.want = "" })
			}
			return nil
		}
		return ev
	})
	return l
}

func (l *listScreen) title() string          { return l.name }
func (l *listScreen) page() tview.Primitive  { return l.table }
func (l *listScreen) focus() tview.Primitive { return l.table }
func (l *listScreen) help() string {
	return "1-0 screens  ↑↓ select  Enter edit  a add  d delete  q quit"
}

// selected is the id of the selected row, or "".
func (l *listScreen) selected() string {
	row, _ := l.table.GetSelection()
	if row >= 1 && row <= len(l.ids) {
		return l.ids[row-1]
	}
	return ""
}

// refresh rewrites the table from the configuration, keeping the selection (or
// moving it to the object just saved).
func (l *listScreen) refresh() {
	cfg := l.a.cfg
	if cfg == nil {
		l.table.Clear()
		l.table.SetCell(0, 0, tview.NewTableCell("loading the configuration...").SetSelectable(false))
		return
	}
	keep := l.selected()
	prev, _ := l.table.GetSelection()
	if l.want != "" {
		keep, l.want = l.want, ""
	}
	ids, cells := l.rows(cfg)
	l.ids = ids
	l.table.Clear()
	for c, h := range l.cols {
		l.table.SetCell(0, c, tview.NewTableCell(h).SetStyle(styleBold()).SetSelectable(false).SetExpansion(1))
	}
	sel := min(max(prev, 1), len(ids)) // the same place, when the object is gone
	for r, row := range cells {
		for c, text := range row {
			l.table.SetCell(r+1, c, tview.NewTableCell(tview.Escape(text)).SetExpansion(1))
		}
		if ids[r] == keep {
			sel = r + 1
		}
	}
	if len(ids) == 0 {
		l.table.SetCell(1, 0, tview.NewTableCell("(none: press a to add)").SetSelectable(false))
		return
	}
	l.table.Select(sel, 0)
}

// confirmDelete asks before deleting the object named section ("extension 801"),
// then sends `delete = yes` for it.
func (a *App) confirmDelete(section string, done func()) {
	m := tview.NewModal().SetText("Delete " + section + "?").AddButtons([]string{"Delete", "Cancel"})
	m.SetBackgroundColor(tcell.ColorDefault).SetBorderStyle(styleAccent())
	m.SetButtonStyle(styleReverse()).SetButtonActivatedStyle(styleAccent().Reverse(true))
	a.modal = true
	m.SetDoneFunc(func(_ int, label string) {
		a.pages.RemovePage("confirm")
		a.modal = false
		if label == "Delete" {
			text := []byte("[" + section + "]\ndelete = yes\n")
			if err := a.request(func(ctx context.Context) error { return a.c.ImportConfig(ctx, "ui", text) }); err != nil {
				a.show(a.cur)
				a.problem("not deleted: " + err.Error())
				return
			}
			a.reload()
			done()
			a.show(a.cur)
			a.say("deleted " + section)
			return
		}
		a.show(a.cur)
	})
	a.pages.AddPage("confirm", m, true, true)
	a.tv.SetFocus(m)
	a.setHelp("←→ choose  Enter confirm  Esc cancel")
}

// sectionOf returns the section named name ("extension 801") of cfg's
// configuration text, header included, as pbx/conf writes it.
func sectionOf(cfg *pbx.Config, name string) []byte {
	text := conf.Export(cfg)
	head := []byte("[" + name + "]\n")
	i := bytes.Index(text, head)
	if i < 0 {
		return nil
	}
	var out bytes.Buffer
	out.Write(head)
	for _, line := range bytes.SplitAfter(text[i+len(head):], []byte("\n")) {
		t := bytes.TrimSpace(line)
		if len(t) == 0 || t[0] == '[' || t[0] == '#' {
			break
		}
		out.Write(line)
	}
	return out.Bytes()
}

// objectText is the text that saves one object: its section from cfg (which holds
// the edited copy) and, when its id changed, the deletion of the old one.
func objectText(cfg *pbx.Config, kind, oldID, newID string) []byte {
	var b bytes.Buffer
	if oldID != "" && oldID != newID {
		b.WriteString("[" + kind + " " + oldID + "]\ndelete = yes\n")
	}
	b.Write(sectionOf(cfg, kind+" "+newID))
	return b.Bytes()
}
