package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/api"
)

const (
	// pollEvery is how often the dashboard asks the daemon for the port states
	// (at least twice a second); events from the daemon refresh it sooner.
	pollEvery = 400 * time.Millisecond
	// requestTimeout bounds one request to the daemon made from a key press.
	requestTimeout = 5 * time.Second
	// retryEvery is the wait before the event stream is opened again after it broke.
	retryEvery = 2 * time.Second
)

// Indexes of the screens in App.screens, in tab order (key 1 is index 0).
const (
	screenDashboard = iota
	screenLines
	screenExtensions
	screenGroups
	screenIVR
	screenHours
	screenPrompts
	screenSystem
	screenRecords
	screenTestbench
)

// screen is one tab of the UI. All methods run on the UI goroutine.
type screen interface {
	// title is the tab's name, a word or two.
	title() string
	// page is what the screen draws between the tab bar and the message line.
	page() tview.Primitive
	// focus is the widget that takes the keys when the screen is shown.
	focus() tview.Primitive
	// help is the key help bar's text for the screen.
	help() string
	// refresh redraws the screen from the App's configuration and status.
	refresh()
}

// App is the terminal UI attached to one daemon. Make it with NewApp and start it
// with Run; everything else happens on tview's event goroutine.
type App struct {
	c  *api.Client
	tv *tview.Application

	header, tabs, msg, keys *tview.TextView
	pages                   *tview.Pages

	screens []screen
	names   []string // page names, one per screen
	cur     int      // index of the screen shown
	form    *editForm
	modal   bool // a confirmation is open

	cfg     *pbx.Config       // last configuration read from the daemon; nil until loaded
	st      *api.Status       // last status; nil until the first answer
	queues  []pbx.QueueStatus // callers waiting in group queues, from the last poll
	stErr   error             // why the last status request failed
	noSim   bool              // the daemon is not on the simulated board
	skipped bool              // the first-boot wizard was skipped
	loading bool              // a configuration request is under way
	kick    chan struct{}     // asks the status poller for an early refresh
}

// NewApp builds the UI for the daemon behind c on scr. A nil scr means the
// process's terminal, opened when Run starts; tests pass a tcell.SimulationScreen.
func NewApp(c *api.Client, scr tcell.Screen) *App {
	useTerminalColors()
	a := &App{c: c, tv: tview.NewApplication(), kick: make(chan struct{}, 1)}
	if scr != nil {
		a.tv.SetScreen(scr)
	}
	a.tv.EnableMouse(true)

	a.header = tview.NewTextView().SetDynamicColors(true).SetWrap(false)
	a.tabs = tview.NewTextView().SetDynamicColors(true).SetRegions(true).SetWrap(false)
	a.msg = tview.NewTextView().SetDynamicColors(true).SetWrap(false)
	a.keys = tview.NewTextView().SetDynamicColors(true).SetWrap(false)
	a.pages = tview.NewPages()

	a.screens = []screen{
		newDashboard(a),
		newLines(a),
		newExtensions(a),
		newGroups(a),
		newIVR(a),
		newHours(a),
		newPrompts(a),
		newSystem(a),
		newRecords(a),
		newTestbench(a),
	}
	for i, s := range a.screens {
		name := "screen" + strconv.Itoa(i)
		a.names = append(a.names, name)
		a.pages.AddPage(name, s.page(), true, i == 0)
	}
	a.tabs.SetHighlightedFunc(func(added, _, _ []string) {
		if len(added) == 1 && a.form == nil && !a.modal {
			if i, err := strconv.Atoi(added[0]); err == nil {
				a.show(i)
			}
		}
	})

	root := tview.NewFlex().SetDirection(tview.FlexRow).
		AddItem(a.header, 1, 0, false).
		AddItem(a.tabs, 1, 0, false).
		AddItem(a.pages, 0, 1, true).
		AddItem(a.msg, 1, 0, false).
		AddItem(a.keys, 1, 0, false)
	a.tv.SetRoot(root, true).SetInputCapture(a.globalKeys)
	a.drawHeader()
	a.show(0)
	return a
}

// Run shows the UI until the user quits (q, F10, Ctrl-C) or ctx ends. The daemon
// keeps running either way.
func (a *App) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		<-ctx.Done()
		a.tv.QueueUpdate(a.tv.Stop)
	}()
	go a.poll(ctx)
	go a.follow(ctx)
	if err := a.tv.Run(); err != nil {
		return fmt.Errorf("ui: %w", err)
	}
	return nil
}

// Run runs the terminal UI for the daemon behind c in the process's terminal until
// the user quits or ctx ends. It writes nothing outside the screen.
func Run(ctx context.Context, c *api.Client) error {
	return NewApp(c, nil).Run(ctx)
}

// globalKeys handles the keys that work on every screen.
func (a *App) globalKeys(ev *tcell.EventKey) *tcell.EventKey {
	switch ev.Key() {
	case tcell.KeyF10, tcell.KeyCtrlC:
		a.tv.Stop()
		return nil
	case tcell.KeyRune:
	default:
		return ev
	}
	if a.form != nil || a.modal || a.typing() {
		return ev
	}
	switch r := ev.Rune(); {
	case r == 'q':
		a.tv.Stop()
		return nil
	case r >= '0' && r <= '9':
		i := int(r - '1')
		if r == '0' {
			i = screenTestbench
		}
		if i < len(a.screens) {
			a.say("")
			a.show(i)
		}
		return nil
	}
	return ev
}

// typing reports whether a text field has the keys, so letters and digits are text.
func (a *App) typing() bool {
	switch w := a.tv.GetFocus().(type) {
	case *tview.InputField, *tview.TextArea:
		return true
	case *fieldItem:
		_, text := w.FormItem.(*tview.InputField)
		return text
	}
	return false
}

// show brings screen i to the front.
func (a *App) show(i int) {
	if i == screenTestbench && a.noSim {
		a.problem("the testbench needs the simulated board; this daemon drives a real card")
		return
	}
	a.cur = i
	a.pages.SwitchToPage(a.names[i])
	a.screens[i].refresh()
	a.tv.SetFocus(a.screens[i].focus())
	a.drawTabs()
	a.setHelp(a.screens[i].help())
}

// drawTabs writes the tab bar with the current screen reversed.
func (a *App) drawTabs() {
	var b strings.Builder
	for i, s := range a.screens {
		if i == screenTestbench && a.noSim {
			continue
		}
		key := strconv.Itoa((i + 1) % 10)
		if i == a.cur {
			fmt.Fprintf(&b, `["%d"][::r]%s %s[::-][""] `, i, key, s.title())
		} else {
			fmt.Fprintf(&b, `["%d"][%s]%s[-] %s[""] `, i, accentTag, key, s.title())
		}
	}
	a.tabs.SetText(b.String())
}

// accentTag is the accent color in tview's style tags.
const accentTag = "teal"

// drawHeader writes the company, zone and port summary line.
func (a *App) drawHeader() {
	company, zone, lang := "(company not set)", "?", ""
	if a.cfg != nil {
		if a.cfg.System.Company != "" {
			company = a.cfg.System.Company
		}
		zone, lang = a.cfg.System.Zone, a.cfg.System.Language
	} else if a.st != nil {
		zone = a.st.Zone
		if a.st.Company != "" {
			company = a.st.Company
		}
	}
	state := "connecting"
	if a.stErr != nil {
		state = "[" + accentTag + "::b]daemon unreachable[-::-]"
	} else if a.st != nil {
		fxs, fxo := 0, 0
		for _, p := range a.st.Ports {
			switch p.Type {
			case "fxs":
				fxs++
			case "fxo":
				fxo++
			}
		}
		state = fmt.Sprintf("%d FXS %d FXO", fxs, fxo)
		if !a.noSim {
			state += " (sim)"
		}
	}
	a.header.SetText(fmt.Sprintf("[%s::b]PBX[-::-] %s  [%s]zone[-] %s %s  %s",
		accentTag, tview.Escape(company), accentTag, zone, lang, state))
}

// setHelp writes the key help bar.
func (a *App) setHelp(text string) {
	a.keys.SetText("[::r] " + text + " [::-]")
}

// say shows a message on the message line.
func (a *App) say(text string) {
	a.msg.SetText(tview.Escape(text))
}

// problem shows an error on the message line, marked with the accent.
func (a *App) problem(text string) {
	text = strings.ReplaceAll(text, "\n", "; ")
	a.msg.SetText("[" + accentTag + "::b]! " + tview.Escape(text) + "[-::-]")
}

// request runs fn with a context bounded by requestTimeout; for calls made from keys.
func (a *App) request(fn func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	return fn(ctx)
}
