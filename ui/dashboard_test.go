package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/api"
)

func TestDashboardShowsPortsAndFollowsState(t *testing.T) {
	d := startDaemon(t, true, nil)
	u := startUI(t, d.c)
	s := u.waitFor("PORT", "TYPE", "NUMBER", "STATE", "ALARMS", "Acme Trading", "zone us", "801", "804", "line 1", "line 4")
	for _, want := range []string{"FXS", "FXO", "4 FXS 4 FXO", "q quit"} {
		if !strings.Contains(s, want) {
			t.Errorf("dashboard lacks %q:\n%s", want, s)
		}
	}
	// Lift handset 1: its state leaves idle within two polls.
	start := time.Now()
	if err := d.sim.Do("offhook", 1, 0, ""); err != nil {
		t.Fatal(err)
	}
	u.waitFor("dialing")
	if el := time.Since(start); el > 2*pollEvery+200*time.Millisecond {
		t.Errorf("dashboard took %v to show an off-hook, want at most two polls (%v)", el, 2*pollEvery)
	}
}

func TestDashboardShowsFaultyPort(t *testing.T) {
	d := startDaemon(t, true, nil)
	u := startUI(t, d.c)
	u.waitFor("801")
	var err error
	d.eng.Locked(func() { err = d.board.Fault(3, "vbat-low") }) // between frames
	if err != nil {
		t.Fatal(err)
	}
	s := u.waitFor("VBAT")
	if row := lineWith(s, "803"); !strings.Contains(row, "faulty") || !strings.Contains(row, "VBAT") {
		t.Errorf("port 3's row does not show its fault: %q\n%s", row, s)
	}
	if calls := s[strings.Index(s, " Calls ─"):]; strings.Contains(calls, "803") {
		t.Errorf("a faulty port is listed as a call:\n%s", s)
	}
}

func TestQuitKeys(t *testing.T) {
	for _, tc := range []struct {
		name string
		key  tcell.Key
		r    rune
	}{
		{"q", tcell.KeyRune, 'q'},
		{"F10", tcell.KeyF10, 0},
		{"Ctrl-C", tcell.KeyCtrlC, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := startDaemon(t, true, nil)
			scr := tcell.NewSimulationScreen("UTF-8")
			app := NewApp(d.c, scr)
			done := make(chan error, 1)
			go func() { done <- app.Run(t.Context()) }()
			time.Sleep(50 * time.Millisecond)
			scr.InjectKey(tc.key, tc.r, tcell.ModNone)
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("ui did not quit")
			}
		})
	}
}

func TestDashboardEnterEditsThePort(t *testing.T) {
	for _, tc := range []struct {
		name  string
		down  int
		title string
	}{
		{"extension on port 2", 1, "Extension 802"},
		{"line on port 5", 4, "Line 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := startDaemon(t, true, nil)
			u := startUI(t, d.c)
			u.waitFor("804", "line 4")
			u.keys(tcell.KeyDown, tc.down)
			u.key(tcell.KeyEnter)
			u.waitFor(tc.title, "Ctrl-S save")
			u.key(tcell.KeyEscape)
			u.waitFor("not saved", "a add")
		})
	}
}

func TestTabsTakeMouseClicks(t *testing.T) {
	d := startDaemon(t, true, nil)
	u := startUI(t, d.c)
	s := u.waitFor("804")
	tabs := strings.Split(s, "\n")[1]
	x := len([]rune(tabs[:strings.Index(tabs, "4 Groups")])) + 2
	u.scr.InjectMouse(x, 1, tcell.Button1, tcell.ModNone)
	u.scr.InjectMouse(x, 1, tcell.ButtonNone, tcell.ModNone)
	u.waitFor("STRATEGY", "ringall")
}

func TestNoDaemon(t *testing.T) {
	u := startUI(t, api.NewClient(filepath.Join(t.TempDir(), "none.sock")))
	u.waitFor("daemon unreachable", "cannot reach pbxd")
	u.typeText("3")
	u.waitFor("loading the configuration")
}

func TestHelpBarsFit80Columns(t *testing.T) {
	a := NewApp(api.NewClient(filepath.Join(t.TempDir(), "none.sock")), tcell.NewSimulationScreen("UTF-8"))
	for _, s := range a.screens {
		t.Run(s.title(), func(t *testing.T) {
			if n := len([]rune(s.help())) + 2; n > 80 {
				t.Errorf("help bar is %d columns: %q", n, s.help())
			}
		})
	}
}

func TestDashboardShowsQueuedCallers(t *testing.T) {
	d := startDaemon(t, true, func(c *pbx.Config) {
		c.Groups = append(c.Groups, pbx.Group{Number: "700", Name: "sales", Strategy: "ringall",
			Members: []string{"802"}, Queue: true, QueueMaxWait: 5 * time.Minute})
	})
	u := startUI(t, d.c)
	u.waitFor("801")
	if err := d.sim.Do("offhook", 2, 0, ""); err != nil { // the only member is busy
		t.Fatal(err)
	}
	u.waitFor("dialing")
	for _, a := range []struct{ act, arg string }{{"offhook", ""}, {"dial", "700"}} {
		if err := d.sim.Do(a.act, 1, 0, a.arg); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond)
	}
	s := u.waitFor("queue 700", "#1")
	if row := lineWith(s, "queue 700"); !strings.Contains(row, "801") || !strings.Contains(row, "waiting") {
		t.Errorf("queue row = %q, want caller 801 and its wait", row)
	}
}
