package ui

import (
	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"github.com/analogpbx/pbx/pbx"
)

// settingsScreen shows one configuration section (system, hours) as name/value
// rows; Enter opens its form.
type settingsScreen struct {
	a     *App
	name  string
	table *tview.Table
	rows  func(cfg *pbx.Config) [][2]string
	edit  func()
}

func newSettingsScreen(a *App, name, title string) *settingsScreen {
	s := &settingsScreen{a: a, name: name}
	s.table = tview.NewTable().SetSelectable(true, false).SetSelectedStyle(styleReverse())
	s.table.SetBorder(true).SetTitle(" " + title + " ")
	s.table.SetSelectedFunc(func(int, int) { s.edit() })
	s.table.SetInputCapture(func(ev *tcell.EventKey) *tcell.EventKey {
		if ev.Key() == tcell.KeyRune && ev.Rune() == 'e' {
			s.edit()
			return nil
		}
		return ev
	})
	return s
}

func (s *settingsScreen) title() string          { return s.name }
func (s *settingsScreen) page() tview.Primitive  { return s.table }
func (s *settingsScreen) focus() tview.Primitive { return s.table }
func (s *settingsScreen) help() string           { return "1-0 screens  ↑↓ move  Enter/e edit  q quit" }

func (s *settingsScreen) refresh() {
	s.table.Clear()
	if s.a.cfg == nil {
		s.table.SetCell(0, 0, tview.NewTableCell("loading the configuration...").SetSelectable(false))
		return
	}
	for r, kv := range s.rows(s.a.cfg) {
		s.table.SetCell(r, 0, tview.NewTableCell(kv[0]).SetStyle(styleBold()))
		s.table.SetCell(r, 1, tview.NewTableCell(tview.Escape(orDash(kv[1]))).SetExpansion(1))
	}
}
