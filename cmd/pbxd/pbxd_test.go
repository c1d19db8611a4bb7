package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/analogpbx/pbx/pbx/api"
)

// build compiles pbxd and pbx into dir once per test binary.
func build(t *testing.T, dir string) {
	t.Helper()
	cmd := exec.Command("go", "build", "-o", dir+"/", "../../cmd/pbxd", "../../cmd/pbx")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
}

// start runs pbxd on the simulated board and waits for its control socket.
func start(t *testing.T, bin, dir string) *exec.Cmd {
	t.Helper()
	d := exec.Command(filepath.Join(bin, "pbxd"), "-board", "sim", "-db", filepath.Join(dir, "pbx.db"),
		"-ctl", filepath.Join(dir, "pbxd.sock"), "-prompts", "../../prompts")
	d.Stderr = os.Stderr
	if err := d.Start(); err != nil {
		t.Fatal(err)
	}
	c := api.NewClient(filepath.Join(dir, "pbxd.sock"))
	for range 100 {
		if _, err := c.Status(context.Background()); err == nil {
			return d
		}
		time.Sleep(50 * time.Millisecond)
	}
	d.Process.Kill()
	t.Fatal("pbxd did not come up")
	return nil
}

func pbxCmd(t *testing.T, bin, dir string, args ...string) (string, error) {
	t.Helper()
	a := append([]string{"-ctl", filepath.Join(dir, "pbxd.sock")}, args...)
	out, err := exec.Command(filepath.Join(bin, "pbx"), a...).CombinedOutput()
	return string(out), err
}

// TestDaemon runs the real binaries: status lists every port, a second daemon on the same
// database or socket is refused, a bad configuration is refused with its line, a call
// placed through the simulated board leaves a call record, and a daemon killed with -9
// leaves a socket the next one takes over.
func TestDaemon(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binaries")
	}
	bin, dir := t.TempDir(), t.TempDir()
	build(t, bin)
	d := start(t, bin, dir)
	defer d.Process.Kill()

	out, err := pbxCmd(t, bin, dir, "status")
	if err != nil {
		t.Fatalf("pbx status: %v\n%s", err, out)
	}
	for _, want := range []string{"801", "804", "line 1", "line 4", "fxs", "fxo", "idle"} {
		if !strings.Contains(out, want) {
			t.Errorf("pbx status lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "\n"); n != 9 {
		t.Errorf("pbx status has %d lines, want a header and 8 ports:\n%s", n, out)
	}

	// A second daemon: same socket, then same database.
	second := exec.Command(filepath.Join(bin, "pbxd"), "-board", "sim", "-db", filepath.Join(dir, "pbx.db"), "-ctl", filepath.Join(dir, "other.sock"))
	if b, err := second.CombinedOutput(); err == nil || !strings.Contains(string(b), "in use by another pbxd") {
		t.Errorf("second pbxd on the same database: %v %s", err, b)
	}
	second = exec.Command(filepath.Join(bin, "pbxd"), "-board", "sim", "-db", filepath.Join(dir, "other.db"), "-ctl", filepath.Join(dir, "pbxd.sock"))
	if b, err := second.CombinedOutput(); err == nil || !strings.Contains(string(b), "in use by a running pbxd") {
		t.Errorf("second pbxd on the same socket: %v %s", err, b)
	}
	if b, err := exec.Command(filepath.Join(bin, "pbxd"), "-board", "nonesuch").CombinedOutput(); err == nil || !strings.Contains(string(b), "known boards: auto, sim") {
		t.Errorf("unknown board: %v %s", err, b)
	}

	// Bad configuration: refused with file and line; nothing changes.
	before, _ := pbxCmd(t, bin, dir, "config", "export")
	bad := filepath.Join(dir, "bad.conf")
	os.WriteFile(bad, []byte("[extension 801]\nname = Front desk\nforward_busy = 899\n"), 0o600)
	if out, err := pbxCmd(t, bin, dir, "config", "import", bad); err == nil || !strings.Contains(out, "bad.conf:3") {
		t.Errorf("bad config accepted or without its line: %v %s", err, out)
	}
	if after, _ := pbxCmd(t, bin, dir, "config", "export"); after != before {
		t.Error("a refused import changed the configuration")
	}
	good := filepath.Join(dir, "good.conf")
	os.WriteFile(good, []byte("[extension 801]\nname = Front desk\n"), 0o600)
	if out, err := pbxCmd(t, bin, dir, "config", "import", good); err != nil {
		t.Fatalf("good config refused: %v %s", err, out)
	}
	if after, _ := pbxCmd(t, bin, dir, "config", "export"); !strings.Contains(after, "name = Front desk") {
		t.Error("imported name not in the export")
	}

	// A call through the simulated board: 801 calls 802, who is not there; 801 gives up.
	c := api.NewClient(filepath.Join(dir, "pbxd.sock"))
	ctx := context.Background()
	for _, a := range []api.SimAction{{Action: "offhook", Phone: 1}, {Action: "dial", Phone: 1, Arg: "802"}} {
		if err := c.Sim(ctx, a); err != nil {
			t.Fatal(err)
		}
		time.Sleep(800 * time.Millisecond)
	}
	ringing := false
	for range 40 {
		s, _ := c.Status(ctx)
		if s != nil && s.Ports[1].State == "ringing" {
			ringing = true
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !ringing {
		t.Fatal("802 never rang")
	}
	c.Sim(ctx, api.SimAction{Action: "onhook", Phone: 1})
	var csv string
	for range 40 {
		csv, _ = pbxCmd(t, bin, dir, "cdr", "--csv")
		if strings.Contains(csv, "noanswer") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.HasPrefix(csv, "id,start,answer,end,duration,billsec,from,to,line,port,route,agent,disposition,rating,recording\n") ||
		!strings.Contains(csv, ",801,802,") || !strings.Contains(csv, "noanswer") {
		t.Errorf("pbx cdr --csv:\n%s", csv)
	}

	// Prompts: a corrupt file is refused with the reason; a real recording replaces the
	// greeting and shows as custom.
	junk := filepath.Join(dir, "junk.wav")
	os.WriteFile(junk, []byte("RIFF\x10\x00\x00\x00WAVEjunk"), 0o600)
	if out, err := pbxCmd(t, bin, dir, "prompt", "import", "welcome", junk); err == nil || !strings.Contains(out, "welcome") {
		t.Errorf("corrupt prompt accepted or without the reason: %v %s", err, out)
	}
	if out, err := pbxCmd(t, bin, dir, "prompt", "import", "welcome", "../../prompts/en/thanks.wav"); err != nil {
		t.Errorf("good prompt refused: %v %s", err, out)
	}
	if out, _ := pbxCmd(t, bin, dir, "prompt", "list"); !strings.Contains(out, "welcome") || !strings.Contains(out, "custom") {
		t.Errorf("prompt list:\n%s", out)
	}

	// kill -9 leaves the socket behind; the next daemon takes it over, and the record stays.
	d.Process.Signal(syscall.SIGKILL)
	d.Wait()
	if _, err := os.Stat(filepath.Join(dir, "pbxd.sock")); err != nil {
		t.Fatalf("socket gone after kill -9: %v", err)
	}
	d = start(t, bin, dir)
	defer d.Process.Kill()
	if csv2, _ := pbxCmd(t, bin, dir, "cdr", "--csv"); !strings.Contains(csv2, "noanswer") {
		t.Errorf("call record lost across kill -9:\n%s", csv2)
	}
	d.Process.Signal(syscall.SIGTERM)
	d.Wait()
}
