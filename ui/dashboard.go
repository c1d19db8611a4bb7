package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"github.com/analogpbx/pbx/pbx"
)

// dashboard is the live view: every port with its state and alarms, and the calls
// in progress. The table is rewritten in place on each status answer; tcell sends
// only the cells that changed, so it does not flicker.
type dashboard struct {
	a     *App
	root  *tview.Flex
	ports *tview.Table
	calls *tview.TextView
}

// dashboardCols are the port table's columns.
var dashboardCols = []string{"PORT", "TYPE", "NUMBER", "NAME", "STATE", "ALARMS", "WITH"}

func newDashboard(a *App) *dashboard {
	d := &dashboard{a: a}
	d.ports = tview.NewTable().SetFixed(1, 0).SetSelectable(true, false).
		SetSelectedStyle(styleReverse())
	d.ports.SetBorder(true).SetTitle(" Ports ")
	d.calls = tview.NewTextView().SetDynamicColors(true).SetWrap(false)
	d.calls.SetBorder(true).SetTitle(" Calls ")
	d.root = tview.NewFlex().SetDirection(tview.FlexRow).
		AddItem(d.ports, 0, 3, true).
		AddItem(d.calls, 0, 1, false)
	d.ports.SetSelectedFunc(func(row, _ int) { d.edit(row) })
	d.setHeader()
	return d
}

// edit opens the form of the extension or line on the port in table row row.
func (d *dashboard) edit(row int) {
	st, cfg := d.a.st, d.a.cfg
	if st == nil || cfg == nil || row < 1 || row > len(st.Ports) {
		return
	}
	port := st.Ports[row-1].Port
	for _, e := range cfg.Extensions {
		if e.Port == port {
			d.a.show(screenExtensions)
			extensionForm(d.a, d.a.screens[screenExtensions].(*listScreen), e.Number).open()
			return
		}
	}
	for _, t := range cfg.Trunks {
		if t.Port == port {
			d.a.show(screenLines)
			lineForm(d.a, d.a.screens[screenLines].(*listScreen), strconv.Itoa(t.Line)).open()
			return
		}
	}
	d.a.problem("port " + strconv.Itoa(port) + " has no extension or line configured")
}

func (d *dashboard) title() string          { return "Ports" }
func (d *dashboard) page() tview.Primitive  { return d.root }
func (d *dashboard) focus() tview.Primitive { return d.ports }
func (d *dashboard) help() string {
	return "1-0 screens  ↑↓ select  Enter edit port's line/extension  q quit"
}

func (d *dashboard) setHeader() {
	for i, h := range dashboardCols {
		d.ports.SetCell(0, i, tview.NewTableCell(h).SetStyle(styleBold()).SetSelectable(false).SetExpansion(expansion(h)))
	}
}

// expansion gives the free width to the name and the peer columns.
func expansion(col string) int {
	if col == "NAME" || col == "WITH" {
		return 1
	}
	return 0
}

// maxWidth keeps a long alarm from pushing the peer off an 80-column screen; the
// whole text is on the port's row in `pbx status`.
func maxWidth(col string) int {
	if col == "ALARMS" {
		return 30
	}
	return 0
}

func (d *dashboard) refresh() { d.statusChanged() }

// statusChanged rewrites the table from the App's last status.
func (d *dashboard) statusChanged() {
	st := d.a.st
	if st == nil {
		return
	}
	for r, p := range st.Ports {
		cells := portRow(p, d.a.cfg)
		for c, text := range cells {
			style := tcell.StyleDefault
			if c == 5 && text != "-" {
				style = styleProblem()
			}
			if c == 4 && p.State != "idle" && p.State != "" {
				style = styleAccent()
			}
			cell := d.ports.GetCell(r+1, c)
			if cell.Text != text || cell.Style != style || cell.Expansion != expansion(dashboardCols[c]) {
				d.ports.SetCell(r+1, c, tview.NewTableCell(text).SetStyle(style).
					SetExpansion(expansion(dashboardCols[c])).SetMaxWidth(maxWidth(dashboardCols[c])))
			}
		}
	}
	for r := d.ports.GetRowCount() - 1; r > len(st.Ports); r-- {
		d.ports.RemoveRow(r)
	}
	d.calls.SetText(callsText(st.Ports, d.a.cfg) + queuesText(d.a.queues))
}

// queuesText lists the callers waiting in group queues with their waits, or nothing.
func queuesText(qs []pbx.QueueStatus) string {
	var b strings.Builder
	for _, q := range qs {
		for _, w := range q.Callers {
			fmt.Fprintf(&b, "\n queue %s  #%d  %s (port %d)  waiting %s", q.Group, w.Position, orDash(w.From), w.Port, w.Waited.Round(time.Second))
		}
	}
	return b.String()
}

// portRow is one port's cells in dashboardCols order.
func portRow(p pbx.PortStatus, cfg *pbx.Config) []string {
	alarm := p.Alarm
	if p.Faulty && alarm == "" {
		alarm = "faulty"
	}
	return []string{
		strconv.Itoa(p.Port),
		strings.ToUpper(p.Type),
		orDash(p.Number),
		orDash(portName(cfg, p.Port)),
		orDash(p.State),
		orDash(alarm),
		orDash(p.Peer),
	}
}

// portName is the configured name of the extension or line on a physical port.
func portName(cfg *pbx.Config, port int) string {
	if cfg == nil {
		return ""
	}
	for _, e := range cfg.Extensions {
		if e.Port == port {
			return e.Name
		}
	}
	for _, t := range cfg.Trunks {
		if t.Port == port {
			return t.Name
		}
	}
	return ""
}

// callsText lists the calls in progress: each pair of connected ports once, then
// ports busy without a peer (dialing, ringing).
func callsText(ports []pbx.PortStatus, cfg *pbx.Config) string {
	var b strings.Builder
	seen := map[string]bool{}
	n := 0
	for _, p := range ports {
		if p.State == "" || p.State == "idle" || p.State == "faulty" || p.Faulty {
			continue
		}
		me := p.Number
		if me == "" {
			me = "port " + strconv.Itoa(p.Port)
		}
		if p.Peer != "" {
			if seen[p.Peer+"|"+me] {
				continue
			}
			seen[me+"|"+p.Peer] = true
			fmt.Fprintf(&b, " %-10s ↔ %-14s %s\n", me, p.Peer, p.State)
		} else {
			fmt.Fprintf(&b, " %-10s   %-14s %s\n", me, "", p.State)
		}
		n++
	}
	if n == 0 {
		return " no calls"
	}
	return strings.TrimRight(b.String(), "\n")
}

// orDash shows an empty value as "-".
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
