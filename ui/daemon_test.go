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

	"github.com/analogpbx/pbx/hal"
	"github.com/analogpbx/pbx/hal/haltest"
	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/api"
	"github.com/analogpbx/pbx/pbx/store"
)

// memStore keeps the configuration and call records in memory, for a daemon in a test.
type memStore struct {
	mu   sync.Mutex
	cfg  *pbx.Config
	cdrs []pbx.CDR
	ver  int64
}

func (m *memStore) AddCDR(_ context.Context, c *pbx.CDR) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c.ID = int64(len(m.cdrs) + 1)
	m.cdrs = append(m.cdrs, *c)
	return c.ID, nil
}

func (m *memStore) CDRs(_ context.Context, f store.Filter) ([]pbx.CDR, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := slices.Clone(m.cdrs)
	slices.Reverse(out)
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

func (m *memStore) SaveConfig(_ context.Context, c *pbx.Config) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cfg = c
	m.ver++
	return m.ver, nil
}

func (m *memStore) Config(context.Context) (*pbx.Config, int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.cfg, m.ver, nil
}

// fakeSim drives the fake ports as the simulated board's phones and lines would.
type fakeSim struct {
	eng *pbx.Engine
	fxs []*haltest.FXS
	fxo []*haltest.FXO
	mu  sync.Mutex
	log []string
}

func (s *fakeSim) Do(action string, phone, line int, arg string) (err error) {
	s.mu.Lock()
	s.log = append(s.log, fmt.Sprintf("%s phone=%d line=%d arg=%s", action, phone, line, arg))
	s.mu.Unlock()
	s.eng.Locked(func() {
		if phone > 0 {
			if phone > len(s.fxs) {
				err = fmt.Errorf("no phone %d", phone)
				return
			}
			p := s.fxs[phone-1]
			switch action {
			case "offhook":
				p.Lift()
			case "onhook":
				p.Hang()
			case "flash":
				p.FlashHook()
			case "dial":
				for _, d := range []byte(arg) {
					p.Pulse(d)
				}
			default:
				err = fmt.Errorf("unknown phone action %q", action)
			}
			return
		}
		if line < 1 || line > len(s.fxo) {
			err = fmt.Errorf("no line %d", line)
			return
		}
		switch action {
		case "call":
			s.fxo[line-1].RingIn(true)
		case "answer", "hangup", "dial":
		default:
			err = fmt.Errorf("unknown line action %q", action)
		}
	})
	return err
}

func (s *fakeSim) actions() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.log)
}

// testDaemon is a real engine and control API on fake ports: 4 FXS and 2 FXO.
type testDaemon struct {
	c     *api.Client
	eng   *pbx.Engine
	store *memStore
	sim   *fakeSim
}

// startDaemon starts a daemon whose configuration is the factory one changed by edit.
func startDaemon(t *testing.T, withSim bool, edit func(*pbx.Config)) *testDaemon {
	t.Helper()
	kinds := []hal.Kind{hal.KindFXS, hal.KindFXS, hal.KindFXS, hal.KindFXS, hal.KindFXO, hal.KindFXO}
	var ports []hal.Port
	sim := &fakeSim{}
	for i, k := range kinds {
		name := fmt.Sprintf("port%d", i+1)
		if k == hal.KindFXS {
			p := haltest.NewFXS(name, i)
			sim.fxs = append(sim.fxs, p)
			ports = append(ports, p)
		} else {
			p := haltest.NewFXO(name, i)
			sim.fxo = append(sim.fxo, p)
			ports = append(ports, p)
		}
	}
	cfg := pbx.Default(kinds)
	cfg.System.Company = "Acme Trading"
	if edit != nil {
		edit(cfg)
	}
	st := &memStore{cfg: cfg}
	eng, err := pbx.New(pbx.Opts{Ports: ports, PCM: haltest.NewPCM(len(ports)), Config: cfg, Rec: recorderFunc(func(c pbx.CDR) { st.AddCDR(context.Background(), &c) })})
	if err != nil {
		t.Fatal(err)
	}
	sim.eng = eng
	sock := filepath.Join(t.TempDir(), "pbxd.sock")
	l, err := api.Listen(sock)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	srv := &api.Server{Eng: eng, Store: st}
	if withSim {
		srv.Sim = sim
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); srv.Serve(ctx, l) }()
	go func() { defer wg.Done(); eng.Run(ctx, false) }()
	t.Cleanup(func() { cancel(); wg.Wait() })
	return &testDaemon{c: api.NewClient(sock), eng: eng, store: st, sim: sim}
}

type recorderFunc func(pbx.CDR)

func (f recorderFunc) Record(c pbx.CDR) { f(c) }

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
	return screenText(u.scr)
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
