package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	simboard "github.com/analogpbx/pbx/board/sim"
	"github.com/analogpbx/pbx/dsp/prompt"
	"github.com/analogpbx/pbx/dsp/tone"
	"github.com/analogpbx/pbx/hal"
	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/api"
	"github.com/analogpbx/pbx/pbx/store/sqlite"
)

// simControl drives the simulated board's phones and lines between frames, as
// pbxd's does.
type simControl struct {
	eng *pbx.Engine
	sim *simboard.Sim
	mu  sync.Mutex
	log []string
}

func (s *simControl) Do(action string, phone, line int, arg string) (err error) {
	s.mu.Lock()
	s.log = append(s.log, fmt.Sprintf("%s phone=%d line=%d arg=%s", action, phone, line, arg))
	s.mu.Unlock()
	s.eng.Locked(func() { err = s.sim.Do(action, phone, line, arg) })
	return err
}

func (s *simControl) actions() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.log)
}

// testDaemon is pbxd in-process: the simulated board (4 FXS, 4 FXO), a SQLite
// database in a temporary directory, the call core and the control API on a unix
// socket, wired as cmd/pbxd wires them.
type testDaemon struct {
	c     *api.Client
	eng   *pbx.Engine
	db    *sqlite.DB
	board *simboard.Sim
	sim   *simControl
}

// startDaemon starts a daemon whose configuration is the factory one with the
// company "Acme Trading", then changed by edit (nil: unchanged). withSim gives it
// the simulated board's controls, as pbxd has on the simulated board.
func startDaemon(t *testing.T, withSim bool, edit func(*pbx.Config)) *testDaemon {
	t.Helper()
	dir := t.TempDir()
	z, err := tone.Lookup("us")
	if err != nil {
		t.Fatal(err)
	}
	b, sb, err := simboard.Open("", z)
	if err != nil {
		t.Fatal(err)
	}
	kinds := make([]hal.Kind, len(b.Ports))
	for i, p := range b.Ports {
		kinds[i] = p.Kind()
	}
	db, err := sqlite.Open(filepath.Join(dir, "pbx.db"), sqlite.Opts{Kinds: kinds})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cfg, _, err := db.Config(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cfg.System.Company = "Acme Trading"
	if edit != nil {
		edit(cfg)
	}
	if _, err := db.SaveConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	rec := pbx.NewAsyncRecorder(db, nil)
	prompts, err := pbx.LoadPrompts(filepath.Join(moduleRoot(t), "prompts"), prompt.Load)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := pbx.New(pbx.Opts{Ports: b.Ports, PCM: b.PCM, Law: b.Law, Config: cfg, Rec: rec, DataDir: dir, Prompts: prompts})
	if err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "pbxd.sock")
	l, err := api.Listen(sock)
	if err != nil {
		t.Fatal(err)
	}
	sim := &simControl{eng: eng, sim: sb}
	srv := &api.Server{Eng: eng, Store: db, PromptDir: filepath.Join(dir, "prompts")}
	if withSim {
		srv.Sim = sim
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); srv.Serve(ctx, l) }()
	go func() { defer wg.Done(); eng.Run(ctx, b.RealTime) }()
	t.Cleanup(func() {
		cancel()
		wg.Wait()
		rec.Close()
		db.Close()
		b.Halt()
	})
	return &testDaemon{c: api.NewClient(sock), eng: eng, db: db, board: sb, sim: sim}
}

// ui is a running App on an 80×24 simulation screen.
type testUI struct {
	t   *testing.T
	app *App
	scr tcell.SimulationScreen
}

// startUI runs the UI for d's daemon on a simulation screen until the test ends.
func startUI(t *testing.T, c *api.Client) *testUI {
	t.Helper()
	scr := tcell.NewSimulationScreen("UTF-8")
	app := NewApp(c, scr)
	scr.SetSize(80, 24)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- app.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Error("ui did not stop when its context ended")
		}
	})
	return &testUI{t: t, app: app, scr: scr}
}

// text is the screen as lines of text; underlined blanks (empty fields) show as "_".
func (u *testUI) text() string {
	var s string
	u.onUI(func() { s = screenText(u.scr) }) // the UI goroutine draws: read between draws
	return s
}

func screenText(scr tcell.SimulationScreen) string {
	cells, w, h := scr.GetContents()
	var b strings.Builder
	for y := range h {
		var line strings.Builder
		for x := range w {
			c := cells[y*w+x]
			s := string(c.Runes)
			if s == "" {
				s = " "
			}
			if _, _, attr := c.Style.Decompose(); s == " " && attr&tcell.AttrUnderline != 0 {
				s = "_"
			}
			line.WriteString(s)
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
	return b.String()
}

// waitFor waits until the screen shows every one of want.
func (u *testUI) waitFor(want ...string) string {
	u.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		s := u.text()
		ok := true
		for _, w := range want {
			if !strings.Contains(s, w) {
				ok = false
				break
			}
		}
		if ok {
			return s
		}
		if time.Now().After(deadline) {
			u.t.Fatalf("screen never showed %q; it shows:\n%s", want, s)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitGone waits until the screen no longer shows s.
func (u *testUI) waitGone(s string) {
	u.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for strings.Contains(u.text(), s) {
		if time.Now().After(deadline) {
			u.t.Fatalf("screen still shows %q:\n%s", s, u.text())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// typeText types s, one key per rune.
func (u *testUI) typeText(s string) {
	for _, r := range s {
		u.scr.InjectKey(tcell.KeyRune, r, tcell.ModNone)
	}
}

// key presses k (with mod, e.g. tcell.ModCtrl).
func (u *testUI) key(k tcell.Key) {
	u.scr.InjectKey(k, 0, tcell.ModNone)
}

// keys presses k n times.
func (u *testUI) keys(k tcell.Key, n int) {
	for range n {
		u.key(k)
	}
}

// onUI runs fn on the UI goroutine and waits for it.
func (u *testUI) onUI(fn func()) {
	done := make(chan struct{})
	u.app.tv.QueueUpdate(func() { fn(); close(done) })
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		u.t.Fatal("the UI goroutine did not answer")
	}
}

// goTo moves the open form's focus to the field labelled label, one Tab at a time.
func (u *testUI) goTo(label string) {
	u.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		cur, want := -2, -1
		u.onUI(func() {
			if f := u.app.form; f != nil {
				cur, _ = f.form.GetFocusedItemIndex()
				for i, ff := range f.fields {
					if ff.label == label {
						want = i
					}
				}
			}
		})
		switch {
		case cur == want:
			return
		case time.Now().After(deadline):
			u.t.Fatalf("cannot reach field %q (focus %d, field %d); screen:\n%s", label, cur, want, u.text())
		case want < 0 || cur == -2:
			time.Sleep(10 * time.Millisecond)
			continue
		case cur < want:
			u.key(tcell.KeyTab)
		default:
			u.key(tcell.KeyBacktab)
		}
		for i := 0; i < 100; i++ {
			moved := false
			u.onUI(func() {
				if f := u.app.form; f != nil {
					now, _ := f.form.GetFocusedItemIndex()
					moved = now != cur
				}
			})
			if moved {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
}

// set replaces the text of the form field labelled label.
func (u *testUI) set(label, text string) {
	u.t.Helper()
	u.goTo(label)
	u.key(tcell.KeyCtrlU)
	u.typeText(text)
}

// toggle flips the checkbox labelled label.
func (u *testUI) toggle(label string) {
	u.t.Helper()
	u.goTo(label)
	u.typeText(" ")
}
