package ui

import "github.com/rivo/tview"

// todo is a screen not built yet.
type todo struct {
	name string
	tv   *tview.TextView
}

func newTodo(name string) *todo {
	t := &todo{name: name, tv: tview.NewTextView().SetText(" " + name + ": coming soon")}
	t.tv.SetBorder(true).SetTitle(" " + name + " ")
	return t
}

func (t *todo) title() string          { return t.name }
func (t *todo) page() tview.Primitive  { return t.tv }
func (t *todo) focus() tview.Primitive { return t.tv }
func (t *todo) help() string           { return "1-0 screens  q quit" }
func (t *todo) refresh()               {}

func newLines(a *App) screen      { return newTodo("Lines") }
func newExtensions(a *App) screen { return newTodo("Exts") }
func newGroups(a *App) screen     { return newTodo("Groups") }
func newIVR(a *App) screen        { return newTodo("IVR") }
func newHours(a *App) screen      { return newTodo("Hours") }
func newPrompts(a *App) screen    { return newTodo("Prompts") }
func newSystem(a *App) screen     { return newTodo("System") }
func newRecords(a *App) screen    { return newTodo("Calls") }
func newTestbench(a *App) screen  { return newTodo("Sim") }

type editForm struct{}

func (a *App) maybeWizard() {}
