package ui

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"github.com/analogpbx/pbx/pbx/api"
)

// testbench drives the simulated board's phones and exchange lines: lift and hang
// up handsets, dial, flash; ring a line from a number, answer it, hang it up.
type testbench struct {
	a      *App
	root   *tview.Flex
	table  *tview.Table
	input  *tview.InputField
	log    *tview.TextView
	rows   []benchRow
	action string // what the input's text is for: "dial" or "call"
	target benchRow
	lines  []string
}

// benchRow is one simulated phone (FXS index) or exchange line (FXO index).
type benchRow struct {
	phone, line int
	port        int
}

func (r benchRow) String() string {
	if r.phone > 0 {
		return "phone " + strconv.Itoa(r.phone)
	}
	return "line " + strconv.Itoa(r.line)
}

func newTestbench(a *App) screen {
	b := &testbench{a: a}
	b.table = tview.NewTable().SetFixed(1, 0).SetSelectable(true, false).SetSelectedStyle(styleReverse())
	b.table.SetBorder(true).SetTitle(" Simulated phones and exchange lines ")
	b.table.SetInputCapture(b.keys)
	b.input = tview.NewInputField().SetFieldWidth(24).SetFieldStyle(styleField())
	b.input.SetDoneFunc(b.inputDone)
	b.log = tview.NewTextView().SetWrap(false).SetDynamicColors(true)
	b.log.SetBorder(true).SetTitle(" What was done ")
	b.root = tview.NewFlex().SetDirection(tview.FlexRow).
		AddItem(b.table, 0, 2, true).
		AddItem(b.input, 1, 0, false).
		AddItem(b.log, 6, 0, false)
	return b
}

func (b *testbench) title() string          { return "Sim" }
func (b *testbench) page() tview.Primitive  { return b.root }
func (b *testbench) focus() tview.Primitive { return b.table }
func (b *testbench) help() string {
	return "phone o lift h hang up d dial f flash · line c ring a answer h hang up d dial"
}

func (b *testbench) refresh() { b.statusChanged() }

// statusChanged lists the phones and lines with their port states.
func (b *testbench) statusChanged() {
	st := b.a.st
	if st == nil {
		return
	}
	row, _ := b.table.GetSelection()
	b.table.Clear()
	for c, h := range []string{"DEVICE", "PORT", "NUMBER", "STATE", "WITH"} {
		b.table.SetCell(0, c, tview.NewTableCell(h).SetStyle(styleBold()).SetSelectable(false).SetExpansion(1))
	}
	b.rows = b.rows[:0]
	fxs, fxo := 0, 0
	for _, p := range st.Ports {
		var r benchRow
		switch p.Type {
		case "fxs":
			fxs++
			r = benchRow{phone: fxs, port: p.Port}
		case "fxo":
			fxo++
			r = benchRow{line: fxo, port: p.Port}
		default:
			continue
		}
		b.rows = append(b.rows, r)
		i := len(b.rows)
		for c, text := range []string{r.String(), strconv.Itoa(p.Port), orDash(p.Number), orDash(p.State), orDash(p.Peer)} {
			b.table.SetCell(i, c, tview.NewTableCell(text).SetExpansion(1))
		}
	}
	if len(b.rows) > 0 {
		b.table.Select(min(max(row, 1), len(b.rows)), 0)
	}
}

// selected is the selected phone or line.
func (b *testbench) selected() (benchRow, bool) {
	row, _ := b.table.GetSelection()
	if row < 1 || row > len(b.rows) {
		return benchRow{}, false
	}
	return b.rows[row-1], true
}

// keys maps the panel's letters to actions on the selected phone or line.
func (b *testbench) keys(ev *tcell.EventKey) *tcell.EventKey {
	if ev.Key() != tcell.KeyRune {
		return ev
	}
	r, ok := b.selected()
	if !ok {
		return ev
	}
	k := ev.Rune()
	switch {
	case r.phone > 0 && k == 'o':
		b.do(r, "offhook", "")
	case r.phone > 0 && k == 'h':
		b.do(r, "onhook", "")
	case r.phone > 0 && k == 'f':
		b.do(r, "flash", "")
	case r.line > 0 && k == 'a':
		b.do(r, "answer", "")
	case r.line > 0 && k == 'h':
		b.do(r, "hangup", "")
	case k == 'd':
		b.ask(r, "dial", "Digits to dial on "+r.String()+": ")
	case r.line > 0 && k == 'c':
		b.ask(r, "call", "Caller number ringing "+r.String()+": ")
	default:
		return ev
	}
	return nil
}

// ask takes the digits or the caller number for action on r in the input line.
func (b *testbench) ask(r benchRow, action, label string) {
	b.action, b.target = action, r
	b.input.SetLabel(label).SetText("")
	b.a.tv.SetFocus(b.input)
	b.a.setHelp("type the number  Enter send  Esc cancel")
}

func (b *testbench) inputDone(key tcell.Key) {
	text := strings.TrimSpace(b.input.GetText())
	b.input.SetLabel("").SetText("")
	b.a.tv.SetFocus(b.table)
	b.a.setHelp(b.help())
	if key != tcell.KeyEnter || b.action == "" {
		return
	}
	if err := checkDial(text); err != nil || text == "" {
		b.a.problem("not sent: digits, * and # only")
		return
	}
	b.do(b.target, b.action, text)
	b.action = ""
}

// do runs one action on the simulated board and logs it.
func (b *testbench) do(r benchRow, action, arg string) {
	err := b.a.request(func(ctx context.Context) error {
		return b.a.c.Sim(ctx, api.SimAction{Action: action, Phone: r.phone, Line: r.line, Arg: arg})
	})
	what := r.String() + ": " + action
	if arg != "" {
		what += " " + arg
	}
	if err != nil {
		if notSim(err) {
			b.a.noSim = true
			b.a.show(0)
			b.a.problem("this daemon is not on the simulated board; the testbench is hidden")
			return
		}
		what += "  [" + accentTag + "::b]failed: " + tview.Escape(err.Error()) + "[-::-]"
	}
	b.lines = append(b.lines, what)
	if len(b.lines) > 4 {
		b.lines = b.lines[len(b.lines)-4:]
	}
	b.log.SetText(strings.Join(b.lines, "\n"))
	select {
	case b.a.kick <- struct{}{}:
	default:
	}
}

// notSim reports whether err is the daemon's 404 for a board that is not simulated.
func notSim(err error) bool {
	var he *api.HTTPError
	if errors.As(err, &he) {
		return he.Code == http.StatusNotFound
	}
	return strings.Contains(err.Error(), "simulated board")
}
