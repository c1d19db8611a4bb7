package ui

import (
	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// accent is the one color the UI adds to the terminal's own: titles, the current tab,
// marks and messages. Teal reads on dark and on light backgrounds alike.
const accent = tcell.ColorTeal

// Styles: the terminal's default colors, plus the accent and attributes.
func styleAccent() tcell.Style  { return tcell.StyleDefault.Foreground(accent) }
func styleBold() tcell.Style    { return tcell.StyleDefault.Bold(true) }
func styleReverse() tcell.Style { return tcell.StyleDefault.Reverse(true) }
func styleField() tcell.Style   { return tcell.StyleDefault.Underline(true) }
func styleProblem() tcell.Style { return tcell.StyleDefault.Foreground(accent).Bold(true) }

// useTerminalColors makes tview draw with the terminal's default foreground and
// background, so the UI is readable on dark and light terminals. tview keeps its
// theme in a package variable read when widgets are made; the UI sets it before
// making any.
func useTerminalColors() {
	d := tcell.ColorDefault
	tview.Styles = tview.Theme{
		PrimitiveBackgroundColor:    d,
		ContrastBackgroundColor:     d,
		MoreContrastBackgroundColor: d,
		BorderColor:                 d,
		TitleColor:                  accent,
		GraphicsColor:               d,
		PrimaryTextColor:            d,
		SecondaryTextColor:          d,
		TertiaryTextColor:           accent,
		InverseTextColor:            d,
		ContrastSecondaryTextColor:  accent,
	}
}
