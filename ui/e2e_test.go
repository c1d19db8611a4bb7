package ui

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"github.com/analogpbx/pbx/pbx/api"
)

// realDaemon is `pbxd -board sim` running from binaries built by the test, with
// its database and control socket in dir; it is stopped when the test ends.
type realDaemon struct {
	dir, sock, pbx string
}

// buildBinaries builds bin/pbxd and bin/pbx into a temporary directory.
func buildBinaries(t *testing.T) (bin string) {
	t.Helper()
	bin = t.TempDir()
	build := exec.Command("go", "build", "-o", bin+string(filepath.Separator), "./cmd/pbxd", "./cmd/pbx")
	build.Dir = moduleRoot(t)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/pbxd ./cmd/pbx: %v\n%s", err, out)
	}
	return bin
}

// startRealDaemon starts bin/pbxd on the simulated board with a fresh database.
func startRealDaemon(t *testing.T, bin string) *realDaemon {
	t.Helper()
	dir, root := t.TempDir(), moduleRoot(t)
	d := &realDaemon{dir: dir, sock: filepath.Join(dir, "pbxd.sock"), pbx: filepath.Join(bin, "pbx")}
	var logs bytes.Buffer
	cmd := exec.Command(filepath.Join(bin, "pbxd"), "-board", "sim", "-db", filepath.Join(dir, "pbx.db"), "-ctl", d.sock,
		"-prompts", filepath.Join(root, "prompts"))
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-exited
			t.Errorf("pbxd did not stop on SIGTERM; log:\n%s", logs.String())
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := api.NewClient(d.sock).Status(context.Background()); err == nil {
			// A company name, so the first-boot wizard stays away.
			f := filepath.Join(dir, "company.conf")
			if err := os.WriteFile(f, []byte("[system]\ncompany = Acme Trading\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			d.run(t, "config", "import", f)
			return d
		}
		select {
		case err := <-exited:
			t.Fatalf("pbxd exited: %v\n%s", err, logs.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("pbxd did not answer on %s; log:\n%s", d.sock, logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// run runs `pbx -ctl SOCK args...` and returns its standard output.
func (d *realDaemon) run(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command(d.pbx, append([]string{"-ctl", d.sock}, args...)...).Output()
	if err != nil {
		t.Fatalf("pbx %s: %v", strings.Join(args, " "), err)
	}
	return string(out)
}

// moduleRoot is the directory holding go.mod.
func moduleRoot(t *testing.T) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(filepath.Dir(file))
}

// checkEdited checks that extension 804 became 854 "Front desk", forwarding to 801
// on busy, in `pbx status` and `pbx config export`.
func checkEdited(t *testing.T, d *realDaemon) {
	t.Helper()
	status := d.run(t, "status")
	if row := lineWith(status, "854"); !strings.HasPrefix(strings.TrimSpace(row), "4 ") {
		t.Errorf("pbx status does not show 854 on port 4:\n%s", status)
	}
	if strings.Contains(status, "804") {
		t.Errorf("pbx status still shows 804:\n%s", status)
	}
	export := d.run(t, "config", "export")
	sec := export[strings.Index(export, "[extension 854]"):]
	sec = sec[:strings.Index(sec+"\n\n", "\n\n")]
	for _, want := range []string{"port = 4", "name = Front desk", "forward_busy = 801"} {
		if !strings.Contains(sec, want) {
			t.Errorf("pbx config export: [extension 854] lacks %q:\n%s", want, sec)
		}
	}
	if strings.Contains(export, "[extension 804]") || !strings.Contains(export, "members = 801,802,803,854") {
		t.Errorf("pbx config export: 804 is still there or group 600 did not follow:\n%s", export)
	}
}

// TestEndToEnd builds pbxd and pbx, starts the daemon on the simulated board and
// changes an extension through the UI (its number, name and forwarding), then reads
// the change back with `pbx status` and `pbx config export`: once with `pbx ui` in a
// real terminal (tmux), once with the UI on tcell's simulation screen over the
// daemon's control socket.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test: builds and starts the daemon")
	}
	bin := buildBinaries(t)
	t.Run("pbx ui in tmux", func(t *testing.T) { endToEndTmux(t, startRealDaemon(t, bin)) })
	t.Run("simulation screen", func(t *testing.T) { endToEndSimulationScreen(t, startRealDaemon(t, bin)) })
}

// endToEndTmux drives `pbx ui` in tmux against d.
func endToEndTmux(t *testing.T, d *realDaemon) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (apt-get install -y tmux); the simulation-screen run covers the same path")
	}
	sock := filepath.Join(d.dir, "tmux.sock")
	tmux := func(args ...string) string {
		out, err := exec.Command("tmux", append([]string{"-S", sock}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	tmux("new-session", "-d", "-s", "ui", "-x", "80", "-y", "24", "env", "TERM=xterm-256color", d.pbx, "-ctl", d.sock, "ui")
	t.Cleanup(func() { exec.Command("tmux", "-S", sock, "kill-server").Run() })
	screen := func() string { return tmux("capture-pane", "-p", "-t", "ui") }
	waitFor := func(want ...string) string {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			s := screen()
			ok := true
			for _, w := range want {
				ok = ok && strings.Contains(s, w)
			}
			if ok {
				return s
			}
			if time.Now().After(deadline) {
				t.Fatalf("the terminal never showed %q; it shows:\n%s", want, s)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	keys := func(k ...string) { tmux(append([]string{"send-keys", "-t", "ui"}, k...)...) }

	waitFor("PORT", "804", "line 4")
	keys("3")
	waitFor("NUMBER", "NO ANSWER")
	keys("Down", "Down", "Down", "Enter")
	waitFor("Extension 804")
	keys("C-u")
	keys("-l", "854")
	keys("Tab", "Tab", "C-u")
	keys("-l", "Front desk")
	keys("Tab", "Tab")
	keys("-l", "801")
	keys("C-s")
	s := waitFor("saved extension 854")
	if row := lineWith(s, "854"); !strings.Contains(row, "Front desk") || !strings.Contains(row, "801") {
		t.Errorf("the list does not show the saved row: %q\n%s", row, s)
	}
	checkEdited(t, d)

	keys("q")
	deadline := time.Now().Add(5 * time.Second)
	for exec.Command("tmux", "-S", sock, "has-session", "-t", "ui").Run() == nil {
		if time.Now().After(deadline) {
			t.Fatalf("pbx ui did not quit on q:\n%s", screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(d.run(t, "status"), "854") {
		t.Error("pbxd stopped with the UI")
	}
}

// endToEndSimulationScreen makes the same change through tcell's simulation
// screen over d's control socket.
func endToEndSimulationScreen(t *testing.T, d *realDaemon) {
	u := startUI(t, api.NewClient(d.sock))
	u.waitFor("PORT", "804")
	u.typeText("3")
	u.waitFor("NO ANSWER")
	u.keys(tcell.KeyDown, 3)
	u.key(tcell.KeyEnter)
	u.waitFor("Extension 804")
	u.set("Number", "854")
	u.set("Name", "Front desk")
	u.set("Forward on busy", "801")
	u.key(tcell.KeyCtrlS)
	u.waitFor("saved extension 854", "Front desk")
	checkEdited(t, d)
}
